# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（计算机视觉方向）初级 · 实操考试
# # AI engineering technician, computer vision direction, junior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook, `models/shape_cls.json` + `.pdiparams` |
# | R | 需求分析 Requirements analysis | 5 | 本笔记本 this notebook |
# | B | 设计开发 Design and development | 20 | 本笔记本, `detect.py` |
# | C | 测试验证 Testing and verification | 15 | 本笔记本 this notebook |
# | D | 产品交付 Delivery | 20 | 本笔记本, `models/shape_cls.onnx` |
# | E | 运维 Operations | 25 | 本笔记本 this notebook |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；简答题写在“在此作答”的单元格里。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write short answers in the answer cells.
# - 测试单元格只含部分测试；评分时还会用你看不到的测试集（隐藏数据）运行隐藏测试。导出的模型和 `detect.py` 在隔离环境中用隐藏测试集评分。
#   Test cells hold only some of the tests; grading adds hidden tests on data you never see. The exported models and `detect.py` are scored on the hidden test set in an isolated sandbox.
# - 文件名和路径不要改动。按顺序运行单元格（后面的部分会用到前面的结果）。
#   Keep file names and paths as they are. Run the cells in order (later parts use earlier results).
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**，可多次提交，以最后一次为准。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done. You may submit more than once; the last one counts.
#
# 数据 Data（`data/shapes/`，合成图像 / synthetic images）：
# - `single_images.npy` uint8 [N, 32, 32, 3]：每张一个形状 / one shape each；`single_labels.npy` int64：0 圆 circle，1 方 square，2 三角 triangle。
# - `images.npy` uint8 [N, 64, 64, 3]：1–4 个形状的场景 / scenes of 1–4 shapes；`boxes.npy` float32 [M, 6]：image, class, x1, y1, x2, y2（class 1 圆，2 方，3 三角；像素边界坐标，x2、y2 不含 / pixel edges, x2 and y2 exclusive）；`masks.npy` uint8 [N, 64, 64]：每个像素的类别 / class per pixel（0 背景 background）。
# - `train/` 训练 training，`val/` 验证 validation；评分用的测试集不公开 / the test split used for grading is hidden.

# %%
import json
import os
import shutil

import numpy as np
import paddle
from labkit import metrics, plots, vision

paddle.seed(0)
np.random.seed(0)
D = "data/shapes"
train_x = np.load(f"{D}/train/single_images.npy")   # (1200, 32, 32, 3) uint8
train_y = np.load(f"{D}/train/single_labels.npy")   # (1200,) int64: 0 circle, 1 square, 2 triangle
val_x = np.load(f"{D}/val/single_images.npy")       # (300, 32, 32, 3)
val_y = np.load(f"{D}/val/single_labels.npy")
NAMES = ["circle", "square", "triangle"]
if not os.path.exists("detect.py"):  # B 部分的模板，只在第一次复制 / part B's template, copied once, never overwritten
    shutil.copy("templates/detect.py", "detect.py")
print(train_x.shape, val_x.shape, "classes:", np.bincount(train_y))
vision.image_grid(train_x[:16], train_y[:16], class_names=NAMES, title="训练样本 training samples");


# %% [markdown] nbgrader={"grade_id": "part_a", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（15 分）/ Part A · Common AI technology (15 points)

# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ### A1 · 数据增强（3 分）/ A1 · Data augmentation (3 points)
#
# 形状的类别与旋转、镜像无关，可以用来扩充训练数据。实现 `augment(images, k, flip)`：`images` 为 [N, H, W, C] 数组；
# 先把每张图像逆时针旋转 `k × 90°`（`np.rot90` 在 H、W 两轴上），`flip` 为真时再左右镜像；返回与输入同 dtype 的连续数组。
#
# A shape's class does not change under rotation or mirroring, so both can enlarge the training data. Implement `augment(images, k, flip)`
# for an [N, H, W, C] array: rotate every image counter-clockwise by `k × 90°` (`np.rot90` over the H and W axes), then mirror it left-right when
# `flip` is true; return a contiguous array of the input's dtype.

# %% nbgrader={"grade_id": "a1_augment", "grade": false, "solution": true, "locked": false}
def augment(images, k, flip):
    ### BEGIN SOLUTION
    out = np.rot90(np.asarray(images), int(k) % 4, axes=(1, 2))
    if flip:
        out = out[:, :, ::-1]
    return np.ascontiguousarray(out)
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_a1_augment", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_img = np.arange(2 * 2 * 3 * 1).reshape(2, 2, 3, 1).astype(np.uint8)
assert augment(_img, 1, False).shape == (2, 3, 2, 1)
assert augment(_img, 1, False)[0, :, :, 0].tolist() == [[2, 5], [1, 4], [0, 3]]
assert augment(_img, 0, True)[0, :, :, 0].tolist() == [[2, 1, 0], [5, 4, 3]]
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(31)
_x = _rng.integers(0, 256, (3, 5, 4, 3)).astype(np.uint8)
for _k in range(4):
    for _f in (False, True):
        check(f"augment_{_k}_{int(_f)}", augment(_x, _k, _f))
