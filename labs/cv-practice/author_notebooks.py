"""Writes the notebooks of the CV practice lab and its templates (run: .venv/bin/python labs/cv-practice/author_notebooks.py).

source/practice/README.ipynb is the front page; 01..04 are one exercise each with instant feedback
(visible asserts, validation metrics, labkit.plots / labkit.vision pictures). Graded on submission
(exam.yaml): test cells against the reference on hidden cases, the exported Paddle and ONNX models
on the hidden split, detect.py (mAP@0.5) and segment.py (mIoU) on the hidden scenes.
templates/detect.py and templates/segment.py are solution/*.py with the solution regions replaced;
the notebooks copy them to detect.py / segment.py once (a released detect.py would be restored over
the learner's own before grading: provided files are input).
"""

import re
from pathlib import Path

from practicum.authoring.notebook import FALLBACK, code, solution, test, text, write

HERE = Path(__file__).parent
SRC = HERE / "source" / "practice"
HIDDEN = "/run/practicum/hidden"
GRADING_NOTE = "os.environ.get(\"PRACTICUM_GRADING\") != \"1\""  # heavy demos are skipped when graded

README = """
# 计算机视觉 · 练习实验 / Computer vision · practice lab

这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示（断言、验证集指标和图）。
This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun every
exercise as often as you like; the feedback is instant (asserts, validation metrics and pictures).

数据：`data/shapes/` 中的合成图像（圆、方、三角），`train/` 训练，`val/` 验证；评分用的测试集不公开。
Data: synthetic images of circles, squares and triangles in `data/shapes/`: `train/` for training, `val/` for validation; the test split used for grading is hidden.

| 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
|---|---|---|
| [01 · 分类 / classification](01_classify.ipynb) | 指标、预处理与数据增强、训练 CNN、导出 / metrics, preprocessing and augmentation, a CNN, export | `01_classify.ipynb`, `models/shape_cls.json` + `.pdiparams` |
| [02 · 检测 / detection](02_detect.ipynb) | IoU、AP、检测流程、PR 曲线 / IoU, AP, a detection pipeline, PR curves | `02_detect.ipynb`, `detect.py` |
| [03 · 分割 / segmentation](03_segment.ipynb) | mIoU、逐像素分割 / mIoU, per-pixel segmentation | `03_segment.ipynb`, `segment.py` |
| [04 · 部署 / deployment](04_deploy.ipynb) | paddle2onnx、ONNX Runtime、一致性与延迟 / paddle2onnx, ONNX Runtime, agreement and latency | `04_deploy.ipynb`, `models/shape_cls.onnx` |

按顺序做：02–04 会用到 01 导出的模型。/ Work in order: 02–04 use the model exported in 01.

## 怎样得到反馈 / How the feedback works

- 每个练习的单元格里有**可见断言**：通过时不输出，不通过时给出原因。/ **Visible asserts** in each exercise: silent when they pass, a reason when they fail.
- **验证集指标**：准确率、mAP@0.5、mIoU 与评分时使用的是同一套实现（`labkit.metrics`）。/ **Validation metrics**: accuracy, mAP@0.5 and mIoU come from the same implementation the grader uses (`labkit.metrics`).
- **图**：`labkit.plots`（损失曲线、混淆矩阵）和 `labkit.vision`（检测框、掩码、PR 曲线、分错的样本）。/ **Pictures**: `labkit.plots` (loss curves, confusion matrices) and `labkit.vision` (boxes, masks, PR curves, misclassified samples).

```python
from labkit import metrics, plots, vision
metrics.map50(detections, boxes); metrics.miou(masks, predicted, 4)
plots.loss_curve({"train loss": losses, "val acc": accs}); plots.confusion(y_true, y_pred, names)
vision.show_detections(image, detections, boxes, image_index=0); vision.show_masks(image, mask, predicted)
vision.image_grid(images, labels, predictions); vision.detection_pr_curve(detections, boxes)
```

在行末加 `;` 可避免图显示两次。/ End a line with `;` so a picture shows once.

## 提交后怎样评分 / What is graded when you submit

| 内容 Item | 分值 Points | 怎样评分 How |
|---|---|---|
| 01 指标函数 / metric functions | 10 | 隐藏用例，与参考答案比较 / hidden cases, compared with the reference |
| 01 `models/shape_cls` | 15 | 隐藏测试集准确率 / accuracy on the hidden split（≥ 0.95 满分 full） |
| 02 `box_iou` | 10 | 隐藏用例 / hidden cases |
| 02 `average_precision` | 10 | 隐藏用例 / hidden cases |
| 02 `detect.py` | 15 | 隐藏场景 mAP@0.5 / on hidden scenes（≥ 0.78 满分 full） |
| 03 `mean_iou` | 10 | 隐藏用例 / hidden cases |
| 03 `segment.py` | 10 | 隐藏场景 mIoU / on hidden scenes（≥ 0.75 满分 full） |
| 04 `models/shape_cls.onnx` | 10 | 隐藏测试集准确率 / accuracy on the hidden split |
| 04 `onnx_predict` | 10 | 与 Paddle 输出一致 / agrees with Paddle's outputs |

文件名不要改动。/ Keep the file names as they are.
"""

SETUP = """
import json
import os
import shutil
import time

import numpy as np
import paddle
from labkit import metrics, plots, vision

paddle.seed(0)
D = "data/shapes"
NAMES = ["circle", "square", "triangle"]
for _name in ("detect.py", "segment.py"):  # 模板只复制一次 / the templates are copied once, never overwritten
    if not os.path.exists(_name):
        shutil.copy(f"templates/{_name}", _name)
"""

LOAD_MODULE = """
import importlib.util


def load_module(name):
    \"\"\"（已给出 / given）loads your latest <name>.py (after every edit, run this again).\"\"\"
    spec = importlib.util.spec_from_file_location(name, f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
"""

# ------------------------------------------------------------------ 01 classification

