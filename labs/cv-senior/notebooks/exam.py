# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（计算机视觉方向）高级 · 实操考试
# # AI engineering technician, computer vision direction, senior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# 场景：一家制造企业的多条分拣线用相机识别零件（圆形、方形、三角形；颜色随机，背景有纹理和噪声）。新工厂的相机条件更差；产品已经在运行，需要测试、交付、运维和咨询方案。
# Scenario: a manufacturer's sorting lines recognise parts with cameras (circle, square, triangle; random colours on textured, noisy backgrounds). The new plant's cameras are worse; the product is already running and needs testing, delivery, operations and consulting.
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverable |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | `models/site_cls.*`, 本笔记本 |
# | B | 人工智能设计开发 Design and development | 10 | `pipeline.py` + `models/fg_seg.*`, `models/part_cls.*` |
# | C | 人工智能测试验证 Testing and verification | 10 | 本笔记本 this notebook |
# | D | 人工智能产品交付 Delivery | 15 | `models/site_cls_int8.onnx`, 本笔记本 |
# | E | 人工智能产品运维 Operations | 5 | 本笔记本 this notebook |
# | F | 人工智能需求分析 Requirements analysis | 20 | 本笔记本 this notebook |
# | G | 人工智能咨询服务 Consulting | 25 | 本笔记本 this notebook |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；书面题写在“在此作答”的单元格里（由考评员评分）。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; written answers go in the answer cells (scored by the examiners).
# - 评分使用你看不到的隐藏数据；导出的模型在隔离环境中直接评估（不会重新训练）。测试单元格只含部分测试。
#   Grading uses hidden data you never see; exported models are evaluated directly in a sandbox (never retrained). Test cells hold only some of the tests.
# - 评分时会重新运行整个笔记本（单核 CPU）：每个训练单元格应在 1 分钟内完成。
#   Grading re-runs the whole notebook on one CPU core: keep every training cell under a minute.
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
sys.path.insert(0, os.path.abspath("."))   # pipeline.py (B) and product/ (C) are imported from here
# %include ../../_shared/cv/cells/shapes_data.py
site = {"images": np.load("data/site_samples/images.npy"), "labels": np.load("data/site_samples/labels.npy")}
SINGLE_CLASSES = ["circle", "square", "triangle"]


# %include ../../_shared/cv/cells/augment.py


def block(i, o, stride=1):
    return nn.Sequential(nn.Conv2D(i, o, 3, stride=stride, padding=1), nn.BatchNorm2D(o), nn.ReLU())


def standardise(x):
    """float32 NHWC pixels 0..255 -> NCHW, each image and channel to zero mean and unit variance."""
    x = x.transpose([0, 3, 1, 2]) / 255.0
    mean = x.mean(axis=[2, 3], keepdim=True)
    var = ((x - mean) ** 2).mean(axis=[2, 3], keepdim=True)
    return (x - mean) / paddle.sqrt(var + 1e-4)


class ShapeCNN(nn.Layer):
    """The team's baseline classifier: float32 [N, 32, 32, 3] pixels 0..255 -> logits [N, num_classes]."""

    def __init__(self, width=16, num_classes=3):
        super().__init__()
        self.features = nn.Sequential(block(3, width), nn.MaxPool2D(2), block(width, 2 * width), nn.MaxPool2D(2),
                                      block(2 * width, 2 * width), nn.MaxPool2D(2))
        self.fc = nn.Linear(2 * width * 16, num_classes)

    def forward(self, x):
        return self.fc(self.features(standardise(x)).flatten(1))


