"""Pictures for the computer vision labs: detections and masks drawn on images, image grids with
labels and predictions, detection PR curves, two boxes and their IoU. Each function returns the matplotlib Figure (shown inline in JupyterLab;
Agg-safe in graders and scripts). End a notebook line with `;` to show the picture once.

Formats follow the offline shapes set and labkit.metrics:
    image        uint8 [H, W, 3] (0..255) or float [H, W, 3] in 0..1; CHW [3, H, W] is accepted too
    detections   [K, 7] image, class, score, x1, y1, x2, y2   or [K, 6] class, score, x1, y1, x2, y2
    ground truth [M, 6] image, class, x1, y1, x2, y2          or [M, 5] class, x1, y1, x2, y2
    mask         int [H, W], class per pixel (0 = background)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch, Rectangle

from . import metrics, plots  # noqa: F401 - plots sets the CJK font for Chinese labels

SHAPE_CLASSES = ["background", "circle", "square", "triangle"]
# background black, then one colour per class (tab10 order, readable on most images)
PALETTE = np.array([[0, 0, 0], [228, 26, 28], [55, 126, 184], [77, 175, 74], [152, 78, 163],
                    [255, 127, 0], [255, 255, 51], [166, 86, 40], [247, 129, 191], [153, 153, 153]],
                   dtype=np.uint8)


def as_rgb(image) -> np.ndarray:
    """An image as float [H, W, 3] in 0..1 (accepts uint8 or float, HWC or CHW, grey or RGB)."""
    img = np.asarray(image)
    if img.ndim == 3 and img.shape[0] in (1, 3) and img.shape[-1] not in (1, 3):
        img = img.transpose(1, 2, 0)
    if img.ndim == 3 and img.shape[-1] == 1:
        img = img[..., 0]
    if img.ndim == 2:
        img = np.stack([img] * 3, axis=-1)
    img = img.astype(np.float64)
    if img.max(initial=0) > 1.0:
        img = img / 255.0
    return np.clip(img, 0, 1)


def colorize(mask, num_classes: int | None = None) -> np.ndarray:
    """uint8 [H, W, 3] picture of a class mask, one colour per class (PALETTE)."""
    m = np.asarray(mask).astype(np.int64)
    return PALETTE[np.clip(m, 0, len(PALETTE) - 1)]


def _class_name(names, cls: int) -> str:
    return names[cls] if names is not None and 0 <= cls < len(names) else str(cls)


def _rows(boxes, image_index, with_score: bool) -> np.ndarray:
    """Rows as class, score, x1, y1, x2, y2 (score 1 for ground truth), for one image."""
    b = np.asarray(boxes if boxes is not None else np.zeros((0, 6)), dtype=float)
    b = b.reshape(-1, b.shape[-1]) if b.size else np.zeros((0, 7 if with_score else 6))
    full = 7 if with_score else 6
    if b.shape[1] == full:
        if image_index is not None:
            b = b[b[:, 0] == image_index]
        b = b[:, 1:]
    elif b.shape[1] != full - 1:
        kind = "detections" if with_score else "ground-truth boxes"
        raise ValueError(f"{kind}: rows of {full} or {full - 1} numbers expected, got {b.shape[1]}")
    if not with_score:
        b = np.concatenate([b[:, :1], np.ones((len(b), 1)), b[:, 1:]], axis=1)
    return b


def show_detections(image, boxes, gt=None, class_names=SHAPE_CLASSES, image_index: int | None = None,
                    min_score: float = 0.0, title: str | None = None, ax=None):
    """Draws predicted boxes (solid, labelled with class and score) and ground-truth boxes
    (dashed white) on one image. With [K, 7] / [M, 6] arrays holding several images, pass
    image_index to keep that image's rows. Detections scoring below min_score are left out."""
    img = as_rgb(image)
    pred = _rows(boxes, image_index, with_score=True)
    pred = pred[pred[:, 1] >= min_score]
    true = _rows(gt, image_index, with_score=False) if gt is not None else np.zeros((0, 6))
    if ax is None:
        fig, ax = plt.subplots(figsize=(4, 4))
    else:
        fig = ax.figure
    ax.imshow(img, interpolation="nearest", extent=(0, img.shape[1], img.shape[0], 0))
    for cls, _, x1, y1, x2, y2 in true:
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, fill=False, edgecolor="white",
                               linestyle="--", linewidth=1.2))
    for cls, score, x1, y1, x2, y2 in pred:
        colour = PALETTE[int(cls) % len(PALETTE)] / 255.0
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, fill=False, edgecolor=colour, linewidth=1.6))
        ax.text(x1, y1, f"{_class_name(class_names, int(cls))} {score:.2f}", fontsize=7, color="white",
                va="bottom", ha="left", bbox={"facecolor": colour, "edgecolor": "none", "pad": 1, "alpha": 0.8})
    ax.set_xlim(0, img.shape[1])
    ax.set_ylim(img.shape[0], 0)
    ax.set_xticks([])
    ax.set_yticks([])
    default = f"{len(pred)} 个检测 detections" + (f" · {len(true)} 个真值 ground truth (--)" if gt is not None else "")
    ax.set_title(title or default, fontsize=9)
    fig.tight_layout()
    return fig


