"""Synthetic shapes for computer vision: 64×64 RGB scenes of 1–4 circles, squares and triangles on
textured, noisy backgrounds (detection and segmentation), plus 32×32 single-shape crops
(classification). Pure NumPy rasterisation, so every byte follows from SEED and VERSION.

Scene classes (boxes.npy, masks.npy): 0 = background, 1 = circle, 2 = square, 3 = triangle.
Single-shape labels (single_labels.npy): 0 = circle, 1 = square, 2 = triangle (scene class - 1).

    <split>/images.npy          uint8 [N, 64, 64, 3]   RGB scenes (NHWC, 0..255)
    <split>/boxes.npy           float32 [M, 6]         image index, class (1..3), x1, y1, x2, y2
    <split>/masks.npy           uint8 [N, 64, 64]      class per pixel (0..3)
    <split>/single_images.npy   uint8 [S, 32, 32, 3]   one shape per image, centred ± 3 px
    <split>/single_labels.npy   int64 [S]              0..2
    <split>/meta.json           classes, single_classes, sizes, version

For the hidden split, `test/` holds images.npy, single_images.npy and meta.json;
`test_labels/` holds boxes.npy, masks.npy and single_labels.npy.

Sizes: scenes train 600, val 150, test 400; single shapes train 1200, val 300, test 600
(public train + val about 17 MB).

Geometry: pixel (row r, column c) covers [c, c+1) × [r, r+1); a pixel belongs to a shape when its
centre (c + 0.5, r + 0.5) lies inside. A box is the tight box of the shape's pixels in pixel-edge
coordinates: x1 = first column, x2 = last column + 1 (so x2 - x1 is the width in pixels), same
for y. Boxes are amodal (the whole shape, also where a later shape covers it); every shape lies
wholly inside the image. Scene shapes have equal-area radius 4.5–9.5 px; a quarter of them may
overlap the earlier ones (each earlier shape stays at least 60 % visible in the mask), the others
keep at least 2 px of background from every other shape, so a connected component of foreground
is usually one shape. Single shapes have radius 7–10.5 px on a milder texture. Shapes are drawn in the
order of their boxes (boxes are sorted by image index, then drawing order): a later shape covers
an earlier one in the image and in the mask. Circles, squares (any rotation) and triangles
(equilateral, any rotation) of one size parameter have equal areas, so size is no class cue.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

VERSION = 2
SEED = 34064
CLASSES = ["background", "circle", "square", "triangle"]
SINGLE_CLASSES = ["circle", "square", "triangle"]
SCENES = {"train": 600, "val": 150, "test": 400}
SINGLES = {"train": 1200, "val": 300, "test": 600}
SCENE_SIZE = 64
SINGLE_SIZE = 32
MIN_VISIBLE = 0.6
SCENE_RADIUS = (4.5, 9.5)  # equal-area radius of a scene's shapes, pixels
OVERLAP = 0.25  # chance that a shape may overlap the earlier ones (else GAP pixels apart)
GAP = 2
SINGLE_RADIUS = (7.0, 10.5)  # equal-area radius of a single shape, pixels
SINGLE_TEXTURE = 0.5


def _upsample(grid: np.ndarray, size: int) -> np.ndarray:
    """Bilinear upsampling of a [C, g, g] grid to [C, size, size]."""
    g = grid.shape[-1]
    pos = (np.arange(size) + 0.5) * (g - 1) / size
    i0 = np.floor(pos).astype(int)
    i1 = np.minimum(i0 + 1, g - 1)
    w = pos - i0
    rows = grid[:, i0, :] * (1 - w)[None, :, None] + grid[:, i1, :] * w[None, :, None]
    return rows[:, :, i0] * (1 - w)[None, None, :] + rows[:, :, i1] * w[None, None, :]


def _background(rng: np.random.Generator, size: int, strength: float = 1.0) -> np.ndarray:
    """Float [size, size, 3]: a base colour, a smooth colour gradient, blotchy texture,
    sometimes stripes (texture amplitudes scaled by strength)."""
    base = rng.uniform(30, 225, size=3)
    yy, xx = np.mgrid[0:size, 0:size] / size - 0.5
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * xx + np.sin(angle) * yy
    img = base[None, None, :] + ramp[:, :, None] * rng.uniform(-50, 50, size=3)[None, None, :]
    blotch = _upsample(rng.normal(0, 1, size=(3, 6, 6)), size).transpose(1, 2, 0)
    img += blotch * rng.uniform(5, 25) * strength
    if rng.random() < 0.5:
        theta = rng.uniform(0, np.pi)
        period = rng.uniform(4, 12)
        stripes = np.sin(2 * np.pi * (np.cos(theta) * xx + np.sin(theta) * yy) * size / period)
        img += stripes[:, :, None] * rng.uniform(6, 20) * strength * rng.choice([-1, 1], size=3)[None, None, :]
    return img


def _shape_mask(cls: int, cx: float, cy: float, r: float, theta: float, size: int) -> np.ndarray:
    """Bool [size, size] pixels of a shape whose area is pi r^2 (cls 1 circle, 2 square, 3 triangle)."""
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    dx, dy = xx - cx, yy - cy
    if cls == 1:
        return dx * dx + dy * dy <= r * r
    u = np.cos(theta) * dx + np.sin(theta) * dy
    v = -np.sin(theta) * dx + np.cos(theta) * dy
    if cls == 2:
        half = r * np.sqrt(np.pi) / 2
        return (np.abs(u) <= half) & (np.abs(v) <= half)
    big_r = r * np.sqrt(4 * np.pi / (3 * np.sqrt(3)))  # circumradius of the equal-area triangle
    inside = np.ones((size, size), bool)
    for k in range(3):
        a = 2 * np.pi * k / 3
        inside &= np.cos(a) * u + np.sin(a) * v <= big_r / 2  # inradius = R / 2
    return inside


def _extent(cls: int, r: float) -> float:
    """Radius of a circle that holds the shape at any rotation."""
    return {1: r, 2: r * np.sqrt(np.pi / 2), 3: r * np.sqrt(4 * np.pi / (3 * np.sqrt(3)))}[cls]


def _dilate(mask: np.ndarray, steps: int) -> np.ndarray:
    """Binary dilation by `steps` pixels (8-neighbourhood)."""
    out = mask.copy()
    for _ in range(steps):
        grown = np.pad(out, 1)
        out = np.zeros_like(out)
        for dy in range(3):
            for dx in range(3):
                out |= grown[dy:dy + mask.shape[0], dx:dx + mask.shape[1]]
    return out


def _all_visible(layers: list[np.ndarray]) -> bool:
    """True when every layer keeps MIN_VISIBLE of its pixels under the layers drawn after it."""
    covered = np.zeros_like(layers[0])
    for own in reversed(layers):
        if (own & ~covered).sum() < MIN_VISIBLE * own.sum():
            return False
        covered |= own
    return True


def _colour(rng: np.random.Generator, avoid: np.ndarray) -> np.ndarray:
    """A shape colour clearly apart from the background's mean colour."""
    for _ in range(100):
        c = rng.uniform(0, 255, size=3)
        if np.abs(c - avoid).sum() >= 150:
            return c
    return 255.0 - avoid


