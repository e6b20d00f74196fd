# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（计算机视觉方向）中级 · 实操考试
# # AI engineering technician, computer vision direction, intermediate level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# 场景：一条分拣线上的相机拍摄零件（圆形、方形、三角形三种形状，颜色随机，背景有纹理和噪声）。你要完成识别模型、部署交付、测试与运维，并写出需求与咨询意见。
# Scenario: a camera over a sorting line films parts of three shapes (circle, square, triangle; random colours on textured, noisy backgrounds). You build the recognition models, deliver, test and operate them, and write the requirements and consulting parts.
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverable |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook |
# | B | 人工智能设计开发 Design and development | 25 | `models/fg_seg.*`, `pipeline.py` + `models/part_cls.*`, 本笔记本 |
# | C | 人工智能测试验证 Testing and verification | 15 | 本笔记本 this notebook |
# | D | 人工智能产品交付 Delivery | 10 | `models/shapes_cls.onnx`, 本笔记本 |
# | E | 人工智能产品运维 Operations | 10 | 本笔记本 this notebook |
# | F | 人工智能需求分析 Requirements analysis | 10 | 本笔记本 this notebook |
# | G | 人工智能咨询服务 Consulting | 15 | 本笔记本 this notebook |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；书面题写在“在此作答”的单元格里（由考评员评分）。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; written answers go in the answer cells (scored by the examiners).
# - 评分使用你看不到的隐藏测试集（400 个场景、600 张单形状图）。测试单元格只含部分测试；导出的模型在隔离环境中直接在隐藏集上评估（不会重新训练）。
#   Grading uses hidden test data you never see (400 scenes, 600 single-shape images). Test cells hold only some of the tests; exported models are evaluated directly on the hidden data in a sandbox (never retrained).
# - 评分时会重新运行整个笔记本（单核 CPU）：每个训练单元格应在 1 分钟内完成，不要留下很长的实验代码。
#   Grading re-runs the whole notebook on one CPU core: keep every training cell under a minute and leave no long experiments behind.
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**（可多次提交，以最后一次为准）。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done (the last submission counts).

# %%
import json
import os
import sys
import time

import numpy as np
import paddle
import paddle.nn as nn
import paddle.nn.functional as F
from labkit import metrics, plots, vision

paddle.seed(0)
sys.path.insert(0, os.path.abspath("."))   # pipeline.py (B2) and deployed/ (E) are imported from here
# %include ../../_shared/cv/cells/shapes_data.py
CLASSES = ["background", "circle", "square", "triangle"]   # scenes: masks and boxes use 0..3
SINGLE_CLASSES = ["circle", "square", "triangle"]          # single shapes: labels 0..2
for k in KEYS:
    print(f"{k:14s} {str(train[k].dtype):8s} train {train[k].shape}   val {val[k].shape}")


# %include ../../_shared/cv/cells/augment.py


# %%
vision.image_grid(train["single_images"][:16], train["single_labels"][:16], class_names=SINGLE_CLASSES, cols=8);
vision.show_masks(train["images"][0], train["masks"][0]);
vision.show_detections(train["images"][0], np.zeros((0, 7)), gt=train["boxes"], image_index=0);


# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（15 分）/ Part A · Common AI technology (15 points)
#
# ### A1 · 用 `paddle.nn` 搭建并训练形状分类 CNN（10 分）/ A1 · Build and train a shape CNN with `paddle.nn` (10 points)
#
# 数据：`train["single_images"]`（uint8 `[1200, 32, 32, 3]`）与 `train["single_labels"]`（0 圆、1 方、2 三角）。
# 实现 `ShapeCNN(width, num_classes)`：**输入为 float32 `[N, 32, 32, 3]`、0–255 的原始像素（NHWC）**，预处理（转为 NCHW、归一化）写在 `forward` 里——D 部分会原样导出它；至少两层 `Conv2D`；输出 `[N, num_classes]` 的 logits。
# 实现 `train_classifier(images, labels, ...)`（返回训练好的模型，B2 还会用它训练 4 类模型）和 `predict(model, images)`（int64 类别）。单核训练不超过 30 秒。提示：旋转/翻转增强（已给出 `augment`）、逐图标准化、BatchNorm、余弦学习率都有帮助。
# 评分：隐藏集 600 张图的准确率 ≥ 0.88 满分，≥ 0.80 得 60%，≥ 0.65 得 30%。
#
# Data: `train["single_images"]` (uint8 `[1200, 32, 32, 3]`) and `train["single_labels"]` (0 circle, 1 square, 2 triangle).
# Implement `ShapeCNN(width, num_classes)`: **its input is float32 `[N, 32, 32, 3]` raw pixels 0–255 (NHWC)** and the preprocessing (to NCHW, normalisation) lives in `forward`, as part D exports it as is; at least two `Conv2D` layers; output logits `[N, num_classes]`.
# Implement `train_classifier(images, labels, ...)` (returns the trained model; B2 reuses it for a 4-class model) and `predict(model, images)` (int64 classes). Training takes at most 30 s on one core. Hints: rotation/flip augmentation (`augment` is given), per-image standardisation, BatchNorm and a cosine learning-rate schedule all help.
# Scored by accuracy on the 600 hidden images: ≥ 0.88 full marks, ≥ 0.80 60 %, ≥ 0.65 30 %.

# %% nbgrader={"grade_id": "a1_cnn", "grade": false, "solution": true, "locked": false}
class ShapeCNN(nn.Layer):
    """float32 [N, 32, 32, 3] pixels 0..255 (NHWC) -> logits [N, num_classes]."""

    def __init__(self, width=16, num_classes=3):
        super().__init__()
        ### BEGIN SOLUTION
        def block(i, o):
            return nn.Sequential(nn.Conv2D(i, o, 3, padding=1), nn.BatchNorm2D(o), nn.ReLU())

        self.features = nn.Sequential(block(3, width), nn.MaxPool2D(2), block(width, 2 * width), nn.MaxPool2D(2),
                                      block(2 * width, 2 * width), nn.MaxPool2D(2))
        self.fc = nn.Linear(2 * width * 4 * 4, num_classes)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = x.transpose([0, 3, 1, 2]) / 255.0
        mean = x.mean(axis=[2, 3], keepdim=True)
        var = ((x - mean) ** 2).mean(axis=[2, 3], keepdim=True)
        x = (x - mean) / paddle.sqrt(var + 1e-4)
        return self.fc(self.features(x).flatten(1))
        ### END SOLUTION