def show_masks(image, mask, pred=None, class_names=SHAPE_CLASSES, title: str | None = None):
    """The image, its true class mask and (optionally) a predicted mask side by side, with the
    per-image pixel accuracy of the prediction and a colour legend of the classes."""
    panels = [("图像 image", as_rgb(image)), ("真值 mask", colorize(mask))]
    if pred is not None:
        acc = float(np.mean(np.asarray(pred).astype(np.int64) == np.asarray(mask).astype(np.int64)))
        panels.append((f"预测 prediction · acc {acc:.3f}", colorize(pred)))
    fig, axes = plt.subplots(1, len(panels), figsize=(2.6 * len(panels), 2.9))
    for ax, (name, picture) in zip(np.atleast_1d(axes), panels):
        ax.imshow(picture, interpolation="nearest")
        ax.set_title(name, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    present = sorted(set(np.unique(np.asarray(mask)).tolist())
                     | (set(np.unique(np.asarray(pred)).tolist()) if pred is not None else set()))
    handles = [Patch(color=PALETTE[c % len(PALETTE)] / 255.0, label=_class_name(class_names, c)) for c in present]
    fig.legend(handles=handles, loc="lower center", ncol=max(len(handles), 1), fontsize=8, frameon=False)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def image_grid(images, labels=None, preds=None, class_names=None, cols: int = 8, max_images: int = 32,
               title: str | None = None):
    """A grid of images titled with their labels; with preds, "label→pred", wrong ones in red."""
    images = np.asarray(images)[:max_images]
    n = len(images)
    cols = max(1, min(cols, n))
    rows = max(1, -(-n // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.3 * cols, 1.45 * rows), squeeze=False)
    for k, ax in enumerate(axes.ravel()):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= n:
            ax.axis("off")
            continue
        ax.imshow(as_rgb(images[k]), interpolation="nearest")
        if labels is None and preds is None:
            continue
        true = _class_name(class_names, int(labels[k])) if labels is not None else None
        if preds is None:
            ax.set_title(true, fontsize=7)
            continue
        guess = _class_name(class_names, int(preds[k]))
        wrong = labels is not None and int(preds[k]) != int(labels[k])
        ax.set_title(guess if true is None else f"{true}→{guess}", fontsize=7, color="red" if wrong else "black")
        if wrong:
            for spine in ax.spines.values():
                spine.set_edgecolor("red")
                spine.set_linewidth(2)
    if title:
        fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


def _matches(detections, ground_truth, cls: int, iou: float):
    """(scores from the highest down, true-positive flags, number of ground-truth boxes) of one class,
    matched as labkit.metrics.average_precision does (greedy by score, each true box once)."""
    det = np.asarray(detections, dtype=float).reshape(-1, 7)
    gt = np.asarray(ground_truth, dtype=float).reshape(-1, 6)
    det, gt = det[det[:, 1] == cls], gt[gt[:, 1] == cls]
    det = det[np.argsort(-det[:, 2], kind="mergesort")]
    used = np.zeros(len(gt), dtype=bool)
    tp = np.zeros(len(det))
    for i, d in enumerate(det):
        same = np.nonzero(gt[:, 0] == d[0])[0]
        if same.size == 0:
            continue
        ious = metrics.box_iou(d[3:7], gt[same, 2:6])[0]
        j = int(np.argmax(ious))
        if ious[j] >= iou and not used[same[j]]:
            used[same[j]] = True
            tp[i] = 1
    return det[:, 2], tp, len(gt)


def detection_pr_curve(detections, ground_truth, class_names=SHAPE_CLASSES, iou: float = 0.5,
                       title: str | None = None):
    """Precision-recall curve of each class of a detector (recall over all ground-truth boxes, so
    missed objects count), with its AP@iou in the legend and the mAP in the title; the AP values
    are labkit.metrics.average_precision's."""
    gt = np.asarray(ground_truth, dtype=float).reshape(-1, 6)
    classes = sorted({int(c) for c in gt[:, 1]})
    fig, ax = plt.subplots(figsize=(4.5, 4))
    aps = []
    for cls in classes:
        _, tp, n_gt = _matches(detections, gt, cls, iou)
        ap = metrics.average_precision(detections, gt, cls, iou)
        aps.append(ap)
        if len(tp):
            recall = np.cumsum(tp) / max(n_gt, 1)
            precision = np.cumsum(tp) / np.arange(1, len(tp) + 1)
            ax.step(np.r_[0, recall], np.r_[precision[0], precision], where="post",
                    color=PALETTE[cls % len(PALETTE)] / 255.0, label=f"{_class_name(class_names, cls)} AP {ap:.3f}")
        else:
            ax.plot([], [], color=PALETTE[cls % len(PALETTE)] / 255.0, label=f"{_class_name(class_names, cls)} AP 0")
    ax.set_xlabel("recall / 召回率")
    ax.set_ylabel("precision / 精确率")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(title or f"PR @ IoU {iou:g} · mAP {np.mean(aps) if aps else 0:.3f}", fontsize=9)
    fig.tight_layout()
    return fig


def show_iou(box_a, box_b, size: int | None = None, title: str | None = None):
    """Two boxes (x1, y1, x2, y2), their intersection shaded and the IoU in the title."""
    a, b = np.asarray(box_a, dtype=float), np.asarray(box_b, dtype=float)
    value = float(metrics.box_iou(a, b)[0, 0])
    extent = size or float(np.ceil(max(a[2], a[3], b[2], b[3]) + 1))
    fig, ax = plt.subplots(figsize=(3.2, 3.2))
    for box, colour, name in ((a, "C0", "A"), (b, "C3", "B")):
        ax.add_patch(Rectangle((box[0], box[1]), box[2] - box[0], box[3] - box[1], fill=False, edgecolor=colour,
                               linewidth=2, label=name))
    x1, y1 = max(a[0], b[0]), max(a[1], b[1])
    x2, y2 = min(a[2], b[2]), min(a[3], b[3])
    if x2 > x1 and y2 > y1:
        ax.add_patch(Rectangle((x1, y1), x2 - x1, y2 - y1, color="C1", alpha=0.4, label="A ∩ B"))
    ax.set_xlim(0, extent)
    ax.set_ylim(extent, 0)
    ax.set_aspect("equal")
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title(title or f"IoU = {value:.3f}", fontsize=9)
    fig.tight_layout()
    return fig
