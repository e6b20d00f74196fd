"""labkit.vision draws what it is given: one rectangle per box of the chosen image, masks in the
palette's colours, red titles for wrong predictions, PR curves whose AP is labkit.metrics'.
Runs in the ml lab environment (matplotlib and labkit live there, not in the platform's venv)."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap

import pytest

from practicum.core.settings import PROJECT_ROOT

ML_PYTHON = PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"

SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    from matplotlib.patches import Rectangle
    from labkit import metrics, vision

    out = {}
    img = np.zeros((64, 64, 3), np.uint8)
    gt = np.array([[0, 1, 2, 2, 20, 20], [0, 3, 30, 30, 50, 60], [1, 2, 5, 5, 9, 9]], np.float32)
    det = np.array([[0, 1, 0.9, 3, 2, 21, 20], [0, 2, 0.2, 30, 30, 50, 60], [1, 2, 0.8, 5, 5, 9, 9]], np.float32)
    fig = vision.show_detections(img, det, gt, image_index=0)
    ax = fig.axes[0]
    out["rects"] = sum(isinstance(p, Rectangle) for p in ax.patches)
    out["labels"] = sorted(t.get_text() for t in ax.texts)
    fig = vision.show_detections(img, det, gt, image_index=0, min_score=0.5)
    out["rects_min_score"] = sum(isinstance(p, Rectangle) for p in fig.axes[0].patches)
    fig = vision.show_detections(np.zeros((3, 32, 32)), det[:, 1:], None)  # CHW float, 6-column rows
    out["rects_no_index"] = sum(isinstance(p, Rectangle) for p in fig.axes[0].patches)
    try:
        vision.show_detections(img, np.zeros((2, 4)))
        out["bad_rows"] = "accepted"
    except ValueError as exc:
        out["bad_rows"] = str(exc)
    mask = np.zeros((8, 8), np.uint8); mask[2:5, 2:5] = 3
    out["colours"] = vision.colorize(mask)[[0, 3], [0, 3]].tolist()
    fig = vision.show_masks(img[:8, :8], mask, np.zeros_like(mask))
    out["mask_panels"] = len([a for a in fig.axes if a.images])
    out["mask_title"] = fig.axes[2].get_title()
    fig = vision.image_grid(np.zeros((5, 8, 8, 3), np.uint8), [0, 1, 2, 0, 1], [0, 2, 2, 0, 0],
                            class_names=["circle", "square", "triangle"], cols=4)
    titled = [a for a in fig.axes if a.get_title()]
    out["grid_titles"] = [a.get_title() for a in titled]
    out["grid_red"] = [a.get_title() for a in titled if a.title.get_color() == "red"]
    rng = np.random.default_rng(0)
    many_gt = np.column_stack([rng.integers(0, 20, 60), rng.integers(1, 4, 60), rng.uniform(0, 30, (60, 2)),
                               rng.uniform(35, 64, (60, 2))]).astype(np.float32)
    many_det = np.column_stack([many_gt[:, :2], rng.random(60), many_gt[:, 2:] + rng.normal(0, 3, (60, 4))])
    fig = vision.detection_pr_curve(many_det, many_gt)
    out["pr_legend"] = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    out["pr_aps"] = [round(metrics.average_precision(many_det, many_gt, c), 3) for c in (1, 2, 3)]
    out["iou_title"] = vision.show_iou([0, 0, 2, 2], [1, 1, 3, 3]).axes[0].get_title()
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def drawn():
    if not ML_PYTHON.exists():
        pytest.skip("the ml lab environment is not set up (scripts/setup)")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "MPLBACKEND": "Agg"}
    res = subprocess.run([str(ML_PYTHON), "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_detections_drawn_for_the_chosen_image(drawn):
    assert drawn["rects"] == 4  # two predictions and two ground-truth boxes of image 0
    assert drawn["labels"] == ["circle 0.90", "square 0.20"]
    assert drawn["rects_min_score"] == 3
    assert drawn["rects_no_index"] == 3
    assert "rows of 7 or 6 numbers" in drawn["bad_rows"]


def test_masks_and_grid(drawn):
    assert drawn["colours"] == [[0, 0, 0], [77, 175, 74]]  # background black, class 3 green
    assert drawn["mask_panels"] == 3
    assert drawn["mask_title"].endswith("acc 0.859")  # 9 of 64 pixels wrong
    assert drawn["grid_titles"] == ["circle→circle", "square→triangle", "triangle→triangle", "circle→circle",
                                    "square→circle"]
    assert drawn["grid_red"] == ["square→triangle", "square→circle"]


def test_pr_curve_reports_the_metric_ap(drawn):
    assert [float(t.rsplit(" ", 1)[1]) for t in drawn["pr_legend"]] == drawn["pr_aps"]
    assert drawn["iou_title"] == "IoU = 0.143"
