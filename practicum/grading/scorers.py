"""Trusted evaluation against hidden labels: a check's value scored by a metric, with thresholds.

Kinds: accuracy, macro_f1, precision, recall, auc, miou and slot_f1 (with "params"), mae and rmse
(lower is better). A hidden test reports raw predictions: check("digits", predict(X_hidden), scorer={"kind":
"accuracy", "labels": "digits_y.npy", "thresholds": [[0.95, 1.0], [0.9, 0.7], [0.8, 0.4]]}).
The scorer's settings are taken from the reference run (the author's), never from the candidate's;
the labels live in the exam's hidden/labels/ folder, which is never mounted in any sandbox. The
credit is the one of the highest threshold the metric reaches (0 below all of them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from labkit import metrics
from practicum.grading.compare import _array


def _values(encoded) -> np.ndarray | None:
    arr = _array(encoded)
    if arr is not None:
        return arr
    if isinstance(encoded, dict) and "$list" in encoded:
        flat = encoded["$list"]
        if all(type(v) in (int, float, bool) for v in flat):
            return np.array(flat)
    return None


LOWER_IS_BETTER = {"mae", "rmse"}


def metric(kind: str, labels: np.ndarray, got: np.ndarray, params: dict | None = None) -> float:
    """The scorer's metric, computed by labkit.metrics (the same code model tasks use)."""
    p = params or {}
    if kind == "accuracy":
        return metrics.accuracy(labels, got)
    if kind == "macro_f1":
        return metrics.macro_f1(labels, got, p.get("num_classes"))
    if kind == "precision":
        return metrics.precision(labels, got, p.get("positive", 1))
    if kind == "recall":
        return metrics.recall(labels, got, p.get("positive", 1))
    if kind == "auc":
        return metrics.auc(labels, got)
    if kind == "map50":  # got: detections [K, 7]; labels: ground truth [M, 6]
        return metrics.map50(got, labels, p.get("iou", 0.5), p.get("classes"))
    if kind == "miou":
        return metrics.miou(labels, got, int(p["num_classes"]))
    if kind == "slot_f1":
        return metrics.slot_f1(labels, got, list(p["tags"]))
    if kind == "mae":
        return metrics.mae(labels, got)
    if kind == "rmse":
        return metrics.rmse(labels, got)
    raise ValueError(f"unknown scorer {kind!r}")


def score(scorer: dict, encoded_value, labels_dir: Path) -> tuple[float, str]:
    """(credit in 0..1, explanation)."""
    got = _values(encoded_value)
    labels = np.load(labels_dir / scorer["labels"], allow_pickle=False)
    if got is None:
        return 0.0, "not an array of numbers"
    if got.shape != labels.shape:
        return 0.0, f"expected {labels.shape[0] if labels.ndim else 1} predictions of shape {labels.shape}, got {got.shape}"
    try:
        value = metric(scorer["kind"], labels, got, scorer.get("params"))
    except (KeyError, ValueError, TypeError) as exc:
        return 0.0, f"cannot score: {type(exc).__name__}: {str(exc)[:200]}"
    credit = credit_for(scorer["kind"], value, scorer["thresholds"])
    return credit, f"{scorer['kind']} {value:.4f} → {credit:.0%} of the points"


def credit_for(kind: str, value: float, thresholds) -> float:
    """The share of the highest threshold the value reaches (at most it, for errors), else 0."""
    lower_is_better = kind in LOWER_IS_BETTER
    for threshold, share in sorted(thresholds, key=lambda t: -t[1]):
        if (value <= threshold) if lower_is_better else (value >= threshold):
            return float(share)
    return 0.0
