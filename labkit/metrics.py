"""Reference metrics, NumPy only. Used by the trusted grader (practicum/grading/kinds/model.py, scorers.py) and
by learners in the labs, so both compute the same number from the same predictions.

Formats: class ids are integer arrays [N]; scores float [N]; detections [K,7] (image, class, score,
x1, y1, x2, y2) against ground truth [M,6] (image, class, x1, y1, x2, y2); masks int [N,H,W]; BIO
tag ids [N,T] with -1 as padding in the gold array.
"""

from __future__ import annotations

import numpy as np


def _ints(a) -> np.ndarray:
    return np.asarray(a).astype(np.int64).ravel()


def accuracy(y_true, y_pred) -> float:
    y_true, y_pred = _ints(y_true), _ints(y_pred)
    return float(np.mean(y_true == y_pred)) if y_true.size else 0.0


def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """Rows are true classes, columns predicted ones."""
    y_true, y_pred = _ints(y_true), _ints(y_pred)
    n = num_classes or int(max(y_true.max(initial=-1), y_pred.max(initial=-1)) + 1)
    keep = (y_true >= 0) & (y_true < n) & (y_pred >= 0) & (y_pred < n)
    cm = np.zeros((n, n), dtype=np.int64)
    np.add.at(cm, (y_true[keep], y_pred[keep]), 1)
    return cm


def precision(y_true, y_pred, positive: int = 1) -> float:
    y_true, y_pred = _ints(y_true), _ints(y_pred)
    predicted = y_pred == positive
    return float(np.sum(predicted & (y_true == positive)) / predicted.sum()) if predicted.any() else 0.0


def recall(y_true, y_pred, positive: int = 1) -> float:
    y_true, y_pred = _ints(y_true), _ints(y_pred)
    actual = y_true == positive
    return float(np.sum(actual & (y_pred == positive)) / actual.sum()) if actual.any() else 0.0


def per_class_f1(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    cm = confusion_matrix(y_true, y_pred, num_classes).astype(float)
    tp = np.diag(cm)
    denom = cm.sum(0) + cm.sum(1)  # 2tp + fp + fn
    return np.divide(2 * tp, denom, out=np.zeros_like(tp), where=denom > 0)


def macro_f1(y_true, y_pred, num_classes: int | None = None) -> float:
    """Mean F1 over the classes that occur in the truth or the predictions."""
    cm = confusion_matrix(y_true, y_pred, num_classes)
    present = (cm.sum(0) + cm.sum(1)) > 0
    return float(per_class_f1(y_true, y_pred, cm.shape[0])[present].mean()) if present.any() else 0.0


def roc_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(false positive rates, true positive rates, thresholds), from the highest threshold down;
    tied scores form one step."""
    y = _ints(y_true) == 1
    s = np.asarray(scores, dtype=float).ravel()
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    last_of_tie = np.r_[np.nonzero(np.diff(s))[0], s.size - 1]
    tps = np.cumsum(y)[last_of_tie]
    fps = (last_of_tie + 1) - tps
    pos, neg = max(int(y.sum()), 1), max(int((~y).sum()), 1)
    return (np.r_[0.0, fps / neg], np.r_[0.0, tps / pos], np.r_[np.inf, s[last_of_tie]])


def auc(y_true, scores) -> float:
    """Area under the ROC curve (trapezoids: ties count half)."""
    y = _ints(y_true)
    if y.min(initial=0) == y.max(initial=0):
        return 0.0  # undefined with a single class
    fpr, tpr, _ = roc_curve(y_true, scores)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))


def pr_curve(y_true, scores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, thresholds), from the highest threshold down."""
    y = _ints(y_true) == 1
    s = np.asarray(scores, dtype=float).ravel()
    order = np.argsort(-s, kind="mergesort")
    s, y = s[order], y[order]
    last_of_tie = np.r_[np.nonzero(np.diff(s))[0], s.size - 1]
    tps = np.cumsum(y)[last_of_tie]
    predicted = last_of_tie + 1
    return tps / predicted, tps / max(int(y.sum()), 1), s[last_of_tie]


def box_iou(a, b) -> np.ndarray:
    """IoU matrix [len(a), len(b)] of boxes given as x1, y1, x2, y2 (continuous coordinates)."""
    a = np.asarray(a, dtype=float).reshape(-1, 4)
    b = np.asarray(b, dtype=float).reshape(-1, 4)
    x1 = np.maximum(a[:, None, 0], b[None, :, 0])
    y1 = np.maximum(a[:, None, 1], b[None, :, 1])
    x2 = np.minimum(a[:, None, 2], b[None, :, 2])
    y2 = np.minimum(a[:, None, 3], b[None, :, 3])
    inter = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    area_a = np.clip(a[:, 2] - a[:, 0], 0, None) * np.clip(a[:, 3] - a[:, 1], 0, None)
    area_b = np.clip(b[:, 2] - b[:, 0], 0, None) * np.clip(b[:, 3] - b[:, 1], 0, None)
    union = area_a[:, None] + area_b[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def average_precision(detections, ground_truth, cls: int, iou: float = 0.5) -> float:
    """VOC-style AP of one class: all-point interpolated area under the precision-recall curve;
    detections matched greedily by score, each ground-truth box at most once."""
    det = np.asarray(detections, dtype=float).reshape(-1, 7)
    gt = np.asarray(ground_truth, dtype=float).reshape(-1, 6)
    det = det[det[:, 1] == cls]
    gt = gt[gt[:, 1] == cls]
    if len(gt) == 0:
        return float("nan")
    det = det[np.argsort(-det[:, 2], kind="mergesort")]
    used = np.zeros(len(gt), dtype=bool)
    tp = np.zeros(len(det))
    for i, d in enumerate(det):
        same = np.nonzero(gt[:, 0] == d[0])[0]
        if same.size == 0:
            continue
        ious = box_iou(d[3:7], gt[same, 2:6])[0]
        j = int(np.argmax(ious))
        if ious[j] >= iou and not used[same[j]]:
            used[same[j]] = True
            tp[i] = 1
    if len(det) == 0:
        return 0.0
    ctp = np.cumsum(tp)
    rec = ctp / len(gt)
    prec = ctp / np.arange(1, len(det) + 1)
    mrec = np.r_[0.0, rec, 1.0]
    mpre = np.r_[0.0, prec, 0.0]
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    steps = np.nonzero(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1]))