def _finish(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    img = img + rng.normal(0, rng.uniform(4, 14), size=img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def _scene(rng: np.random.Generator, index: int):
    """One scene: image uint8 [64,64,3], mask uint8 [64,64], boxes list of (index, cls, x1, y1, x2, y2)."""
    size = SCENE_SIZE
    img = _background(rng, size)
    mean = img.reshape(-1, 3).mean(0)
    n = int(rng.integers(1, 5))
    shapes: list[tuple[int, np.ndarray]] = []
    for _ in range(n):
        cls = int(rng.integers(1, 4))
        may_overlap = rng.random() < OVERLAP
        taken = _dilate(np.any([p for _, p in shapes], axis=0), GAP) if shapes else None
        for _attempt in range(50):
            r = rng.uniform(*SCENE_RADIUS)
            ext = _extent(cls, r)
            cx = rng.uniform(ext + 0.5, size - ext - 0.5)
            cy = rng.uniform(ext + 0.5, size - ext - 0.5)
            pix = _shape_mask(cls, cx, cy, r, rng.uniform(0, 2 * np.pi), size)
            if may_overlap:  # every earlier shape keeps MIN_VISIBLE of its area under this one
                ok = _all_visible([p for _, p in shapes] + [pix])
            else:  # GAP pixels of background at least between this shape and the others
                ok = taken is None or not np.any(pix & taken)
            if ok:
                shapes.append((cls, pix))
                break
    mask = np.zeros((size, size), np.uint8)
    boxes = []
    for cls, pix in shapes:
        colour = _colour(rng, mean)
        shade = 1 + _upsample(rng.normal(0, 0.08, size=(1, 3, 3)), size)[0]
        img[pix] = (colour[None, :] * shade[pix][:, None])
        mask[pix] = cls
        rows, cols = np.nonzero(pix)
        boxes.append((index, cls, cols.min(), rows.min(), cols.max() + 1, rows.max() + 1))
    return _finish(img, rng), mask, boxes


def _single(rng: np.random.Generator, label: int) -> np.ndarray:
    """One 32×32 crop of shape `label` (0 circle, 1 square, 2 triangle)."""
    size = SINGLE_SIZE
    img = _background(rng, size, SINGLE_TEXTURE)
    cls = label + 1
    r = rng.uniform(*SINGLE_RADIUS)
    cx = size / 2 + rng.uniform(-3, 3)
    cy = size / 2 + rng.uniform(-3, 3)
    pix = _shape_mask(cls, cx, cy, r, rng.uniform(0, 2 * np.pi), size)
    colour = _colour(rng, img.reshape(-1, 3).mean(0))
    img[pix] = colour
    return _finish(img, rng)


def build(out: Path) -> None:
    meta = {
        "classes": CLASSES,
        "single_classes": SINGLE_CLASSES,
        "scene_size": SCENE_SIZE,
        "single_size": SINGLE_SIZE,
        "box_format": "image index, class, x1, y1, x2, y2 (pixel edges, x2/y2 exclusive)",
        "version": VERSION,
    }
    for k, split in enumerate(("train", "val", "test")):
        rng = np.random.default_rng([SEED, k])
        images, masks, boxes = [], [], []
        for i in range(SCENES[split]):
            img, mask, bx = _scene(rng, i)
            images.append(img)
            masks.append(mask)
            boxes.extend(bx)
        labels = np.arange(SINGLES[split]) % len(SINGLE_CLASSES)
        labels = rng.permutation(labels).astype(np.int64)
        singles = np.stack([_single(rng, int(y)) for y in labels])
        inputs = out / split
        answers = out / ("test_labels" if split == "test" else split)
        inputs.mkdir()
        answers.mkdir(exist_ok=True)
        np.save(inputs / "images.npy", np.stack(images))
        np.save(inputs / "single_images.npy", singles)
        np.save(answers / "boxes.npy", np.asarray(boxes, np.float32).reshape(-1, 6))
        np.save(answers / "masks.npy", np.stack(masks))
        np.save(answers / "single_labels.npy", labels)
        (inputs / "meta.json").write_text(
            json.dumps({**meta, "scenes": SCENES[split], "singles": SINGLES[split]}, indent=1)
        )