C01_INTRO = """
# 练习 01 · 形状分类 / Exercise 01 · Shape classification

目标：实现分类指标；看清预处理和数据增强对小数据集的作用；用 PaddlePaddle 训练一个 CNN，并用 `paddle.jit.save` 导出。
Goals: implement classification metrics; see what preprocessing and augmentation do on a small data set; train a CNN with PaddlePaddle and export it with `paddle.jit.save`.
"""

C01_DATA = """
train_x = np.load(f"{D}/train/single_images.npy")   # (1200, 32, 32, 3) uint8
train_y = np.load(f"{D}/train/single_labels.npy")   # (1200,) int64
val_x = np.load(f"{D}/val/single_images.npy")
val_y = np.load(f"{D}/val/single_labels.npy")
print(train_x.shape, val_x.shape, np.bincount(train_y))
vision.image_grid(train_x[:24], train_y[:24], class_names=NAMES, title="训练样本 training samples");
"""

C01_METRICS_TEXT = """
## 1.1 分类指标 / Classification metrics

实现（不要调用 `labkit.metrics` 或 scikit-learn）：/ Implement (without calling `labkit.metrics` or scikit-learn):
- `accuracy(y_true, y_pred)` → float；
- `confusion_matrix(y_true, y_pred, num_classes)` → int [C, C]，行为真实类别、列为预测类别 / rows true, columns predicted；
- `per_class_recall(y_true, y_pred, num_classes)` → float [C]，某类没有样本时为 0.0 / 0.0 for a class with no samples；
- `per_class_precision(y_true, y_pred, num_classes)` → float [C]，某类从未被预测时为 0.0 / 0.0 for a class never predicted。

提示：召回率和精确率都可以从混淆矩阵算出。/ Hint: both follow from the confusion matrix.
"""

C01_METRICS = """
def accuracy(y_true, y_pred):
    ### BEGIN SOLUTION
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))
    ### END SOLUTION


def confusion_matrix(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    cm = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(y_true, dtype=int), np.asarray(y_pred, dtype=int)), 1)
    return cm
    ### END SOLUTION


def per_class_recall(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    cm = confusion_matrix(y_true, y_pred, num_classes).astype(float)
    support = cm.sum(axis=1)
    return np.divide(np.diag(cm), support, out=np.zeros(num_classes), where=support > 0)
    ### END SOLUTION


def per_class_precision(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    cm = confusion_matrix(y_true, y_pred, num_classes).astype(float)
    predicted = cm.sum(axis=0)
    return np.divide(np.diag(cm), predicted, out=np.zeros(num_classes), where=predicted > 0)
    ### END SOLUTION
"""

C01_METRICS_TEST = FALLBACK + """
# 即时反馈：与 labkit.metrics（评分用的实现）比较 / instant feedback: compared with labkit.metrics (the grader's)
_rng = np.random.default_rng(0)
_t = _rng.integers(0, 3, 100); _p = np.where(_rng.random(100) < 0.8, _t, _rng.integers(0, 3, 100))
assert abs(accuracy(_t, _p) - metrics.accuracy(_t, _p)) < 1e-12, "accuracy differs from labkit.metrics.accuracy"
assert np.array_equal(confusion_matrix(_t, _p, 3), metrics.confusion_matrix(_t, _p, 3)), "confusion matrix differs"
assert np.allclose(per_class_recall(_t, _p, 3), [metrics.recall(_t == c, _p == c) for c in range(3)]), "recall differs"
assert np.allclose(per_class_precision(_t, _p, 3), [metrics.precision(_t == c, _p == c) for c in range(3)]), "precision differs"
assert list(per_class_recall([0, 0], [0, 1], 3)) == [0.5, 0.0, 0.0], "a class without samples has recall 0.0"
print("1.1 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(101)
_t = _rng.integers(0, 5, 400); _p = np.where(_rng.random(400) < 0.6, _t, _rng.integers(0, 5, 400))
check("accuracy", float(accuracy(_t, _p)), tol=1e-9)
check("confusion", np.asarray(confusion_matrix(_t, _p, 5)).astype(int).tolist(), weight=2)
check("recall", np.asarray(per_class_recall(_t, _p, 5), dtype=float), weight=2, tol=1e-9)
check("precision", np.asarray(per_class_precision(_t, _p, 5), dtype=float), weight=2, tol=1e-9)
check("empty_classes", [np.asarray(per_class_recall([1, 1, 2], [1, 2, 2], 4), dtype=float).tolist(),
                        np.asarray(per_class_precision([1, 1, 2], [1, 2, 2], 4), dtype=float).tolist()], tol=1e-9)
### END HIDDEN TESTS
"""

C01_BASELINE_TEXT = """
## 1.2 基线：直接用 RGB 像素训练 / Baseline: a CNN on raw RGB pixels

下面的基线网络直接读 RGB 像素（已给出，运行约 10 秒）。看看验证集准确率和混淆矩阵：形状的颜色、背景的纹理都是随机的，小数据集上网络很难学到“形状”。
The baseline below reads raw RGB pixels (given, about 10 s). Look at its validation accuracy and confusion matrix: colours and background textures are random, and on a small data set the network struggles to learn "shape".
"""

