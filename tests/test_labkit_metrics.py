"""labkit.metrics, the numbers both the grader and learners compute: classification metrics agree
with scikit-learn (run in the ml lab environment, which has it), detection, segmentation and slot
metrics with cases worked by hand."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from labkit import metrics as m
from practicum.core.settings import PROJECT_ROOT

AGAINST_SKLEARN = r"""
import numpy as np
from sklearn import metrics as sk
from labkit import metrics as m
rng = np.random.default_rng(0)
for trial in range(20):
    y = rng.integers(0, 2, 300)
    s = np.round(rng.random(300) * 0.7 + y * 0.3, 2)  # ties on purpose
    p = (s > 0.5).astype(int)
    assert abs(m.auc(y, s) - sk.roc_auc_score(y, s)) < 1e-12
    assert abs(m.precision(y, p) - sk.precision_score(y, p, zero_division=0)) < 1e-12
    assert abs(m.recall(y, p) - sk.recall_score(y, p)) < 1e-12
    prec, rec, _ = m.pr_curve(y, s)
    p2, r2, _ = sk.precision_recall_curve(y, s)
    assert np.allclose(prec[::-1], p2[:-1]) and np.allclose(rec[::-1], r2[:-1])
    yc = rng.integers(0, 5, 200)
    pc = np.where(rng.random(200) < 0.7, yc, rng.integers(0, 5, 200))
    assert abs(m.macro_f1(yc, pc) - sk.f1_score(yc, pc, average="macro")) < 1e-12
    assert abs(m.accuracy(yc, pc) - sk.accuracy_score(yc, pc)) < 1e-12
    assert (m.confusion_matrix(yc, pc, 5) == sk.confusion_matrix(yc, pc, labels=range(5))).all()
print("agree")
"""


def test_classification_metrics_agree_with_scikit_learn():
    python = PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"
    done = subprocess.run([str(python), "-c", AGAINST_SKLEARN], capture_output=True, text=True,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.stdout.strip() == "agree", done.stderr[-2000:]


def test_box_iou_and_map50():
    assert m.box_iou([[0, 0, 10, 10]], [[5, 5, 15, 15], [0, 0, 10, 10], [20, 20, 30, 30]]).tolist() == \
        [[pytest.approx(25 / 175), 1.0, 0.0]]
    gt = np.array([[0, 1, 0, 0, 10, 10], [0, 2, 20, 20, 30, 30], [1, 1, 5, 5, 15, 15]])
    det = np.array([[0, 1, 0.9, 0, 0, 10, 10], [0, 2, 0.8, 21, 21, 30, 30],
                    [1, 1, 0.3, 5, 5, 15, 15], [1, 1, 0.95, 40, 40, 50, 50]])
    # class 1: a false alarm ranked first, then both boxes: AP = 2/3; class 2: IoU 0.81, AP = 1
    assert m.map50(det, gt) == pytest.approx((2 / 3 + 1) / 2)
    assert m.map50(det[:0], gt) == 0.0
    dup = np.vstack([det, [[0, 2, 0.7, 20, 20, 30, 30]]])  # a duplicate is a false positive after the match
    assert m.average_precision(dup, gt, 2) == 1.0


def test_miou_and_slot_f1():
    assert m.miou(np.array([[0, 1], [1, 2]]), np.array([[0, 1], [2, 2]]), 3) == pytest.approx((1 + 0.5 + 0.5) / 3)
    tags = ["O", "B-dev", "I-dev", "B-room", "I-room"]
    gold = np.array([[1, 2, 0, 3, 4, -1], [0, 1, 0, 0, -1, -1]])
    pred = np.array([[1, 2, 0, 3, 0, 0], [0, 1, 0, 0, 0, 1]])  # room cut short; a span in the padding
    assert m.bio_spans([1, 2, 0, 3, 4], tags) == {(0, 2, "dev"), (3, 5, "room")}
    assert m.slot_f1(gold, pred, tags) == pytest.approx(2 / 3)
    assert m.cer(["开灯", "abc"], ["开等", "abc"]) == pytest.approx(1 / 5)