check("augment_dtype", [str(augment(_x, 3, True).dtype), bool(augment(_x, 3, True).flags["C_CONTIGUOUS"])])
check("augment_k5", augment(_x, 5, False))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 用 PaddlePaddle 训练形状分类器并导出（8 分）/ A2 · Train a shape classifier with PaddlePaddle and export it (8 points)
#
# 下面已给出 `to_foreground(x)`：把 float32 [N, 32, 32, 3]（0–255 像素值）变成“与背景颜色的距离”图 [N, 1, 32, 32]，使网络不受颜色影响。
# 1. 完成卷积网络 `ShapeNet`（例如 3 个 3×3 卷积 + ReLU + 2×2 最大池化，再接全连接层，输出 3 个类别的 logits）；`forward` 的第一步必须是 `to_foreground(x)`。
# 2. 完成 `train(model, images, labels, epochs, lr, batch)`：Adam 优化器、交叉熵损失，每个批次用 A1 的 `augment`（随机 `k` 与 `flip`）；返回每轮的平均损失列表。在 2 个 CPU 核上应在 30 秒内完成。
# 3. 完成 `predict(model, images)`（返回 int64 类别数组）。
# 4. 用 `paddle.jit.save` 导出到 **`models/shape_cls`**（生成 `models/shape_cls.json` 与 `models/shape_cls.pdiparams`），输入规格 `InputSpec([None, 32, 32, 3], "float32", "image")`。
#
# 评分：在隔离环境中加载导出的模型，输入隐藏测试集图像（float32，0–255，[N, 32, 32, 3]），按准确率：≥ 0.95 满分，≥ 0.90 得 70%，≥ 0.80 得 40%。
#
# `to_foreground(x)` is given: it turns float32 [N, 32, 32, 3] (0–255 pixel values) into a "distance from the background colour" map [N, 1, 32, 32], so the network ignores colour.
# 1. Complete the CNN `ShapeNet` (e.g. three 3×3 convolutions + ReLU + 2×2 max pooling, then fully connected layers giving 3 class logits); the first step of `forward` must be `to_foreground(x)`.
# 2. Complete `train(model, images, labels, epochs, lr, batch)`: Adam, cross-entropy, every batch augmented with A1's `augment` (random `k` and `flip`); return the list of mean losses per epoch. It must finish within 30 s on 2 CPU cores.
# 3. Complete `predict(model, images)` (returns an int64 array of classes).
# 4. Export with `paddle.jit.save` to **`models/shape_cls`** (writing `models/shape_cls.json` and `models/shape_cls.pdiparams`) with input spec `InputSpec([None, 32, 32, 3], "float32", "image")`.
#
# Scoring: the exported model is loaded in a sandbox and fed the hidden test images (float32, 0–255, [N, 32, 32, 3]); accuracy ≥ 0.95 full marks, ≥ 0.90 70 %, ≥ 0.80 40 %.

# %%
F = paddle.nn.functional


def to_foreground(x):
    """（已给出 / given）float32 [N, 32, 32, 3] 0..255 -> [N, 1, 32, 32]: distance of each pixel's colour
    from the mean colour of the border pixels."""
    x = paddle.transpose(x, [0, 3, 1, 2]) / 255.0
    border = paddle.concat([x[:, :, 0, :], x[:, :, -1, :], x[:, :, :, 0], x[:, :, :, -1]], axis=2)
    background = paddle.mean(border, axis=2, keepdim=True).unsqueeze(-1)
    return paddle.sqrt(paddle.sum((x - background) ** 2, axis=1, keepdim=True) + 1e-6)


