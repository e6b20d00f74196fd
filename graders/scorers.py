"""Trusted evaluation against hidden labels: a check's value scored by a metric, with thresholds.

A hidden test reports raw predictions: check("digits", predict(X_hidden), scorer={"kind":
"accuracy", "labels": "digits_y.npy", "thresholds": [[0.95, 1.0], [0.9, 0.7], [0.8, 0.4]]}).
The scorer's settings are taken from the reference run (the author's), never from the candidate's;
the labels live in the exam's hidden/labels/ folder, which is never mounted in any sandbox. The
credit is the one of the highest threshold the metric reaches (0 below all of them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .compare import _array


def _values(encoded) -> np.ndarray | None:
    arr = _array(encoded)
    if arr is not None:
        return arr
    if isinstance(encoded, dict) and "$list" in encoded:
        flat = encoded["$list"]
        if all(type(v) in (int, float, bool) for v in flat):
            return np.array(flat)
    return None


def metric(kind: str, labels: np.ndarray, got: np.ndarray) -> float:
    if kind == "accuracy":
        return float(np.mean(got.astype(np.int64) == labels.astype(np.int64)))
    if kind == "mae":
        return float(np.mean(np.abs(got.astype(float) - labels.astype(float))))
    raise ValueError(f"unknown scorer {kind!r}")


def score(scorer: dict, encoded_value, labels_dir: Path) -> tuple[float, str]:
    """(credit in 0..1, explanation)."""
    got = _values(encoded_value)
    labels = np.load(labels_dir / scorer["labels"], allow_pickle=False)
    if got is None:
        return 0.0, "not an array of numbers"
    if got.shape != labels.shape:
        return 0.0, f"expected {labels.shape[0] if labels.ndim else 1} predictions of shape {labels.shape}, got {got.shape}"
    value = metric(scorer["kind"], labels, got)
    lower_is_better = scorer["kind"] in ("mae",)
    credit = 0.0
    for threshold, share in sorted(scorer["thresholds"], key=lambda t: -t[1]):
        if (value <= threshold) if lower_is_better else (value >= threshold):
            credit = float(share)
            break
    return credit, f"{scorer['kind']} {value:.4f} → {credit:.0%} of the points"
