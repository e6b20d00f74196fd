# %% [markdown] nbgrader={"grade_id": "p4_intro", "grade": false, "solution": false, "locked": true}
# # 练习 04 · 命令词识别 / Exercise 04 · Keyword spotting
#
# 目标：在对数梅尔特征上训练一个小卷积网络识别 12 类语音命令（中英文、多种发音人、噪声和混响），再按语言、噪声类型和信噪比分析它在哪里出错。
# Goals: train a small convolutional network on log-mel features to recognise 12 spoken commands (Mandarin and English, many voices, noise and reverberation), then find where it fails by language, noise kind and SNR.
#
# 测试集的发音人在训练集和验证集里都没有出现过，噪声也更大：测试准确率会比验证准确率低。
# The test split's voices occur in neither training nor validation, and it is noisier: expect a lower test accuracy than validation accuracy.

# %%
# %include ../cells/setup.py

# %%
# %include ../cells/helpers.py

# %%
train_wav, val_wav = np.load(f"{S}/train/waves.npy"), np.load(f"{S}/val/waves.npy")
train_kw, val_kw = np.load(f"{S}/train/labels.npy"), np.load(f"{S}/val/labels.npy")
val_info = [json.loads(line) for line in open(f"{S}/val/info.jsonl", encoding="utf-8")]
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
train_lm, val_lm = audio.log_mel(train_wav, SR), audio.log_mel(val_wav, SR)   # float32 [N, 40, 98]
print(train_lm.shape, val_lm.shape, np.bincount(train_kw))

# %% [markdown] nbgrader={"grade_id": "p4_baseline_text", "grade": false, "solution": false, "locked": true}
# ## 4.1 基线：平均特征 + 线性层 / Baseline: averaged features + one linear layer
#
# 把每个 MFCC 系数在时间上的平均值和标准差（26 个数）送进一个线性层（已给出）。它丢掉了“先发什么音、后发什么音”的信息。
# Feed each MFCC coefficient's mean and standard deviation over time (26 numbers) to one linear layer (given). It throws away the order of the sounds.

# %%
from scipy.fft import dct


def pooled_mfcc(lm):
    c = dct(lm.astype(np.float64), type=2, axis=1, norm="ortho")[:, :13]   # MFCC [N, 13, 98] from log-mel
    return np.concatenate([c.mean(axis=2), c.std(axis=2)], axis=1).astype(np.float32)


P_train, P_val = pooled_mfcc(train_lm), pooled_mfcc(val_lm)
mu, sd = P_train.mean(axis=0), P_train.std(axis=0) + 1e-6
paddle.seed(0)
linear = paddle.nn.Linear(26, 12)
lin_history = fit(linear, (P_train - mu) / sd, train_kw, epochs=30, lr=0.01, batch=64,
                  val=((P_val - mu) / sd, val_kw, metrics.accuracy, "acc"))
print(f"linear baseline: validation accuracy {lin_history['val acc'][-1]:.3f}")

# %% [markdown] nbgrader={"grade_id": "p4_model_text", "grade": false, "solution": false, "locked": true}
# ## 4.2 卷积网络 / A convolutional network
#
# 模型的输入是 `audio.log_mel(waves, 8000)`，float32 [N, 40, 98]（40 个梅尔频带当作 40 个通道，沿时间做一维卷积）。
# 1. 完成 `KWSNet.forward`：先对每个频带减去它在时间上的平均值（去掉音量和信道的影响），除以 4 使数值在 ±几 之间，然后 `self.body`，沿时间取最大值（`paddle.max(..., axis=2)`），`self.drop`，`self.fc`。
# 2. 训练时用 `random_shift` 数据增强（命令在 1 秒里的位置是随机的）。
# 3. 导出到 **`models/kws`**，`InputSpec([None, 40, 98], "float32", "logmel")`。
#
# The model's input is `audio.log_mel(waves, 8000)`, float32 [N, 40, 98] (the 40 mel bands as 40 channels, 1-D convolutions along time).
# 1. Complete `KWSNet.forward`: subtract from each band its mean over time (removing loudness and channel), divide by 4 to keep the values within a few units, then `self.body`, the maximum over time (`paddle.max(..., axis=2)`), `self.drop`, `self.fc`.
# 2. Train with the `random_shift` augmentation (the command's position within the second is random).
# 3. Export to **`models/kws`** with `InputSpec([None, 40, 98], "float32", "logmel")`.
#
# 评分：导出的模型在隐藏测试集上的准确率 ≥ 0.60 满分，≥ 0.50 得 70%，≥ 0.35 得 40%。
# Graded: the exported model's accuracy on the hidden test split, ≥ 0.60 full, ≥ 0.50 70 %, ≥ 0.35 40 %.

# %% nbgrader={"grade_id": "p4_model", "grade": false, "solution": true, "locked": false}
nn = paddle.nn


def random_shift(xb, rng, max_frames=15):
    """（已给出 / given）roll the batch's features along time by up to max_frames."""
    return np.roll(xb, int(rng.integers(-max_frames, max_frames + 1)), axis=2)


