# %% [markdown] nbgrader={"grade_id": "p3_intro", "grade": false, "solution": false, "locked": true}
# # 练习 03 · 语义分割 / Exercise 03 · Semantic segmentation
#
# 目标：实现 mIoU，并用“前景 → 连通域 → 分类”的流程给每个像素一个类别。需要练习 01 的 `models/shape_cls` 和练习 02 的 `detect.py`（用到其中的 `foreground`、`crop`、`load_model`）。
# Goals: implement mIoU and give every pixel a class with the "foreground → components → classifier" pipeline. Needs `models/shape_cls` from exercise 01 and `detect.py` from exercise 02 (its `foreground`, `crop` and `load_model`).
#
# `masks.npy`：uint8 [N, 64, 64]，0 背景 background，1 圆 circle，2 方 square，3 三角 triangle。

# %%
# %include ../cells/setup.py

# %%
scenes = np.load(f"{D}/val/images.npy")
val_masks = np.load(f"{D}/val/masks.npy")
print(scenes.shape, val_masks.shape, "pixels per class:", np.bincount(val_masks.ravel(), minlength=4))
vision.show_masks(scenes[0], val_masks[0]);


# %% [markdown] nbgrader={"grade_id": "p3_miou_text", "grade": false, "solution": false, "locked": true}
# ## 3.1 mIoU
#
# - `per_class_iou(y_true, y_pred, num_classes)` → float [C]：第 c 类的 IoU = 两者都为 c 的像素数 / 至少一方为 c 的像素数；并集为 0 的类为 `nan`。
#   the IoU of class c = pixels where both are c / pixels where either is c; `nan` for a class whose union is empty.
# - `mean_iou(y_true, y_pred, num_classes)` → float：非 `nan` 的各类 IoU 的平均（包括背景）。/ the mean over the classes that are not `nan` (background included).

# %% nbgrader={"grade_id": "p3_miou", "grade": false, "solution": true, "locked": false}
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


# %% nbgrader={"grade_id": "test_p3_miou", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

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

# %% [markdown] nbgrader={"grade_id": "p3_segment_text", "grade": false, "solution": false, "locked": true}
# ## 3.2 分割脚本 / The segmentation script
#
# 打开 **`segment.py`**（从 `templates/` 复制），完成 `segment(images, model)`：前景中每个足够大的连通域，整体标为分类器对它的裁剪图给出的类别。下面的单元格在验证集上运行它。
# Open **`segment.py`** (copied from `templates/`) and complete `segment(images, model)`: every large enough foreground component gets, on all its pixels, the class the classifier gives its crop. The cell below runs it on the validation split.
#
# 评分：在隐藏测试集的 400 张场景上运行 `python segment.py <images.npy> <out.npy>`，mIoU（4 类，含背景）≥ 0.75 满分，≥ 0.65 得 70%，≥ 0.50 得 40%。
# Graded: `python segment.py <images.npy> <out.npy>` on the 400 hidden test scenes; mIoU (4 classes, background included) ≥ 0.75 full, ≥ 0.65 70 %, ≥ 0.50 40 %.

# %%
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

# %% [markdown] nbgrader={"grade_id": "p3_fcn_text", "grade": false, "solution": false, "locked": true}
# ## 3.3 选做：训练一个全卷积网络 / Optional: train a fully convolutional network
#
# 也可以让网络直接给每个像素分类。下面是一个很小的全卷积网络（FCN）：下采样两次、用空洞卷积扩大感受野、再双线性上采样回 64×64。
# 把 `RUN_FCN` 改为 `True` 再运行（每轮约 5–10 秒，共 20 轮）。它的验证集 mIoU 在前几轮低于 3.2 的流程，之后会超过它（作者的运行：10 轮约 0.78，20 轮约 0.9）；因为有 BatchNorm，每轮的数值会有起伏。想用它交付的话，可以用 `paddle.jit.save` 导出，再在 `segment.py` 中加载。这一节不计分，评分时也不运行。
#
# A network can also classify every pixel directly. Below is a tiny fully convolutional network (FCN): two downsamplings, dilated convolutions for a wider receptive field, bilinear upsampling back to 64×64.
# Set `RUN_FCN = True` and run it (about 5–10 s per epoch, 20 epochs). Its validation mIoU starts below 3.2's pipeline and then passes it (the author's run: about 0.78 after 10 epochs, about 0.9 after 20); with BatchNorm it wobbles from epoch to epoch. To deliver it, export it with `paddle.jit.save` and load it in `segment.py`. Not graded, and not run when grading.

# %%
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


if RUN_FCN and os.environ.get("PRACTICUM_GRADING") != "1":
    train_scenes = np.load(f"{D}/train/images.npy")
    train_masks = np.load(f"{D}/train/masks.npy").astype(np.int64)
    paddle.seed(0)
    fcn = TinyFCN()
    opt = paddle.optimizer.Adam(learning_rate=0.003, parameters=fcn.parameters())
    rng = np.random.default_rng(0)
    fcn_history = {"train loss": [], "val miou": []}
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