# %% nbgrader={"grade_id": "a2_classifier", "grade": false, "solution": true, "locked": false}
class ShapeNet(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = paddle.nn.Conv2D(1, 16, 3, padding=1)
        self.conv2 = paddle.nn.Conv2D(16, 32, 3, padding=1)
        self.conv3 = paddle.nn.Conv2D(32, 32, 3, padding=1)
        self.fc1 = paddle.nn.Linear(32 * 4 * 4, 64)
        self.fc2 = paddle.nn.Linear(64, 3)
        ### END SOLUTION

    def forward(self, x):
        x = to_foreground(x)
        ### BEGIN SOLUTION
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return self.fc2(F.relu(self.fc1(paddle.flatten(x, 1))))
        ### END SOLUTION


def train(model, images, labels, epochs=4, lr=0.002, batch=32):
    ### BEGIN SOLUTION
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss()
    rng = np.random.default_rng(0)
    losses = []
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(images)), []
        for i in range(0, len(images), batch):
            b = order[i:i + batch]
            xb = augment(images[b], rng.integers(4), rng.random() < 0.5).astype(np.float32)
            loss = loss_fn(model(paddle.to_tensor(xb)), paddle.to_tensor(labels[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total.append(float(loss))
        losses.append(float(np.mean(total)))
    model.eval()
    return losses
    ### END SOLUTION


def predict(model, images):
    ### BEGIN SOLUTION
    model.eval()
    with paddle.no_grad():
        logits = model(paddle.to_tensor(np.asarray(images, dtype=np.float32))).numpy()
    return logits.argmax(axis=1).astype(np.int64)
    ### END SOLUTION


paddle.seed(0)
model = ShapeNet()
losses = train(model, train_x, train_y)
### BEGIN SOLUTION
os.makedirs("models", exist_ok=True)
paddle.jit.save(model, "models/shape_cls",
                input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "image")])
### END SOLUTION
print("losses:", np.round(losses, 3), " validation accuracy:", metrics.accuracy(val_y, predict(model, val_x)))

# %%
# 即时反馈（不计分）/ instant feedback (not scored)
val_pred = predict(model, val_x)
assert os.path.isfile("models/shape_cls.pdiparams"), "models/shape_cls.pdiparams is missing: export with paddle.jit.save"
plots.loss_curve({"train loss": losses});
wrong = np.nonzero(val_pred != val_y)[0]
print(f"validation accuracy {metrics.accuracy(val_y, val_pred):.3f}, {len(wrong)} wrong")
if len(wrong):
    vision.image_grid(val_x[wrong], val_y[wrong], val_pred[wrong], class_names=NAMES, title="分错的验证样本 misclassified");


# %% [markdown] nbgrader={"grade_id": "a3_text", "grade": false, "solution": false, "locked": true}
# ### A3 · 是否适合用机器学习（4 分，人工评分）/ A3 · Is machine learning the right tool? (4 points, scored by examiners)
#
# 对下面三个任务分别判断是否适合用机器学习（深度学习）解决，各用一两句话说明理由（数据、规则是否明确、环境变化、出错代价）：
# (1) 在光照变化的车间里，从相机图像读出零件上印刷的序列号；(2) 根据电子秤读数判断零件是否超过 50 克；(3) 从监控视频中发现进入作业区却没戴安全帽的人员。
#
# For each task, say whether machine learning (deep learning) suits it, with one or two sentences of reasons (data, whether exact rules exist, changing conditions, the cost of errors):
# (1) reading the serial number printed on parts from camera images in a workshop with changing light; (2) deciding from a scale's reading whether a part weighs over 50 g; (3) spotting people without a helmet entering a work area in CCTV video.

# %% [markdown] nbgrader={"grade_id": "a3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_r", "grade": false, "solution": false, "locked": true}
# ## R 部分 · 需求分析（5 分，人工评分）/ Part R · Requirements analysis (5 points, scored by examiners)
#
# 某工厂想在传送带上方装一台相机，清点每个托盘上三种零件（圆形垫片、方形螺母、三角支架）的数量，数量不对的托盘要报警。
# 请写一份简短的需求说明（要点即可）：(1) 选用哪类计算机视觉任务（分类、检测或分割）及理由；(2) 输入与现场条件（相机、分辨率、光照、传送带速度）；
# (3) 输出与接口（每类数量、报警、日志）；(4) 可度量的验收标准（如计数准确率、漏检率、每个托盘的处理时间）；(5) 数据与约束（需要多少标注图像、部署硬件、异常处理）。
#
# A factory wants a camera above a conveyor to count three kinds of parts (round washers, square nuts, triangular brackets) on each tray and to raise an alarm for a tray with wrong counts.
# Write short requirements (bullet points): (1) which CV task (classification, detection or segmentation) and why; (2) inputs and site conditions (camera, resolution, lighting, conveyor speed);
# (3) outputs and interfaces (counts per kind, alarm, logs); (4) measurable acceptance criteria (e.g. count accuracy, miss rate, time per tray); (5) data and constraints (how many labelled images, deployment hardware, handling failures).

# %% [markdown] nbgrader={"grade_id": "r1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（20 分）/ Part B · Design and development (20 points)
#
# 检测流程（`detect.py`）：前景掩码 → 连通域外接框 → 裁剪 → A2 的分类器 → 检测结果。`foreground` 和 `crop` 已给出。
# The detection pipeline (`detect.py`): foreground mask → boxes of connected components → crops → the A2 classifier → detections. `foreground` and `crop` are given.
#
# ### B1 · 框的交并比（5 分）/ B1 · Box IoU (5 points)
#
# 实现 `box_iou(a, b)`：`a` 为 [N, 4]、`b` 为 [M, 4] 的框（x1, y1, x2, y2，连续坐标），返回 float [N, M] 的交并比矩阵；并集面积为 0 时交并比为 0。
# Implement `box_iou(a, b)` for boxes `a` [N, 4] and `b` [M, 4] (x1, y1, x2, y2, continuous coordinates), returning the float [N, M] IoU matrix; the IoU is 0 where the union's area is 0.

# %% nbgrader={"grade_id": "b1_iou", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/cv/cells/box_iou.py


# %% nbgrader={"grade_id": "test_b1_iou", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert np.allclose(box_iou([[0, 0, 2, 2]], [[0, 0, 2, 2], [1, 1, 3, 3], [5, 5, 6, 6]]), [[1.0, 1 / 7, 0.0]])
assert box_iou(np.zeros((3, 4)), np.zeros((2, 4))).shape == (3, 2)
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(41)
_p = _rng.uniform(0, 50, (12, 2)); _a = np.hstack([_p, _p + _rng.uniform(1, 20, (12, 2))])
_q = _rng.uniform(0, 50, (9, 2)); _b = np.hstack([_q, _q + _rng.uniform(1, 20, (9, 2))])
check("iou_random", np.asarray(box_iou(_a, _b), dtype=float), weight=3, tol=1e-6)
check("iou_touching", np.asarray(box_iou([[0, 0, 4, 4]], [[4, 0, 8, 4], [2, 2, 6, 6]]), dtype=float), tol=1e-9)
check("iou_empty_box", np.asarray(box_iou([[3, 3, 3, 3]], [[3, 3, 3, 3], [0, 0, 5, 5]]), dtype=float), tol=1e-9)
check("iou_inside", np.asarray(box_iou([[0, 0, 10, 10]], [[2, 2, 4, 4]]), dtype=float), tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 连通域外接框（5 分）/ B2 · Boxes of connected components (5 points)
#
# 在 **`detect.py`**（第一个代码单元格从 `templates/detect.py` 复制而来）中完成 `boxes_from_mask(mask, min_area=20)`（要求见函数说明：4-连通，像素数 ≥ `min_area`，[x1, y1, x2, y2] 整数，x2、y2 不含，按 (y1, x1) 排序）。
# Complete `boxes_from_mask(mask, min_area=20)` in **`detect.py`** (the first code cell copies it from `templates/detect.py`; see its docstring: 4-connected, at least `min_area` pixels, integer [x1, y1, x2, y2] with x2 and y2 exclusive, sorted by (y1, x1)).

# %% nbgrader={"grade_id": "test_b2_components", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import importlib.util
_spec = importlib.util.spec_from_file_location("detect", "detect.py")
detect = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(detect)  # loads your latest detect.py
_m = np.zeros((8, 10), bool); _m[1:3, 2:7] = True; _m[5:8, 0:2] = True; _m[6, 9] = True
assert detect.boxes_from_mask(_m, min_area=2) == [[2, 1, 7, 3], [0, 5, 2, 8]]
assert detect.boxes_from_mask(_m, min_area=7) == [[2, 1, 7, 3]]
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(42)
for _case in range(3):
    _m = np.zeros((40, 50), bool)
    for _ in range(6):
        _y, _x = _rng.integers(0, 36), _rng.integers(0, 46)
        _m[_y:_y + _rng.integers(1, 9), _x:_x + _rng.integers(1, 9)] = True
    check(f"components_{_case}", [list(map(int, b)) for b in detect.boxes_from_mask(_m, min_area=int(5 + 5 * _case))])
_diag = np.eye(6, dtype=bool); _diag[0, 1] = True
check("components_diagonal", [list(map(int, b)) for b in detect.boxes_from_mask(_diag, min_area=1)])
check("components_none", [list(map(int, b)) for b in detect.boxes_from_mask(np.zeros((5, 5), bool))])
_val_img = np.load("data/shapes/val/images.npy")[:5]
check("components_scene", [[list(map(int, b)) for b in detect.boxes_from_mask(detect.foreground(im))] for im in _val_img], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 检测脚本（10 分）/ B3 · Detection script (10 points)
#
# 在 **`detect.py`** 中完成 `detect(images, model)`（要求见函数说明）。脚本会这样运行：`python detect.py <images.npy> <detections.npy>`，在提交文件夹中运行，读取 A2 导出的 `models/shape_cls`。
# 评分：在隔离环境中对隐藏测试集的 400 张场景运行脚本，按 mAP@0.5（`labkit.metrics.map50`）：≥ 0.78 满分，≥ 0.68 得 70%，≥ 0.50 得 40%。下面的单元格在验证集上运行它并画出结果。
#
# Complete `detect(images, model)` in **`detect.py`** (see its docstring). The script runs as `python detect.py <images.npy> <detections.npy>` in your submission folder and reads `models/shape_cls` exported in A2.
# Scoring: the script runs in a sandbox on the 400 hidden test scenes; mAP@0.5 (`labkit.metrics.map50`) ≥ 0.78 full marks, ≥ 0.68 70 %, ≥ 0.50 40 %. The cell below runs it on the validation split and draws the result.

# %%
# 即时反馈（不计分）/ instant feedback (not scored)
import subprocess
import sys

scenes = np.load(f"{D}/val/images.npy")
val_boxes = np.load(f"{D}/val/boxes.npy")
run = subprocess.run([sys.executable, "detect.py", f"{D}/val/images.npy", "val_detections.npy"],
                     capture_output=True, text=True, timeout=300)
print(run.stdout[-1000:], run.stderr[-1500:] if run.returncode else "")
val_det = np.load("val_detections.npy")
print(f"{len(val_det)} detections, validation mAP@0.5 = {metrics.map50(val_det, val_boxes):.3f}")
vision.show_detections(scenes[0], val_det, val_boxes, image_index=0, title="验证集第 0 张 validation scene 0");


# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（15 分）/ Part C · Testing and verification (15 points)
#
# 不要调用 `labkit.metrics` 或 scikit-learn 完成本部分的函数（可以用它们核对结果）。
# Do not call `labkit.metrics` or scikit-learn inside this part's functions (you may use them to check your results).
#
# ### C1 · 分类指标（6 分）/ C1 · Classification metrics (6 points)
#
# - `accuracy(y_true, y_pred)`：float。
# - `precision_recall(y_true, y_pred, positive)`：把 `positive` 类当作正类，返回 `(precision, recall)`；分母为 0 时该值为 0.0。
#   Treat class `positive` as the positive class and return `(precision, recall)`; a value whose denominator is 0 is 0.0.
# - `confusion_matrix(y_true, y_pred, num_classes)`：int [num_classes, num_classes]，行是真实类别，列是预测类别 / rows are true classes, columns predicted ones。

# %% nbgrader={"grade_id": "c1_metrics", "grade": false, "solution": true, "locked": false}
def accuracy(y_true, y_pred):
    ### BEGIN SOLUTION
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
    ### END SOLUTION


def precision_recall(y_true, y_pred, positive):
    ### BEGIN SOLUTION
    t, p = np.asarray(y_true) == positive, np.asarray(y_pred) == positive
    tp = int(np.sum(t & p))
    return (tp / int(p.sum()) if p.any() else 0.0, tp / int(t.sum()) if t.any() else 0.0)
    ### END SOLUTION


def confusion_matrix(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return cm
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_c1_metrics", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert accuracy([0, 1, 2, 2], [0, 1, 1, 2]) == 0.75
assert precision_recall([0, 1, 1, 0], [1, 1, 0, 0], 1) == (0.5, 0.5)
assert confusion_matrix([0, 1, 2, 2], [0, 1, 1, 2], 3).tolist() == [[1, 0, 0], [0, 1, 0], [0, 1, 1]]
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(51)
_t = _rng.integers(0, 4, 300); _p = np.where(_rng.random(300) < 0.7, _t, _rng.integers(0, 4, 300))
check("accuracy", float(accuracy(_t, _p)), tol=1e-9)
check("precision_recall", [float(v) for c in range(4) for v in precision_recall(_t, _p, c)], weight=2, tol=1e-9)
check("precision_no_positive", [float(v) for v in precision_recall([0, 0, 1], [0, 0, 0], 1)], tol=1e-9)
check("recall_no_positive", [float(v) for v in precision_recall([0, 0, 0], [0, 1, 0], 1)], tol=1e-9)
check("confusion", np.asarray(confusion_matrix(_t, _p, 4)).astype(int).tolist(), weight=2)
check("confusion_missing_class", np.asarray(confusion_matrix([0, 0, 1], [1, 0, 1], 3)).astype(int).tolist())
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 验证分类器（5 分）/ C2 · Verify the classifier (5 points)
#
# 实现 `evaluate_classifier(y_true, y_pred, names, min_recall=0.95)`，返回字典：
# `{"accuracy": float, "recall": {类名: 该类召回率}, "worst_class": 召回率最低的类名（并列取靠前的）, "passed": 是否每一类召回率都 ≥ min_recall}`。
# 然后用它验证 A2 的模型在验证集上的表现（下面的单元格会画出混淆矩阵）。
#
# Implement `evaluate_classifier(y_true, y_pred, names, min_recall=0.95)` returning
# `{"accuracy": float, "recall": {class name: its recall}, "worst_class": the name with the lowest recall (the first one on ties), "passed": whether every class's recall is ≥ min_recall}`.
# Then verify A2's model on the validation split with it (the cell below draws the confusion matrix).

# %% nbgrader={"grade_id": "c2_evaluate", "grade": false, "solution": true, "locked": false}
def evaluate_classifier(y_true, y_pred, names, min_recall=0.95):
    ### BEGIN SOLUTION
    recall = {name: precision_recall(y_true, y_pred, c)[1] for c, name in enumerate(names)}
    worst = min(names, key=lambda n: (recall[n], names.index(n)))
    return {"accuracy": accuracy(y_true, y_pred), "recall": recall, "worst_class": worst,
            "passed": all(r >= min_recall for r in recall.values())}
    ### END SOLUTION


report = evaluate_classifier(val_y, predict(model, val_x), NAMES)
print(json.dumps(report, indent=1))
plots.confusion(val_y, predict(model, val_x), NAMES);

# %% nbgrader={"grade_id": "test_c2_evaluate", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_r = evaluate_classifier([0, 0, 1, 1, 2, 2], [0, 1, 1, 1, 2, 2], ["a", "b", "c"])
assert _r["worst_class"] == "a" and _r["passed"] is False and abs(_r["recall"]["a"] - 0.5) < 1e-9
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(52)
for _case, _noise in enumerate((0.02, 0.3)):
    _t = _rng.integers(0, 3, 200); _p = np.where(_rng.random(200) < _noise, _rng.integers(0, 3, 200), _t)
    _r = evaluate_classifier(_t, _p, ["circle", "square", "triangle"])
    check(f"evaluate_{_case}", {"accuracy": float(_r["accuracy"]), "recall": {k: float(v) for k, v in _r["recall"].items()},
                                "worst_class": str(_r["worst_class"]), "passed": bool(_r["passed"])}, tol=1e-9)
_r = evaluate_classifier([0, 1, 2, 0, 1, 2], [0, 0, 2, 1, 1, 2], ["x", "y", "z"], min_recall=0.5)
check("evaluate_tie", [str(_r["worst_class"]), bool(_r["passed"])])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c3_text", "grade": false, "solution": false, "locked": true}
# ### C3 · 检测的精确率与召回率（4 分）/ C3 · Detection precision and recall (4 points)
#
# 实现 `detection_pr(det, gt, iou_threshold=0.5, score_threshold=0.5)`：`det` [K, 7]（image, class, score, x1, y1, x2, y2），`gt` [M, 6]（image, class, x1, y1, x2, y2）。
# 只保留 score ≥ `score_threshold` 的检测；按 score 从高到低依次处理，每个检测与同一图像、同一类别、尚未匹配的真值框中交并比最大的那个匹配，交并比 ≥ `iou_threshold` 时算一次正确检测（TP）。
# 返回 `(precision, recall)` = (TP / 保留的检测数, TP / 真值框数)，分母为 0 时为 0.0。
#
# Implement `detection_pr(det, gt, iou_threshold=0.5, score_threshold=0.5)` for `det` [K, 7] (image, class, score, x1, y1, x2, y2) and `gt` [M, 6] (image, class, x1, y1, x2, y2).
# Keep the detections scoring ≥ `score_threshold`; take them from the highest score down; each one matches, among the not yet matched ground-truth boxes of the same image and class, the one with the highest IoU, and is a true positive (TP) when that IoU ≥ `iou_threshold`.
# Return `(precision, recall)` = (TP / kept detections, TP / ground-truth boxes), 0.0 where the denominator is 0.

# %% nbgrader={"grade_id": "c3_detection_pr", "grade": false, "solution": true, "locked": false}
def detection_pr(det, gt, iou_threshold=0.5, score_threshold=0.5):
    ### BEGIN SOLUTION
    det = np.asarray(det, dtype=float).reshape(-1, 7)
    gt = np.asarray(gt, dtype=float).reshape(-1, 6)
    det = det[det[:, 2] >= score_threshold]
    det = det[np.argsort(-det[:, 2], kind="stable")]
    used = np.zeros(len(gt), dtype=bool)
    tp = 0
    for d in det:
        cand = np.nonzero((gt[:, 0] == d[0]) & (gt[:, 1] == d[1]) & ~used)[0]
        if len(cand) == 0:
            continue
        ious = box_iou(d[3:7], gt[cand, 2:6])[0]
        j = int(np.argmax(ious))
        if ious[j] >= iou_threshold:
            used[cand[j]] = True
            tp += 1
    return (tp / len(det) if len(det) else 0.0, tp / len(gt) if len(gt) else 0.0)
    ### END SOLUTION


print("validation detection precision, recall:", detection_pr(val_det, val_boxes))

# %% nbgrader={"grade_id": "test_c3_detection_pr", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_gt = np.array([[0, 1, 0, 0, 10, 10], [0, 2, 20, 20, 30, 30], [1, 1, 0, 0, 10, 10]])
_det = np.array([[0, 1, 0.9, 1, 1, 10, 10], [0, 1, 0.8, 0, 0, 10, 10], [1, 3, 0.9, 0, 0, 10, 10], [0, 2, 0.3, 20, 20, 30, 30]])
assert np.allclose(detection_pr(_det, _gt), (1 / 3, 1 / 3))
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(53)
_gt = np.load("data/shapes/val/boxes.npy")[:120].astype(float)
_keep = _rng.random(len(_gt)) < 0.85
_jit = _gt[_keep, 2:] + _rng.normal(0, 2.0, (_keep.sum(), 4))
_cls = np.where(_rng.random(_keep.sum()) < 0.9, _gt[_keep, 1], _rng.integers(1, 4, _keep.sum()))
_det = np.column_stack([_gt[_keep, 0], _cls, _rng.random(_keep.sum()), _jit])
_fp = np.column_stack([_rng.integers(0, 30, 15), _rng.integers(1, 4, 15), _rng.random(15), _rng.uniform(0, 40, (15, 2)),
                       _rng.uniform(45, 64, (15, 2))])
_all = np.vstack([_det, _fp])
for _i, (_iou, _s) in enumerate([(0.5, 0.5), (0.5, 0.0), (0.75, 0.2), (0.3, 0.9)]):
    check(f"detection_pr_{_i}", [float(v) for v in detection_pr(_all, _gt, _iou, _s)], tol=1e-9)
check("detection_pr_empty", [float(v) for v in detection_pr(np.zeros((0, 7)), _gt)], tol=1e-9)
check("detection_pr_duplicate", [float(v) for v in detection_pr(np.array([[0, 1, 0.9, 0, 0, 10, 10], [0, 1, 0.8, 0, 0, 10, 10]]),
                                                                   np.array([[0, 1, 0, 0, 10, 10]]))], tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（20 分）/ Part D · Delivery (20 points)
#
# ### D1 · 转换为 ONNX（8 分）/ D1 · Convert to ONNX (8 points)
#
# 用 paddle2onnx 把 A2 导出的 `models/shape_cls` 转换为 **`models/shape_cls.onnx`**（opset 13；本环境离线，请加 `--optimize_tool None`）。命令行示例：
# Convert A2's `models/shape_cls` to **`models/shape_cls.onnx`** with paddle2onnx (opset 13; this environment is offline, so pass `--optimize_tool None`). On the command line:
#
# `paddle2onnx --model_dir models --model_filename shape_cls.json --params_filename shape_cls.pdiparams --save_file models/shape_cls.onnx --opset_version 13 --optimize_tool None`
#
# 评分：在隔离环境中用 ONNX Runtime 加载该文件，对隐藏测试集按准确率评分（阈值同 A2）。
# Scoring: the file is loaded with ONNX Runtime in a sandbox and scored by accuracy on the hidden test set (thresholds as in A2).

# %% nbgrader={"grade_id": "d1_convert", "grade": false, "solution": true, "locked": false}
import subprocess
import sys

### BEGIN SOLUTION
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models",
                       "--model_filename", "shape_cls.json", "--params_filename", "shape_cls.pdiparams",
                       "--save_file", "models/shape_cls.onnx", "--opset_version", "13", "--optimize_tool", "None"],
                      capture_output=True, text=True, timeout=300)
print(conv.stdout[-600:], conv.stderr[-600:] if conv.returncode else "")
### END SOLUTION
print("models/shape_cls.onnx exists:", os.path.isfile("models/shape_cls.onnx"))

# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · 用 ONNX Runtime 推理并核对（4 分）/ D2 · Run with ONNX Runtime and check (4 points)
#
# 实现 `onnx_predict(path, images)`：用 `onnxruntime.InferenceSession`（CPUExecutionProvider）加载 `path`，把 `images` 转为 float32 作为第一个输入，返回第一个输出（logits，float32 [N, 3]）。
# 下面的单元格比较 ONNX 与 Paddle 的输出：最大绝对误差应小于 1e-4，类别应完全一致。
#
# Implement `onnx_predict(path, images)`: load `path` with `onnxruntime.InferenceSession` (CPUExecutionProvider), feed `images` as float32 to the first input and return the first output (logits, float32 [N, 3]).
# The cell below compares ONNX's outputs with Paddle's: the largest absolute difference should be under 1e-4 and the classes identical.

# %% nbgrader={"grade_id": "d2_onnx", "grade": false, "solution": true, "locked": false}
import onnxruntime as ort

ort.set_default_logger_severity(3)


# %include ../../_shared/cv/cells/onnx_predict.py


with paddle.no_grad():
    paddle_logits = model(paddle.to_tensor(val_x.astype(np.float32))).numpy()
onnx_logits = onnx_predict("models/shape_cls.onnx", val_x)
print("max |onnx - paddle| =", float(np.abs(onnx_logits - paddle_logits).max()),
      " same classes:", bool((onnx_logits.argmax(1) == paddle_logits.argmax(1)).all()))

# %% nbgrader={"grade_id": "test_d2_onnx", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert onnx_predict("models/shape_cls.onnx", val_x[:4]).shape == (4, 3)
### BEGIN HIDDEN TESTS
_hx = np.load(f"/run/practicum/hidden/shapes/single_images.npy")[:200]
_o = onnx_predict("models/shape_cls.onnx", _hx)
with paddle.no_grad():
    _pl = model(paddle.to_tensor(_hx.astype(np.float32))).numpy()
check("onnx_shape", [list(np.shape(_o)), str(np.asarray(_o).dtype)])
check("onnx_matches_paddle", bool(np.abs(np.asarray(_o) - _pl).max() < 1e-3))
check("onnx_same_classes", bool((np.asarray(_o).argmax(1) == _pl.argmax(1)).all()))
check("deployed_model_logits", np.asarray(onnx_predict("deployed/models/v2/shape_cls.onnx", _hx[:20]), dtype=float), tol=1e-4)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · 交付与安装说明（8 分，人工评分）/ D3 · Delivery and installation note (8 points, scored by examiners)
#
# 要把这个形状分类模型（ONNX）交付到工厂的一台边缘计算盒子上。写一份简短的交付说明，包括：
# (1) 交付清单：文件、版本、校验值；(2) 安装步骤与运行环境（Python、ONNX Runtime 版本等）及安装后的检查；
# (3) 接口说明：输入格式（dtype、形状、取值范围、颜色通道顺序）和输出含义（类别顺序）；(4) 现场验收测试与回退办法。
#
# The shape classifier (ONNX) is to be delivered to an edge box in the factory. Write a short delivery note with:
# (1) the delivery list: files, versions, checksums; (2) installation steps and runtime environment (Python, ONNX Runtime version, ...) and the checks after installing;
# (3) the interface: input format (dtype, shape, value range, channel order) and what the output means (class order); (4) the on-site acceptance test and how to roll back.

# %% [markdown] nbgrader={"grade_id": "d3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 运维（25 分）/ Part E · Operations (25 points)
#
# `deployed/` 是工厂里正在运行的“形状计数”产品的一份拷贝：
# `deployed/` is a copy of the shape-counter product running in the factory:
#
# - `manifest.json`：每个模型版本（`v1`、`v2`）的文件及其 `sha256`、运行环境 / the files of each model version with their `sha256`, the runtime;
# - `config.json`：`active_version`（在用版本）、`previous_version`、`canary_version`（灰度版本，10:00 起接收约 20% 的请求 / takes about 20 % of requests from 10:00）；
# - `models/v1/`、`models/v2/`：ONNX 模型和类别表 / ONNX models and class lists；
# - `logs/inference.jsonl`：每行一个请求的 JSON / one JSON request per line：`ts`（"YYYY-MM-DD HH:MM:SS.mmm"）、`model_version`、`latency_ms`、`status`（"ok" 或 "error"）、`error`……服务崩溃时个别行不完整 / a few lines were cut short by a crash.
#
# 评分时还会用另外两个现场的同类文件夹检查你的函数。下面的 `read_log` 已给出（跳过不完整的行）。
# Grading also runs your functions on the folders of two other sites. `read_log` below is given (it skips the broken lines).

# %%
import hashlib
import shutil
import tempfile
from pathlib import Path


# %include ../../_shared/operations/cells/read_log.py


records = read_log("deployed/logs/inference.jsonl")
print(len(records), "records; first:", records[0])


# %% [markdown] nbgrader={"grade_id": "e1_text", "grade": false, "solution": false, "locked": true}
# ### E1 · 延迟 P95（4 分）/ E1 · Latency p95 (4 points)
#
# `p95_latency(records, version=None)`：只看 `status == "ok"` 的记录（`version` 不为 None 时只看该版本），返回 `latency_ms` 的第 95 百分位数（`np.percentile` 默认的线性插值），float。
# `p95_latency(records, version=None)`: over the records with `status == "ok"` (of that `model_version` only, unless `version` is None), the 95th percentile of `latency_ms` (`np.percentile`'s default linear interpolation), a float.

# %% nbgrader={"grade_id": "e1_p95", "grade": false, "solution": true, "locked": false}
def p95_latency(records, version=None):
    ### BEGIN SOLUTION
    lat = [r["latency_ms"] for r in records
           if r.get("status") == "ok" and (version is None or r.get("model_version") == version)]
    return float(np.percentile(lat, 95))
    ### END SOLUTION


print("p95 all / v1 / v2:", p95_latency(records), p95_latency(records, "v1"), p95_latency(records, "v2"))

# %% nbgrader={"grade_id": "test_e1_p95", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(p95_latency([{"status": "ok", "latency_ms": float(v), "model_version": "v1"} for v in range(1, 101)]) - 95.05) < 1e-9
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    _rec = read_log(f"/run/practicum/hidden/{_site}/logs/inference.jsonl")
    check(f"p95_{_site}", [float(p95_latency(_rec)), float(p95_latency(_rec, "v1")), float(p95_latency(_rec, "v2"))], weight=2, tol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 每小时错误率（4 分）/ E2 · Error rate per hour (4 points)
#
# `error_rate_per_hour(records)`：按 `ts` 的前 13 个字符（"YYYY-MM-DD HH"）分组，返回字典 {小时: 该小时 `status != "ok"` 的请求数 / 该小时请求总数}（所有版本）。然后找出错误率最高的小时。
# `error_rate_per_hour(records)`: group by the first 13 characters of `ts` ("YYYY-MM-DD HH") and return {hour: requests with `status != "ok"` / all requests in that hour} (all versions). Then find the worst hour.

# %% nbgrader={"grade_id": "e2_errors", "grade": false, "solution": true, "locked": false}
def error_rate_per_hour(records):
    ### BEGIN SOLUTION
    total, errors = {}, {}
    for r in records:
        hour = r["ts"][:13]
        total[hour] = total.get(hour, 0) + 1
        errors[hour] = errors.get(hour, 0) + (r.get("status") != "ok")
    return {h: errors[h] / total[h] for h in sorted(total)}
    ### END SOLUTION


rates = error_rate_per_hour(records)
print({h: round(v, 3) for h, v in rates.items()}, " worst hour:", max(rates, key=rates.get))

# %% nbgrader={"grade_id": "test_e2_errors", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert error_rate_per_hour([{"ts": "2026-01-01 08:00:01.000", "status": "ok"},
                            {"ts": "2026-01-01 08:59:59.000", "status": "error"}]) == {"2026-01-01 08": 0.5}
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    _rates = error_rate_per_hour(read_log(f"/run/practicum/hidden/{_site}/logs/inference.jsonl"))
    check(f"error_rate_{_site}", {str(k): float(v) for k, v in _rates.items()}, weight=2, tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e3_text", "grade": false, "solution": false, "locked": true}
# ### E3 · 模型文件校验（4 分）/ E3 · Model file checksums (4 points)
#
# `checksum_mismatches(folder)`：对 `manifest.json` 中所有版本列出的每个文件（路径相对于 `folder`），计算其 sha256；返回文件缺失或校验值不符的路径列表（升序）。
# `checksum_mismatches(folder)`: for every file listed under any version in `manifest.json` (paths relative to `folder`), compute its sha256; return the sorted list of paths whose file is missing or whose checksum differs.

# %% nbgrader={"grade_id": "e3_checksums", "grade": false, "solution": true, "locked": false}
def checksum_mismatches(folder):
    ### BEGIN SOLUTION
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    bad = []
    for version in manifest["versions"].values():
        for rel, info in version["files"].items():
            path = folder / rel
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != info["sha256"]:
                bad.append(rel)
    return sorted(bad)
    ### END SOLUTION


print("mismatches:", checksum_mismatches("deployed"))

# %% nbgrader={"grade_id": "test_e3_checksums", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert isinstance(checksum_mismatches("deployed"), list)
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    check(f"checksums_{_site}", [str(p) for p in checksum_mismatches(f"/run/practicum/hidden/{_site}")], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e4_text", "grade": false, "solution": false, "locked": true}
# ### E4 · 升级还是回退（7 分）/ E4 · Upgrade or roll back (7 points)
#
# 1. `release_decision(folder, new="v2", old="v1")`：只用日志中从 `new` 版本的第一条记录（按 `ts`）起的记录，检查三项，按此顺序列出不合格项：
#    - `"checksum"`：`new` 版本在 manifest 中的文件有任何一个缺失或校验值不符；
#    - `"error_rate"`：`new` 的错误率 > `old` 的错误率 + 0.01（错误率 = `status != "ok"` 的记录数 / 该版本记录数）；
#    - `"latency"`：`new` 的 P95 延迟 > 1.2 × `old` 的 P95 延迟（同 E1，只看 ok 记录）。
#    返回 `{"decision": "upgrade" 或 "rollback"（有不合格项时）, "failed": [不合格项]}`。
# 2. `switch_version(config_path, version)`：读 `config.json`，若 `version` 不是当前 `active_version`，则把 `previous_version` 设为原 `active_version`，`active_version` 设为 `version`，`canary_version` 设为 null；写回文件（JSON）并返回新的字典。回退就是 `switch_version(path, config["previous_version"])`。
#
# 1. `release_decision(folder, new="v2", old="v1")`: using only the log records from the first record of version `new` on (by `ts`), check three things and list the failed ones in this order:
#    - `"checksum"`: any of `new`'s files in the manifest is missing or has another checksum;
#    - `"error_rate"`: `new`'s error rate > `old`'s error rate + 0.01 (error rate = records with `status != "ok"` / that version's records);
#    - `"latency"`: `new`'s p95 latency > 1.2 × `old`'s (as in E1, ok records only).
#    Return `{"decision": "upgrade", or "rollback" when anything failed, "failed": [failed checks]}`.
# 2. `switch_version(config_path, version)`: read `config.json`; unless `version` is already the `active_version`, set `previous_version` to the old `active_version`, `active_version` to `version` and `canary_version` to null; write the file back (JSON) and return the new dict. A rollback is `switch_version(path, config["previous_version"])`.

# %% nbgrader={"grade_id": "e4_release", "grade": false, "solution": true, "locked": false}
def release_decision(folder, new="v2", old="v1"):
    ### BEGIN SOLUTION
    folder = Path(folder)
    recs = read_log(folder / "logs" / "inference.jsonl")
    start = min(r["ts"] for r in recs if r.get("model_version") == new)
    period = [r for r in recs if r["ts"] >= start]

    def error_rate(v):
        mine = [r for r in period if r.get("model_version") == v]
        return sum(r.get("status") != "ok" for r in mine) / len(mine)

    manifest = json.loads((folder / "manifest.json").read_text())
    failed = []
    if set(checksum_mismatches(folder)) & set(manifest["versions"][new]["files"]):
        failed.append("checksum")
    if error_rate(new) > error_rate(old) + 0.01:
        failed.append("error_rate")
    if p95_latency(period, new) > 1.2 * p95_latency(period, old):
        failed.append("latency")
    return {"decision": "rollback" if failed else "upgrade", "failed": failed}
    ### END SOLUTION


# %include ../../_shared/operations/cells/switch_version.py


decision = release_decision("deployed")
print(decision)

# %% nbgrader={"grade_id": "test_e4_release", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert release_decision("deployed")["decision"] in ("upgrade", "rollback")
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    _d = release_decision(f"/run/practicum/hidden/{_site}")
    check(f"decision_{_site}", {"decision": str(_d["decision"]), "failed": [str(x) for x in _d["failed"]]}, weight=2)
check("decision_public", {"decision": str(release_decision("deployed")["decision"])})
with tempfile.TemporaryDirectory() as _tmp:
    _cfg = Path(_tmp) / "config.json"
    shutil.copy(f"/run/practicum/hidden/deployed_b/config.json", _cfg)
    _up = switch_version(_cfg, "v2")
    _back = switch_version(_cfg, _up["previous_version"])
    _same = switch_version(_cfg, _back["active_version"])
    check("switch_version", [dict(_up), dict(_back), dict(_same), json.loads(_cfg.read_text())], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e5_text", "grade": false, "solution": false, "locked": true}
# ### E5 · 日常巡检清单（6 分，人工评分）/ E5 · Daily inspection checklist (6 points, scored by examiners)
#
# 为这个产品写一份日常巡检清单（6–10 条）：每条写明检查什么、怎样检查（命令或文件）、正常范围或阈值、超出时怎么处理。
# 应覆盖：服务与相机是否在线、延迟与错误率、模型文件完整性与版本、磁盘与日志、识别效果抽检。
#
# Write a daily inspection checklist for this product (6–10 items): for each, what to check, how (command or file), the normal range or threshold, and what to do when it is out of range.
# Cover: service and camera up, latency and error rate, model file integrity and version, disk and logs, spot checks of the recognition quality.

# %% [markdown] nbgrader={"grade_id": "e5_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
