# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（自然语言及语音处理方向）初级 · 实操考试
# # AI engineering technician, NLP and speech direction, junior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook, `predict_intent.py`, `models/intent.json` + `.pdiparams`, `models/intent_vocab.json` |
# | R | 需求分析 Requirements analysis | 5 | 本笔记本 this notebook |
# | B | 设计开发 Design and development | 20 | 本笔记本, `models/kws.json` + `.pdiparams` |
# | C | 测试验证 Testing and verification | 15 | 本笔记本 this notebook |
# | D | 产品交付 Delivery | 20 | 本笔记本, `models/kws.onnx` |
# | E | 运维 Operations | 25 | 本笔记本 this notebook |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；简答题写在“在此作答”的单元格里。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write short answers in the answer cells.
# - 测试单元格只含部分测试；评分时还会用你看不到的测试集（隐藏数据）运行隐藏测试。导出的模型和 `predict_intent.py` 在隔离环境中用隐藏测试集评分。
#   Test cells hold only some of the tests; grading adds hidden tests on data you never see. The exported models and `predict_intent.py` are scored on the hidden test set in an isolated sandbox.
# - 文件名和路径不要改动。按顺序运行单元格（后面的部分会用到前面的结果）。
#   Keep file names and paths as they are. Run the cells in order (later parts use earlier results).
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**，可多次提交，以最后一次为准。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done. You may submit more than once; the last one counts.
#
# 数据 Data（合成数据 / synthetic，`train/` 训练 training，`val/` 验证 validation；评分用的测试集不公开 / the test split used for grading is hidden）：
# - `data/commands_text/`：智能家居与客服的中英文语句 / Chinese and English smart-home and customer-service utterances。`texts.jsonl` 每行一个 JSON / one JSON per line：`text`、`lang`（"zh" 或 "en"）、`tokens`（中文按字、英文按空格切分 / Chinese per character, English per word）、`intent`、`tags`（BIO 槽位标签 / BIO slot tags）；`intents.npy` int64 [N]；`tags.npy` int64 [N, 32]（-1 为填充 / -1 = padding）；`meta.json`：意图名 intent names、标签名 tag names。测试集含训练中没有的说法 / the test split has phrasings never seen in training。
# - `data/speech_commands/`：8 kHz、1 秒的中英文语音命令 / 1 s spoken commands at 8 kHz, Mandarin and English。`waves.npy` int16 [N, 8000]；`labels.npy` int64 [N]，12 类 / 12 classes（`meta.json`：open, close, up, down, stop, play, next, back, yes, no, _unknown_, _silence_）；`info.jsonl`：语言、发音人、噪声 / language, voice, noise。测试集的发音人在训练集中没有出现过，噪声更大 / the test split has unseen voices and more noise。

# %%
import importlib.util
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import paddle
from labkit import audio, metrics, plots

paddle.seed(0)
np.random.seed(0)
T, S = "data/commands_text", "data/speech_commands"