C01_BASELINE = f"""
F = paddle.nn.functional


class RGBNet(paddle.nn.Layer):
    def __init__(self, channels=3):
        super().__init__()
        self.conv1 = paddle.nn.Conv2D(channels, 16, 3, padding=1)
        self.conv2 = paddle.nn.Conv2D(16, 32, 3, padding=1)
        self.conv3 = paddle.nn.Conv2D(32, 32, 3, padding=1)
        self.fc1 = paddle.nn.Linear(32 * 4 * 4, 64)
        self.fc2 = paddle.nn.Linear(64, 3)

    def features(self, x):
        return paddle.transpose(x, [0, 3, 1, 2]) / 255.0 - 0.5

    def forward(self, x):
        x = self.features(x)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return self.fc2(F.relu(self.fc1(paddle.flatten(x, 1))))


def fit(model, images, labels, epochs=4, lr=0.002, batch=32, augment_fn=None, val=None):
    \"\"\"（已给出 / given）Adam + cross-entropy; returns {{"train loss": [...], "val acc": [...]}} per epoch.\"\"\"
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss()
    rng = np.random.default_rng(0)
    history = {{"train loss": [], "val acc": []}}
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(images)), []
        for i in range(0, len(images), batch):
            b = order[i:i + batch]
            xb = images[b] if augment_fn is None else augment_fn(images[b], rng)
            loss = loss_fn(model(paddle.to_tensor(np.asarray(xb, dtype=np.float32))), paddle.to_tensor(labels[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total.append(float(loss))
        history["train loss"].append(float(np.mean(total)))
        if val is not None:
            history["val acc"].append(metrics.accuracy(val[1], predict(model, val[0])))
    model.eval()
    return history


def predict(model, images):
    model.eval()
    with paddle.no_grad():
        return model(paddle.to_tensor(np.asarray(images, dtype=np.float32))).numpy().argmax(axis=1)


if {GRADING_NOTE}:  # 评分时跳过这个演示 / skipped when graded
    paddle.seed(0)
    baseline = RGBNet()
    started = time.time()
    base_history = fit(baseline, train_x, train_y, val=(val_x, val_y))
    print(f"baseline: {{time.time() - started:.1f}} s, validation accuracy {{base_history['val acc'][-1]:.3f}}")
    plots.loss_curve(base_history, title="基线 baseline (RGB)");
    plots.confusion(val_y, predict(baseline, val_x), NAMES, title="基线 baseline");
"""

C01_IMPROVE_TEXT = """
## 1.3 预处理 + 数据增强 / Preprocessing + augmentation

1. `to_foreground(x)`（已给出）把图像变成“与背景颜色的距离”，去掉颜色的影响。
   `to_foreground(x)` (given) turns an image into its "distance from the background colour", removing colour.
2. 实现 `augment(images, rng)`：每个批次随机旋转 0/90/180/270°（`np.rot90`，H、W 两轴），并以 0.5 的概率左右镜像；形状的类别不变。
   Implement `augment(images, rng)`: rotate the batch by a random 0/90/180/270° (`np.rot90` over H and W) and mirror it left-right with probability 0.5; a shape's class does not change.
3. 用 `ShapeNet`（`RGBNet` 的结构，但先做 `to_foreground`，输入 1 个通道）训练，比较验证集准确率，然后导出到 **`models/shape_cls`**：
   Train `ShapeNet` (`RGBNet`'s layers, but `to_foreground` first, with 1 input channel), compare the validation accuracy, then export to **`models/shape_cls`**:
   `paddle.jit.save(model, "models/shape_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "image")])`。

评分：导出的模型在隐藏测试集上的准确率 ≥ 0.95 满分，≥ 0.90 得 70%，≥ 0.80 得 40%。
Graded: the exported model's accuracy on the hidden test set, ≥ 0.95 full, ≥ 0.90 70 %, ≥ 0.80 40 %.
"""

C01_IMPROVE = """
def to_foreground(x):
    \"\"\"（已给出 / given）float32 [N, 32, 32, 3] 0..255 -> [N, 1, 32, 32]: distance of each pixel's colour from the
    mean colour of the border pixels.\"\"\"
    x = paddle.transpose(x, [0, 3, 1, 2]) / 255.0
    border = paddle.concat([x[:, :, 0, :], x[:, :, -1, :], x[:, :, :, 0], x[:, :, :, -1]], axis=2)
    background = paddle.mean(border, axis=2, keepdim=True).unsqueeze(-1)
    return paddle.sqrt(paddle.sum((x - background) ** 2, axis=1, keepdim=True) + 1e-6)


class ShapeNet(RGBNet):
    def __init__(self):
        super().__init__(channels=1)

    def features(self, x):
        return to_foreground(x)


def augment(images, rng):
    ### BEGIN SOLUTION
    out = np.rot90(images, int(rng.integers(4)), axes=(1, 2))
    if rng.random() < 0.5:
        out = out[:, :, ::-1]
    return np.ascontiguousarray(out)
    ### END SOLUTION


paddle.seed(0)
model = ShapeNet()
started = time.time()
history = fit(model, train_x, train_y, augment_fn=augment, val=(val_x, val_y))
print(f"ShapeNet: {time.time() - started:.1f} s, validation accuracy {history['val acc'][-1]:.3f}")
### BEGIN SOLUTION
os.makedirs("models", exist_ok=True)
paddle.jit.save(model, "models/shape_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "image")])
### END SOLUTION
"""

C01_FEEDBACK = """
# 即时反馈 / instant feedback
_x = np.arange(2 * 3 * 4 * 1).reshape(2, 3, 4, 1)
_shapes = {augment(_x, np.random.default_rng(s)).shape for s in range(20)}
assert _shapes == {(2, 3, 4, 1), (2, 4, 3, 1)}, "augment should give both orientations over several calls"
assert os.path.isfile("models/shape_cls.pdiparams"), "export the model with paddle.jit.save to models/shape_cls"
val_pred = predict(model, val_x)
assert metrics.accuracy(val_y, val_pred) >= 0.9, "validation accuracy under 0.9: more epochs? a higher learning rate?"
plots.loss_curve(history, title="ShapeNet");
plots.confusion(val_y, val_pred, NAMES);
wrong = np.nonzero(val_pred != val_y)[0]
print(f"{len(wrong)} misclassified; recall per class:",
      {n: round(float(r), 3) for n, r in zip(NAMES, per_class_recall(val_y, val_pred, 3))})
if len(wrong):
    vision.image_grid(val_x[wrong], val_y[wrong], val_pred[wrong], class_names=NAMES, title="分错的样本 misclassified");
"""