def train_classifier(images, labels, epochs=14, lr=3e-3, width=16, num_classes=3, batch=32, seed=0):
    ### BEGIN SOLUTION
    paddle.seed(seed)
    model = ShapeCNN(width, num_classes)
    schedule = paddle.optimizer.lr.CosineAnnealingDecay(lr, epochs)
    opt = paddle.optimizer.Adam(learning_rate=schedule, parameters=model.parameters())
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(images))
        for i in range(0, len(images), batch):
            b = order[i:i + batch]
            x = paddle.to_tensor(augment(rng, images[b]).astype(np.float32))
            loss = F.cross_entropy(model(x), paddle.to_tensor(labels[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
        schedule.step()
    model.eval()
    return model
    ### END SOLUTION


def predict(model, images, batch=256):
    ### BEGIN SOLUTION
    model.eval()
    with paddle.no_grad():
        out = [model(paddle.to_tensor(np.asarray(images[i:i + batch], dtype=np.float32))).numpy().argmax(axis=1)
               for i in range(0, len(images), batch)]
    return np.concatenate(out).astype(np.int64)
    ### END SOLUTION


started = time.time()
cls_model = train_classifier(train["single_images"], train["single_labels"])
val_pred = predict(cls_model, val["single_images"])
print(f"{time.time() - started:.1f} s, validation accuracy {metrics.accuracy(val['single_labels'], val_pred):.3f}")
plots.confusion(val["single_labels"], val_pred, SINGLE_CLASSES);

# %% nbgrader={"grade_id": "test_a1_accuracy", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert predict(cls_model, val["single_images"][:5]).shape == (5,)
assert metrics.accuracy(val["single_labels"], predict(cls_model, val["single_images"])) >= 0.80, "validation accuracy below 0.80"
### BEGIN HIDDEN TESTS
check("hidden_accuracy", predict(cls_model, np.load("/run/practicum/hidden/shapes/single_images.npy")),
      scorer={"kind": "accuracy", "labels": "shapes/single_labels.npy", "thresholds": [[0.88, 1.0], [0.80, 0.6], [0.65, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 调参记录与分析（5 分，人工评分）/ A2 · Documented tuning (5 points, scored by examiners)
#
# 在下面的单元格中做一次小规模扫描（至少 3 组设置，例如学习率或网络宽度；可以只用部分训练数据、少量轮次，总计不超过 1 分钟），把“设置 → 验证准确率”记录在字典 `sweep` 中。然后在答题单元格中回答：结果说明了什么（欠拟合/过拟合的迹象）？你最终选择的设置和理由？如果上线后发现新相机的图像更暗、噪声更大，你会优先调整哪些关键参数或做法？
#
# In the cell below, run a small sweep (at least 3 settings, e.g. learning rate or width; a subset of the data and a few epochs are fine, at most a minute in total) and record "setting → validation accuracy" in the dict `sweep`. Then answer in the answer cell: what do the results show (signs of under- or over-fitting)? Which setting did you choose, and why? If a new camera turned out to give darker, noisier images after going live, which key parameters or practices would you adjust first?

# %% nbgrader={"grade_id": "a2_sweep", "grade": false, "solution": true, "locked": false}
sweep = {}   # setting -> validation accuracy
### BEGIN SOLUTION
for lr in (1e-3, 3e-3, 1e-2):
    m = train_classifier(train["single_images"][:400], train["single_labels"][:400], epochs=3, lr=lr)
    sweep[f"lr={lr:g}, 3 epochs, 400 images"] = metrics.accuracy(val["single_labels"], predict(m, val["single_images"]))
### END SOLUTION
for setting, acc in sweep.items():
    print(f"{setting:40s} {acc:.3f}")


# %% [markdown] nbgrader={"grade_id": "a2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（25 分）/ Part B · Design and development (25 points)
#
# 分拣机器人需要知道每个零件的像素（抓取点）和每个零件的类别与位置（分拣）。
# The sorting robot needs each part's pixels (to pick it) and each part's class and position (to sort it).
#
# ### B1 · 前景分割网络（10 分）/ B1 · Foreground segmentation network (10 points)
#
# 训练一个分割网络，逐像素区分背景（0）和零件（1，任何形状）；训练标签为 `masks > 0`。
# **输入 float32 `[N, 64, 64, 3]`、0–255 原始像素（NHWC），输出 logits `[N, 2, 64, 64]`**。用
# `paddle.jit.save(model, "models/fg_seg", input_spec=[paddle.static.InputSpec([None, 64, 64, 3], "float32", "images")])` 导出（生成 `models/fg_seg.json` 与 `models/fg_seg.pdiparams`）。单核训练不超过 30 秒。
# 评分：评分程序载入导出的模型，对 400 个隐藏场景逐像素取 argmax，计算 2 类 mIoU：≥ 0.88 满分，≥ 0.83 得 70%，≥ 0.70 得 40%。
#
# Train a segmentation network that tells background (0) from part (1, any shape) pixel by pixel; train on `masks > 0`.
# **Input float32 `[N, 64, 64, 3]` raw pixels 0–255 (NHWC), output logits `[N, 2, 64, 64]`.** Export with
# `paddle.jit.save(model, "models/fg_seg", input_spec=[paddle.static.InputSpec([None, 64, 64, 3], "float32", "images")])` (this writes `models/fg_seg.json` and `models/fg_seg.pdiparams`). Training takes at most 30 s on one core.
# Scoring: the grader loads the export, takes the per-pixel argmax on the 400 hidden scenes and computes the 2-class mIoU: ≥ 0.88 full marks, ≥ 0.83 70 %, ≥ 0.70 40 %.

# %% nbgrader={"grade_id": "b1_fgnet", "grade": false, "solution": true, "locked": false}
class FgNet(nn.Layer):
    """float32 [N, 64, 64, 3] pixels 0..255 -> logits [N, 2, 64, 64] (0 background, 1 part)."""

    def __init__(self, width=16):
        super().__init__()
        ### BEGIN SOLUTION
        def block(i, o, stride=1):
            return nn.Sequential(nn.Conv2D(i, o, 3, stride=stride, padding=1), nn.BatchNorm2D(o), nn.ReLU())

        self.down1 = block(3, width, 2)                                 # 32 x 32
        self.down2 = block(width, 2 * width, 2)                         # 16 x 16
        self.mid = block(2 * width, 2 * width)
        self.up = nn.Conv2DTranspose(2 * width, width, 2, stride=2)     # back to 32 x 32
        self.fuse = block(2 * width, width)                             # with the skip connection
        self.head = nn.Conv2DTranspose(width, 2, 2, stride=2)           # 64 x 64 logits
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = x.transpose([0, 3, 1, 2]) / 255.0
        mean = x.mean(axis=[2, 3], keepdim=True)
        var = ((x - mean) ** 2).mean(axis=[2, 3], keepdim=True)
        x = (x - mean) / paddle.sqrt(var + 1e-4)
        a = self.down1(x)
        b = self.mid(self.down2(a))
        return self.head(self.fuse(paddle.concat([self.up(b), a], axis=1)))
        ### END SOLUTION


def train_fg(images, masks, epochs=5, lr=3e-3, batch=16, seed=0):
    ### BEGIN SOLUTION
    paddle.seed(seed)
    model = FgNet()
    schedule = paddle.optimizer.lr.CosineAnnealingDecay(lr, epochs)
    opt = paddle.optimizer.Adam(learning_rate=schedule, parameters=model.parameters())
    rng = np.random.default_rng(seed)
    target = (masks > 0).astype(np.int64)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(images))
        for i in range(0, len(images), batch):
            b = order[i:i + batch]
            x, y = augment(rng, images[b], target[b])
            logits = model(paddle.to_tensor(x.astype(np.float32)))
            loss = F.cross_entropy(logits.transpose([0, 2, 3, 1]), paddle.to_tensor(y[..., None]))
            loss.backward()
            opt.step()
            opt.clear_grad()
        schedule.step()
    model.eval()
    return model
    ### END SOLUTION


def fg_probability(model, images, batch=100):
    """float32 [N, 64, 64]: the probability of "part" per pixel."""
    model.eval()
    with paddle.no_grad():
        return np.concatenate([F.softmax(model(paddle.to_tensor(np.asarray(images[i:i + batch], np.float32))), axis=1)
                               .numpy()[:, 1] for i in range(0, len(images), batch)])


started = time.time()
fg_model = train_fg(train["images"], train["masks"])
### BEGIN SOLUTION
paddle.jit.save(fg_model, "models/fg_seg", input_spec=[paddle.static.InputSpec([None, 64, 64, 3], "float32", "images")])
### END SOLUTION
val_fg = fg_probability(fg_model, val["images"])
print(f"{time.time() - started:.1f} s, validation mIoU (2 classes) {metrics.miou(val['masks'] > 0, val_fg > 0.5, 2):.3f}")
vision.show_masks(val["images"][0], val["masks"][0] > 0, val_fg[0] > 0.5, class_names=["background", "part"]);

# %%
# 自查：评分程序只看导出的文件 / self-check: the grader sees only the exported files
if not os.environ.get("PRACTICUM_GRADING"):   # grading judges the exported files apart, not this cell
    exported = paddle.jit.load("models/fg_seg")
    exported.eval()
    with paddle.no_grad():
        pred = exported(paddle.to_tensor(val["images"][:50].astype(np.float32))).numpy().argmax(axis=1)
    print(pred.shape, "mIoU of the export on 50 validation scenes:", round(metrics.miou(val["masks"][:50] > 0, pred, 2), 3))

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 零件检测流水线（10 分）/ B2 · Part detection pipeline (10 points)
#
# 完成 `pipeline.py` 中的 `detect(images)`：输入 uint8 `[N, 64, 64, 3]` 场景，返回 float32 `[K, 7]`，每行一个检测框：`图像序号, 类别(1 圆 2 方 3 三角), 置信度, x1, y1, x2, y2`（像素边界坐标，与 `boxes.npy` 相同）。评分程序在隐藏场景上运行 `python detect.py <scenes.npy> <out.npy>`（工作目录为你的考试文件夹，单核，约 2 分钟时限），计算 mAP@0.5：≥ 0.75 满分，≥ 0.60 得 70%，≥ 0.40 得 40%。
#
# 建议方案（`pipeline.py` 的说明中有更多细节）：B1 的前景 → `components()` 得到候选框 → 用 `crop_patch()` 裁剪候选 → 一个 4 类分类器（0 = 不是零件）判别类别 → 每个（候选, 类别）输出一行，置信度为该类概率。在下面的单元格中训练该分类器（可复用 A1 的 `train_classifier`，标签取候选区域内多数像素的类别），并导出到 `models/part_cls`（输入 `[None, 32, 32, 3]`）。`pipeline.py` 只在评分时由 `detect.py` 运行；修改后用“自查”单元格验证。
#
# Complete `detect(images)` in `pipeline.py`: it takes uint8 `[N, 64, 64, 3]` scenes and returns float32 `[K, 7]`, one row per box: `image index, class (1 circle, 2 square, 3 triangle), score, x1, y1, x2, y2` (pixel edges, as in `boxes.npy`). The grader runs `python detect.py <scenes.npy> <out.npy>` on the hidden scenes (your exam folder as working directory, one core, about 2 minutes) and computes mAP@0.5: ≥ 0.75 full marks, ≥ 0.60 70 %, ≥ 0.40 40 %.
#
# Suggested design (details in `pipeline.py`'s docstring): B1's foreground → `components()` gives candidate boxes → `crop_patch()` crops each → a 4-class classifier (0 = not a part) names its class → one row per (candidate, class), scored by that class's probability. Train that classifier in the cell below (A1's `train_classifier` can be reused; label each candidate with the majority class of its pixels) and export it to `models/part_cls` (input `[None, 32, 32, 3]`). Only the grader runs `pipeline.py`, through `detect.py`; check your changes with the self-check cell.

# %% nbgrader={"grade_id": "b2_parts", "grade": false, "solution": true, "locked": false}
from pipeline import components, crop_patch


def candidate_crops(images, fg_prob, masks=None):
    """Crops of the foreground components and, with masks, the majority class of each component."""
    crops, labels = [], []
    for n in range(len(images)):
        for box, region in components(fg_prob[n] > 0.5):
            crops.append(crop_patch(images[n], box))
            if masks is not None:
                labels.append(int(np.bincount(masks[n][region], minlength=4).argmax()))
    return np.stack(crops), np.array(labels, dtype=np.int64)


started = time.time()
### BEGIN SOLUTION
part_x, part_y = candidate_crops(train["images"], fg_probability(fg_model, train["images"]), train["masks"])
part_model = train_classifier(part_x, part_y, epochs=8, num_classes=4)
paddle.jit.save(part_model, "models/part_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "crops")])
### END SOLUTION
print(f"{time.time() - started:.1f} s")

# %%
# 自查：像评分程序一样运行 detect.py / self-check: run detect.py as the grader does
if not os.environ.get("PRACTICUM_GRADING"):   # grading judges the exported files apart, not this cell
    import subprocess
    np.save("/tmp/val_scenes.npy", val["images"])
    run = subprocess.run([sys.executable, "detect.py", "/tmp/val_scenes.npy", "/tmp/val_dets.npy"], capture_output=True, text=True)
    print(run.stdout[-500:], run.stderr[-1500:])
    if run.returncode == 0:
        dets = np.load("/tmp/val_dets.npy")
        print("validation mAP@0.5:", round(metrics.map50(dets, val["boxes"]), 3))
        vision.show_detections(val["images"][1], dets, gt=val["boxes"], image_index=1, min_score=0.3);


# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 非极大值抑制（5 分）/ B3 · Non-maximum suppression (5 points)
#
# 滑窗或网格式检测器会在同一个零件上给出多个重叠框。实现：
# - `nms(boxes, scores, iou_thr)`：`boxes` 为 `[K, 4]`（x1, y1, x2, y2），按置信度从高到低处理（同分时序号小的在前），保留一个框后删除与它 IoU **大于** `iou_thr` 的其余框；返回保留框的序号列表（int，按保留顺序）。
# - `batched_nms(dets, iou_thr)`：`dets` 为 `[K, 7]` 检测结果，只在**同一图像且同一类别**的框之间做 NMS；返回保留的行组成的 `[M, 7]` 数组，按原来的行顺序排列。
# 可以用 `metrics.box_iou`。
#
# Sliding-window and grid detectors give several overlapping boxes on one part. Implement:
# - `nms(boxes, scores, iou_thr)`: `boxes` is `[K, 4]` (x1, y1, x2, y2); go through the boxes by descending score (equal scores: lower index first), keep a box and drop every remaining box whose IoU with it is **greater than** `iou_thr`; return the list of kept indices (ints, in the order they were kept).
# - `batched_nms(dets, iou_thr)`: `dets` is `[K, 7]` detections; suppress only among boxes of the **same image and class**; return the kept rows as an `[M, 7]` array in their original row order.
# `metrics.box_iou` may be used.

# %% nbgrader={"grade_id": "b3_nms", "grade": false, "solution": true, "locked": false}
def nms(boxes, scores, iou_thr=0.5):
    ### BEGIN SOLUTION
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    order = list(np.argsort(-np.asarray(scores, dtype=float), kind="stable"))
    keep = []
    while order:
        i = order.pop(0)
        keep.append(int(i))
        if order:
            ious = metrics.box_iou(boxes[i], boxes[order])[0]
            order = [j for j, v in zip(order, ious) if v <= iou_thr]
    return keep
    ### END SOLUTION


def batched_nms(dets, iou_thr=0.5):
    ### BEGIN SOLUTION
    dets = np.asarray(dets, dtype=float).reshape(-1, 7)
    keep = []
    for image, cls in sorted({(d[0], d[1]) for d in dets}):
        idx = np.nonzero((dets[:, 0] == image) & (dets[:, 1] == cls))[0]
        keep += [int(idx[k]) for k in nms(dets[idx, 3:7], dets[idx, 2], iou_thr)]
    return dets[sorted(keep)]
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_b3_nms", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_b = np.array([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30], [0, 0, 10, 9]], dtype=float)
assert nms(_b, [0.9, 0.8, 0.7, 0.95], 0.5) == [3, 2]
assert batched_nms(np.array([[0, 1, 0.9, 0, 0, 10, 10], [0, 2, 0.8, 0, 0, 10, 10], [0, 1, 0.5, 1, 1, 10, 10]]), 0.5).shape == (2, 7)
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(301)
def _boxes(n):
    xy = _rng.uniform(0, 40, (n, 2))
    wh = _rng.uniform(4, 16, (n, 2))
    return np.concatenate([xy, xy + wh], axis=1)
_B = _boxes(40)
_S = np.round(_rng.uniform(0, 1, 40), 2)   # rounded: some equal scores
check("nms_05", [int(i) for i in nms(_B, _S, 0.5)], weight=2)
check("nms_03", [int(i) for i in nms(_B, _S, 0.3)])
check("nms_equal_boxes", [int(i) for i in nms(np.array([[0, 0, 4, 4]] * 3, float), [0.5, 0.5, 0.5], 0.5)])
_D = np.concatenate([_rng.integers(0, 3, (60, 1)), _rng.integers(1, 4, (60, 1)), _rng.uniform(0, 1, (60, 1)), _boxes(60)], axis=1)
check("batched", np.asarray(batched_nms(_D, 0.4), dtype=float), weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（15 分）/ Part C · Testing and verification (15 points)
#
# ### C1 · 评估指标（8 分）/ C1 · Evaluation metrics (8 points)
#
# 验收标准使用下面三个指标；请自己实现（可以使用 `metrics.box_iou`、`metrics.map50`，其余 `labkit.metrics` 的函数定义与这里不同）。评分用隐藏的随机用例与参考实现比较。
# The acceptance criteria use the three metrics below; implement them (`metrics.box_iou` and `metrics.map50` may be used; the other `labkit.metrics` functions define things differently). Graded against the reference on hidden random cases.
#
# 1. `foreground_miou(gt, pred, num_classes)`：对类别 1..C-1（**不含背景 0**）中在 `gt` 或 `pred` 中出现过的类别，计算 IoU（交/并，按像素）并取平均；没有这样的类别时返回 0.0。
#    `foreground_miou(gt, pred, num_classes)`: the mean IoU (intersection over union of pixels) over the classes 1..C-1 (**background 0 excluded**) that occur in `gt` or `pred`; 0.0 when none does.
# 2. `detection_prf(dets, gts, score_thr=0.5, iou_thr=0.5)`：只保留置信度 ≥ `score_thr` 的检测，按置信度从高到低（同分保持原顺序）逐个匹配：在同一图像、同一类别、尚未匹配的真值框中取 IoU 最大者（并列取 `gts` 中靠前者），IoU ≥ `iou_thr` 则记为 TP 并占用该真值框，否则为 FP；未匹配的真值框为 FN。返回字典 `{"tp", "fp", "fn", "precision", "recall", "f1"}`（分母为 0 时该值为 0.0）。
#    `detection_prf(dets, gts, score_thr=0.5, iou_thr=0.5)`: keep detections scoring ≥ `score_thr`; match them one by one by descending score (ties keep their order): among the not yet matched ground-truth boxes of the same image and class take the one with the highest IoU (ties: the earlier one in `gts`); IoU ≥ `iou_thr` makes a TP and uses that box up, otherwise an FP; unmatched ground-truth boxes are FN. Return the dict `{"tp", "fp", "fn", "precision", "recall", "f1"}` (0.0 where a denominator is 0).
# 3. `map_50_95(dets, gts)`：COCO 风格，IoU 阈值 0.50, 0.55, …, 0.95（10 个）下 mAP 的平均。
#    `map_50_95(dets, gts)`: COCO style, the mean of the mAP at the IoU thresholds 0.50, 0.55, …, 0.95 (ten of them).

# %% nbgrader={"grade_id": "c1_metrics", "grade": false, "solution": true, "locked": false}
def foreground_miou(gt, pred, num_classes):
    ### BEGIN SOLUTION
    gt, pred = np.asarray(gt).ravel(), np.asarray(pred).ravel()
    ious = []
    for c in range(1, num_classes):
        union = np.sum((gt == c) | (pred == c))
        if union:
            ious.append(np.sum((gt == c) & (pred == c)) / union)
    return float(np.mean(ious)) if ious else 0.0
    ### END SOLUTION


def detection_prf(dets, gts, score_thr=0.5, iou_thr=0.5):
    ### BEGIN SOLUTION
    dets = np.asarray(dets, dtype=float).reshape(-1, 7)
    gts = np.asarray(gts, dtype=float).reshape(-1, 6)
    dets = dets[dets[:, 2] >= score_thr]
    dets = dets[np.argsort(-dets[:, 2], kind="stable")]
    used = np.zeros(len(gts), dtype=bool)
    tp = 0
    for d in dets:
        cand = np.nonzero((gts[:, 0] == d[0]) & (gts[:, 1] == d[1]) & ~used)[0]
        if cand.size:
            ious = metrics.box_iou(d[3:7], gts[cand, 2:6])[0]
            j = int(np.argmax(ious))
            if ious[j] >= iou_thr:
                used[cand[j]] = True
                tp += 1
    fp, fn = len(dets) - tp, len(gts) - tp
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}
    ### END SOLUTION


def map_50_95(dets, gts):
    ### BEGIN SOLUTION
    return float(np.mean([metrics.map50(dets, gts, iou=t) for t in np.linspace(0.5, 0.95, 10)]))
    ### END SOLUTION


print("foreground mIoU of B1+B2 on validation is computed in B2's self-check; a toy case:",
      foreground_miou(np.array([[0, 1], [2, 2]]), np.array([[0, 1], [2, 3]]), 4))

# %% nbgrader={"grade_id": "test_c1_metrics", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(foreground_miou(np.array([[0, 1], [2, 2]]), np.array([[0, 1], [2, 3]]), 4) - (1 + 0.5 + 0) / 3) < 1e-9
assert foreground_miou(np.zeros((4, 4)), np.zeros((4, 4)), 4) == 0.0
_r = detection_prf(np.array([[0, 1, 0.9, 0, 0, 10, 10], [0, 1, 0.8, 0, 0, 10, 10]]), np.array([[0, 1, 0, 0, 10, 10]]))
assert (_r["tp"], _r["fp"], _r["fn"]) == (1, 1, 0) and abs(_r["precision"] - 0.5) < 1e-9
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(302)
_gt_masks = _rng.integers(0, 4, (3, 16, 16))
_pred_masks = np.where(_rng.random((3, 16, 16)) < 0.6, _gt_masks, _rng.integers(0, 4, (3, 16, 16)))
check("fg_miou_random", foreground_miou(_gt_masks, _pred_masks, 4))
check("fg_miou_absent_class", foreground_miou(np.where(_gt_masks == 3, 0, _gt_masks), np.where(_pred_masks == 3, 1, _pred_masks), 4))
check("fg_miou_more_classes", foreground_miou(_rng.integers(0, 6, (50, 50)), _rng.integers(0, 6, (50, 50)), 7))
def _scene_boxes(n_img, n):
    xy = _rng.uniform(0, 48, (n, 2))
    wh = _rng.uniform(6, 16, (n, 2))
    return np.concatenate([_rng.integers(0, n_img, (n, 1)), _rng.integers(1, 4, (n, 1)), xy, xy + wh], axis=1)
_G = _scene_boxes(6, 30)
_Dt = []
for _g in _G:
    if _rng.random() < 0.8:
        _Dt.append([_g[0], _g[1] if _rng.random() < 0.85 else 1 + (_g[1] % 3), _rng.uniform(0.1, 1)] + list(_g[2:] + _rng.normal(0, 2.0, 4)))
    if _rng.random() < 0.2:
        _Dt.append([_g[0], _g[1], _rng.uniform(0.1, 1)] + list(_g[2:] + _rng.normal(0, 1.0, 4)))
_Dt = np.array(_Dt + [[int(_rng.integers(0, 6)), int(_rng.integers(1, 4)), _rng.uniform(0, 1)] + list(_b) for _b in _scene_boxes(1, 8)[:, 2:]])
def _prf(*a, **k):
    return {key: float(v) for key, v in detection_prf(*a, **k).items()}
check("prf_default", _prf(_Dt, _G), weight=2)
check("prf_low_threshold", _prf(_Dt, _G, score_thr=0.2, iou_thr=0.6))
check("prf_empty", _prf(np.zeros((0, 7)), _G))
check("map_50_95", map_50_95(_Dt, _G), weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 自动化鲁棒性测试（7 分）/ C2 · Automated robustness test (7 points)
#
# 现场光照和相机噪声会变化。编写可以放进自动化测试流程的工具：
# - `perturb(images, kind, level, seed=0)`：对 uint8 NHWC 图像做扰动并返回 uint8（先在浮点中计算，再 `np.rint` 四舍五入、裁剪到 0..255）：
#   `"brightness"`：加上 `level`；`"contrast"`：`128 + (x - 128) * level`；`"noise"`：加上 `np.random.default_rng(seed).normal(0, level, images.shape)`；`"hflip"`：水平翻转（忽略 `level`）。
# - `robustness_report(predict_fn, images, labels)`：`predict_fn` 把 uint8 图像映射为类别；返回字典，键为 `"clean"`、`"brightness+40"`、`"brightness-40"`、`"contrast0.5"`、`"noise20"`、`"hflip"`（各为对应扰动下的准确率，噪声用 `seed=0`）以及 `"worst_drop"`（`clean` 减去其余五项中的最小值）。
# - `assert_robust(predict_fn, images, labels, max_drop=0.1)`：`worst_drop > max_drop` 时抛出 `AssertionError`（消息中写明最差的扰动），否则返回报告。
#
# Lighting and camera noise vary on site. Write tools that fit into an automated test run:
# - `perturb(images, kind, level, seed=0)`: perturb uint8 NHWC images and return uint8 (compute in floating point, then `np.rint`, clip to 0..255):
#   `"brightness"`: add `level`; `"contrast"`: `128 + (x - 128) * level`; `"noise"`: add `np.random.default_rng(seed).normal(0, level, images.shape)`; `"hflip"`: horizontal flip (`level` ignored).
# - `robustness_report(predict_fn, images, labels)`: `predict_fn` maps uint8 images to classes; return a dict with the keys `"clean"`, `"brightness+40"`, `"brightness-40"`, `"contrast0.5"`, `"noise20"`, `"hflip"` (the accuracy under each, noise with `seed=0`) and `"worst_drop"` (`clean` minus the lowest of the other five).
# - `assert_robust(predict_fn, images, labels, max_drop=0.1)`: raise `AssertionError` (naming the worst perturbation) when `worst_drop > max_drop`; otherwise return the report.

# %% nbgrader={"grade_id": "c2_robustness", "grade": false, "solution": true, "locked": false}
def perturb(images, kind, level, seed=0):
    ### BEGIN SOLUTION
    x = np.asarray(images).astype(np.float64)
    if kind == "brightness":
        x = x + level
    elif kind == "contrast":
        x = 128 + (x - 128) * level
    elif kind == "noise":
        x = x + np.random.default_rng(seed).normal(0, level, x.shape)
    elif kind == "hflip":
        x = x[:, :, ::-1]
    else:
        raise ValueError(f"unknown perturbation {kind!r}")
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)
    ### END SOLUTION


def robustness_report(predict_fn, images, labels):
    ### BEGIN SOLUTION
    cases = {"brightness+40": ("brightness", 40), "brightness-40": ("brightness", -40), "contrast0.5": ("contrast", 0.5),
             "noise20": ("noise", 20), "hflip": ("hflip", 0)}
    report = {"clean": metrics.accuracy(labels, predict_fn(images))}
    for name, (kind, level) in cases.items():
        report[name] = metrics.accuracy(labels, predict_fn(perturb(images, kind, level)))
    report["worst_drop"] = report["clean"] - min(report[name] for name in cases)
    return report
    ### END SOLUTION


def assert_robust(predict_fn, images, labels, max_drop=0.1):
    ### BEGIN SOLUTION
    report = robustness_report(predict_fn, images, labels)
    if report["worst_drop"] > max_drop:
        worst = min((k for k in report if k not in ("clean", "worst_drop")), key=report.get)
        raise AssertionError(f"accuracy drops by {report['worst_drop']:.3f} under {worst} (limit {max_drop})")
    return report
    ### END SOLUTION


print(robustness_report(lambda x: predict(cls_model, x), val["single_images"], val["single_labels"]))

# %% nbgrader={"grade_id": "test_c2_robustness", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_img = np.array([[[[10, 250, 128]]]], dtype=np.uint8)
assert perturb(_img, "brightness", 40)[0, 0, 0].tolist() == [50, 255, 168]
assert perturb(_img, "contrast", 0.5)[0, 0, 0].tolist() == [69, 189, 128]
assert set(robustness_report(lambda x: np.zeros(len(x), np.int64), val["single_images"][:10], val["single_labels"][:10])) == \
    {"clean", "brightness+40", "brightness-40", "contrast0.5", "noise20", "hflip", "worst_drop"}
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(303)
_imgs = _rng.integers(0, 256, (6, 8, 8, 3)).astype(np.uint8)
check("brightness", perturb(_imgs, "brightness", -70).astype(int))
check("contrast", perturb(_imgs, "contrast", 1.7).astype(int))
check("noise", perturb(_imgs, "noise", 25, seed=5).astype(int))
check("hflip", perturb(_imgs, "hflip", 0).astype(int))
_X = np.load("/run/practicum/hidden/shapes/single_images.npy")[:120]
_Y = np.load("/run/practicum/hidden/shapes/single_images.npy")[:120].mean(axis=(1, 2, 3)).astype(np.int64) % 3
def _brittle(x):   # a "model" that reads the mean brightness
    return (np.asarray(x).mean(axis=(1, 2, 3)) // 1).astype(np.int64) % 3
def _steady(x):    # a "model" that reads the left-right structure only
    x = np.asarray(x, dtype=float)
    return (np.abs(x[:, :, :16] - x[:, :, 16:][:, :, ::-1]).mean(axis=(1, 2, 3)) > 8).astype(np.int64)
def _report(fn):
    return {k: float(v) for k, v in robustness_report(fn, _X, _Y).items()}
check("report_brittle", _report(_brittle), weight=2)
check("report_steady", _report(_steady), weight=2)
check("assert_brittle", raises(AssertionError, assert_robust, _brittle, _X, _Y, 0.1))
check("assert_steady", raises(AssertionError, assert_robust, _steady, _X, _Y, 0.5))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（10 分）/ Part D · Delivery (10 points)
#
# 现场工控机上只有 ONNX Runtime。
# The site's industrial PC runs ONNX Runtime only.
#
# ### D1 · 导出 ONNX 模型（4 分）/ D1 · Export an ONNX model (4 points)
#
# 把 A1 的 `cls_model` 用 `paddle.jit.save` 导出（输入 `[None, 32, 32, 3]`，float32，0–255 像素），再用 `paddle2onnx`（opset 13）转换为 **`models/shapes_cls.onnx`**（Python 接口 `paddle2onnx.export(...)`，或命令行；离线环境请关闭优化器：`optimize_tool="None"` / `--optimize_tool None`）。
# 评分程序用 ONNX Runtime 在 600 张隐藏图上运行它（输入 float32 原始像素，取 argmax）：准确率 ≥ 0.88 满分，≥ 0.80 得 60%，≥ 0.65 得 30%。
#
# Export A1's `cls_model` with `paddle.jit.save` (input `[None, 32, 32, 3]`, float32, pixels 0–255), then convert it with `paddle2onnx` (opset 13) to **`models/shapes_cls.onnx`** (Python API `paddle2onnx.export(...)` or the command line; offline, switch the optimiser off: `optimize_tool="None"` / `--optimize_tool None`).
# The grader runs it with ONNX Runtime on the 600 hidden images (float32 raw pixels in, argmax out): accuracy ≥ 0.88 full marks, ≥ 0.80 60 %, ≥ 0.65 30 %.
#
# ### D2 · 一致性检查（2 分）/ D2 · Parity check (2 points)
#
# 实现 `onnx_logits(path, images)`（用 `onnxruntime` 计算 logits，float32 `[N, 3]`）和 `parity(model, path, images)`：用 `model(paddle.to_tensor(...))` 计算 Paddle 的 logits，返回 `(max_abs_diff, agreement)`，即 Paddle 与 ONNX Runtime 的 logits 最大绝对差，以及两者 argmax 相同的比例。评分还会用一个故意改动过的模型检查你的函数能否发现差异。
# Implement `onnx_logits(path, images)` (the logits from `onnxruntime`, float32 `[N, 3]`) and `parity(model, path, images)`: compute the Paddle logits with `model(paddle.to_tensor(...))` and return `(max_abs_diff, agreement)`, the largest absolute difference between the Paddle and ONNX Runtime logits and the share of images whose argmax agrees. Grading also checks that your function notices a deliberately altered model.

# %% nbgrader={"grade_id": "d1_export", "grade": false, "solution": true, "locked": false}
import onnxruntime as ort
import paddle2onnx

### BEGIN SOLUTION
paddle.jit.save(cls_model, "models/shapes_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "images")])
paddle2onnx.export("models/shapes_cls.json", "models/shapes_cls.pdiparams", "models/shapes_cls.onnx",
                   opset_version=13, enable_optimize=False, optimize_tool="None")
### END SOLUTION


def onnx_logits(path, images):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(images, dtype=np.float32)})[0]
    ### END SOLUTION


def parity(model, path, images):
    ### BEGIN SOLUTION
    model.eval()
    with paddle.no_grad():
        ref = model(paddle.to_tensor(np.asarray(images, dtype=np.float32))).numpy()
    got = onnx_logits(path, images)
    return float(np.abs(ref - got).max()), float(np.mean(ref.argmax(1) == got.argmax(1)))
    ### END SOLUTION


print("parity on validation:", parity(cls_model, "models/shapes_cls.onnx", val["single_images"]))

# %% nbgrader={"grade_id": "test_d2_parity", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert os.path.isfile("models/shapes_cls.onnx"), "models/shapes_cls.onnx is missing"
assert onnx_logits("models/shapes_cls.onnx", val["single_images"][:4]).shape == (4, 3)
### BEGIN HIDDEN TESTS
_X = np.load("/run/practicum/hidden/shapes/single_images.npy")
_diff, _agree = parity(cls_model, "models/shapes_cls.onnx", _X)
check("agreement", float(_agree), tol=0.01)
check("small_difference", bool(float(_diff) < 0.01))
class _Shifted:   # the same model with logit 0 raised by 5: a parity check must see it
    def eval(self):
        cls_model.eval()
    def __call__(self, x):
        return cls_model(x) + paddle.to_tensor([5.0, 0.0, 0.0])
_diff2, _agree2 = parity(_Shifted(), "models/shapes_cls.onnx", _X[:200])
check("altered_difference", float(_diff2), tol=0.02)
check("altered_disagrees", bool(float(_agree2) < 1.0))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · 交付清单（4 分，人工评分）/ D3 · Delivery checklist (4 points, scored by examiners)
#
# 为把 `shapes_cls.onnx` 交付到现场工控机写一份交付清单：交付物清单（模型、版本号、校验值、配置、依赖及版本）、安装与部署步骤、现场验收测试（数据、指标、通过标准，包括 D2 的一致性检查）、回滚方案，以及交付的时间、成本与风险的初步评估。
# Write the delivery checklist for putting `shapes_cls.onnx` on the site's industrial PC: the items delivered (model, version, checksum, configuration, dependencies and their versions), installation and deployment steps, the site acceptance test (data, metrics, pass criteria, including D2's parity check), the rollback plan, and a first estimate of the delivery's time, cost and risks.

# %% [markdown] nbgrader={"grade_id": "d3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 产品运维（10 分）/ Part E · Operations (10 points)
#
# ### E1 · 故障排查：上线后的推理服务（7 分）/ E1 · Troubleshooting the deployed inference service (7 points)
#
# `deployed/` 中是现场上线的推理服务：`model.onnx`（一个训练好的、正确的模型）、`config.json`（模型的输入约定）和 `infer.py`（服务代码），`deployed/samples/` 中有 120 帧带标签的现场样本（uint8 `[120, 64, 64, 3]`，相机每个像素重复 2×2）。上线后所有零件都被判成同一类。
# 请从服务的**输出**入手排查（准确率、类别分布、中间张量的形状与数值范围），对照 `config.json` 找出 `infer.py` 的全部缺陷，**不要修改 `deployed/` 中的文件**，然后：
# - `DIAGNOSIS`：从 `"layout"`（NHWC/NCHW 排列）、`"normalisation"`（缩放/均值/方差）、`"resize"`（尺寸变换）、`"class_order"`（类别顺序）、`"channel_order"`（RGB/BGR）、`"softmax"`（softmax 与 argmax）中列出**确实存在**的缺陷代码；
# - `fixed_preprocess(frames)`：按 `config.json` 把相机帧变为模型输入（float32 `[N, 3, 32, 32]`）；
# - `FIXED_CLASSES`：模型输出第 0、1、2 个 logit 对应的类别名；
# - `model_sha256()`：返回 `deployed/model.onnx` 的 SHA-256 十六进制字符串（巡检时与 `config.json` 中的记录比较）。
# 评分：诊断代码（每项判断正确得相同分数）、预处理数值，以及用 `deployed/model.onnx` + 你的 `fixed_preprocess` + `FIXED_CLASSES` 在 600 帧隐藏现场帧上的准确率。
#
# `deployed/` holds the service running on site: `model.onnx` (a trained, correct model), `config.json` (the model's input contract) and `infer.py` (the service code); `deployed/samples/` has 120 labelled site frames (uint8 `[120, 64, 64, 3]`; the camera repeats each pixel 2×2). Since go-live every part comes out as the same class.
# Start from the service's **outputs** (accuracy, class distribution, shapes and value ranges of the intermediate tensors), compare with `config.json`, find every defect of `infer.py` — **do not edit the files in `deployed/`** — and then give:
# - `DIAGNOSIS`: the codes of the defects that **really are there**, from `"layout"` (NHWC/NCHW), `"normalisation"` (scale/mean/std), `"resize"` (size change), `"class_order"`, `"channel_order"` (RGB/BGR), `"softmax"` (softmax vs argmax);
# - `fixed_preprocess(frames)`: camera frames to the model's input as `config.json` says (float32 `[N, 3, 32, 32]`);
# - `FIXED_CLASSES`: the class names of the model's logits 0, 1, 2;
# - `model_sha256()`: the SHA-256 hex digest of `deployed/model.onnx` (the daily inspection compares it with `config.json`).
# Scoring: the diagnosis (each code judged right earns an equal share), the preprocessing values, and the accuracy of `deployed/model.onnx` + your `fixed_preprocess` + `FIXED_CLASSES` on 600 hidden site frames.

# %%
from collections import Counter

sys.path.insert(0, os.path.abspath("deployed"))
import infer

frames = np.load("deployed/samples/frames.npy")
frame_labels = np.load("deployed/samples/labels.npy")
names = infer.predict(frames)
print(Counter(names))
print("accuracy of the service:", np.mean([infer.CONFIG["classes"].index(n) for n in names] == frame_labels))

# %% nbgrader={"grade_id": "e1_fix", "grade": false, "solution": true, "locked": false}
import hashlib

# DIAGNOSIS = [...]   the codes of the defects you found
### BEGIN SOLUTION
DIAGNOSIS = ["layout", "normalisation", "resize", "class_order"]
### END SOLUTION


def fixed_preprocess(frames):
    ### BEGIN SOLUTION
    cfg = infer.CONFIG["input"]
    x = np.asarray(frames, dtype=np.float32)
    n, h, w, c = x.shape
    x = x.reshape(n, h // 2, 2, w // 2, 2, c).mean(axis=(2, 4))          # area resize 64 -> 32
    x = (x * cfg["scale"] - np.array(cfg["mean"], np.float32)) / np.array(cfg["std"], np.float32)
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2), dtype=np.float32)  # NHWC -> NCHW
    ### END SOLUTION


# FIXED_CLASSES = [...]   the class names of logits 0, 1, 2
### BEGIN SOLUTION
FIXED_CLASSES = ["circle", "square", "triangle"]
### END SOLUTION


def model_sha256():
    ### BEGIN SOLUTION
    with open("deployed/model.onnx", "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
    ### END SOLUTION


_logits = infer.session().run(None, {"pixels": fixed_preprocess(frames)})[0]
print("accuracy after the fix:", np.mean([infer.CONFIG["classes"].index(FIXED_CLASSES[i]) for i in _logits.argmax(1)] == frame_labels))
print("checksum matches config.json:", model_sha256() == infer.CONFIG["model_sha256"])

# %% nbgrader={"grade_id": "test_e1_service", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert fixed_preprocess(frames[:3]).shape == (3, 3, 32, 32)
assert sorted(FIXED_CLASSES) == ["circle", "square", "triangle"]
### BEGIN HIDDEN TESTS
for _code in ("layout", "normalisation", "resize", "class_order", "channel_order", "softmax"):
    check(f"diagnosis_{_code}", _code in DIAGNOSIS, weight=0.5)
_frames = np.load("/run/practicum/hidden/ops_frames.npy")
check("preprocess_values", np.asarray(fixed_preprocess(_frames[:4]), dtype=np.float64), tol=1e-4)
check("checksum", model_sha256(), weight=0.5)
_names = ["circle", "square", "triangle"]
_out = infer.session().run(None, {"pixels": np.asarray(fixed_preprocess(_frames), dtype=np.float32)})[0]
check("site_accuracy", np.array([_names.index(FIXED_CLASSES[i]) for i in _out.argmax(1)], dtype=np.int64), weight=3,
      scorer={"kind": "accuracy", "labels": "shapes/single_labels.npy", "thresholds": [[0.9, 1.0], [0.7, 0.5], [0.5, 0.25]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 巡检与预测性维护（3 分，人工评分）/ E2 · Inspection and predictive maintenance (3 points, scored by examiners)
#
# 写出这套服务的日常巡检步骤（至少包括模型校验值、样本集准确率、预测类别分布与置信度监控及告警阈值），说明 E1 这类故障会在哪一步被发现；再说明哪些可记录的信号能提前预示相机或光源老化（预测性维护），以及发现后如何处理。
# Write the daily inspection steps of this service (at least: the model checksum, accuracy on a sample set, monitoring of the predicted class distribution and confidence, with alert thresholds), and say at which step a fault like E1's would be caught; then say which signals, logged over time, warn early of an ageing camera or light (predictive maintenance), and what to do when they do.

# %% [markdown] nbgrader={"grade_id": "e2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_f", "grade": false, "solution": false, "locked": true}
# ## F 部分 · 需求分析（10 分，人工评分）/ Part F · Requirements analysis (10 points, scored by examiners)
#
# 一家物流公司希望在 6 条分拣线上用相机自动识别包裹上的三类标签（圆形：易碎；方形：普通；三角形：危险品），并把结果发给分拣机械臂。线速 1.5 m/s，每条线每秒约 4 件，包裹可能相互遮挡；危险品漏检的代价远高于误报。
# 请写一份需求分析：(1) 把业务问题转化为计算机视觉任务（分类/检测/分割，选择理由，输入输出）；(2) 技术指标与评估方法（例如分类别的召回率与精确率、mAP@0.5、时延与吞吐，并给出具体数值与理由）；(3) 软硬件方案（相机、光源、边缘设备、推理框架）及其评估；(4) 数据采集、标注与验收测试计划。
#
# A logistics company wants cameras on 6 sorting lines to recognise three kinds of labels on parcels (circle: fragile; square: normal; triangle: dangerous goods) and send the result to the sorting arm. The belt runs at 1.5 m/s, about 4 parcels per second per line, parcels may overlap, and a missed dangerous-goods label costs far more than a false alarm.
# Write the requirements analysis: (1) turn the business problem into computer vision tasks (classification/detection/segmentation, why, inputs and outputs); (2) technical indicators and how they are evaluated (e.g. per-class recall and precision, mAP@0.5, latency and throughput, with concrete values and reasons); (3) software and hardware options (camera, lighting, edge device, inference framework) and how you assess them; (4) the data collection, labelling and acceptance-test plan.

# %% [markdown] nbgrader={"grade_id": "f1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_g", "grade": false, "solution": false, "locked": true}
# ## G 部分 · 咨询服务（15 分，人工评分）/ Part G · Consulting (15 points, scored by examiners)
#
# ### G1 · 项目建议与可行性（8 分）/ G1 · Project proposal and feasibility (8 points)
#
# 为 F 部分的客户写一份简要的项目建议书：技术方案与系统架构（相机—边缘推理—分拣控制—管理平台）、技术评估（本考试中模型的结果能说明什么、还缺什么）、资源分析（人员、硬件、数据标注的工作量与费用估算）、分阶段实施计划（试点 → 推广）和主要风险及应对。
# Write a short project proposal for part F's customer: the technical solution and system architecture (camera — edge inference — sorting control — management platform), a technical assessment (what this exam's model results show and what is still missing), a resource analysis (staff, hardware, labelling effort, with a cost estimate), a phased implementation plan (pilot → roll-out) and the main risks with mitigations.
#
# ### G2 · 隐私保护与数据安全（7 分）/ G2 · Privacy and data security (7 points)
#
# 分拣线相机的画面中会出现工人，也可能拍到包裹面单上的姓名、电话和地址。请给出隐私保护与数据安全方案：数据最小化与本地处理、画面中人员与面单信息的遮挡或脱敏、存储期限与删除、访问控制与审计、传输与存储加密、告知与合规（如《个人信息保护法》），以及人机交互方面的设计（人工复核、误判申诉、操作员可理解的提示）。
# The line cameras also see workers, and may capture names, phone numbers and addresses on parcel labels. Give the privacy and data-security plan: data minimisation and on-site processing, masking or de-identification of people and label text in the images, retention and deletion, access control and audit, encryption in transit and at rest, notice and compliance (e.g. China's Personal Information Protection Law), and the human-machine interaction design (human review, appeals against wrong decisions, prompts operators understand).

# %% [markdown] nbgrader={"grade_id": "g1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "g2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