def map50(detections, ground_truth, iou: float = 0.5, classes=None) -> float:
    """Mean AP at IoU 0.5 over the classes present in the ground truth."""
    gt = np.asarray(ground_truth, dtype=float).reshape(-1, 6)
    classes = sorted({int(c) for c in gt[:, 1]}) if classes is None else list(classes)
    aps = [average_precision(detections, gt, c, iou) for c in classes]
    aps = [a for a in aps if not np.isnan(a)]
    return float(np.mean(aps)) if aps else 0.0


def miou(y_true, y_pred, num_classes: int) -> float:
    """Mean IoU over classes present in the truth or the prediction (background included)."""
    cm = confusion_matrix(np.asarray(y_true).ravel(), np.asarray(y_pred).ravel(), num_classes).astype(float)
    inter = np.diag(cm)
    union = cm.sum(0) + cm.sum(1) - inter
    present = union > 0
    return float(np.mean(inter[present] / union[present])) if present.any() else 0.0


def bio_spans(tags, names) -> set[tuple[int, int, str]]:
    """Entity spans (start, end exclusive, type) of one BIO tag-id sequence; -1 ends the sequence.
    An I- without a matching B- starts a span (the lenient, conlleval way)."""
    seq = [int(t) for t in tags]
    if -1 in seq:
        seq = seq[:seq.index(-1)]
    spans, start, kind = set(), None, None
    for i, t in enumerate(seq + [0]):  # a final O closes the last span
        prefix, _, label = (names[t] if 0 <= t < len(names) else "O").partition("-")
        continues = prefix == "I" and kind == label and start is not None
        if start is not None and not continues:
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return spans


def slot_f1(gold, pred, tags) -> float:
    """Micro F1 of exact entity spans over all sequences; gold padding (-1) cuts the prediction."""
    gold = np.asarray(gold).astype(np.int64)
    pred = np.asarray(pred).astype(np.int64)
    tp = n_gold = n_pred = 0
    for g, p in zip(gold.reshape(len(gold), -1), pred.reshape(len(pred), -1)):
        length = int(np.sum(g >= 0)) if (g < 0).any() else len(g)
        gs, ps = bio_spans(g[:length], tags), bio_spans(p[:length], tags)
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    if tp == 0:
        return 0.0
    prec, rec = tp / n_pred, tp / n_gold
    return float(2 * prec * rec / (prec + rec))


def mae(y_true, y_pred) -> float:
    return float(np.mean(np.abs(np.asarray(y_true, float).ravel() - np.asarray(y_pred, float).ravel())))


def rmse(y_true, y_pred) -> float:
    return float(np.sqrt(np.mean((np.asarray(y_true, float).ravel() - np.asarray(y_pred, float).ravel()) ** 2)))


def edit_distance(a, b) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def cer(references: list[str], hypotheses: list[str]) -> float:
    """Character error rate: total edit distance over total reference length."""
    edits = sum(edit_distance(r, h) for r, h in zip(references, hypotheses))
    return edits / max(sum(len(r) for r in references), 1)