C01_MORE = """
## 1.4 自己试试（不计分）/ Try it yourself (not graded)

- 去掉数据增强，或只训练 1–2 轮，验证集准确率怎样变化？/ Drop the augmentation, or train for 1–2 epochs only: what happens to the validation accuracy?
- `RGBNet` 训练更多轮（例如 15 轮）能追上 `ShapeNet` 吗？代价是什么？/ Does `RGBNet` catch up with more epochs (say 15)? At what cost?
- 在 `fit` 里记录每轮用时，画出“准确率–训练时间”。/ Record each epoch's time in `fit` and plot accuracy against training time.
"""

# ------------------------------------------------------------------ 02 detection

C02_INTRO = """
# 练习 02 · 目标检测 / Exercise 02 · Object detection

目标：交并比（IoU）、平均精度（AP / mAP@0.5）、一个“前景 → 连通域 → 分类”的检测流程，以及怎样从 PR 曲线读出检测器的问题。需要练习 01 导出的 `models/shape_cls`。
Goals: IoU, average precision (AP / mAP@0.5), a "foreground → connected components → classifier" detection pipeline, and reading a detector's problems from its PR curves. Needs `models/shape_cls` from exercise 01.

`boxes.npy`：[M, 6] image, class, x1, y1, x2, y2（class 1 圆，2 方，3 三角；像素边界坐标，x2、y2 不含 / pixel edges, x2 and y2 exclusive）。检测结果 / detections：[K, 7] image, class, score, x1, y1, x2, y2。
"""

C02_DATA = """
scenes = np.load(f"{D}/val/images.npy")      # (150, 64, 64, 3)
val_boxes = np.load(f"{D}/val/boxes.npy")    # (M, 6)
print(scenes.shape, val_boxes.shape)
vision.show_detections(scenes[0], np.zeros((0, 7)), val_boxes, image_index=0, title="真值框 ground truth (--)");
"""

C02_IOU_TEXT = """
## 2.1 交并比 / IoU

实现 `box_iou(a, b)`：[N, 4] 与 [M, 4] 的框（x1, y1, x2, y2）→ float [N, M]；并集面积为 0 时为 0。
Implement `box_iou(a, b)`: boxes [N, 4] and [M, 4] (x1, y1, x2, y2) → float [N, M]; 0 where the union's area is 0.
"""

C02_IOU = """
def box_iou(a, b):
    ### BEGIN SOLUTION
    a = np.asarray(a, dtype=float).reshape(-1, 4)
    b = np.asarray(b, dtype=float).reshape(-1, 4)
    w = np.clip(np.minimum(a[:, None, 2], b[None, :, 2]) - np.maximum(a[:, None, 0], b[None, :, 0]), 0, None)
    h = np.clip(np.minimum(a[:, None, 3], b[None, :, 3]) - np.maximum(a[:, None, 1], b[None, :, 1]), 0, None)
    inter = w * h
    area_a = np.clip(a[:, 2] - a[:, 0], 0, None) * np.clip(a[:, 3] - a[:, 1], 0, None)
    area_b = np.clip(b[:, 2] - b[:, 0], 0, None) * np.clip(b[:, 3] - b[:, 1], 0, None)
    union = area_a[:, None] + area_b[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    ### END SOLUTION


vision.show_iou([2, 2, 10, 10], [5, 4, 14, 12]);
"""

C02_IOU_TEST = FALLBACK + """
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
"""

C02_AP_TEXT = """
## 2.2 平均精度 / Average precision

实现 `average_precision(det, gt, cls, iou=0.5)`（VOC 全点插值）：
1. 只看类别 `cls` 的检测和真值；没有该类真值时返回 `nan`；有真值但没有检测时返回 0.0。
2. 检测按 score 从高到低（相同 score 保持原顺序：`np.argsort(-score, kind="mergesort")`），每个检测与同一图像的该类真值框中 IoU 最大的那个比较：IoU ≥ `iou` 且该真值框尚未被匹配时为 TP，否则为 FP。
3. 累计得到每一步的 precision 和 recall（recall 的分母是该类真值框总数）；在两端补点 (recall 0, precision 0) 和 (recall 1, precision 0)，把 precision 改成“它右边的最大值”，AP = Σ (recall 的增量 × 对应的 precision)。

Implement `average_precision(det, gt, cls, iou=0.5)` (VOC, all-point interpolation):
1. Only class `cls`'s detections and ground truth; `nan` when the class has no ground truth; 0.0 when it has ground truth but no detection.
2. Detections from the highest score down (ties keep their order: `np.argsort(-score, kind="mergesort")`); each is compared with the same image's ground-truth box of that class with the highest IoU: a TP when that IoU ≥ `iou` and the box is not matched yet, else an FP.
3. Cumulative precision and recall at each step (recall over all of the class's ground-truth boxes); add the points (recall 0, precision 0) and (recall 1, precision 0) at the ends, replace each precision by the largest one to its right, and AP = Σ (recall increase × that precision).

mAP@0.5 是各类 AP 的平均（`labkit.metrics.map50`）。/ mAP@0.5 is the mean of the classes' APs (`labkit.metrics.map50`).
"""

C02_AP = """
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
"""

C02_AP_TEST = FALLBACK + """
def _noisy(gt, rng, keep=0.8, wrong=0.1, fps=10):
    \"\"\"Detections made from ground truth: some dropped, jittered, some with the wrong class, plus false positives.\"\"\"
    k = rng.random(len(gt)) < keep
    cls = np.where(rng.random(k.sum()) < wrong, rng.integers(1, 4, k.sum()), gt[k, 1])
    det = np.column_stack([gt[k, 0], cls, rng.random(k.sum()), gt[k, 2:] + rng.normal(0, 2, (k.sum(), 4))])
    fp = np.column_stack([rng.integers(0, int(gt[:, 0].max()) + 1, fps), rng.integers(1, 4, fps), rng.random(fps) * 0.7,
                          rng.uniform(0, 30, (fps, 2)), rng.uniform(34, 64, (fps, 2))])
    return np.vstack([det, fp])


_det = _noisy(val_boxes, np.random.default_rng(2))
for _c in (1, 2, 3):
    assert abs(average_precision(_det, val_boxes, _c) - metrics.average_precision(_det, val_boxes, _c)) < 1e-9, \\
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
"""

