"""Pictures learners look at instead of reading numbers: loss curves, confusion matrices, PR and
ROC curves. Each returns the matplotlib Figure (shown inline in JupyterLab; Agg-safe elsewhere)."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from . import metrics

# Chinese labels need a CJK font: WenQuanYi Micro Hei comes with scripts/setup (fonts-wqy-microhei).
# labkit.vision and labkit.audio import this module, so every labkit picture gets it.
matplotlib.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"]
matplotlib.rcParams["axes.unicode_minus"] = False


def loss_curve(history: dict[str, list[float]], title: str = "训练曲线 / training curves"):
    """history: {"train loss": [...], "val loss": [...], "val acc": [...]} - one line per series,
    accuracy-like series (names containing acc, f1, iou, map) on a second axis."""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    right = None
    for index, (name, values) in enumerate(history.items()):
        scored = any(k in name.lower() for k in ("acc", "f1", "iou", "map", "auc"))
        if scored and right is None:
            right = ax.twinx()
            right.set_ylabel("score")
        (right if scored else ax).plot(np.arange(1, len(values) + 1), values, marker=".",
                                       linestyle="--" if scored else "-", label=name, color=f"C{index}")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("epoch / 轮次")
    ax.set_ylabel("loss")
    ax.set_title(title)
    handles = ax.get_legend_handles_labels()
    if right is not None:
        extra = right.get_legend_handles_labels()
        handles = (handles[0] + extra[0], handles[1] + extra[1])
    ax.legend(*handles, fontsize=8, loc="center right")
    fig.tight_layout()
    return fig


def confusion(y_true, y_pred, names: list[str] | None = None, title: str = "混淆矩阵 / confusion matrix"):
    n = len(names) if names else None
    cm = metrics.confusion_matrix(y_true, y_pred, n)
    names = names or [str(i) for i in range(cm.shape[0])]
    fig, ax = plt.subplots(figsize=(1.0 + 0.5 * len(names), 0.8 + 0.5 * len(names)))
    ax.imshow(cm, cmap="Blues")
    for (i, j), v in np.ndenumerate(cm):
        ax.text(j, i, str(v), ha="center", va="center", fontsize=8,
                color="white" if v > cm.max() / 2 else "black")
    ax.set_xticks(range(len(names)), names, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.set_xlabel("predicted / 预测")
    ax.set_ylabel("true / 真实")
    ax.set_title(f"{title}\naccuracy {metrics.accuracy(y_true, y_pred):.3f}", fontsize=9)
    fig.tight_layout()
    return fig


def pr_curve(y_true, scores, title: str = "PR 曲线 / precision-recall"):
    precision, recall, _ = metrics.pr_curve(y_true, scores)
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.step(np.r_[0, recall], np.r_[precision[0] if len(precision) else 1, precision], where="post")
    ax.set_xlabel("recall / 召回率")
    ax.set_ylabel("precision / 精确率")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    fig.tight_layout()
    return fig


def roc_curve(y_true, scores, title: str = "ROC 曲线 / ROC"):
    fpr, tpr, _ = metrics.roc_curve(y_true, scores)
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.plot(fpr, tpr, label=f"AUC {metrics.auc(y_true, scores):.3f}")
    ax.plot([0, 1], [0, 1], color="grey", linestyle=":")
    ax.set_xlabel("false positive rate / 假阳性率")
    ax.set_ylabel("true positive rate / 真阳性率")
    ax.legend(loc="lower right")
    ax.set_title(title)
    fig.tight_layout()
    return fig
