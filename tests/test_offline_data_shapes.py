"""The shapes set (offline_data/shapes.py): byte-for-byte deterministic, boxes and masks agree,
classes balanced. The generator needs NumPy only, so it runs in the platform's venv."""

from __future__ import annotations

import json

import numpy as np
import pytest

import offline_data
from offline_data import shapes


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("shapes")
    return offline_data.build("shapes", root / "a"), offline_data.build("shapes", root / "b")


def load(root, split, name):
    folder = "test_labels" if split == "test" and name in ("boxes", "masks", "single_labels") else split
    return np.load(root / folder / f"{name}.npy", allow_pickle=False)


def test_same_seed_same_bytes(built):
    a, b = built
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert len(files) == 3 * 6
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_layout_and_types(built):
    root = built[0]
    assert sorted(p.name for p in (root / "test").iterdir()) == ["images.npy", "meta.json", "single_images.npy"]
    assert sorted(p.name for p in (root / "test_labels").iterdir()) == ["boxes.npy", "masks.npy", "single_labels.npy"]
    for split in ("train", "val", "test"):
        n, s = shapes.SCENES[split], shapes.SINGLES[split]
        images, masks, boxes = load(root, split, "images"), load(root, split, "masks"), load(root, split, "boxes")
        assert images.dtype == np.uint8 and images.shape == (n, 64, 64, 3)
        assert masks.dtype == np.uint8 and masks.shape == (n, 64, 64) and masks.max() == 3
        assert boxes.dtype == np.float32 and boxes.shape[1] == 6
        singles, labels = load(root, split, "single_images"), load(root, split, "single_labels")
        assert singles.dtype == np.uint8 and singles.shape == (s, 32, 32, 3)
        assert labels.dtype == np.int64 and labels.shape == (s,) and set(labels.tolist()) == {0, 1, 2}
        meta = json.loads((root / split / "meta.json").read_text())
        assert meta["classes"] == ["background", "circle", "square", "triangle"]
        assert meta["version"] == shapes.VERSION
    public = sum(p.stat().st_size for s in ("train", "val") for p in (root / s).iterdir())
    assert public < 20 * 2**20


def test_boxes_inside_and_consistent_with_masks(built):
    root = built[0]
    for split in ("train", "val", "test"):
        masks, boxes = load(root, split, "masks"), load(root, split, "boxes")
        idx = boxes[:, 0].astype(int)
        assert np.all(np.diff(idx) >= 0) and set(idx.tolist()) == set(range(len(masks)))
        assert np.all(np.bincount(idx) <= 4)
        assert np.all(boxes[:, 2:] == np.rint(boxes[:, 2:]))
        assert np.all((boxes[:, 2] >= 0) & (boxes[:, 3] >= 0) & (boxes[:, 4] <= 64) & (boxes[:, 5] <= 64))
        assert np.all((boxes[:, 4] - boxes[:, 2] >= 6) & (boxes[:, 5] - boxes[:, 3] >= 6))
        for i, mask in enumerate(masks):
            mine = boxes[idx == i]
            covered = np.zeros_like(mask, bool)
            for _, cls, x1, y1, x2, y2 in mine:
                x1, y1, x2, y2 = int(x1), int(y1), int(x2), int(y2)
                inside = mask[y1:y2, x1:x2]
                # the shape shows in its box: a shape fills at least ~40 % of its box and stays
                # 60 % visible; the floor fails for a box in the wrong place or of the wrong class
                assert (inside == cls).sum() >= 0.2 * (x2 - x1) * (y2 - y1), (split, i)
                # the box is tight where the shape is uncovered: its class touches the edges
                # unless a later shape covers that edge
                assert cls in inside[0] or cls in inside[-1] or cls in inside[:, 0] or cls in inside[:, -1]
                covered[y1:y2, x1:x2] = True
            # no labelled pixel lies outside every box of the image
            assert not np.any(mask[~covered]), (split, i)
            # every class in the mask has a box
            assert set(np.unique(mask).tolist()) - {0} <= set(mine[:, 1].astype(int).tolist())


def test_class_balance(built):
    root = built[0]
    for split in ("train", "val", "test"):
        counts = np.bincount(load(root, split, "boxes")[:, 1].astype(int), minlength=4)[1:]
        assert counts.min() >= 0.8 * counts.mean(), (split, counts)
        singles = np.bincount(load(root, split, "single_labels"), minlength=3)
        assert singles.max() - singles.min() <= 1, (split, singles)
        per_image = np.bincount(np.bincount(load(root, split, "boxes")[:, 0].astype(int)), minlength=5)[1:]
        assert per_image.min() >= 0.7 * per_image.mean(), (split, per_image)
        pixels = np.bincount(load(root, split, "masks").ravel(), minlength=4)
        assert pixels[1:].min() >= 0.6 * pixels[1:].mean(), (split, pixels)


def test_splits_differ(built):
    root = built[0]
    train, val, test = (load(root, s, "images")[:50] for s in ("train", "val", "test"))
    assert not np.array_equal(train, val) and not np.array_equal(val, test)