C02_DETECT_TEXT = """
## 2.3 检测流程 / The detection pipeline

打开 **`detect.py`**（第一次运行本笔记本时从 `templates/` 复制），完成 `boxes_from_mask` 和 `detect`（要求见函数说明；`foreground`、`crop` 已给出）。
每次修改后运行下面两个单元格：第一个用小例子检查 `boxes_from_mask`，第二个在验证集上运行整个脚本，给出 mAP@0.5、PR 曲线和检测结果图。

Open **`detect.py`** (copied from `templates/` the first time this notebook runs) and complete `boxes_from_mask` and `detect` (see their docstrings; `foreground` and `crop` are given).
After each edit run the two cells below: the first checks `boxes_from_mask` on small cases, the second runs the whole script on the validation split and shows mAP@0.5, the PR curves and the detections.

评分：在隐藏测试集的 400 张场景上运行 `python detect.py <images.npy> <out.npy>`，mAP@0.5 ≥ 0.78 满分，≥ 0.68 得 70%，≥ 0.50 得 40%。
Graded: `python detect.py <images.npy> <out.npy>` on the 400 hidden test scenes; mAP@0.5 ≥ 0.78 full, ≥ 0.68 70 %, ≥ 0.50 40 %.
"""

C02_COMPONENTS = """
detect = load_module("detect")
_m = np.zeros((8, 10), bool); _m[1:3, 2:7] = True; _m[5:8, 0:2] = True; _m[6, 9] = True
assert detect.boxes_from_mask(_m, min_area=2) == [[2, 1, 7, 3], [0, 5, 2, 8]], detect.boxes_from_mask(_m, min_area=2)
assert detect.boxes_from_mask(_m, min_area=7) == [[2, 1, 7, 3]], "components smaller than min_area are dropped"
_d = np.eye(4, dtype=bool)
assert len(detect.boxes_from_mask(_d, min_area=1)) == 4, "diagonal neighbours are separate (4-connectivity)"
print("boxes_from_mask ✓")
fg = detect.foreground(scenes[1])
vision.show_masks(scenes[1], fg.astype(int), title="前景 foreground (1)");
"""

C02_RUN = """
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
"""

C02_MORE = """
## 2.4 自己试试（不计分）/ Try it yourself (not graded)

- PR 曲线左端精确率低，说明有高分的错误检测：用 `vision.show_detections` 找出它们。常见原因：两个重叠的形状连成一个连通域。
  A low precision at the left end of a PR curve means confident wrong detections: find them with `vision.show_detections`. A usual cause: two overlapping shapes form one component.
- 改变 `foreground` 的 `threshold` 或 `min_area`，mAP 怎样变化？/ Change `foreground`'s `threshold` or `min_area`: how does the mAP move?
- 把 score 换成“分类概率 × 连通域填充率”会更好吗？/ Would "class probability × fill ratio of the component" make a better score?
"""

# ------------------------------------------------------------------ 03 segmentation

C03_INTRO = """
# 练习 03 · 语义分割 / Exercise 03 · Semantic segmentation

目标：实现 mIoU，并用“前景 → 连通域 → 分类”的流程给每个像素一个类别。需要练习 01 的 `models/shape_cls` 和练习 02 的 `detect.py`（用到其中的 `foreground`、`crop`、`load_model`）。
Goals: implement mIoU and give every pixel a class with the "foreground → components → classifier" pipeline. Needs `models/shape_cls` from exercise 01 and `detect.py` from exercise 02 (its `foreground`, `crop` and `load_model`).

`masks.npy`：uint8 [N, 64, 64]，0 背景 background，1 圆 circle，2 方 square，3 三角 triangle。
"""

C03_DATA = """
scenes = np.load(f"{D}/val/images.npy")
val_masks = np.load(f"{D}/val/masks.npy")
print(scenes.shape, val_masks.shape, "pixels per class:", np.bincount(val_masks.ravel(), minlength=4))
vision.show_masks(scenes[0], val_masks[0]);
"""

C03_MIOU_TEXT = """
## 3.1 mIoU

- `per_class_iou(y_true, y_pred, num_classes)` → float [C]：第 c 类的 IoU = 两者都为 c 的像素数 / 至少一方为 c 的像素数；并集为 0 的类为 `nan`。
  the IoU of class c = pixels where both are c / pixels where either is c; `nan` for a class whose union is empty.
- `mean_iou(y_true, y_pred, num_classes)` → float：非 `nan` 的各类 IoU 的平均（包括背景）。/ the mean over the classes that are not `nan` (background included).
"""

C03_MIOU = """
def per_class_iou(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    t = np.asarray(y_true).ravel().astype(int)
    p = np.asarray(y_pred).ravel().astype(int)
    out = np.full(num_classes, np.nan)
    for c in range(num_classes):
        union = np.sum((t == c) | (p == c))
        if union:
            out[c] = np.sum((t == c) & (p == c)) / union
    return out
    ### END SOLUTION


def mean_iou(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    return float(np.nanmean(per_class_iou(y_true, y_pred, num_classes)))
    ### END SOLUTION
"""

