# %% [markdown] nbgrader={"grade_id": "p2_intro", "grade": false, "solution": false, "locked": true}
# # 练习 02 · 目标检测 / Exercise 02 · Object detection
#
# 目标：交并比（IoU）、平均精度（AP / mAP@0.5）、一个“前景 → 连通域 → 分类”的检测流程，以及怎样从 PR 曲线读出检测器的问题。需要练习 01 导出的 `models/shape_cls`。
# Goals: IoU, average precision (AP / mAP@0.5), a "foreground → connected components → classifier" detection pipeline, and reading a detector's problems from its PR curves. Needs `models/shape_cls` from exercise 01.
#
# `boxes.npy`：[M, 6] image, class, x1, y1, x2, y2（class 1 圆，2 方，3 三角；像素边界坐标，x2、y2 不含 / pixel edges, x2 and y2 exclusive）。检测结果 / detections：[K, 7] image, class, score, x1, y1, x2, y2。

# %%
# %include ../cells/setup.py

# %%
import importlib.util


def load_module(name):
    """（已给出 / given）loads your latest <name>.py (after every edit, run this again)."""
    spec = importlib.util.spec_from_file_location(name, f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# %%
scenes = np.load(f"{D}/val/images.npy")      # (150, 64, 64, 3)
val_boxes = np.load(f"{D}/val/boxes.npy")    # (M, 6)
print(scenes.shape, val_boxes.shape)
vision.show_detections(scenes[0], np.zeros((0, 7)), val_boxes, image_index=0, title="真值框 ground truth (--)");


# %% [markdown] nbgrader={"grade_id": "p2_iou_text", "grade": false, "solution": false, "locked": true}
# ## 2.1 交并比 / IoU
#
# 实现 `box_iou(a, b)`：[N, 4] 与 [M, 4] 的框（x1, y1, x2, y2）→ float [N, M]；并集面积为 0 时为 0。
# Implement `box_iou(a, b)`: boxes [N, 4] and [M, 4] (x1, y1, x2, y2) → float [N, M]; 0 where the union's area is 0.

# %% nbgrader={"grade_id": "p2_iou", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/cv/cells/box_iou.py


vision.show_iou([2, 2, 10, 10], [5, 4, 14, 12]);

# %% nbgrader={"grade_id": "test_p2_iou", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rng = np.random.default_rng(1)
_p = _rng.uniform(0, 40, (6, 2)); _a = np.hstack([_p, _p + _rng.uniform(1, 20, (6, 2))])
assert np.shape(box_iou(_a, _a[:4])) == (6, 4), "box_iou returns [N, M]"
assert np.allclose(box_iou(_a, _a[:4]), metrics.box_iou(_a, _a[:4])), "box_iou differs from labkit.metrics.box_iou"
assert float(box_iou([[1, 1, 1, 1]], [[1, 1, 1, 1]])[0, 0]) == 0.0, "an empty union gives IoU 0"
print("2.1 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(201)
_p = _rng.uniform(0, 50, (15, 2)); _a = np.hstack([_p, _p + _rng.uniform(0, 20, (15, 2))])
_q = _rng.uniform(0, 50, (11, 2)); _b = np.hstack([_q, _q + _rng.uniform(0, 20, (11, 2))])
check("iou_random", np.asarray(box_iou(_a, _b), dtype=float), weight=3, tol=1e-6)
check("iou_edges", np.asarray(box_iou([[0, 0, 4, 4], [3, 3, 3, 9]], [[4, 0, 8, 4], [2, 2, 6, 6], [0, 0, 4, 4]]), dtype=float), tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p2_ap_text", "grade": false, "solution": false, "locked": true}
# ## 2.2 平均精度 / Average precision
#
# 实现 `average_precision(det, gt, cls, iou=0.5)`（VOC 全点插值）：
# 1. 只看类别 `cls` 的检测和真值；没有该类真值时返回 `nan`；有真值但没有检测时返回 0.0。
# 2. 检测按 score 从高到低（相同 score 保持原顺序：`np.argsort(-score, kind="mergesort")`），每个检测与同一图像的该类真值框中 IoU 最大的那个比较：IoU ≥ `iou` 且该真值框尚未被匹配时为 TP，否则为 FP。
# 3. 累计得到每一步的 precision 和 recall（recall 的分母是该类真值框总数）；在两端补点 (recall 0, precision 0) 和 (recall 1, precision 0)，把 precision 改成“它右边的最大值”，AP = Σ (recall 的增量 × 对应的 precision)。
#
# Implement `average_precision(det, gt, cls, iou=0.5)` (VOC, all-point interpolation):
# 1. Only class `cls`'s detections and ground truth; `nan` when the class has no ground truth; 0.0 when it has ground truth but no detection.
# 2. Detections from the highest score down (ties keep their order: `np.argsort(-score, kind="mergesort")`); each is compared with the same image's ground-truth box of that class with the highest IoU: a TP when that IoU ≥ `iou` and the box is not matched yet, else an FP.
# 3. Cumulative precision and recall at each step (recall over all of the class's ground-truth boxes); add the points (recall 0, precision 0) and (recall 1, precision 0) at the ends, replace each precision by the largest one to its right, and AP = Σ (recall increase × that precision).
#
# mAP@0.5 是各类 AP 的平均（`labkit.metrics.map50`）。/ mAP@0.5 is the mean of the classes' APs (`labkit.metrics.map50`).

# %% nbgrader={"grade_id": "p2_ap", "grade": false, "solution": true, "locked": false}
def average_precision(det, gt, cls, iou=0.5):
    ### BEGIN SOLUTION
    det = np.asarray(det, dtype=float).reshape(-1, 7)
    gt = np.asarray(gt, dtype=float).reshape(-1, 6)
    det, gt = det[det[:, 1] == cls], gt[gt[:, 1] == cls]
    if len(gt) == 0:
        return float("nan")
    if len(det) == 0:
        return 0.0
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
    recall = np.cumsum(tp) / len(gt)
    precision = np.cumsum(tp) / np.arange(1, len(det) + 1)
    mrec = np.r_[0.0, recall, 1.0]
    mpre = np.maximum.accumulate(np.r_[0.0, precision, 0.0][::-1])[::-1]
    steps = np.nonzero(mrec[1:] != mrec[:-1])[0]
    return float(np.sum((mrec[steps + 1] - mrec[steps]) * mpre[steps + 1]))
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_p2_ap", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

def _noisy(gt, rng, keep=0.8, wrong=0.1, fps=10):
    """Detections made from ground truth: some dropped, jittered, some with the wrong class, plus false positives."""
    k = rng.random(len(gt)) < keep
    cls = np.where(rng.random(k.sum()) < wrong, rng.integers(1, 4, k.sum()), gt[k, 1])
    det = np.column_stack([gt[k, 0], cls, rng.random(k.sum()), gt[k, 2:] + rng.normal(0, 2, (k.sum(), 4))])
    fp = np.column_stack([rng.integers(0, int(gt[:, 0].max()) + 1, fps), rng.integers(1, 4, fps), rng.random(fps) * 0.7,
                          rng.uniform(0, 30, (fps, 2)), rng.uniform(34, 64, (fps, 2))])
    return np.vstack([det, fp])


_det = _noisy(val_boxes, np.random.default_rng(2))
for _c in (1, 2, 3):
    assert abs(average_precision(_det, val_boxes, _c) - metrics.average_precision(_det, val_boxes, _c)) < 1e-9, \
        f"AP of class {_c} differs from labkit.metrics.average_precision"
assert np.isnan(average_precision(_det, val_boxes[val_boxes[:, 1] != 2], 2)), "no ground truth of the class: nan"
print("2.2 ✓  mAP of the noisy detections:", round(np.mean([average_precision(_det, val_boxes, c) for c in (1, 2, 3)]), 4))
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(202)
for _i, (_keep, _wrong, _iou) in enumerate([(0.9, 0.05, 0.5), (0.6, 0.3, 0.5), (0.8, 0.1, 0.75)]):
    _det = _noisy(val_boxes, _rng, _keep, _wrong, 20)
    check(f"ap_{_i}", [float(average_precision(_det, val_boxes, c, _iou)) for c in (1, 2, 3)], weight=2, tol=1e-9)
check("ap_no_detections", float(average_precision(np.zeros((0, 7)), val_boxes, 1)), tol=1e-9)
check("ap_ties", float(average_precision(np.array([[0, 1, 0.5, 0, 0, 10, 10], [0, 1, 0.5, 0, 0, 10, 10]]),
                                         np.array([[0, 1, 0, 0, 10, 10], [1, 1, 0, 0, 10, 10]]), 1)), tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p2_detect_text", "grade": false, "solution": false, "locked": true}
# ## 2.3 检测流程 / The detection pipeline
#
# 打开 **`detect.py`**（第一次运行本笔记本时从 `templates/` 复制），完成 `boxes_from_mask` 和 `detect`（要求见函数说明；`foreground`、`crop` 已给出）。
# 每次修改后运行下面两个单元格：第一个用小例子检查 `boxes_from_mask`，第二个在验证集上运行整个脚本，给出 mAP@0.5、PR 曲线和检测结果图。
#
# Open **`detect.py`** (copied from `templates/` the first time this notebook runs) and complete `boxes_from_mask` and `detect` (see their docstrings; `foreground` and `crop` are given).
# After each edit run the two cells below: the first checks `boxes_from_mask` on small cases, the second runs the whole script on the validation split and shows mAP@0.5, the PR curves and the detections.
#
# 评分：在隐藏测试集的 400 张场景上运行 `python detect.py <images.npy> <out.npy>`，mAP@0.5 ≥ 0.78 满分，≥ 0.68 得 70%，≥ 0.50 得 40%。
# Graded: `python detect.py <images.npy> <out.npy>` on the 400 hidden test scenes; mAP@0.5 ≥ 0.78 full, ≥ 0.68 70 %, ≥ 0.50 40 %.

# %%
detect = load_module("detect")
_m = np.zeros((8, 10), bool); _m[1:3, 2:7] = True; _m[5:8, 0:2] = True; _m[6, 9] = True
assert detect.boxes_from_mask(_m, min_area=2) == [[2, 1, 7, 3], [0, 5, 2, 8]], detect.boxes_from_mask(_m, min_area=2)
assert detect.boxes_from_mask(_m, min_area=7) == [[2, 1, 7, 3]], "components smaller than min_area are dropped"
_d = np.eye(4, dtype=bool)
assert len(detect.boxes_from_mask(_d, min_area=1)) == 4, "diagonal neighbours are separate (4-connectivity)"
print("boxes_from_mask ✓")
fg = detect.foreground(scenes[1])
vision.show_masks(scenes[1], fg.astype(int), title="前景 foreground (1)");

# %%
import subprocess
import sys

run = subprocess.run([sys.executable, "detect.py", f"{D}/val/images.npy", "val_detections.npy"],
                     capture_output=True, text=True, timeout=300)
if run.returncode:
    print(run.stderr[-2000:])
val_det = np.load("val_detections.npy")
assert val_det.ndim == 2 and val_det.shape[1] == 7, "detect() returns [K, 7]"
print(f"{len(val_det)} detections for {len(val_boxes)} boxes; validation mAP@0.5 = {metrics.map50(val_det, val_boxes):.3f}")
vision.detection_pr_curve(val_det, val_boxes);
for _i in range(3):
    vision.show_detections(scenes[_i], val_det, val_boxes, image_index=_i, min_score=0.3);

# %% [markdown] nbgrader={"grade_id": "p2_more", "grade": false, "solution": false, "locked": true}
# ## 2.4 自己试试（不计分）/ Try it yourself (not graded)
#
# - PR 曲线左端精确率低，说明有高分的错误检测：用 `vision.show_detections` 找出它们。常见原因：两个重叠的形状连成一个连通域。
#   A low precision at the left end of a PR curve means confident wrong detections: find them with `vision.show_detections`. A usual cause: two overlapping shapes form one component.
# - 改变 `foreground` 的 `threshold` 或 `min_area`，mAP 怎样变化？/ Change `foreground`'s `threshold` or `min_area`: how does the mAP move?
# - 把 score 换成“分类概率 × 连通域填充率”会更好吗？/ Would "class probability × fill ratio of the component" make a better score?