def train_classifier(images, labels, model=None, epochs=12, lr=3e-3, batch=32, seed=0, transform=None):
    """Adam + cosine schedule with rotation/flip augmentation; transform(batch, rng) -> float32 batch
    adds more augmentation."""
    paddle.seed(seed)
    model = model if model is not None else ShapeCNN()
    schedule = paddle.optimizer.lr.CosineAnnealingDecay(lr, epochs)
    opt = paddle.optimizer.Adam(learning_rate=schedule, parameters=model.parameters())
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(images))
        for i in range(0, len(images), batch):
            b = order[i:i + batch]
            x = augment(rng, images[b])
            x = transform(x, rng) if transform else x.astype(np.float32)
            loss = F.cross_entropy(model(paddle.to_tensor(np.ascontiguousarray(x, dtype=np.float32))),
                                   paddle.to_tensor(labels[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
        schedule.step()
    model.eval()
    return model


def predict(model, images, batch=256):
    model.eval()
    with paddle.no_grad():
        out = [model(paddle.to_tensor(np.asarray(images[i:i + batch], dtype=np.float32))).numpy().argmax(axis=1)
               for i in range(0, len(images), batch)]
    return np.concatenate(out).astype(np.int64)


# %%
vision.image_grid(val["single_images"][:8], val["single_labels"][:8], class_names=SINGLE_CLASSES, cols=8, title="line camera");
vision.image_grid(site["images"][:8], site["labels"][:8], class_names=SINGLE_CLASSES, cols=8, title="new plant camera");

# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（15 分）/ Part A · Common AI technology (15 points)
#
# ### A1 · 组合多种技术适配新工厂相机（9 分）/ A1 · Combine techniques for the new plant's camera (9 points)
#
# 新工厂的相机光线更暗、对比度更低、偏蓝、轻微失焦、噪声更大；`site["images"]` 是 150 张带标签的样本（只能用于验证或少量微调）。上面给出的基线 `ShapeCNN` + `train_classifier` 只用产线数据训练，在新相机上明显变差。
# 请组合至少两种技术（例如：模拟新相机的光度增强——亮度、对比度、色偏、模糊、噪声；测试时增强 TTA 或模型集成写进导出的模型；结构或训练策略的改动）提高新相机上的准确率，**总训练时间单核不超过 45 秒**。
# 把最终模型导出为 `paddle.jit.save(model, "models/site_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "images")])`：**输入 float32 `[N, 32, 32, 3]`、0–255 原始像素，输出 `[N, 3]` 的类别分数（logits 或概率，取 argmax）**；TTA/集成必须在导出的模型之内。
# 评分：导出的模型在 600 张隐藏的新相机图像上的准确率：≥ 0.80 满分，≥ 0.72 得 70%，≥ 0.62 得 40%。D 部分还会把它转换并量化。
#
# The new plant's camera gives darker, flatter, bluish, slightly defocused and noisier images; `site["images"]` holds 150 labelled samples (for validation or a little fine-tuning only). The baseline `ShapeCNN` + `train_classifier` above, trained on line data only, does clearly worse on the new camera.
# Combine at least two techniques (e.g. photometric augmentation that imitates the new camera — brightness, contrast, colour cast, blur, noise; test-time augmentation or an ensemble built into the exported model; changes to the architecture or the training) to raise the accuracy on the new camera, **with at most 45 s of training in total on one core**.
# Export the final model with `paddle.jit.save(model, "models/site_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "images")])`: **input float32 `[N, 32, 32, 3]` raw pixels 0–255, output `[N, 3]` class scores (logits or probabilities; the argmax counts)**; TTA or an ensemble must be inside the exported model.
# Scoring: the export's accuracy on 600 hidden images from the new camera: ≥ 0.80 full marks, ≥ 0.72 70 %, ≥ 0.62 40 %. Part D converts and quantises it.

# %% nbgrader={"grade_id": "a1_site", "grade": false, "solution": true, "locked": false}
started = time.time()
### BEGIN SOLUTION
from scipy import ndimage


def site_like(x, rng):
    """Photometric augmentation imitating the new camera: blur, contrast, colour cast, offset, noise."""
    x = x.astype(np.float32)
    n = len(x)
    blur = rng.random(n) < 0.5
    if blur.any():
        x[blur] = ndimage.uniform_filter(x[blur], size=(1, 3, 3, 1))
    x = x * rng.uniform(0.3, 1.2, (n, 1, 1, 1)) * rng.uniform(0.8, 1.25, (n, 1, 1, 3)) + rng.uniform(-20, 40, (n, 1, 1, 1))
    x = x + rng.normal(0, 1, x.shape) * rng.uniform(0, 14, (n, 1, 1, 1))
    return np.clip(x, 0, 255).astype(np.float32)


class FlipTTA(nn.Layer):
    """Test-time augmentation inside the graph: the mean probability over the four flips, in one batch."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        views = paddle.concat([x, paddle.flip(x, [1]), paddle.flip(x, [2]), paddle.flip(x, [1, 2])], axis=0)
        return F.softmax(self.net(views), axis=1).reshape([4, -1, 3]).mean(axis=0)


site_model = FlipTTA(train_classifier(train["single_images"], train["single_labels"], epochs=16, transform=site_like))
site_model.eval()
paddle.jit.save(site_model, "models/site_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "images")])
### END SOLUTION
print(f"{time.time() - started:.1f} s; final model: line {metrics.accuracy(val['single_labels'], predict(site_model, val['single_images'])):.3f}, "
      f"new camera {metrics.accuracy(site['labels'], predict(site_model, site['images'])):.3f}")

# %%
# 自查：评分程序只看导出的文件 / self-check: the grader sees only the exported files
if not os.environ.get("PRACTICUM_GRADING"):   # grading judges the exported files apart, not this cell
    exported = paddle.jit.load("models/site_cls")
    exported.eval()
    with paddle.no_grad():
        scores = exported(paddle.to_tensor(site["images"].astype(np.float32))).numpy()
    print(scores.shape, "accuracy of the export on the site samples:", metrics.accuracy(site["labels"], scores.argmax(1)))

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 方案说明与消融（6 分，人工评分）/ A2 · Rationale and ablation (6 points, scored by examiners)
#
# 说明你组合了哪些技术、为什么能应对新相机的每种退化；给出一张小的消融表（基线、每种技术单独、组合后，在 `site` 样本上的准确率和训练/推理时间），并讨论预算（训练 45 秒、推理时延）内的取舍，以及上线前还应如何验证（样本量、置信区间、按缺陷类型分析错误）。
# Say which techniques you combined and why each answers a degradation of the new camera; give a small ablation table (baseline, each technique alone, combined: accuracy on the `site` samples and training/inference time) and discuss the trade-offs within the budget (45 s of training, inference latency), and how you would still validate before going live (sample size, confidence interval, errors by degradation type).

# %% [markdown] nbgrader={"grade_id": "a2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（10 分）/ Part B · Design and development (10 points)
#
# ### B1 · 零件检测流水线（10 分）/ B1 · Part detection pipeline (10 points)
#
# 分拣机器人需要每个零件的类别和位置。完成 `pipeline.py` 中的 `detect(images)`：输入 uint8 `[N, 64, 64, 3]` 场景（`train["images"]`，标注在 `train["masks"]`、`train["boxes"]`），返回 float32 `[K, 7]`，每行一个检测框：`图像序号, 类别(1 圆 2 方 3 三角), 置信度, x1, y1, x2, y2`（像素边界坐标，与 `boxes.npy` 相同）。评分程序在 400 个隐藏场景上运行 `python detect.py <scenes.npy> <out.npy>`（单核，约 2 分钟时限），计算 mAP@0.5：≥ 0.75 满分，≥ 0.60 得 70%，≥ 0.40 得 40%。
# `pipeline.py` 的说明给出一种两阶段设计（前景分割网络 `models/fg_seg` → 连通域候选 → 候选裁剪的 4 类分类器 `models/part_cls`），以及给定的 `components()`、`crop_patch()`、`load()`；你也可以采用其他设计。在下面的单元格中训练并导出所需的模型（单核合计不超过 45 秒）。`pipeline.py` 只在评分时由 `detect.py` 运行；用“自查”单元格验证。
#
# The sorting robot needs every part's class and position. Complete `detect(images)` in `pipeline.py`: it takes uint8 `[N, 64, 64, 3]` scenes (`train["images"]`, annotated in `train["masks"]` and `train["boxes"]`) and returns float32 `[K, 7]`, one row per box: `image index, class (1 circle, 2 square, 3 triangle), score, x1, y1, x2, y2` (pixel edges, as in `boxes.npy`). The grader runs `python detect.py <scenes.npy> <out.npy>` on 400 hidden scenes (one core, about 2 minutes) and computes mAP@0.5: ≥ 0.75 full marks, ≥ 0.60 70 %, ≥ 0.40 40 %.
# `pipeline.py`'s docstring sketches a two-stage design (a foreground segmentation network `models/fg_seg` → connected-component candidates → a 4-class classifier of candidate crops `models/part_cls`) with the given `components()`, `crop_patch()` and `load()`; another design is fine too. Train and export the models it needs in the cell below (at most 45 s in total on one core). Only the grader runs `pipeline.py`, through `detect.py`; check it with the self-check cell.

# %% nbgrader={"grade_id": "b1_models", "grade": false, "solution": true, "locked": false}
from pipeline import components, crop_patch

started = time.time()
### BEGIN SOLUTION
class FgNet(nn.Layer):
    """float32 [N, 64, 64, 3] pixels 0..255 -> logits [N, 2, 64, 64] (0 background, 1 part)."""

    def __init__(self, width=16):
        super().__init__()
        self.down1 = block(3, width, 2)
        self.down2 = block(width, 2 * width, 2)
        self.mid = block(2 * width, 2 * width)
        self.up = nn.Conv2DTranspose(2 * width, width, 2, stride=2)
        self.fuse = block(2 * width, width)
        self.head = nn.Conv2DTranspose(width, 2, 2, stride=2)

    def forward(self, x):
        a = self.down1(standardise(x))
        b = self.mid(self.down2(a))
        return self.head(self.fuse(paddle.concat([self.up(b), a], axis=1)))


def train_fg(images, masks, epochs=5, lr=3e-3, batch=16, seed=0):
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
            loss = F.cross_entropy(model(paddle.to_tensor(x.astype(np.float32))).transpose([0, 2, 3, 1]),
                                   paddle.to_tensor(y[..., None]))
            loss.backward()
            opt.step()
            opt.clear_grad()
        schedule.step()
    model.eval()
    return model


fg_model = train_fg(train["images"], train["masks"])
paddle.jit.save(fg_model, "models/fg_seg", input_spec=[paddle.static.InputSpec([None, 64, 64, 3], "float32", "images")])
with paddle.no_grad():
    fg = np.concatenate([F.softmax(fg_model(paddle.to_tensor(train["images"][i:i + 100].astype(np.float32))), axis=1)
                         .numpy()[:, 1] for i in range(0, len(train["images"]), 100)])
crops, crop_labels = [], []
for n in range(len(fg)):
    for box, region in components(fg[n] > 0.5):
        crops.append(crop_patch(train["images"][n], box))
        crop_labels.append(int(np.bincount(train["masks"][n][region], minlength=4).argmax()))
part_model = train_classifier(np.stack(crops), np.array(crop_labels), model=ShapeCNN(num_classes=4), epochs=8)
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
        vision.detection_pr_curve(dets, val["boxes"]);

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（10 分）/ Part C · Testing and verification (10 points)
#
# ### C1 · 模型的持续集成测试套件（10 分）/ C1 · A CI test suite for the model (10 points)
#
# `product/` 是正在运行的 2.0 版分类器：`product.predict.predict(images)` 把 uint8 `[N, 32, 32, 3]` 映射为 int64 类别。团队每次发布新模型前都要在 CI 中运行你的测试套件。实现 `run_suite(predict_fn, images, labels)`，返回字典 `{测试名: bool}`，**按下面的定义**（每项测试内部抛出异常即为 False）：
# 1. `"contract"`：`predict_fn(images[:5])` 与 `predict_fn(images[:1])` 都是整数类型的 `np.ndarray`，形状分别为 `(5,)`、`(1,)`，取值都在 {0, 1, 2} 中。**若为 False，其余各项都直接记为 False**（不再调用）。
# 2. `"accuracy"`：`predict_fn(images)` 的准确率 ≥ 0.85。
# 3. `"latency"`：先调用一次 `predict_fn(images[:32])` 预热，再计时调用 10 次（`time.perf_counter`），耗时的**中位数** ≤ 0.1 秒。
# 4. `"brightness"`：对 `p = predict_fn(images)`，亮度 +30 与 −30（`np.clip(images.astype(int) ± 30, 0, 255)` 转回 uint8）后预测与 `p` 相同的比例**都** ≥ 0.95。
# 5. `"flip"`：水平翻转（`images[:, :, ::-1]`）后预测与 `p` 相同的比例 ≥ 0.90。
# 6. `"determinism"`：连续两次 `predict_fn(images)` 的结果完全相同。
# 除 1、3 外，每项都对整个 `images` 调用 `predict_fn`。评分：用隐藏的若干个产品模型变体（有的正常、有的带有某种真实缺陷）运行你的套件，逐个比较你的结果与参考结果；套件在 `images, labels = val["single_images"], val["single_labels"]` 上运行。
#
# `product/` is the classifier running today, release 2.0: `product.predict.predict(images)` maps uint8 `[N, 32, 32, 3]` to int64 classes. Before every new model is released, CI runs your test suite on it. Implement `run_suite(predict_fn, images, labels)` returning the dict `{test name: bool}`, **exactly as defined below** (a test that raises is False):
# 1. `"contract"`: `predict_fn(images[:5])` and `predict_fn(images[:1])` are both `np.ndarray`s of an integer dtype, of shapes `(5,)` and `(1,)`, with values in {0, 1, 2}. **If False, every other test is False too** (not run).
# 2. `"accuracy"`: the accuracy of `predict_fn(images)` is ≥ 0.85.
# 3. `"latency"`: one warm-up call `predict_fn(images[:32])`, then 10 timed calls (`time.perf_counter`); the **median** time ≤ 0.1 s.
# 4. `"brightness"`: with `p = predict_fn(images)`, the share of predictions equal to `p` after brightness +30 and after −30 (`np.clip(images.astype(int) ± 30, 0, 255)` back to uint8) is ≥ 0.95 for **both**.
# 5. `"flip"`: the share equal to `p` after a horizontal flip (`images[:, :, ::-1]`) is ≥ 0.90.
# 6. `"determinism"`: two calls `predict_fn(images)` in a row give identical results.
# Apart from 1 and 3, every test calls `predict_fn` on the whole `images`. Scoring: your suite runs on several hidden variants of the product model (some sound, some with a realistic defect), and each result is compared with the reference's; the suite runs on `images, labels = val["single_images"], val["single_labels"]`.

# %% nbgrader={"grade_id": "c1_suite", "grade": false, "solution": true, "locked": false}
from product.predict import predict as product_predict


def run_suite(predict_fn, images, labels):
    ### BEGIN SOLUTION
    images = np.asarray(images)
    names = ["contract", "accuracy", "latency", "brightness", "flip", "determinism"]

    def safe(test):
        try:
            return bool(test())
        except Exception:  # a test that raises fails
            return False

    def contract():
        for n in (5, 1):
            out = predict_fn(images[:n])
            if not (isinstance(out, np.ndarray) and out.dtype.kind in "iu" and out.shape == (n,)
                    and np.isin(out, [0, 1, 2]).all()):
                return False
        return True

    result = {"contract": safe(contract)}
    if not result["contract"]:
        return {name: False for name in names}

    def accuracy():
        return np.mean(predict_fn(images) == labels) >= 0.85

    def latency():
        predict_fn(images[:32])
        times = []
        for _ in range(10):
            t = time.perf_counter()
            predict_fn(images[:32])
            times.append(time.perf_counter() - t)
        return np.median(times) <= 0.1

    def brightness():
        p = predict_fn(images)
        shifted = [np.clip(images.astype(int) + d, 0, 255).astype(np.uint8) for d in (30, -30)]
        return all(np.mean(predict_fn(s) == p) >= 0.95 for s in shifted)

    def flip():
        return np.mean(predict_fn(images[:, :, ::-1]) == predict_fn(images)) >= 0.90

    def determinism():
        return np.array_equal(predict_fn(images), predict_fn(images))

    for name, test in (("accuracy", accuracy), ("latency", latency), ("brightness", brightness), ("flip", flip),
                       ("determinism", determinism)):
        result[name] = safe(test)
    return result
    ### END SOLUTION


def slow_product(images):   # an example variant: correct, but slow
    time.sleep(0.2)
    return product_predict(images)


print("release 2.0:", run_suite(product_predict, val["single_images"], val["single_labels"]))

# %% nbgrader={"grade_id": "test_c1_suite", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert run_suite(product_predict, val["single_images"], val["single_labels"]) == {
    "contract": True, "accuracy": True, "latency": True, "brightness": True, "flip": True, "determinism": True}
assert run_suite(slow_product, val["single_images"], val["single_labels"])["latency"] is False
### BEGIN HIDDEN TESTS
_X, _Y = val["single_images"], val["single_labels"]
_ref_mean = float(_X.mean())
_diff = _X[:, :, :16].astype(float).mean(axis=(1, 2, 3)) - _X[:, :, 16:].astype(float).mean(axis=(1, 2, 3))
_delta = float(np.percentile(_diff, 92))
def _v_float_scores(x):      # hands back the class scores instead of class ids
    from product.predict import logits
    return logits(x)
def _v_one_based(x):         # class ids 1..3 (an off-by-one in the label map)
    return product_predict(x) + 1
def _v_triangle_lost(x):     # a regression: triangles come out as circles
    p = product_predict(x)
    return np.where(p == 2, 0, p)
def _v_batch_stats(x):       # normalises with the batch's statistics (a BatchNorm left in training mode)
    p = product_predict(x)
    return (p + 1) % 3 if abs(float(np.asarray(x).mean()) - _ref_mean) > 15 else p
def _v_mirrored(x):          # learnt a left/right cue (a mirrored data loader)
    x = np.asarray(x)
    d = x[:, :, :16].astype(float).mean(axis=(1, 2, 3)) - x[:, :, 16:].astype(float).mean(axis=(1, 2, 3))
    p = product_predict(x)
    return np.where(d > _delta, (p + 1) % 3, p)
_calls = [0]
def _v_flaky(x):             # a race: every other call, the first answer changes
    _calls[0] += 1
    p = product_predict(x).copy()
    if _calls[0] % 2 == 0:
        p[0] = (p[0] + 1) % 3
    return p
def _v_slow(x):              # correct, but too slow for the line
    time.sleep(0.2)
    return product_predict(x)
_sound = run_suite(product_predict, _X, _Y)
for _name, _fn in (("float_scores", _v_float_scores), ("one_based", _v_one_based), ("triangle_lost", _v_triangle_lost),
                   ("batch_stats", _v_batch_stats), ("mirrored", _v_mirrored), ("flaky", _v_flaky), ("slow", _v_slow)):
    check(f"variant_{_name}", [_sound, run_suite(_fn, _X, _Y)])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（15 分）/ Part D · Delivery (15 points)
#
# 新工厂的边缘设备只运行 ONNX Runtime，存储和带宽都很紧张。
# The new plant's edge devices run ONNX Runtime only, with little storage and bandwidth.
#
# ### D1 · INT8 量化模型（5 分）/ D1 · INT8 model (5 points)
#
# 把 A1 的 `models/site_cls` 转换为 `models/site_cls.onnx`（`paddle2onnx`，opset 13，离线请用 `optimize_tool="None"`），再用 `onnxruntime.quantization` 量化为 **`models/site_cls_int8.onnx`**（提示：先 `quant_pre_process(..., skip_symbolic_shape=True)` 把权重变为初始化器并融合 BN；静态量化用 `site` 样本校准，或动态量化）。
# 评分：INT8 模型在 600 张隐藏的新相机图像上的准确率（输入 float32 原始像素，取 argmax）：≥ 0.78 满分，≥ 0.70 得 70%，≥ 0.60 得 40%。
#
# Convert A1's `models/site_cls` to `models/site_cls.onnx` (`paddle2onnx`, opset 13, offline with `optimize_tool="None"`), then quantise it with `onnxruntime.quantization` to **`models/site_cls_int8.onnx`** (hint: first `quant_pre_process(..., skip_symbolic_shape=True)` turns the weights into initializers and folds BatchNorm; calibrate static quantisation on the `site` samples, or quantise dynamically).
# Scoring: the INT8 model's accuracy on the 600 hidden images of the new camera (float32 raw pixels in, argmax out): ≥ 0.78 full marks, ≥ 0.70 70 %, ≥ 0.60 40 %.
#
# ### D2 · 量化验收（3 分）/ D2 · Quantisation acceptance (3 points)
#
# 评分程序直接检查你的文件：`models/site_cls_int8.onnx` 中权重（初始化器与常量张量）的字节数不超过 `models/site_cls.onnx` 的 50%；它确实含有量化算子；两个 ONNX 模型在隐藏的新相机图像上的预测一致率 ≥ 0.95。实现 `agreement(path_a, path_b, images)`（两个 ONNX 模型 argmax 相同的比例），评分也会检查它。
# The grader checks your files directly: the weights (initializers and constant tensors) of `models/site_cls_int8.onnx` take at most 50 % of the bytes of those of `models/site_cls.onnx`; it really holds quantised operators; the two ONNX models agree on ≥ 95 % of the hidden new-camera images. Implement `agreement(path_a, path_b, images)` (the share of images on which the two ONNX models' argmax agrees); grading checks it too.

# %% nbgrader={"grade_id": "d1_int8", "grade": false, "solution": true, "locked": false}
import onnxruntime as ort
import paddle2onnx
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process

### BEGIN SOLUTION
paddle2onnx.export("models/site_cls.json", "models/site_cls.pdiparams", "models/site_cls.onnx",
                   opset_version=13, enable_optimize=False, optimize_tool="None")
quant_pre_process("models/site_cls.onnx", "/tmp/site_cls_pre.onnx", skip_symbolic_shape=True)


class SiteSamples(CalibrationDataReader):
    def __init__(self):
        self.batches = iter([{"images": site["images"][i:i + 32].astype(np.float32)} for i in range(0, 128, 32)])

    def get_next(self):
        return next(self.batches, None)


quantize_static("/tmp/site_cls_pre.onnx", "models/site_cls_int8.onnx", SiteSamples(), quant_format=QuantFormat.QDQ,
                per_channel=True, weight_type=QuantType.QInt8, activation_type=QuantType.QUInt8)
### END SOLUTION


def agreement(path_a, path_b, images):
    ### BEGIN SOLUTION
    x = np.asarray(images, dtype=np.float32)
    outs = []
    for path in (path_a, path_b):
        session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        outs.append(session.run(None, {session.get_inputs()[0].name: x})[0].argmax(axis=1))
    return float(np.mean(outs[0] == outs[1]))
    ### END SOLUTION


import onnx

for path in ("models/site_cls.onnx", "models/site_cls_int8.onnx"):
    m = onnx.load(path)
    weights = sum(onnx.numpy_helper.to_array(t).nbytes for t in m.graph.initializer) + sum(
        onnx.numpy_helper.to_array(a.t).nbytes for n in m.graph.node if n.op_type == "Constant" for a in n.attribute if a.name == "value")
    print(f"{path}: file {os.path.getsize(path)} bytes, weights {weights} bytes")
print("agreement on the site samples:", agreement("models/site_cls.onnx", "models/site_cls_int8.onnx", site["images"]))

# %% nbgrader={"grade_id": "test_d2_int8", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert os.path.isfile("models/site_cls_int8.onnx"), "models/site_cls_int8.onnx is missing"
### BEGIN HIDDEN TESTS
import onnx as _onnx
_fp32, _int8 = "models/site_cls.onnx", "models/site_cls_int8.onnx"
_Xs = np.load("/run/practicum/hidden/site/single_images.npy")
def _weight_bytes(model):
    tensors = list(model.graph.initializer) + [a.t for n in model.graph.node if n.op_type == "Constant"
                                                for a in n.attribute if a.name == "value"]
    return sum(_onnx.numpy_helper.to_array(t).nbytes for t in tensors)
_m32, _m8 = _onnx.load(_fp32), _onnx.load(_int8)
check("weights_within_half", bool(_weight_bytes(_m8) <= 0.5 * _weight_bytes(_m32)))
_ops = {n.op_type for n in _m8.graph.node}
check("quantised_operators", bool(_ops & {"QuantizeLinear", "DequantizeLinear", "QLinearConv", "ConvInteger", "MatMulInteger",
                                          "DynamicQuantizeLinear", "QLinearMatMul"}))
def _onnx_argmax(path, x):
    s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return s.run(None, {s.get_inputs()[0].name: np.asarray(x, dtype=np.float32)})[0].argmax(axis=1)
_agree = float(np.mean(_onnx_argmax(_fp32, _Xs) == _onnx_argmax(_int8, _Xs)))
check("models_agree", bool(_agree >= 0.95))
check("agreement_function", float(agreement(_fp32, _int8, _Xs)) - _agree, tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · 复杂现场的交付方案（7 分，人工评分）/ D3 · Delivery plan for a complex site (7 points, scored by examiners)
#
# 新工厂有 3 个车间、24 条线、每线 2 台相机，车间网络与办公网物理隔离，只允许每周一次的维护窗口；现场人员不熟悉 AI。请设计交付方案：交付流程与里程碑（现场勘察、光照与安装规范、试点线、分批上线）、安装交付流程（离线安装包、模型与配置的版本与校验、设备清单）、现场验收（指标、样本量、通过标准、INT8 与 FP32 一致性）、灰度发布与回滚、对现场团队的培训与交付文档清单，以及对质量、时间、成本和风险的整体评估。
# The new plant has 3 workshops, 24 lines, 2 cameras per line; the workshop network is air-gapped from the office network, with one maintenance window a week; the site staff do not know AI. Design the delivery: the process and milestones (site survey, lighting and mounting rules, pilot line, roll-out in batches), the installation process (offline installer, versions and checksums of models and configuration, equipment list), site acceptance (metrics, sample size, pass criteria, INT8 vs FP32 agreement), staged release and rollback, training of the site team and the list of delivery documents, and an overall assessment of quality, time, cost and risk.

# %% [markdown] nbgrader={"grade_id": "d3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 产品运维（5 分）/ Part E · Operations (5 points)
#
# ### E1 · 自动化漂移巡检工具（5 分）/ E1 · An automated drift inspection tool (5 points)
#
# `logs/` 中是产线服务的预测日志（JSON Lines，每行 `{"ts", "camera", "pred", "conf", "latency_ms"}`）：`reference.jsonl` 是验收周的基准，`day-01.jsonl` … `day-07.jsonl` 是之后的日子。实现：
# - `read_log(path)`：返回 `(records, bad_lines)`。有效记录是能解析为 JSON 对象、`pred` 为三个类别名之一、`conf` 为 [0, 1] 内的数（不是 bool）、`latency_ms` 为数的行；空行忽略；其余非空行计入 `bad_lines`。
# - `psi(expected, actual)`：两个计数数组的 PSI：`p = (e + 0.5) / (Σe + 0.5k)`，`q = (a + 0.5) / (Σa + 0.5k)`（k 为箱数），`PSI = Σ (q − p) ln(q / p)`。
# - `day_report(path, reference_path)`：返回字典 `n`（有效记录数）、`bad_lines`、`class_psi`（按 circle, square, triangle 计数）、`conf_psi`（`np.histogram(conf, bins=np.linspace(0, 1, 11))` 的计数）、`low_conf_rate`（`conf < 0.6` 的比例）、`latency_p95`（`np.percentile(latency_ms, 95)`）和 `alerts`：按字母排序的列表，`"class_mix"`（class_psi > 0.2）、`"confidence"`（conf_psi > 0.2 或 low_conf_rate > 0.15）、`"latency"`（latency_p95 > 50）、`"data"`（bad_lines > 1% × (n + bad_lines)）。
# - `drift_report(paths, reference_path)`：`{文件名去掉扩展名: day_report(...)}`。
# 评分：在隐藏的若干天日志上与参考实现比较。
#
# `logs/` holds the line service's prediction logs (JSON Lines, each line `{"ts", "camera", "pred", "conf", "latency_ms"}`): `reference.jsonl` is the acceptance week's baseline, `day-01.jsonl` … `day-07.jsonl` the days since. Implement:
# - `read_log(path)`: return `(records, bad_lines)`. A valid record is a line that parses to a JSON object whose `pred` is one of the three class names, `conf` a number (not a bool) in [0, 1] and `latency_ms` a number; blank lines are ignored; every other non-blank line counts in `bad_lines`.
# - `psi(expected, actual)`: the PSI of two count arrays: `p = (e + 0.5) / (Σe + 0.5k)`, `q = (a + 0.5) / (Σa + 0.5k)` (k bins), `PSI = Σ (q − p) ln(q / p)`.
# - `day_report(path, reference_path)`: a dict with `n` (valid records), `bad_lines`, `class_psi` (counts of circle, square, triangle), `conf_psi` (the counts of `np.histogram(conf, bins=np.linspace(0, 1, 11))`), `low_conf_rate` (the share with `conf < 0.6`), `latency_p95` (`np.percentile(latency_ms, 95)`) and `alerts`: a sorted list of `"class_mix"` (class_psi > 0.2), `"confidence"` (conf_psi > 0.2 or low_conf_rate > 0.15), `"latency"` (latency_p95 > 50), `"data"` (bad_lines > 1 % × (n + bad_lines)).
# - `drift_report(paths, reference_path)`: `{file name without extension: day_report(...)}`.
# Scoring: compared with the reference implementation on several hidden days of logs.

# %% nbgrader={"grade_id": "e1_drift", "grade": false, "solution": true, "locked": false}
import glob

LOG_CLASSES = ["circle", "square", "triangle"]


def read_log(path):
    ### BEGIN SOLUTION
    records, bad = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except ValueError:
                bad += 1
                continue
            number = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
            if (isinstance(r, dict) and r.get("pred") in LOG_CLASSES and number(r.get("conf"))
                    and 0 <= r["conf"] <= 1 and number(r.get("latency_ms"))):
                records.append(r)
            else:
                bad += 1
    return records, bad
    ### END SOLUTION


def psi(expected, actual):
    ### BEGIN SOLUTION
    e, a = np.asarray(expected, dtype=float), np.asarray(actual, dtype=float)
    k = len(e)
    p = (e + 0.5) / (e.sum() + 0.5 * k)
    q = (a + 0.5) / (a.sum() + 0.5 * k)
    return float(np.sum((q - p) * np.log(q / p)))
    ### END SOLUTION


def day_report(path, reference_path):
    ### BEGIN SOLUTION
    def summary(records):
        classes = np.array([sum(r["pred"] == c for r in records) for c in LOG_CLASSES])
        conf = np.array([r["conf"] for r in records], dtype=float)
        return classes, np.histogram(conf, bins=np.linspace(0, 1, 11))[0], conf

    ref_classes, ref_hist, _ = summary(read_log(reference_path)[0])
    records, bad = read_log(path)
    classes, hist, conf = summary(records)
    latency = np.array([r["latency_ms"] for r in records], dtype=float)
    report = {"n": len(records), "bad_lines": bad, "class_psi": psi(ref_classes, classes), "conf_psi": psi(ref_hist, hist),
              "low_conf_rate": float(np.mean(conf < 0.6)) if len(conf) else 0.0,
              "latency_p95": float(np.percentile(latency, 95)) if len(latency) else 0.0}
    alerts = []
    if report["class_psi"] > 0.2:
        alerts.append("class_mix")
    if report["conf_psi"] > 0.2 or report["low_conf_rate"] > 0.15:
        alerts.append("confidence")
    if report["latency_p95"] > 50:
        alerts.append("latency")
    if bad > 0.01 * (len(records) + bad):
        alerts.append("data")
    report["alerts"] = sorted(alerts)
    return report
    ### END SOLUTION


def drift_report(paths, reference_path):
    ### BEGIN SOLUTION
    return {os.path.splitext(os.path.basename(p))[0]: day_report(p, reference_path) for p in paths}
    ### END SOLUTION


for day, r in drift_report(sorted(glob.glob("logs/day-*.jsonl")), "logs/reference.jsonl").items():
    print(day, r["n"], r["bad_lines"], f"class {r['class_psi']:.3f} conf {r['conf_psi']:.3f} low {r['low_conf_rate']:.3f} "
          f"p95 {r['latency_p95']:.1f}", r["alerts"])

# %% nbgrader={"grade_id": "test_e1_drift", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(psi([10, 10], [10, 10])) < 1e-12
assert read_log("logs/day-02.jsonl")[1] == 2
assert drift_report(["logs/day-04.jsonl"], "logs/reference.jsonl")["day-04"]["alerts"] == ["class_mix"]
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(501)
check("psi_random", [psi(_rng.integers(0, 50, 6), _rng.integers(0, 50, 6)) for _ in range(5)])
def _plain(r):
    return {k: (float(v) if k not in ("alerts", "n", "bad_lines") else v) for k, v in r.items()}
_days = drift_report(sorted(glob.glob("/run/practicum/hidden/logs/day-*.jsonl")), "logs/reference.jsonl")
for _day in sorted(_days):
    check(f"report_{_day}", _plain(_days[_day]), tol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_f", "grade": false, "solution": false, "locked": true}
# ## F 部分 · 需求分析（20 分）/ Part F · Requirements analysis (20 points)
#
# ### F1 · 把业务要求转化为工作点（6 分）/ F1 · Turning a business requirement into an operating point (6 points)
#
# 客户要求：三角形零件（危险品）的漏检率不超过 2%，误报会触发人工复核（每次成本 2 元），漏检一次的损失为 500 元。`scores` 是每个样本为“正类”（三角形）的分数，`labels` 为 0/1。实现：
# - `pr_at(scores, labels, threshold)`：`score ≥ threshold` 判为正类时的 `(precision, recall)`（没有判为正类时 precision 为 0.0；没有正样本时 recall 为 0.0）。
# - `operating_point(scores, labels, min_recall)`：在所有**不同的分数值**中，选满足 `recall ≥ min_recall` 的**最大**阈值，返回 `{"threshold", "precision", "recall", "flagged_per_1000"}`（`flagged_per_1000` = 1000 × 判为正类的样本数 / 样本总数）。
# - `cheapest_threshold(scores, labels, cost_miss, cost_false_alarm)`：候选阈值为所有不同的分数值和 `float("inf")`（全部判为负类），返回每 1000 件成本 `1000 × (FN × cost_miss + FP × cost_false_alarm) / N` 最低的 `(threshold, cost_per_1000)`；成本相同时取较大的阈值。
#
# The customer requires: at most 2 % of triangle parts (dangerous goods) missed; a false alarm triggers a human check (2 yuan each); a miss costs 500 yuan. `scores` are each sample's score of being positive (a triangle), `labels` 0/1. Implement:
# - `pr_at(scores, labels, threshold)`: `(precision, recall)` when `score ≥ threshold` is called positive (precision 0.0 when nothing is called positive; recall 0.0 without positives).
# - `operating_point(scores, labels, min_recall)`: among all **distinct score values**, the **largest** threshold with `recall ≥ min_recall`; return `{"threshold", "precision", "recall", "flagged_per_1000"}` (`flagged_per_1000` = 1000 × samples called positive / all samples).
# - `cheapest_threshold(scores, labels, cost_miss, cost_false_alarm)`: the candidates are all distinct score values and `float("inf")` (everything negative); return the `(threshold, cost_per_1000)` with the lowest cost per 1000 parts `1000 × (FN × cost_miss + FP × cost_false_alarm) / N`; on equal cost, the larger threshold.

# %% nbgrader={"grade_id": "f1_operating_point", "grade": false, "solution": true, "locked": false}
def pr_at(scores, labels, threshold):
    ### BEGIN SOLUTION
    s, y = np.asarray(scores, dtype=float), np.asarray(labels).astype(bool)
    flagged = s >= threshold
    tp = np.sum(flagged & y)
    precision = tp / flagged.sum() if flagged.any() else 0.0
    recall = tp / y.sum() if y.any() else 0.0
    return float(precision), float(recall)
    ### END SOLUTION


def operating_point(scores, labels, min_recall):
    ### BEGIN SOLUTION
    s = np.asarray(scores, dtype=float)
    for t in sorted(set(s.tolist()), reverse=True):
        precision, recall = pr_at(s, labels, t)
        if recall >= min_recall:
            return {"threshold": float(t), "precision": precision, "recall": recall,
                    "flagged_per_1000": float(1000 * np.sum(s >= t) / len(s))}
    return None
    ### END SOLUTION


def cheapest_threshold(scores, labels, cost_miss, cost_false_alarm):
    ### BEGIN SOLUTION
    s, y = np.asarray(scores, dtype=float), np.asarray(labels).astype(bool)
    best = None
    for t in [float("inf")] + sorted(set(s.tolist()), reverse=True):
        flagged = s >= t
        cost = 1000 * (np.sum(~flagged & y) * cost_miss + np.sum(flagged & ~y) * cost_false_alarm) / len(s)
        if best is None or cost < best[1] - 1e-12:
            best = (float(t), float(cost))
    return best
    ### END SOLUTION


from product.predict import logits as product_logits

_z = product_logits(val["single_images"])
tri_scores = np.exp(_z[:, 2] - _z.max(1)) / np.exp(_z - _z.max(1, keepdims=True)).sum(1)
tri_labels = (val["single_labels"] == 2).astype(int)
print("operating point for recall >= 0.98:", operating_point(tri_scores, tri_labels, 0.98))
print("cheapest threshold (500 / 2 yuan):", cheapest_threshold(tri_scores, tri_labels, 500, 2))
plots.pr_curve(tri_labels, tri_scores);

# %% nbgrader={"grade_id": "test_f1_operating_point", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert pr_at([0.9, 0.8, 0.1], [1, 0, 1], 0.5) == (0.5, 0.5)
assert operating_point([0.9, 0.8, 0.1], [1, 0, 1], 1.0)["threshold"] == 0.1
assert cheapest_threshold([0.9, 0.1], [0, 0], 500, 2) == (float("inf"), 0.0)
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(601)
_labels = (_rng.random(400) < 0.3).astype(int)
_scores = np.round(np.clip(_rng.normal(0.35 + 0.35 * _labels, 0.18), 0, 1), 2)   # rounded: ties
check("pr_at", [list(pr_at(_scores, _labels, t)) for t in (0.0, 0.35, 0.5, 0.77, 1.01)])
check("pr_at_no_positive", list(pr_at(_scores, np.zeros(400, int), 0.5)))
for _r in (0.9, 0.98, 1.0):
    check(f"operating_point_{_r}", operating_point(_scores, _labels, _r), weight=1.5)
check("cheapest_500_2", list(cheapest_threshold(_scores, _labels, 500, 2)), weight=1.5)
check("cheapest_5_5", list(cheapest_threshold(_scores, _labels, 5, 5)), weight=1.5)
check("cheapest_nothing", list(cheapest_threshold(_scores, _labels, 1, 1000)))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "f2_text", "grade": false, "solution": false, "locked": true}
# ### F2 · 需求规格说明（8 分，人工评分）/ F2 · Requirements specification (8 points, scored by examiners)
#
# 该企业计划把本系统推广到 5 个工厂，并增加“零件表面缺陷（划痕、缺角）检测”。请写需求规格说明的核心部分：用户场景与细节（不同工厂的线速、光照、零件种类、操作员角色）；功能需求（分类、检测、缺陷分割各自的输入输出）；主要技术指标及其推导（用 F1 的方法由业务代价推出工作点，以及 mAP、mIoU、时延、吞吐、可用性），以及系统化评估实施效果的方法；软硬件方案及其与场景的匹配（相机/光源/边缘设备/推理框架，INT8 的取舍）。
# The company plans to roll the system out to 5 plants and add "surface defect detection (scratches, chipped corners)". Write the core of the requirements specification: the user scenarios in detail (line speeds, lighting, kinds of parts and operator roles in the plants); functional requirements (inputs and outputs of classification, detection and defect segmentation); the main technical indicators and how they follow (operating points derived from business costs as in F1, plus mAP, mIoU, latency, throughput, availability) and how the results are evaluated systematically; the software and hardware solution and how it fits each scenario (camera/light/edge device/inference framework, the INT8 trade-off).

# %% [markdown] nbgrader={"grade_id": "f2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "f3_text", "grade": false, "solution": false, "locked": true}
# ### F3 · 研发计划与需求设计规范（6 分，人工评分）/ F3 · Development plan and requirement design norms (6 points, scored by examiners)
#
# 把缺陷检测的研发拆解成主要流程（数据采集与标注、算法选型与实验、工程化与量化、测试验证、试点与推广），给出各阶段的产出、周期和人员；再为团队制定一份“计算机视觉业务需求设计规范”的提纲（需求文档必须包含的章节、指标定义方式、验收标准模板、变更流程），使以后的项目都能按同一规范编写需求。
# Break the development of defect detection into its main processes (data collection and labelling, algorithm selection and experiments, engineering and quantisation, testing and verification, pilot and roll-out), with each phase's outputs, duration and staff; then draft, for the team, the outline of a "computer vision business requirement design norm" (the sections every requirements document must have, how indicators are defined, an acceptance-criteria template, the change process), so that future projects write requirements the same way.

# %% [markdown] nbgrader={"grade_id": "f3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_g", "grade": false, "solution": false, "locked": true}
# ## G 部分 · 咨询服务（25 分，人工评分）/ Part G · Consulting (25 points, scored by examiners)
#
# ### G1 · 成本与产业链分析、运营经济性（10 分）/ G1 · Cost and industry-chain analysis, operating economics (10 points)
#
# 5 个工厂共 200 台相机。参考价格：工业相机与光源每套 3000 元；边缘推理盒每台 8000 元（可带 4 路相机，功耗 30 W）；云端方案每路相机每月 150 元（含算力与带宽）；电价 1 元/kWh；标注每张图 0.5 元（首年 10 万张，之后每年 2 万张）；运维人员每人每年 20 万元（边缘方案 2 人，云端方案 1 人）。人工分拣每条线每年 12 万元，系统可替代 70%（共 100 条线）。
# (1) 计算边缘方案与云端方案的 3 年总拥有成本（写出计算过程），比较并推荐；(2) 估算投资回收期，说明运营经济性对哪些参数最敏感，以及当实际替代率只有 50% 时的运营计划调整策略；(3) 分析本项目涉及的产业链环节（传感器与相机、芯片与边缘设备、算法与平台、系统集成、运维服务），哪些自建、哪些采购，为什么。
#
# 200 cameras across 5 plants. Reference prices: industrial camera with light 3,000 yuan per set; edge inference box 8,000 yuan each (4 cameras, 30 W); cloud option 150 yuan per camera per month (compute and bandwidth included); electricity 1 yuan/kWh; labelling 0.5 yuan per image (100,000 images in year 1, 20,000 per year after); operations staff 200,000 yuan per person-year (edge option 2 people, cloud option 1). Manual sorting costs 120,000 yuan per line per year, and the system can replace 70 % of it (100 lines in all).
# (1) Compute the 3-year total cost of ownership of the edge and the cloud options (show the working), compare and recommend; (2) estimate the payback period, say which parameters the operating economics are most sensitive to, and how you would adjust the operating plan if the real replacement rate were only 50 %; (3) analyse the parts of the industry chain this project touches (sensors and cameras, chips and edge devices, algorithms and platform, system integration, operations services): which to build and which to buy, and why.
#
# ### G2 · 组织管理与持续改进（8 分）/ G2 · Organisation and continuous improvement (8 points)
#
# 为这个跨 5 个工厂的项目设计组织管理与协调机制（角色与职责、工厂与总部之间的决策和升级路径、与设备/IT/质量部门的协作）；给出运营过程的计划、组织、实施与控制方法（关键指标、周期性评审）；提出持续改进机制（数据回流、E 部分的漂移告警如何触发再训练与发布、A/B 或灰度验证）；以及面向工厂人员和管理层的培训安排。
# Design the organisation and coordination of this 5-plant project (roles and responsibilities, decision and escalation paths between plants and headquarters, cooperation with equipment, IT and quality departments); give how the operations are planned, organised, run and controlled (key indicators, periodic reviews); propose the continuous-improvement loop (data feedback; how part E's drift alerts trigger retraining and release; A/B or staged validation); and the training for plant staff and management.
#
# ### G3 · 社会作用与可持续发展评价（7 分）/ G3 · Social impact and sustainability (7 points)
#
# 评价该系统的人机作用（分拣工人岗位变化、人机协作与安全、操作员对自动判定的信任与复核）、网络作用（工厂网络安全、边缘与云的数据流、供应商远程维护的风险）和社会作用（就业与技能转型、能耗与电子废弃物、隐私），并提出使项目可持续发展的措施与评价指标。
# Assess the system's human-machine effects (how sorting jobs change, human-robot cooperation and safety, operators' trust in and review of automatic decisions), network effects (plant network security, data flows between edge and cloud, risks of vendors' remote maintenance) and social effects (employment and reskilling, energy use and e-waste, privacy), and propose measures and indicators that keep the project sustainable.

# %% [markdown] nbgrader={"grade_id": "g1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "g2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "g3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