C03_MIOU_TEST = FALLBACK + """
_rng = np.random.default_rng(3)
_p = np.where(_rng.random(val_masks[:20].shape) < 0.9, val_masks[:20], _rng.integers(0, 4, val_masks[:20].shape))
assert abs(mean_iou(val_masks[:20], _p, 4) - metrics.miou(val_masks[:20], _p, 4)) < 1e-9, "mean_iou differs from labkit.metrics.miou"
assert np.isnan(per_class_iou([[0, 0]], [[0, 1]], 3)[2]), "a class absent from both is nan"
print("3.1 ✓  per-class IoU of a 10 % noisy prediction:", np.round(per_class_iou(val_masks[:20], _p, 4), 3))
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(301)
_t = _rng.integers(0, 5, (6, 16, 16)); _p = np.where(_rng.random((6, 16, 16)) < 0.7, _t, _rng.integers(0, 5, (6, 16, 16)))
check("per_class_iou", np.asarray(per_class_iou(_t, _p, 5), dtype=float), weight=2, tol=1e-9)
check("mean_iou", float(mean_iou(_t, _p, 5)), weight=2, tol=1e-9)
check("absent_class", [float(mean_iou([[0, 1], [1, 1]], [[0, 1], [0, 1]], 4)),
                       np.isnan(np.asarray(per_class_iou([[0, 1]], [[0, 1]], 4), dtype=float)).tolist()], tol=1e-9)
### END HIDDEN TESTS
"""

C03_SEGMENT_TEXT = """
## 3.2 分割脚本 / The segmentation script

打开 **`segment.py`**（从 `templates/` 复制），完成 `segment(images, model)`：前景中每个足够大的连通域，整体标为分类器对它的裁剪图给出的类别。下面的单元格在验证集上运行它。
Open **`segment.py`** (copied from `templates/`) and complete `segment(images, model)`: every large enough foreground component gets, on all its pixels, the class the classifier gives its crop. The cell below runs it on the validation split.

评分：在隐藏测试集的 400 张场景上运行 `python segment.py <images.npy> <out.npy>`，mIoU（4 类，含背景）≥ 0.75 满分，≥ 0.65 得 70%，≥ 0.50 得 40%。
Graded: `python segment.py <images.npy> <out.npy>` on the 400 hidden test scenes; mIoU (4 classes, background included) ≥ 0.75 full, ≥ 0.65 70 %, ≥ 0.50 40 %.
"""

C03_RUN = """
import subprocess
import sys

run = subprocess.run([sys.executable, "segment.py", f"{D}/val/images.npy", "val_masks_pred.npy"],
                     capture_output=True, text=True, timeout=300)
if run.returncode:
    print(run.stderr[-2000:])
pred = np.load("val_masks_pred.npy")
assert pred.shape == val_masks.shape, f"segment() returns {val_masks.shape}, got {pred.shape}"
print(f"validation mIoU = {metrics.miou(val_masks, pred, 4):.3f}; per class:",
      {n: round(float(v), 3) for n, v in zip(["background"] + NAMES, per_class_iou(val_masks, pred, 4))})
plots.confusion(val_masks.ravel(), pred.ravel(), ["background"] + NAMES, title="逐像素 per pixel");
for _i in range(3):
    vision.show_masks(scenes[_i], val_masks[_i], pred[_i]);
"""

C03_FCN_TEXT = """
## 3.3 选做：训练一个全卷积网络 / Optional: train a fully convolutional network

也可以让网络直接给每个像素分类。下面是一个很小的全卷积网络（FCN）：下采样两次、用空洞卷积扩大感受野、再双线性上采样回 64×64。
把 `RUN_FCN` 改为 `True` 再运行（每轮约 5–10 秒，共 20 轮）。它的验证集 mIoU 在前几轮低于 3.2 的流程，之后会超过它（作者的运行：10 轮约 0.78，20 轮约 0.9）；因为有 BatchNorm，每轮的数值会有起伏。想用它交付的话，可以用 `paddle.jit.save` 导出，再在 `segment.py` 中加载。这一节不计分，评分时也不运行。

A network can also classify every pixel directly. Below is a tiny fully convolutional network (FCN): two downsamplings, dilated convolutions for a wider receptive field, bilinear upsampling back to 64×64.
Set `RUN_FCN = True` and run it (about 5–10 s per epoch, 20 epochs). Its validation mIoU starts below 3.2's pipeline and then passes it (the author's run: about 0.78 after 10 epochs, about 0.9 after 20); with BatchNorm it wobbles from epoch to epoch. To deliver it, export it with `paddle.jit.save` and load it in `segment.py`. Not graded, and not run when grading.
"""

C03_FCN = f"""
RUN_FCN = False
F = paddle.nn.functional


def to_foreground64(x):
    x = paddle.transpose(x, [0, 3, 1, 2]) / 255.0
    border = paddle.concat([x[:, :, 0, :], x[:, :, -1, :], x[:, :, :, 0], x[:, :, :, -1]], axis=2)
    background = paddle.mean(border, axis=2, keepdim=True).unsqueeze(-1)
    return paddle.sqrt(paddle.sum((x - background) ** 2, axis=1, keepdim=True) + 1e-6)


def cbr(cin, cout, stride=1, dilation=1):
    return paddle.nn.Sequential(paddle.nn.Conv2D(cin, cout, 3, stride=stride, padding=dilation, dilation=dilation),
                                paddle.nn.BatchNorm2D(cout), paddle.nn.ReLU())


class TinyFCN(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.stem = cbr(1, 16)
        self.body = paddle.nn.Sequential(cbr(16, 32, 2), cbr(32, 32, 2), cbr(32, 32, 1, 2), cbr(32, 32, 1, 4))
        self.head = paddle.nn.Conv2D(32, 4, 1)
        self.skip = paddle.nn.Conv2D(16, 4, 1)

    def forward(self, x):
        s = self.stem(to_foreground64(x))
        return F.interpolate(self.head(self.body(s)), size=[64, 64], mode="bilinear") + self.skip(s)


if RUN_FCN and {GRADING_NOTE}:
    train_scenes = np.load(f"{{D}}/train/images.npy")
    train_masks = np.load(f"{{D}}/train/masks.npy").astype(np.int64)
    paddle.seed(0)
    fcn = TinyFCN()
    opt = paddle.optimizer.Adam(learning_rate=0.003, parameters=fcn.parameters())
    rng = np.random.default_rng(0)
    fcn_history = {{"train loss": [], "val miou": []}}
    for epoch in range(20):
        fcn.train()
        order, losses = rng.permutation(len(train_scenes)), []
        for i in range(0, len(order), 16):
            b, k = order[i:i + 16], int(rng.integers(4))
            xb = np.ascontiguousarray(np.rot90(train_scenes[b], k, axes=(1, 2))).astype(np.float32)
            yb = np.ascontiguousarray(np.rot90(train_masks[b], k, axes=(1, 2)))
            out = paddle.transpose(fcn(paddle.to_tensor(xb)), [0, 2, 3, 1])
            loss = F.cross_entropy(out, paddle.to_tensor(yb).unsqueeze(-1))
            loss.backward()
            opt.step()
            opt.clear_grad()
            losses.append(float(loss))
        fcn.eval()
        with paddle.no_grad():
            fcn_pred = fcn(paddle.to_tensor(scenes.astype(np.float32))).numpy().argmax(axis=1)
        fcn_history["train loss"].append(float(np.mean(losses)))
        fcn_history["val miou"].append(metrics.miou(val_masks, fcn_pred, 4))
        print(epoch, fcn_history["train loss"][-1], fcn_history["val miou"][-1])
    plots.loss_curve(fcn_history, title="TinyFCN");
    vision.show_masks(scenes[0], val_masks[0], fcn_pred[0]);
"""

