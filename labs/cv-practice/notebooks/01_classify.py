# %% [markdown] nbgrader={"grade_id": "p1_intro", "grade": false, "solution": false, "locked": true}
# # 练习 01 · 形状分类 / Exercise 01 · Shape classification
#
# 目标：实现分类指标；看清预处理和数据增强对小数据集的作用；用 PaddlePaddle 训练一个 CNN，并用 `paddle.jit.save` 导出。
# Goals: implement classification metrics; see what preprocessing and augmentation do on a small data set; train a CNN with PaddlePaddle and export it with `paddle.jit.save`.

# %%
# %include ../cells/setup.py

# %%
train_x = np.load(f"{D}/train/single_images.npy")   # (1200, 32, 32, 3) uint8
train_y = np.load(f"{D}/train/single_labels.npy")   # (1200,) int64
val_x = np.load(f"{D}/val/single_images.npy")
val_y = np.load(f"{D}/val/single_labels.npy")
print(train_x.shape, val_x.shape, np.bincount(train_y))
vision.image_grid(train_x[:24], train_y[:24], class_names=NAMES, title="训练样本 training samples");


# %% [markdown] nbgrader={"grade_id": "p1_metrics_text", "grade": false, "solution": false, "locked": true}
# ## 1.1 分类指标 / Classification metrics
#
# 实现（不要调用 `labkit.metrics` 或 scikit-learn）：/ Implement (without calling `labkit.metrics` or scikit-learn):
# - `accuracy(y_true, y_pred)` → float；
# - `confusion_matrix(y_true, y_pred, num_classes)` → int [C, C]，行为真实类别、列为预测类别 / rows true, columns predicted；
# - `per_class_recall(y_true, y_pred, num_classes)` → float [C]，某类没有样本时为 0.0 / 0.0 for a class with no samples；
# - `per_class_precision(y_true, y_pred, num_classes)` → float [C]，某类从未被预测时为 0.0 / 0.0 for a class never predicted。
#
# 提示：召回率和精确率都可以从混淆矩阵算出。/ Hint: both follow from the confusion matrix.

# %% nbgrader={"grade_id": "p1_metrics", "grade": false, "solution": true, "locked": false}
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


# %% nbgrader={"grade_id": "test_p1_metrics", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

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

# %% [markdown] nbgrader={"grade_id": "p1_baseline_text", "grade": false, "solution": false, "locked": true}
# ## 1.2 基线：直接用 RGB 像素训练 / Baseline: a CNN on raw RGB pixels
#
# 下面的基线网络直接读 RGB 像素（已给出，运行约 10 秒）。看看验证集准确率和混淆矩阵：形状的颜色、背景的纹理都是随机的，小数据集上网络很难学到“形状”。
# The baseline below reads raw RGB pixels (given, about 10 s). Look at its validation accuracy and confusion matrix: colours and background textures are random, and on a small data set the network struggles to learn "shape".

# %%
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
    """（已给出 / given）Adam + cross-entropy; returns {"train loss": [...], "val acc": [...]} per epoch."""
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss()
    rng = np.random.default_rng(0)
    history = {"train loss": [], "val acc": []}
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


if os.environ.get("PRACTICUM_GRADING") != "1":  # 评分时跳过这个演示 / skipped when graded
    paddle.seed(0)
    baseline = RGBNet()
    started = time.time()
    base_history = fit(baseline, train_x, train_y, val=(val_x, val_y))
    print(f"baseline: {time.time() - started:.1f} s, validation accuracy {base_history['val acc'][-1]:.3f}")
    plots.loss_curve(base_history, title="基线 baseline (RGB)");
    plots.confusion(val_y, predict(baseline, val_x), NAMES, title="基线 baseline");


# %% [markdown] nbgrader={"grade_id": "p1_improve_text", "grade": false, "solution": false, "locked": true}
# ## 1.3 预处理 + 数据增强 / Preprocessing + augmentation
#
# 1. `to_foreground(x)`（已给出）把图像变成“与背景颜色的距离”，去掉颜色的影响。
#    `to_foreground(x)` (given) turns an image into its "distance from the background colour", removing colour.
# 2. 实现 `augment(images, rng)`：每个批次随机旋转 0/90/180/270°（`np.rot90`，H、W 两轴），并以 0.5 的概率左右镜像；形状的类别不变。
#    Implement `augment(images, rng)`: rotate the batch by a random 0/90/180/270° (`np.rot90` over H and W) and mirror it left-right with probability 0.5; a shape's class does not change.
# 3. 用 `ShapeNet`（`RGBNet` 的结构，但先做 `to_foreground`，输入 1 个通道）训练，比较验证集准确率，然后导出到 **`models/shape_cls`**：
#    Train `ShapeNet` (`RGBNet`'s layers, but `to_foreground` first, with 1 input channel), compare the validation accuracy, then export to **`models/shape_cls`**:
#    `paddle.jit.save(model, "models/shape_cls", input_spec=[paddle.static.InputSpec([None, 32, 32, 3], "float32", "image")])`。
#
# 评分：导出的模型在隐藏测试集上的准确率 ≥ 0.95 满分，≥ 0.90 得 70%，≥ 0.80 得 40%。
# Graded: the exported model's accuracy on the hidden test set, ≥ 0.95 full, ≥ 0.90 70 %, ≥ 0.80 40 %.

# %% nbgrader={"grade_id": "p1_improve", "grade": false, "solution": true, "locked": false}
def to_foreground(x):
    """（已给出 / given）float32 [N, 32, 32, 3] 0..255 -> [N, 1, 32, 32]: distance of each pixel's colour from the
    mean colour of the border pixels."""
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

# %%
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

# %% [markdown] nbgrader={"grade_id": "p1_more", "grade": false, "solution": false, "locked": true}
# ## 1.4 自己试试（不计分）/ Try it yourself (not graded)
#
# - 去掉数据增强，或只训练 1–2 轮，验证集准确率怎样变化？/ Drop the augmentation, or train for 1–2 epochs only: what happens to the validation accuracy?
# - `RGBNet` 训练更多轮（例如 15 轮）能追上 `ShapeNet` 吗？代价是什么？/ Does `RGBNet` catch up with more epochs (say 15)? At what cost?
# - 在 `fit` 里记录每轮用时，画出“准确率–训练时间”。/ Record each epoch's time in `fit` and plot accuracy against training time.