class KWSNet(nn.Layer):
    def __init__(self, num_classes=12):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv1D(40, 48, 5, padding=2), nn.BatchNorm1D(48), nn.ReLU(), nn.MaxPool1D(2),
            nn.Conv1D(48, 48, 5, padding=2), nn.BatchNorm1D(48), nn.ReLU(), nn.MaxPool1D(2),
            nn.Conv1D(48, 64, 3, padding=1), nn.BatchNorm1D(64), nn.ReLU())
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        ### BEGIN SOLUTION
        x = (x - paddle.mean(x, axis=2, keepdim=True)) / 4.0
        return self.fc(self.drop(paddle.max(self.body(x), axis=2)))
        ### END SOLUTION


paddle.seed(0)
kws_model = KWSNet()
started = time.time()
kws_history = fit(kws_model, train_lm, train_kw, epochs=15, lr=0.003, batch=32, augment=random_shift,
                  val=(val_lm, val_kw, metrics.accuracy, "acc"))
### BEGIN SOLUTION
paddle.jit.save(kws_model, "models/kws", input_spec=[paddle.static.InputSpec([None, 40, 98], "float32", "logmel")])
### END SOLUTION
val_pred = predict(kws_model, val_lm)
print(f"KWSNet: {time.time() - started:.0f} s, validation accuracy {metrics.accuracy(val_kw, val_pred):.3f} "
      f"(linear baseline {lin_history['val acc'][-1]:.3f})")

# %%
# 即时反馈 / instant feedback
assert os.path.isfile("models/kws.pdiparams"), "export with paddle.jit.save to models/kws"
_loaded = paddle.jit.load("models/kws")
assert _loaded(paddle.to_tensor(val_lm[:2])).shape == [2, 12], "the exported model maps [N, 40, 98] to [N, 12]"
assert metrics.accuracy(val_kw, val_pred) > 0.6, "validation accuracy under 0.6: check forward (mean removal) and the training"
plots.loss_curve(kws_history, title="KWSNet");
plots.confusion(val_kw, val_pred, KEYWORDS);


# %% [markdown] nbgrader={"grade_id": "p4_errors_text", "grade": false, "solution": false, "locked": true}
# ## 4.3 错误在哪里 / Where the errors are
#
# 实现 `accuracy_by(groups, y_true, y_pred)`：`groups` 是每个样本的分组（字符串，如语言或噪声类型），返回 {分组: 该组的准确率}，按分组名升序。
# 下面用它按语言、噪声类型和信噪比分段比较验证集准确率。
# Implement `accuracy_by(groups, y_true, y_pred)`: `groups` holds each sample's group (a string such as the language or the noise kind); return {group: that group's accuracy}, keys in ascending order.
# The cell below compares the validation accuracy per language, noise kind and SNR range with it.

# %% nbgrader={"grade_id": "p4_errors", "grade": false, "solution": true, "locked": false}
def accuracy_by(groups, y_true, y_pred):
    ### BEGIN SOLUTION
    g, t, p = np.asarray(groups), np.asarray(y_true), np.asarray(y_pred)
    return {str(k): float(np.mean(t[g == k] == p[g == k])) for k in sorted(set(g.tolist()))}
    ### END SOLUTION


def snr_range(info):
    snr = info.get("snr_db")
    return "silence" if snr is None else ("<15 dB" if snr < 15 else ("15-22 dB" if snr < 22 else ">=22 dB"))


import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 3, figsize=(10, 3), sharey=True)
for ax, (title, groups) in zip(axes, [("language / 语言", [i["lang"] for i in val_info]),
                                      ("noise / 噪声", [i.get("noise") for i in val_info]),
                                      ("SNR / 信噪比", [snr_range(i) for i in val_info])]):
    acc = accuracy_by(groups, val_kw, val_pred)
    ax.bar(list(acc), list(acc.values()), color="C0")
    ax.set_title(title, fontsize=9)
    ax.tick_params(axis="x", labelsize=8, rotation=30)
axes[0].set_ylabel("validation accuracy")
fig.tight_layout()

# %% nbgrader={"grade_id": "test_p4_errors", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert accuracy_by(["en", "zh", "en", "zh"], [0, 1, 2, 3], [0, 1, 0, 0]) == {"en": 0.5, "zh": 0.5}
assert list(accuracy_by(["b", "a"], [1, 1], [1, 0])) == ["a", "b"], "keys in ascending order"
print("4.3 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(305)
_t = _rng.integers(0, 12, 300); _p = np.where(_rng.random(300) < 0.7, _t, _rng.integers(0, 12, 300))
_g = _rng.choice(["white", "pink", "brown", "hum", "babble"], 300)
_r = accuracy_by(list(_g), _t, _p)
check("accuracy_by", [[str(k), float(v)] for k, v in _r.items()], weight=2, tol=1e-9)
_r = accuracy_by(["zh"] * 4 + ["en"], [1, 2, 3, 4, 5], [1, 2, 0, 0, 5])
check("accuracy_by_small", [[str(k), float(v)] for k, v in _r.items()], tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p4_more", "grade": false, "solution": false, "locked": true}
# ## 4.4 自己试试（不计分）/ Try it yourself (not graded)
#
# - 去掉 `forward` 里的“减去平均值”，验证集准确率怎样变化？换成 MFCC 输入呢？/ Drop the mean removal in `forward`: what happens? And with MFCC input?
# - 训练时随机把几个频带或几帧置零（SpecAugment），对嘈杂样本有帮助吗？/ Zero a few random bands or frames during training (SpecAugment): does it help on noisy clips?
# - 模型把哪些命令混淆得最多？它们的发音像吗？/ Which commands are confused most? Do they sound alike?