# ------------------------------------------------------------------ 04 deployment

C04_INTRO = """
# 练习 04 · 部署：ONNX 与 ONNX Runtime / Exercise 04 · Deployment: ONNX and ONNX Runtime

目标：把练习 01 导出的 Paddle 模型转换为 ONNX，用 ONNX Runtime 推理，核对两者输出一致，并比较延迟。
Goals: convert exercise 01's Paddle export to ONNX, run it with ONNX Runtime, check that both give the same outputs, and compare their latency.
"""

C04_DATA = """
import subprocess
import sys

val_x = np.load(f"{D}/val/single_images.npy")
val_y = np.load(f"{D}/val/single_labels.npy")
assert os.path.isfile("models/shape_cls.pdiparams"), "run exercise 01 first: it exports models/shape_cls"
paddle_model = paddle.jit.load("models/shape_cls")   # 导出的静态图模型 / the exported static-graph model
paddle_model.eval()
with paddle.no_grad():
    paddle_logits = paddle_model(paddle.to_tensor(val_x.astype(np.float32))).numpy()
print("Paddle export: validation accuracy", metrics.accuracy(val_y, paddle_logits.argmax(1)))
"""

C04_CONVERT_TEXT = """
## 4.1 转换 / Conversion

用 paddle2onnx 转换到 **`models/shape_cls.onnx`**（opset 13；本环境离线，加 `--optimize_tool None`）。
Convert to **`models/shape_cls.onnx`** with paddle2onnx (opset 13; offline here, so pass `--optimize_tool None`).

`paddle2onnx --model_dir models --model_filename shape_cls.json --params_filename shape_cls.pdiparams --save_file models/shape_cls.onnx --opset_version 13 --optimize_tool None`

评分：隐藏测试集上的准确率（阈值同练习 01）。/ Graded: accuracy on the hidden test set (thresholds as in exercise 01).
"""

C04_CONVERT = """
### BEGIN SOLUTION
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models",
                       "--model_filename", "shape_cls.json", "--params_filename", "shape_cls.pdiparams",
                       "--save_file", "models/shape_cls.onnx", "--opset_version", "13", "--optimize_tool", "None"],
                      capture_output=True, text=True, timeout=300)
print(conv.stdout[-400:], conv.stderr[-800:] if conv.returncode else "")
### END SOLUTION
assert os.path.isfile("models/shape_cls.onnx"), "models/shape_cls.onnx is missing"
import onnx

_m = onnx.load("models/shape_cls.onnx")
print("opset", _m.opset_import[0].version, "| inputs", [(i.name, [d.dim_value or d.dim_param for d in i.type.tensor_type.shape.dim])
                                             for i in _m.graph.input], "| nodes", len(_m.graph.node))
"""

C04_PREDICT_TEXT = """
## 4.2 用 ONNX Runtime 推理 / Inference with ONNX Runtime

实现 `onnx_predict(path, images)`：`onnxruntime.InferenceSession`（CPUExecutionProvider），`images` 转 float32 作为第一个输入，返回第一个输出（logits）。
下面的单元格检查：最大绝对误差 < 1e-4，类别完全一致，以及验证集准确率。

Implement `onnx_predict(path, images)`: an `onnxruntime.InferenceSession` (CPUExecutionProvider), `images` as float32 into the first input, the first output (logits) returned.
The cell below checks: largest absolute difference < 1e-4, identical classes, and the validation accuracy.
"""

C04_PREDICT = """
import onnxruntime as ort

ort.set_default_logger_severity(3)


def onnx_predict(path, images):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(images, dtype=np.float32)})[0]
    ### END SOLUTION
"""

C04_PREDICT_TEST = FALLBACK + """
onnx_logits = onnx_predict("models/shape_cls.onnx", val_x)
_diff = float(np.abs(np.asarray(onnx_logits) - paddle_logits).max())
print(f"max |onnx - paddle| = {_diff:.2e}; validation accuracy (ONNX) = {metrics.accuracy(val_y, np.asarray(onnx_logits).argmax(1)):.3f}")
assert np.shape(onnx_logits) == (len(val_x), 3), "onnx_predict returns [N, 3] logits"
assert _diff < 1e-4, "ONNX and Paddle disagree: was the conversion made from the latest export?"
assert (np.asarray(onnx_logits).argmax(1) == paddle_logits.argmax(1)).all()
### BEGIN HIDDEN TESTS
_hx = np.load(f"{HIDDEN}/shapes/single_images.npy")[:200]
_o = np.asarray(onnx_predict("models/shape_cls.onnx", _hx))
with paddle.no_grad():
    _pl = paddle_model(paddle.to_tensor(_hx.astype(np.float32))).numpy()
check("onnx_shape", [list(_o.shape), str(_o.dtype)])
check("onnx_matches_paddle", bool(np.abs(_o - _pl).max() < 1e-3), weight=2)
check("onnx_same_classes", bool((_o.argmax(1) == _pl.argmax(1)).all()))
### END HIDDEN TESTS
""".replace("{HIDDEN}", HIDDEN)