def load_texts(split):
    with open(f"{T}/{split}/texts.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


train_rows, val_rows = load_texts("train"), load_texts("val")
train_int, val_int = np.load(f"{T}/train/intents.npy"), np.load(f"{T}/val/intents.npy")
train_tags, val_tags = np.load(f"{T}/train/tags.npy"), np.load(f"{T}/val/tags.npy")
text_meta = json.load(open(f"{T}/train/meta.json", encoding="utf-8"))
INTENTS, TAGS = text_meta["intents"], text_meta["tags"]

train_wav, val_wav = np.load(f"{S}/train/waves.npy"), np.load(f"{S}/val/waves.npy")   # int16 [N, 8000]
train_kw, val_kw = np.load(f"{S}/train/labels.npy"), np.load(f"{S}/val/labels.npy")
val_info = [json.loads(line) for line in open(f"{S}/val/info.jsonl", encoding="utf-8")]
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
SR = 8000

if not os.path.exists("predict_intent.py"):  # A 部分的模板，只在第一次复制 / part A's template, copied once, never overwritten
    shutil.copy("templates/predict_intent.py", "predict_intent.py")


def load_predict_intent():
    """你最新保存的 predict_intent.py / your latest saved predict_intent.py"""
    spec = importlib.util.spec_from_file_location("predict_intent", "predict_intent.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


print(len(train_rows), "train /", len(val_rows), "val utterances;", train_wav.shape[0], "train /", val_wav.shape[0], "val clips")
print(train_rows[0])
audio.show_spectrogram(train_wav[0], SR, f"训练样本 training clip 0: {KEYWORDS[train_kw[0]]}");

# %% [markdown] nbgrader={"grade_id": "part_a", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（15 分）/ Part A · Common AI technology (15 points)
#
# ### A1 · 词表与编码（3 分）/ A1 · Vocabulary and encoding (3 points)
#
# 在 **`predict_intent.py`**（第一个代码单元格从 `templates/predict_intent.py` 复制而来）中完成 `normalize`、`build_vocab` 和 `encode`（要求见各函数说明）。
# 中文已按字切分，英文按空格切分；规范化后大小写和标点不同的写法（"Light?"、"light"）成为同一个词。
# Complete `normalize`, `build_vocab` and `encode` in **`predict_intent.py`** (the first code cell copied it from `templates/predict_intent.py`; see each docstring).
# Chinese is already split per character and English per word; normalizing makes spellings that differ in case and punctuation ("Light?", "light") the same token.

# %% nbgrader={"grade_id": "test_a1_vocab", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

pi = load_predict_intent()  # 载入你最新的 predict_intent.py / loads your latest predict_intent.py
assert pi.normalize("Light?") == "light" and pi.normalize("。") == ""
_v = pi.build_vocab([["a", "B", "b."], ["b", "c", "a"], ["？"]], min_count=2)
assert _v == {"<pad>": 0, "<unk>": 1, "b": 2, "a": 3}, _v
assert pi.encode(["A", "x", "！", "b"], _v, max_len=5) == [3, 1, 2, 0, 0]
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(71)
_words = ["Turn", "on", "the", "LIGHT", "light!", "灯", "开", "，", "?", "Off.", "off", "空", "调", "...", "Room"]
_lists = [[_words[i] for i in _rng.integers(0, len(_words), _rng.integers(1, 12))] for _ in range(40)]
check("normalize", [pi.normalize(w) for w in _words + ["A.B", "？好！", "", "MiXeD"]])
check("vocab_2", pi.build_vocab(_lists), weight=2)
check("vocab_1", pi.build_vocab(_lists, min_count=1))
check("vocab_5", pi.build_vocab(_lists, min_count=5))
_vv = pi.build_vocab(_lists)
check("encode", [[int(i) for i in pi.encode(l, _vv, max_len=8)] for l in _lists[:15]], weight=2)
check("encode_long", [int(i) for i in pi.encode(_words * 3, _vv)])
check("encode_empty", [int(i) for i in pi.encode([], _vv, max_len=4)])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 用 PaddlePaddle 训练意图分类器（8 分）/ A2 · Train an intent classifier with PaddlePaddle (8 points)
#
# 1. 完成 `train_classifier(model, X, y, epochs, lr, batch, augment=None, seed=0)`：Adam 优化器、交叉熵损失，每轮用 `np.random.default_rng(seed)` 打乱顺序，`augment` 不为 None 时对每个批次的 `X` 调用 `augment(xb, rng)`；返回每轮的平均损失列表，结束时 `model.eval()`。B2 会再次用到它。
# 2. 完成 `IntentNet`：`Embedding`（`padding_idx=0`）→ 对非填充位置取平均 → 全连接层，输出 10 个意图的 logits。输入是 int64 [N, 32] 的编号。
# 3. 用 A1 的函数（`pi.build_vocab`、`pi.encode`）编码训练集，训练模型，然后导出：`paddle.jit.save` 到 **`models/intent`**（输入规格 `InputSpec([None, 32], "int64", "ids")`），词表用 JSON 保存到 **`models/intent_vocab.json`**。在 2 个 CPU 核上训练应在 30 秒内完成。
#
# 评分：在隔离环境中运行 `python predict_intent.py <隐藏测试集 texts.jsonl> <输出.npy>`，按准确率：≥ 0.80 满分，≥ 0.72 得 70%，≥ 0.55 得 40%。
# 注意：测试集含训练中没有出现过的说法和错别字，验证集上的准确率会偏高。
#
# 1. Complete `train_classifier(model, X, y, epochs, lr, batch, augment=None, seed=0)`: Adam, cross-entropy, each epoch in an order shuffled with `np.random.default_rng(seed)`; when `augment` is not None call `augment(xb, rng)` on each batch's `X`; return the list of mean losses per epoch and end with `model.eval()`. B2 uses it again.
# 2. Complete `IntentNet`: `Embedding` (`padding_idx=0`) → mean over the non-padding positions → fully connected layers giving 10 intent logits. The input is int64 ids [N, 32].
# 3. Encode the training set with A1's functions (`pi.build_vocab`, `pi.encode`), train, and export: `paddle.jit.save` to **`models/intent`** (input spec `InputSpec([None, 32], "int64", "ids")`) and the vocabulary as JSON to **`models/intent_vocab.json`**. Training must finish within 30 s on 2 CPU cores.
#
# Scoring: `python predict_intent.py <hidden test texts.jsonl> <out.npy>` runs in a sandbox; accuracy ≥ 0.80 full marks, ≥ 0.72 70 %, ≥ 0.55 40 %.
# Note: the test split has phrasings and typos never seen in training, so the validation accuracy is optimistic.

# %% nbgrader={"grade_id": "a2_intent", "grade": false, "solution": true, "locked": false}
F = paddle.nn.functional


def train_classifier(model, X, y, epochs=10, lr=0.003, batch=32, augment=None, seed=0):
    ### BEGIN SOLUTION
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(X)), []
        for i in range(0, len(X), batch):
            b = order[i:i + batch]
            xb = X[b] if augment is None else augment(X[b], rng)
            loss = F.cross_entropy(model(paddle.to_tensor(xb)), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total.append(float(loss))
        losses.append(float(np.mean(total)))
    model.eval()
    return losses
    ### END SOLUTION


def predict_classes(model, X, batch=256):
    model.eval()
    with paddle.no_grad():
        return np.concatenate([model(paddle.to_tensor(X[i:i + batch])).numpy().argmax(1)
                               for i in range(0, len(X), batch)]).astype(np.int64)


class IntentNet(paddle.nn.Layer):
    def __init__(self, vocab_size, num_classes=10, dim=64):
        super().__init__()
        ### BEGIN SOLUTION
        self.emb = paddle.nn.Embedding(vocab_size, dim, padding_idx=0)
        self.fc1 = paddle.nn.Linear(dim, 64)
        self.fc2 = paddle.nn.Linear(64, num_classes)
        ### END SOLUTION

    # %include ../../_shared/nlp/cells/intent_forward.py


pi = load_predict_intent()
vocab = pi.build_vocab([r["tokens"] for r in train_rows])
X_train = np.array([pi.encode(r["tokens"], vocab) for r in train_rows], dtype=np.int64)
X_val = np.array([pi.encode(r["tokens"], vocab) for r in val_rows], dtype=np.int64)
paddle.seed(0)
intent_model = IntentNet(len(vocab))
intent_losses = train_classifier(intent_model, X_train, train_int, epochs=12, lr=0.005, batch=64)
### BEGIN SOLUTION
os.makedirs("models", exist_ok=True)
paddle.jit.save(intent_model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])
with open("models/intent_vocab.json", "w", encoding="utf-8") as f:
    json.dump(vocab, f, ensure_ascii=False)
### END SOLUTION
print(len(vocab), "tokens; losses:", np.round(intent_losses, 3))

# %%
# 即时反馈（不计分）/ instant feedback (not scored): runs your predict_intent.py on the validation split like the grader
run = subprocess.run([sys.executable, "predict_intent.py", f"{T}/val/texts.jsonl", "val_intents.npy"],
                     capture_output=True, text=True, timeout=300)
print(run.stdout[-1000:], run.stderr[-1500:] if run.returncode else "")
val_pred_int = np.load("val_intents.npy")
print(f"validation accuracy (predict_intent.py) {metrics.accuracy(val_int, val_pred_int):.3f}")
plots.loss_curve({"train loss": intent_losses});


# %% [markdown] nbgrader={"grade_id": "a3_text", "grade": false, "solution": false, "locked": true}
# ### A3 · 是否适合用机器学习（4 分，人工评分）/ A3 · Is machine learning the right tool? (4 points, scored by examiners)
#
# 对下面三个任务分别判断是否适合用机器学习（深度学习）解决，各用一两句话说明理由（数据、规则是否明确、输入变化、出错代价）：
# (1) 客服系统把用户发来的各种说法的消息分到“查订单、退款、改地址、转人工”等类别；(2) 检查用户填写的订单号是否符合“两个字母加 8 位数字”的格式；(3) 在嘈杂的客厅里识别老人和孩子说出的语音指令。
#
# For each task, say whether machine learning (deep learning) suits it, with one or two sentences of reasons (data, whether exact rules exist, how the input varies, the cost of errors):
# (1) sorting customers' free-text messages into "check order, refund, change address, human agent" and similar classes; (2) checking that an order number typed by a user has the form "two letters and 8 digits"; (3) recognising spoken commands of elderly people and children in a noisy living room.

# %% [markdown] nbgrader={"grade_id": "a3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_r", "grade": false, "solution": false, "locked": true}
# ## R 部分 · 需求分析（5 分，人工评分）/ Part R · Requirements analysis (5 points, scored by examiners)
#
# 一家公司要推出一款中英双语的智能音箱：用语音控制家电（开关灯、调温度、放音乐、定闹钟），也能查快递、申请退款。
# 请写一份简短的用户与需求分析（要点即可）：(1) 主要服务对象（至少三类用户）及其特点；(2) 不同用户的使用习惯（说话方式、中英混说、口音、距离、环境噪声、使用时段）；
# (3) 由此得到的功能需求与非功能需求（唤醒、响应时间、识别率、隐私、离线可用性等，尽量给出可度量的指标）；(4) 需要收集哪些数据来验证这些需求。
#
# A company is launching a Chinese-English bilingual smart speaker: voice control of appliances (lights, temperature, music, alarms), plus parcel tracking and refund requests.
# Write a short user and requirements analysis (bullet points): (1) the main user groups (at least three) and what characterises them; (2) the habits of different users (how they speak, mixing Chinese and English, accents, distance, background noise, time of use);
# (3) the functional and non-functional requirements that follow (wake-up, response time, recognition rate, privacy, offline use, ..., with measurable figures where possible); (4) which data must be collected to verify them.

# %% [markdown] nbgrader={"grade_id": "r1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（20 分）/ Part B · Design and development (20 points)
#
# ### B1 · 语音特征提取（6 分）/ B1 · Speech features (6 points)
#
# 1. `frame_signal(x, win, hop)`：把一维信号切成帧，返回 float64 [n, win]，`n = 1 + (len(x) - win) // hop`；信号短于一帧时在末尾补零成一帧。
# 2. `log_mel_db(wave, sr, n_mels=40)`：
#    - `x = wave / 32768`（int16 时；float 输入不缩放），预加重 `y[0] = x[0]`，`y[t] = x[t] - 0.97 * x[t-1]`；
#    - 帧长 `win = round(0.025 * sr)`、帧移 `hop = round(0.010 * sr)`，用 `frame_signal` 分帧，每帧乘 `np.hamming(win)`；
#    - `n_fft` 为不小于 `win` 的最小 2 的幂，功率谱 `|np.fft.rfft(frame, n_fft)|²`；
#    - 梅尔能量 = `audio.mel_filterbank(sr, n_fft, n_mels)` @ 功率谱（已给出的滤波器组）；
#    - 返回 `10 * log10(梅尔能量 + 1e-10)`，形状 [n_mels, 帧数]。
#
# 1. `frame_signal(x, win, hop)`: cut a 1-D signal into frames, float64 [n, win] with `n = 1 + (len(x) - win) // hop`; a signal shorter than one frame is zero-padded at the end to one frame.
# 2. `log_mel_db(wave, sr, n_mels=40)`:
#    - `x = wave / 32768` (for int16; float input is not scaled), pre-emphasis `y[0] = x[0]`, `y[t] = x[t] - 0.97 * x[t-1]`;
#    - frames of `win = round(0.025 * sr)` samples every `hop = round(0.010 * sr)` with `frame_signal`, each multiplied by `np.hamming(win)`;
#    - `n_fft` the smallest power of two ≥ `win`, power spectrum `|np.fft.rfft(frame, n_fft)|²`;
#    - mel energies = `audio.mel_filterbank(sr, n_fft, n_mels)` @ power spectrum (the given filterbank);
#    - return `10 * log10(mel energies + 1e-10)`, shape [n_mels, frames].

# %% nbgrader={"grade_id": "b1_features", "grade": false, "solution": true, "locked": false}
def frame_signal(x, win, hop):
    ### BEGIN SOLUTION
    x = np.asarray(x, dtype=np.float64)
    if len(x) < win:
        x = np.concatenate([x, np.zeros(win - len(x))])
    n = 1 + (len(x) - win) // hop
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    return x[idx]
    ### END SOLUTION


def log_mel_db(wave, sr, n_mels=40):
    ### BEGIN SOLUTION
    x = np.asarray(wave)
    x = x.astype(np.float64) / 32768.0 if x.dtype == np.int16 else x.astype(np.float64)
    y = np.concatenate([x[:1], x[1:] - 0.97 * x[:-1]])
    win, hop = int(round(0.025 * sr)), int(round(0.010 * sr))
    n_fft = 1 << (win - 1).bit_length()
    frames = frame_signal(y, win, hop) * np.hamming(win)
    power = np.abs(np.fft.rfft(frames, n_fft, axis=1)) ** 2
    mel = audio.mel_filterbank(sr, n_fft, n_mels) @ power.T
    return 10 * np.log10(mel + 1e-10)
    ### END SOLUTION


feats = log_mel_db(train_wav[0], SR)
print(feats.shape)

# %% nbgrader={"grade_id": "test_b1_features", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert frame_signal(np.arange(10), 4, 3).tolist() == [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]]
assert frame_signal(np.ones(2), 4, 2).tolist() == [[1, 1, 0, 0]]
assert log_mel_db(train_wav[0], SR).shape == (40, 98)
_t = np.arange(SR) / SR
assert 17 <= int(np.argmax(log_mel_db(np.sin(2 * np.pi * 1000 * _t), SR).mean(axis=1))) <= 19  # 1 kHz: mel band 18
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(72)
check("frames_random", np.asarray(frame_signal(_rng.normal(size=101), 20, 7), dtype=float), tol=1e-12)
check("frames_short", np.asarray(frame_signal([1.0, 2.0, 3.0], 5, 2), dtype=float).tolist(), tol=1e-12)
check("frames_exact", list(np.shape(frame_signal(np.zeros(400), 200, 80))))
_hw = np.load(f"/run/practicum/hidden/speech_commands/waves.npy")[:3]
check("logmel_hidden", [np.asarray(log_mel_db(w, SR), dtype=float) for w in _hw], weight=3, tol=1e-6)
check("logmel_16k", np.asarray(log_mel_db(_rng.normal(0, 0.1, 8000), 16000, n_mels=24), dtype=float), weight=2, tol=1e-6)
check("logmel_float_tone", np.asarray(log_mel_db(0.3 * np.sin(2 * np.pi * 440 * _t[:4000]), SR, 20), dtype=float), tol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 语音命令词识别模型（14 分）/ B2 · Spoken command recognition model (14 points)
#
# 模型的输入是 `audio.log_mel(waves, 8000)`（labkit 的对数梅尔特征，float32 [N, 40, 98]，**不做任何额外处理**）；任何归一化都写在模型的 `forward` 里。
# 1. 完成 `KWSNet`：`forward` 先对每个梅尔频带减去它在时间上的平均值（倒谱均值归一化的做法，可以去掉信道和音量的影响），再接卷积网络（例如 3 层 `Conv1D` + `BatchNorm1D` + ReLU + 池化，沿时间取最大值），输出 12 类 logits。
# 2. 用 A2 的 `train_classifier` 训练（可以用下面给出的 `random_shift` 做数据增强），在 2 个 CPU 核上应在 40 秒内完成。
# 3. 用 `paddle.jit.save` 导出到 **`models/kws`**，输入规格 `InputSpec([None, 40, 98], "float32", "logmel")`。
#
# 评分：在隔离环境中加载导出的模型，输入隐藏测试集（发音人在训练集中没有出现过，噪声更大）的 `audio.log_mel` 特征，按准确率：≥ 0.60 满分，≥ 0.50 得 70%，≥ 0.35 得 40%。
#
# The model's input is `audio.log_mel(waves, 8000)` (labkit's log-mel features, float32 [N, 40, 98], **with nothing else done to them**); put any normalisation inside the model's `forward`.
# 1. Complete `KWSNet`: `forward` first subtracts from each mel band its mean over time (as cepstral mean normalisation does: it removes the channel and the loudness), then a convolutional network (e.g. three `Conv1D` + `BatchNorm1D` + ReLU + pooling layers, a maximum over time) gives 12 class logits.
# 2. Train with A2's `train_classifier` (the given `random_shift` augments the data); it must finish within 40 s on 2 CPU cores.
# 3. Export with `paddle.jit.save` to **`models/kws`** with input spec `InputSpec([None, 40, 98], "float32", "logmel")`.
#
# Scoring: the exported model is loaded in a sandbox and fed `audio.log_mel` of the hidden test clips (voices never heard in training, more noise); accuracy ≥ 0.60 full marks, ≥ 0.50 70 %, ≥ 0.35 40 %.

# %%
nn = paddle.nn
train_lm, val_lm = audio.log_mel(train_wav, SR), audio.log_mel(val_wav, SR)   # float32 [N, 40, 98]


def random_shift(xb, rng, max_frames=15):
    """（已给出 / given）数据增强：整批特征沿时间循环平移 / augmentation: roll the batch along time."""
    return np.roll(xb, int(rng.integers(-max_frames, max_frames + 1)), axis=2)


print(train_lm.shape, val_lm.shape)


# %% nbgrader={"grade_id": "b2_kws", "grade": false, "solution": true, "locked": false}
class KWSNet(nn.Layer):
    def __init__(self, num_classes=12):
        super().__init__()
        ### BEGIN SOLUTION
        self.body = nn.Sequential(
            nn.Conv1D(40, 64, 5, padding=2), nn.BatchNorm1D(64), nn.ReLU(), nn.MaxPool1D(2),
            nn.Conv1D(64, 64, 5, padding=2), nn.BatchNorm1D(64), nn.ReLU(), nn.MaxPool1D(2),
            nn.Conv1D(64, 96, 3, padding=1), nn.BatchNorm1D(96), nn.ReLU())
        self.drop = nn.Dropout(0.3)
        self.fc = nn.Linear(96, num_classes)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = (x - paddle.mean(x, axis=2, keepdim=True)) / 4.0
        return self.fc(self.drop(paddle.max(self.body(x), axis=2)))
        ### END SOLUTION


paddle.seed(0)
kws_model = KWSNet()
kws_losses = train_classifier(kws_model, train_lm, train_kw, epochs=20, lr=0.003, batch=32, augment=random_shift)
### BEGIN SOLUTION
paddle.jit.save(kws_model, "models/kws", input_spec=[paddle.static.InputSpec([None, 40, 98], "float32", "logmel")])
### END SOLUTION
val_pred_kw = predict_classes(kws_model, val_lm)
print("losses:", np.round(kws_losses, 3), " validation accuracy:", metrics.accuracy(val_kw, val_pred_kw))

# %%
# 即时反馈（不计分）/ instant feedback (not scored)
assert os.path.isfile("models/kws.pdiparams"), "models/kws.pdiparams is missing: export with paddle.jit.save"
plots.loss_curve({"train loss": kws_losses});
plots.confusion(val_kw, val_pred_kw, KEYWORDS);
_wrong = int(np.nonzero(val_pred_kw != val_kw)[0][0]) if (val_pred_kw != val_kw).any() else 0
audio.show_spectrogram(val_wav[_wrong], SR, f"验证样本 validation clip {_wrong}: true {KEYWORDS[val_kw[_wrong]]}, "
                       f"predicted {KEYWORDS[val_pred_kw[_wrong]]} ({val_info[_wrong]['lang']}, {val_info[_wrong].get('noise')})");


# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（15 分）/ Part C · Testing and verification (15 points)
#
# 不要调用 `labkit.metrics` 或 scikit-learn 完成本部分的函数（可以用它们核对结果）。
# Do not call `labkit.metrics` or scikit-learn inside this part's functions (you may use them to check your results).
#
# ### C1 · 精确率、召回率与 F1（5 分）/ C1 · Precision, recall and F1 (5 points)
#
# - `per_class_prf(y_true, y_pred, num_classes)`：返回三个 float 数组 `(precision, recall, f1)`，每个长 `num_classes`；分母为 0 时该值为 0.0（F1 = 2PR/(P+R)，P+R=0 时为 0）。
#   Return three float arrays `(precision, recall, f1)` of length `num_classes`; a value whose denominator is 0 is 0.0 (F1 = 2PR/(P+R), 0 when P+R = 0).
# - `macro_f1(y_true, y_pred, num_classes)`：各类 F1 的平均值 / the mean of the per-class F1, float。

# %% nbgrader={"grade_id": "c1_prf", "grade": false, "solution": true, "locked": false}
def per_class_prf(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    t, p = np.asarray(y_true), np.asarray(y_pred)
    prec, rec, f1 = np.zeros(num_classes), np.zeros(num_classes), np.zeros(num_classes)
    for c in range(num_classes):
        tp = np.sum((t == c) & (p == c))
        prec[c] = tp / np.sum(p == c) if np.any(p == c) else 0.0
        rec[c] = tp / np.sum(t == c) if np.any(t == c) else 0.0
        f1[c] = 2 * prec[c] * rec[c] / (prec[c] + rec[c]) if prec[c] + rec[c] > 0 else 0.0
    return prec, rec, f1
    ### END SOLUTION


def macro_f1(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    return float(np.mean(per_class_prf(y_true, y_pred, num_classes)[2]))
    ### END SOLUTION


print("keyword model, validation macro F1:", round(macro_f1(val_kw, val_pred_kw, 12), 4))

# %% nbgrader={"grade_id": "test_c1_prf", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_p, _r, _f = per_class_prf([0, 0, 1, 2], [0, 1, 1, 1], 3)
assert np.allclose(_p, [1, 1 / 3, 0]) and np.allclose(_r, [0.5, 1, 0]) and np.allclose(_f, [2 / 3, 0.5, 0])
assert abs(macro_f1([0, 0, 1, 2], [0, 1, 1, 1], 3) - 7 / 18) < 1e-9
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(73)
_t = _rng.integers(0, 6, 400); _pp = np.where(_rng.random(400) < 0.6, _t, _rng.integers(0, 6, 400))
check("prf_random", [np.asarray(v, dtype=float) for v in per_class_prf(_t, _pp, 6)], weight=2, tol=1e-9)
check("prf_absent_class", [np.asarray(v, dtype=float) for v in per_class_prf([0, 1, 1], [0, 0, 1], 4)], tol=1e-9)
check("macro_random", float(macro_f1(_t, _pp, 6)), weight=2, tol=1e-9)
check("macro_kws_like", float(macro_f1(_t, np.minimum(_pp, 3), 8)), tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 槽位 F1（5 分）/ C2 · Slot F1 (5 points)
#
# 槽位用 BIO 标签标注（`TAGS`：`O`、`B-device`、`I-device`……）。
# - `bio_spans(tag_ids, names)`：一条标签编号序列（遇到 -1 即结束）中的所有实体，返回集合 {(start, end, type)}，`end` 不含。`B-x` 开始一个实体；`I-x` 紧接在同类实体后时延续它，否则（前面是 `O` 或别的类型）也开始一个新实体。
# - `slot_f1(gold, pred, names)`：`gold`、`pred` 为 [N, T] 标签编号；每行只看 gold 中非 -1 的位置；对所有句子统计完全一致的实体：P = 一致数 / 预测实体数，R = 一致数 / 真实实体数，返回 F1（一致数为 0 时为 0.0）。
#
# Slots are tagged with BIO tags (`TAGS`: `O`, `B-device`, `I-device`, ...).
# - `bio_spans(tag_ids, names)`: the entities of one sequence of tag ids (it ends at the first -1) as a set {(start, end, type)}, `end` exclusive. `B-x` starts an entity; `I-x` continues an entity of the same type right before it, and otherwise (after `O` or another type) starts a new one.
# - `slot_f1(gold, pred, names)`: `gold` and `pred` are [N, T] tag ids; in each row only the positions where gold is not -1 count; over all sentences, with exactly matching entities: P = matches / predicted entities, R = matches / true entities; return F1 (0.0 when nothing matches).
#
# 下面给出的 `gazetteer_tagger` 是一个查词典的基线（用训练集里见过的槽位值做最长匹配），用你的 `slot_f1` 在验证集上评估它。
# The given `gazetteer_tagger` is a dictionary baseline (longest match of the slot values seen in training); evaluate it on the validation split with your `slot_f1`.

# %%
# %include ../../_shared/nlp/cells/gazetteer_tagger.py


tagger = gazetteer_tagger(train_rows, TAGS)
val_pred_tags = tagger(val_rows)


# %% nbgrader={"grade_id": "c2_slots", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/nlp/cells/slot_f1.py


print("gazetteer baseline, validation slot F1:", round(slot_f1(val_tags, val_pred_tags, TAGS), 4))

# %% nbgrader={"grade_id": "test_c2_slots", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_names = ["O", "B-a", "I-a", "B-b", "I-b"]
assert bio_spans([1, 2, 0, 3, 4, 4, -1, -1], _names) == {(0, 2, "a"), (3, 6, "b")}
assert bio_spans([2, 2, 4, 1], _names) == {(0, 2, "a"), (2, 3, "b"), (3, 4, "a")}
assert abs(slot_f1([[1, 2, 0, 3, -1]], [[1, 2, 0, 0, 3]], _names) - 2 / 3) < 1e-9
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(74)
_seqs = [_rng.integers(0, len(TAGS), _rng.integers(1, 20)).tolist() for _ in range(30)]
check("spans_random", [sorted([int(a), int(b), str(c)] for a, b, c in bio_spans(s, TAGS)) for s in _seqs], weight=2)
check("spans_padding", sorted([int(a), int(b), str(c)] for a, b, c in bio_spans([1, 2, -1, 1, 2], TAGS)))
_gold = val_tags[:200].copy()
_noisy = np.where(_rng.random(_gold.shape) < 0.08, _rng.integers(0, len(TAGS), _gold.shape), _gold)
check("slot_f1_noisy", float(slot_f1(_gold, _noisy, TAGS)), weight=2, tol=1e-9)
check("slot_f1_gazetteer", float(slot_f1(val_tags, val_pred_tags, TAGS)), tol=1e-9)
check("slot_f1_none", float(slot_f1(_gold[:5], np.zeros_like(_gold[:5]), TAGS)), tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c3_text", "grade": false, "solution": false, "locked": true}
# ### C3 · 错误分析（3 分）/ C3 · Error analysis (3 points)
#
# 实现 `error_analysis(langs, y_true, y_pred, names)`，返回字典：
# `{"accuracy_by_lang": {语言: 该语言样本的准确率}, "top_confusions": 最常见的三种错误 [[真实类名, 预测类名, 次数], ...]}`
# （错误按次数降序，次数相同按真实类名、再按预测类名升序；不足三种时有几种列几种）。然后用它分析 B2 的模型在验证集上的错误。
#
# Implement `error_analysis(langs, y_true, y_pred, names)` returning
# `{"accuracy_by_lang": {language: accuracy over its samples}, "top_confusions": the three most frequent errors [[true name, predicted name, count], ...]}`
# (errors by count descending, ties by the true name and then the predicted name ascending; fewer than three if there are fewer). Then analyse B2's model's validation errors with it.

# %% nbgrader={"grade_id": "c3_errors", "grade": false, "solution": true, "locked": false}
def error_analysis(langs, y_true, y_pred, names):
    ### BEGIN SOLUTION
    langs, t, p = np.asarray(langs), np.asarray(y_true), np.asarray(y_pred)
    by_lang = {str(l): float(np.mean(t[langs == l] == p[langs == l])) for l in sorted(set(langs.tolist()))}
    counts = {}
    for a, b in zip(t, p):
        if a != b:
            key = (names[a], names[b])
            counts[key] = counts.get(key, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))[:3]
    return {"accuracy_by_lang": by_lang, "top_confusions": [[a, b, n] for (a, b), n in top]}
    ### END SOLUTION


kws_errors = error_analysis([i["lang"] for i in val_info], val_kw, val_pred_kw, KEYWORDS)
print(json.dumps(kws_errors, ensure_ascii=False))

# %% nbgrader={"grade_id": "test_c3_errors", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_e = error_analysis(["en", "zh", "zh", "en"], [0, 1, 1, 2], [0, 1, 0, 1], ["a", "b", "c"])
assert _e["accuracy_by_lang"] == {"en": 0.5, "zh": 0.5} and _e["top_confusions"] == [["b", "a", 1], ["c", "b", 1]], _e
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(75)
for _case in range(2):
    _t = _rng.integers(0, 12, 300); _pp = np.where(_rng.random(300) < 0.7, _t, _rng.integers(0, 4, 300))
    _l = _rng.choice(["en", "zh"], 300)
    _e = error_analysis(list(_l), _t, _pp, KEYWORDS)
    check(f"errors_{_case}", {"accuracy_by_lang": {str(k): float(v) for k, v in _e["accuracy_by_lang"].items()},
                              "top_confusions": [[str(a), str(b), int(n)] for a, b, n in _e["top_confusions"]]}, weight=2, tol=1e-9)
_e = error_analysis(["zh"] * 3, [1, 1, 1], [1, 1, 1], KEYWORDS)
check("errors_none", [float(_e["accuracy_by_lang"]["zh"]), list(_e["top_confusions"])], tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c4_text", "grade": false, "solution": false, "locked": true}
# ### C4 · 意图模型的测试报告（2 分，人工评分）/ C4 · Test report of the intent model (2 points, scored by examiners)
#
# A2 的模型在验证集上几乎全对，但验证集和训练集用的是同样的说法。用下面的 `try_intent` 试一试你自己设计的至少 6 条测试语句（覆盖：新的说法、错别字/拼写错误、中英混说、没见过的设备或城市、与意图无关的话），
# 然后写一份简短的测试报告：测试用例与结果、发现的问题、上线前还需要补充哪些测试数据。
#
# A2's model is almost always right on the validation split, but validation uses the same phrasings as training. Try at least 6 test sentences of your own with `try_intent` below (covering: new phrasings, typos, mixed Chinese and English, unseen devices or cities, sentences with no intent at all),
# then write a short test report: the test cases and their results, the problems found, and which test data must be added before release.

# %%
def try_intent(sentences):
    """（已给出 / given）prints the intent your exported model predicts for each sentence."""
    pi = load_predict_intent()
    model = paddle.jit.load("models/intent")
    voc = json.load(open("models/intent_vocab.json", encoding="utf-8"))
    for s in sentences:
        lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in s) else "en"
        toks = [c for c in s if not c.isspace()] if lang == "zh" else s.split()
        logits = model(paddle.to_tensor(np.array([pi.encode(toks, voc)], dtype=np.int64))).numpy()[0]
        prob = np.exp(logits - logits.max()); prob /= prob.sum()
        print(f"{s!r:45} -> {INTENTS[int(prob.argmax())]:15} p={prob.max():.2f}")


try_intent(["turn on the kitchen lights", "把卧室的灯打开", "could you make the bedroom warmer"])

# %% [markdown] nbgrader={"grade_id": "c4_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（20 分）/ Part D · Delivery (20 points)
#
# ### D1 · 转换为 ONNX（8 分）/ D1 · Convert to ONNX (8 points)
#
# 用 paddle2onnx 把 B2 导出的 `models/kws` 转换为 **`models/kws.onnx`**（opset 13；本环境离线，请加 `--optimize_tool None`）。命令行示例：
# Convert B2's `models/kws` to **`models/kws.onnx`** with paddle2onnx (opset 13; this environment is offline, so pass `--optimize_tool None`). On the command line:
#
# `paddle2onnx --model_dir models --model_filename kws.json --params_filename kws.pdiparams --save_file models/kws.onnx --opset_version 13 --optimize_tool None`
#
# 评分：在隔离环境中用 ONNX Runtime 加载该文件，对隐藏测试集按准确率评分（阈值同 B2）。
# Scoring: the file is loaded with ONNX Runtime in a sandbox and scored by accuracy on the hidden test set (thresholds as in B2).

# %% nbgrader={"grade_id": "d1_convert", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/nlp/cells/convert_kws.py
print("models/kws.onnx exists:", os.path.isfile("models/kws.onnx"))

# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · 用 ONNX Runtime 推理并核对（4 分）/ D2 · Run with ONNX Runtime and check (4 points)
#
# 实现 `onnx_predict(path, feats)`：用 `onnxruntime.InferenceSession`（CPUExecutionProvider）加载 `path`，把 `feats` 转为 float32 作为第一个输入，返回第一个输出（logits，float32 [N, 12]）。
# 下面的单元格比较 ONNX 与 Paddle 的输出：最大绝对误差应小于 1e-4，类别应完全一致。
#
# Implement `onnx_predict(path, feats)`: load `path` with `onnxruntime.InferenceSession` (CPUExecutionProvider), feed `feats` as float32 to the first input and return the first output (logits, float32 [N, 12]).
# The cell below compares ONNX's outputs with Paddle's: the largest absolute difference should be under 1e-4 and the classes identical.

# %% nbgrader={"grade_id": "d2_onnx", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/nlp/cells/onnx_predict.py


with paddle.no_grad():
    paddle_logits = kws_model(paddle.to_tensor(val_lm)).numpy()
onnx_logits = onnx_predict("models/kws.onnx", val_lm)
print("max |onnx - paddle| =", float(np.abs(onnx_logits - paddle_logits).max()),
      " same classes:", bool((onnx_logits.argmax(1) == paddle_logits.argmax(1)).all()))

# %% nbgrader={"grade_id": "test_d2_onnx", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert onnx_predict("models/kws.onnx", val_lm[:4]).shape == (4, 12)
### BEGIN HIDDEN TESTS
_hx = audio.log_mel(np.load(f"/run/practicum/hidden/speech_commands/waves.npy")[:120], SR)
_o = onnx_predict("models/kws.onnx", _hx)
with paddle.no_grad():
    _pl = kws_model(paddle.to_tensor(_hx)).numpy()
check("onnx_shape", [list(np.shape(_o)), str(np.asarray(_o).dtype)])
check("onnx_matches_paddle", bool(np.abs(np.asarray(_o) - _pl).max() < 1e-3))
check("onnx_same_classes", bool((np.asarray(_o).argmax(1) == _pl.argmax(1)).all()))
check("deployed_model_logits", np.asarray(onnx_predict("deployed/models/v2/kws.onnx", _hx[:20]), dtype=float), tol=1e-4)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · 用户手册与交付说明（8 分，人工评分）/ D3 · User manual and delivery note (8 points, scored by examiners)
#
# 要把语音命令词识别模块（`models/kws.onnx` 和特征提取 `audio.log_mel`）交付给智能音箱的集成团队。写一份简短的用户手册兼交付说明，包括：
# (1) 交付清单：文件、版本、校验值；(2) 运行环境与安装步骤、安装后的检查；
# (3) 接口说明：输入（采样率、位深、时长、特征的计算方法与形状）和输出（12 个类别的顺序、怎样由 logits 得到结果、置信度低时如何处理）；
# (4) 已知限制（语言、口音、噪声、未见过的发音人）、验收测试方法与回退办法。
#
# The spoken command module (`models/kws.onnx` with the feature extraction `audio.log_mel`) goes to the smart speaker's integration team. Write a short user manual and delivery note with:
# (1) the delivery list: files, versions, checksums; (2) runtime environment, installation steps and the checks after installing;
# (3) the interface: input (sample rate, bit depth, duration, how the features are computed and their shape) and output (the order of the 12 classes, how to get the result from the logits, what to do when the confidence is low);
# (4) known limitations (languages, accents, noise, unseen voices), the acceptance test and how to roll back.

# %% [markdown] nbgrader={"grade_id": "d3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 运维（25 分）/ Part E · Operations (25 points)
#
# `deployed/` 是正在运行的“语音命令”服务的一份拷贝（四台网关主机 `gw-1`…`gw-4`）：
# `deployed/` is a copy of the voice-command service in production (four gateway hosts `gw-1` … `gw-4`):
#
# - `manifest.json`：每个模型版本（`v1`、`v2`）的文件及其 `sha256`、运行环境 / the files of each model version with their `sha256`, the runtime;
# - `config.json`：`active_version`（在用版本）、`previous_version`、`canary_version`（灰度版本，10:00 起接收约 20% 的请求 / takes about 20 % of requests from 10:00）、`confidence_threshold`（置信度低于它时要求用户重说 / below it the user is asked to repeat）、`hosts`；
# - `models/v1/`、`models/v2/`：关键词模型 `kws.onnx`、意图模型 `intent.onnx`、词表、类别表 / keyword and intent models, vocabulary, class lists；
# - `logs/requests.jsonl`：每行一个请求 / one request per line：`ts`（"YYYY-MM-DD HH:MM:SS.mmm"）、`host`、`model_version`、`kind`（"speech" 或 "text"）、`lang`、`latency_ms`、`status`（"ok" 或 "error"）、`error`（出错时 / on errors）、`intent` 与 `confidence`（成功时 / on success）。服务崩溃时个别行不完整 / a few lines were cut short by a crash.
#
# 评分时还会用另外两个现场的同类文件夹检查你的函数。下面的 `read_log` 已给出（跳过不完整的行）。
# Grading also runs your functions on the folders of two other sites. `read_log` below is given (it skips the broken lines).

# %%
import hashlib
import tempfile
from pathlib import Path


# %include ../../_shared/operations/cells/read_log.py


records = read_log("deployed/logs/requests.jsonl")
print(len(records), "records; first:", records[0])


# %% [markdown] nbgrader={"grade_id": "e1_text", "grade": false, "solution": false, "locked": true}
# ### E1 · 延迟 P95（4 分）/ E1 · Latency p95 (4 points)
#
# `latency_p95(records, version=None, kind=None)`：只看 `status == "ok"` 的记录（`version`、`kind` 不为 None 时只看该 `model_version`、该 `kind`），返回 `latency_ms` 的第 95 百分位数（`np.percentile` 默认的线性插值），float。
# `latency_p95(records, version=None, kind=None)`: over the records with `status == "ok"` (of that `model_version` and that `kind` only, where not None), the 95th percentile of `latency_ms` (`np.percentile`'s default linear interpolation), a float.

# %% nbgrader={"grade_id": "e1_p95", "grade": false, "solution": true, "locked": false}
def latency_p95(records, version=None, kind=None):
    ### BEGIN SOLUTION
    lat = [r["latency_ms"] for r in records
           if r.get("status") == "ok" and (version is None or r.get("model_version") == version)
           and (kind is None or r.get("kind") == kind)]
    return float(np.percentile(lat, 95))
    ### END SOLUTION


print("p95 all / speech / text:", latency_p95(records), latency_p95(records, kind="speech"), latency_p95(records, kind="text"))

# %% nbgrader={"grade_id": "test_e1_p95", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(latency_p95([{"status": "ok", "latency_ms": float(v), "model_version": "v1", "kind": "text"} for v in range(1, 101)]) - 95.05) < 1e-9
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    _rec = read_log(f"/run/practicum/hidden/{_site}/logs/requests.jsonl")
    check(f"p95_{_site}", [float(latency_p95(_rec)), float(latency_p95(_rec, "v1")), float(latency_p95(_rec, "v2", "speech")),
                           float(latency_p95(_rec, kind="text"))], weight=2, tol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 错误统计（4 分）/ E2 · Error report (4 points)
#
# `error_report(records)` 返回字典（所有版本）/ returns a dict (all versions)：
# - `"error_rate"`：`status != "ok"` 的记录数 / 记录总数 / records with `status != "ok"` / all records；
# - `"by_error"`：{`error` 的取值: 次数} / {each `error` value: count}；
# - `"worst_hour"`：错误率最高的小时（`ts` 的前 13 个字符 "YYYY-MM-DD HH"；并列取最早的）/ the hour (first 13 characters of `ts`) with the highest error rate (the earliest on ties)。

# %% nbgrader={"grade_id": "e2_errors", "grade": false, "solution": true, "locked": false}
def error_report(records):
    ### BEGIN SOLUTION
    errors = [r for r in records if r.get("status") != "ok"]
    by_error = {}
    for r in errors:
        by_error[r.get("error")] = by_error.get(r.get("error"), 0) + 1
    total, bad = {}, {}
    for r in records:
        hour = r["ts"][:13]
        total[hour] = total.get(hour, 0) + 1
        bad[hour] = bad.get(hour, 0) + (r.get("status") != "ok")
    worst = min(total, key=lambda h: (-bad[h] / total[h], h))
    return {"error_rate": len(errors) / len(records), "by_error": by_error, "worst_hour": worst}
    ### END SOLUTION


print(error_report(records))

# %% nbgrader={"grade_id": "test_e2_errors", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_r = error_report([{"ts": "2026-01-01 08:00:01.000", "status": "ok"}, {"ts": "2026-01-01 09:59:59.000", "status": "error", "error": "asr_timeout"}])
assert _r == {"error_rate": 0.5, "by_error": {"asr_timeout": 1}, "worst_hour": "2026-01-01 09"}, _r
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    _r = error_report(read_log(f"/run/practicum/hidden/{_site}/logs/requests.jsonl"))
    check(f"error_report_{_site}", {"error_rate": float(_r["error_rate"]), "by_error": {str(k): int(v) for k, v in _r["by_error"].items()},
                                    "worst_hour": str(_r["worst_hour"])}, weight=2, tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e3_text", "grade": false, "solution": false, "locked": true}
# ### E3 · 模型文件校验（4 分）/ E3 · Model file checksums (4 points)
#
# `manifest_mismatches(folder)`：对 `manifest.json` 中所有版本列出的每个文件（路径相对于 `folder`），计算其 sha256；返回文件缺失或校验值不符的路径列表（升序）。
# `manifest_mismatches(folder)`: for every file listed under any version in `manifest.json` (paths relative to `folder`), compute its sha256; return the sorted list of paths whose file is missing or whose checksum differs.

# %% nbgrader={"grade_id": "e3_checksums", "grade": false, "solution": true, "locked": false}
def manifest_mismatches(folder):
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


print("mismatches:", manifest_mismatches("deployed"))

# %% nbgrader={"grade_id": "test_e3_checksums", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert isinstance(manifest_mismatches("deployed"), list)
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    check(f"checksums_{_site}", [str(p) for p in manifest_mismatches(f"/run/practicum/hidden/{_site}")], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e4_text", "grade": false, "solution": false, "locked": true}
# ### E4 · 版本漂移、升级还是回退（7 分）/ E4 · Version drift, upgrade or roll back (7 points)
#
# 1. `version_drift(records, config)`：返回曾用既不是 `active_version` 也不是 `canary_version` 的模型版本处理请求的主机列表（升序，不重复）。
# 2. `release_decision(folder, new="v2", old="v1")`：只用日志中从 `new` 版本的第一条记录（按 `ts`）起的记录，检查四项，按此顺序列出不合格项：
#    - `"checksum"`：`new` 版本在 manifest 中的文件有任何一个缺失或校验值不符；
#    - `"error_rate"`：`new` 的错误率 > `old` 的错误率 + 0.01（错误率 = `status != "ok"` 的记录数 / 该版本记录数）；
#    - `"latency"`：`new` 的 P95 延迟 > 1.2 × `old` 的 P95 延迟（同 E1，只看 ok 记录，不分 kind）；
#    - `"low_confidence"`：`new` 的低置信度比例 > `old` 的 + 0.05（低置信度比例 = ok 记录中 `confidence` < `config.json` 的 `confidence_threshold` 的比例）。
#    返回 `{"decision": "upgrade" 或 "rollback"（有不合格项时）, "failed": [不合格项]}`。
# 3. `switch_version(config_path, version)`：读 `config.json`，若 `version` 不是当前 `active_version`，则把 `previous_version` 设为原 `active_version`，`active_version` 设为 `version`，`canary_version` 设为 null；写回文件（JSON）并返回新的字典。回退就是 `switch_version(path, config["previous_version"])`。
#
# 1. `version_drift(records, config)`: the sorted list (no repeats) of hosts that served requests with a model version that is neither the `active_version` nor the `canary_version`.
# 2. `release_decision(folder, new="v2", old="v1")`: using only the log records from the first record of version `new` on (by `ts`), check four things and list the failed ones in this order:
#    - `"checksum"`: any of `new`'s files in the manifest is missing or has another checksum;
#    - `"error_rate"`: `new`'s error rate > `old`'s + 0.01 (error rate = records with `status != "ok"` / that version's records);
#    - `"latency"`: `new`'s p95 latency > 1.2 × `old`'s (as in E1: ok records, all kinds);
#    - `"low_confidence"`: `new`'s low-confidence share > `old`'s + 0.05 (the share of ok records whose `confidence` is below `config.json`'s `confidence_threshold`).
#    Return `{"decision": "upgrade", or "rollback" when anything failed, "failed": [failed checks]}`.
# 3. `switch_version(config_path, version)`: read `config.json`; unless `version` is already the `active_version`, set `previous_version` to the old `active_version`, `active_version` to `version` and `canary_version` to null; write the file back (JSON) and return the new dict. A rollback is `switch_version(path, config["previous_version"])`.

# %% nbgrader={"grade_id": "e4_release", "grade": false, "solution": true, "locked": false}
def version_drift(records, config):
    ### BEGIN SOLUTION
    allowed = {config["active_version"], config.get("canary_version")}
    return sorted({r["host"] for r in records if r.get("model_version") not in allowed})
    ### END SOLUTION


def release_decision(folder, new="v2", old="v1"):
    ### BEGIN SOLUTION
    folder = Path(folder)
    recs = read_log(folder / "logs" / "requests.jsonl")
    config = json.loads((folder / "config.json").read_text())
    start = min(r["ts"] for r in recs if r.get("model_version") == new)
    period = [r for r in recs if r["ts"] >= start]

    def mine(v):
        return [r for r in period if r.get("model_version") == v]

    def error_rate(v):
        return sum(r.get("status") != "ok" for r in mine(v)) / len(mine(v))

    def low_conf(v):
        ok = [r for r in mine(v) if r.get("status") == "ok"]
        return sum(r["confidence"] < config["confidence_threshold"] for r in ok) / len(ok)

    manifest = json.loads((folder / "manifest.json").read_text())
    failed = []
    if set(manifest_mismatches(folder)) & set(manifest["versions"][new]["files"]):
        failed.append("checksum")
    if error_rate(new) > error_rate(old) + 0.01:
        failed.append("error_rate")
    if latency_p95(period, new) > 1.2 * latency_p95(period, old):
        failed.append("latency")
    if low_conf(new) > low_conf(old) + 0.05:
        failed.append("low_confidence")
    return {"decision": "rollback" if failed else "upgrade", "failed": failed}
    ### END SOLUTION


# %include ../../_shared/operations/cells/switch_version.py


config = json.loads(Path("deployed/config.json").read_text())
print("drift:", version_drift(records, config))
print(release_decision("deployed"))

# %% nbgrader={"grade_id": "test_e4_release", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert version_drift([{"host": "a", "model_version": "v1"}, {"host": "b", "model_version": "v0"}],
                     {"active_version": "v1", "canary_version": "v2"}) == ["b"]
assert release_decision("deployed")["decision"] in ("upgrade", "rollback")
### BEGIN HIDDEN TESTS
for _site in ("deployed_b", "deployed_c"):
    _rec = read_log(f"/run/practicum/hidden/{_site}/logs/requests.jsonl")
    _cfg = json.loads(Path(f"/run/practicum/hidden/{_site}/config.json").read_text())
    check(f"drift_{_site}", [str(h) for h in version_drift(_rec, _cfg)])
    _d = release_decision(f"/run/practicum/hidden/{_site}")
    check(f"decision_{_site}", {"decision": str(_d["decision"]), "failed": [str(x) for x in _d["failed"]]}, weight=2)
check("decision_public", {"decision": str(release_decision("deployed")["decision"])})
with tempfile.TemporaryDirectory() as _tmp:
    _cp = Path(_tmp) / "config.json"
    shutil.copy(f"/run/practicum/hidden/deployed_b/config.json", _cp)
    _up = switch_version(_cp, "v2")
    _back = switch_version(_cp, _up["previous_version"])
    _same = switch_version(_cp, _back["active_version"])
    check("switch_version", [dict(_up), dict(_back), dict(_same), json.loads(_cp.read_text())], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e5_text", "grade": false, "solution": false, "locked": true}
# ### E5 · 日常运维方案（6 分，人工评分）/ E5 · Daily operations plan (6 points, scored by examiners)
#
# 为这个语音命令服务写一份日常运维方案（6–10 条）：每条写明检查或维护什么、怎样做（命令、文件或指标）、正常范围或阈值、超出时怎么处理、由谁负责并记录在哪里。
# 应覆盖：服务与各主机是否在线、延迟与错误率（按请求类型）、识别效果（低置信度比例、按语言抽查）、模型文件完整性与版本一致（版本漂移）、升级/回退流程、日志与磁盘。
#
# Write a daily operations plan for this voice-command service (6–10 items): for each, what to check or maintain, how (command, file or metric), the normal range or threshold, what to do when it is out of range, and who is responsible and where it is recorded.
# Cover: service and hosts up, latency and error rate (per request kind), recognition quality (low-confidence share, spot checks per language), model file integrity and consistent versions (version drift), the upgrade/rollback procedure, logs and disk.

# %% [markdown] nbgrader={"grade_id": "e5_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