C04_LATENCY_TEXT = """
## 4.3 延迟（不计分）/ Latency (not graded)

同一个模型，Paddle（`paddle.jit.load`）和 ONNX Runtime 各推理 1 张和 64 张图像，比较中位延迟。交付文档里应写明在目标硬件上测得的延迟。
The same model, one image and a batch of 64, with Paddle (`paddle.jit.load`) and ONNX Runtime: compare the median latencies. A delivery document states the latency measured on the target hardware.
"""

C04_LATENCY = f"""
def median_ms(fn, repeats=20):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


if {GRADING_NOTE}:
    session = ort.InferenceSession("models/shape_cls.onnx", providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    for batch in (1, 64):
        xb = val_x[:batch].astype(np.float32)
        with paddle.no_grad():
            p_ms = median_ms(lambda: paddle_model(paddle.to_tensor(xb)).numpy())
        o_ms = median_ms(lambda: session.run(None, {{name: xb}}))
        print(f"batch {{batch:3d}}: Paddle {{p_ms:7.2f}} ms, ONNX Runtime {{o_ms:7.2f}} ms")
"""

C04_MORE = """
## 4.4 交付清单（不计分）/ Delivery list (not graded)

写一个 `manifest.json`：每个交付文件的 sha256 和字节数、模型的输入输出说明、运行环境版本（`onnxruntime.__version__`、`np.__version__`）。现场安装后，先核对校验值再上线。
Write a `manifest.json`: sha256 and size of each delivered file, the model's input and output, the runtime versions (`onnxruntime.__version__`, `np.__version__`). After installing on site, verify the checksums before going live.
"""

C04_MANIFEST = """
import hashlib

manifest = {
    "files": {p: {"sha256": hashlib.sha256(open(p, "rb").read()).hexdigest(), "bytes": os.path.getsize(p)}
              for p in ("models/shape_cls.onnx",)},
    "input": {"name": "image", "dtype": "float32", "shape": ["N", 32, 32, 3], "range": "0..255 RGB"},
    "output": {"classes": NAMES},
    "runtime": {"onnxruntime": ort.__version__, "numpy": np.__version__},
}
print(json.dumps(manifest, indent=1))
"""


def template(name: str) -> str:
    """solution/<name> with each solution region replaced by the starter's raise."""
    src = (HERE / "solution" / name).read_text()
    pattern = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", re.MULTILINE | re.DOTALL)
    return pattern.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()\n", src)


def notebooks() -> dict[str, list]:
    return {
        "README.ipynb": [text(README, "readme")],
        "01_classify.ipynb": [
            text(C01_INTRO, "p1_intro"), code(SETUP), code(C01_DATA),
            text(C01_METRICS_TEXT, "p1_metrics_text"), solution(C01_METRICS, "p1_metrics"),
            test(C01_METRICS_TEST, "test_p1_metrics", 10),
            text(C01_BASELINE_TEXT, "p1_baseline_text"), code(C01_BASELINE),
            text(C01_IMPROVE_TEXT, "p1_improve_text"), solution(C01_IMPROVE, "p1_improve"), code(C01_FEEDBACK),
            text(C01_MORE, "p1_more"),
        ],
        "02_detect.ipynb": [
            text(C02_INTRO, "p2_intro"), code(SETUP), code(LOAD_MODULE), code(C02_DATA),
            text(C02_IOU_TEXT, "p2_iou_text"), solution(C02_IOU, "p2_iou"), test(C02_IOU_TEST, "test_p2_iou", 10),
            text(C02_AP_TEXT, "p2_ap_text"), solution(C02_AP, "p2_ap"), test(C02_AP_TEST, "test_p2_ap", 10),
            text(C02_DETECT_TEXT, "p2_detect_text"), code(C02_COMPONENTS), code(C02_RUN),
            text(C02_MORE, "p2_more"),
        ],
        "03_segment.ipynb": [
            text(C03_INTRO, "p3_intro"), code(SETUP), code(C03_DATA),
            text(C03_MIOU_TEXT, "p3_miou_text"), solution(C03_MIOU, "p3_miou"), test(C03_MIOU_TEST, "test_p3_miou", 10),
            text(C03_SEGMENT_TEXT, "p3_segment_text"), code(C03_RUN),
            text(C03_FCN_TEXT, "p3_fcn_text"), code(C03_FCN),
        ],
        "04_deploy.ipynb": [
            text(C04_INTRO, "p4_intro"), code(SETUP), code(C04_DATA),
            text(C04_CONVERT_TEXT, "p4_convert_text"), solution(C04_CONVERT, "p4_convert"),
            text(C04_PREDICT_TEXT, "p4_predict_text"), solution(C04_PREDICT, "p4_predict"),
            test(C04_PREDICT_TEST, "test_p4_onnx", 10),
            text(C04_LATENCY_TEXT, "p4_latency_text"), code(C04_LATENCY),
            text(C04_MORE, "p4_more"), code(C04_MANIFEST),
        ],
    }


if __name__ == "__main__":
    for name, cells in notebooks().items():
        write(SRC / name, cells)
    (SRC / "templates").mkdir(exist_ok=True)
    for name in ("detect.py", "segment.py"):
        (SRC / "templates" / name).write_text(template(name))
