"""Writes the notebooks of the NLP and speech practice lab and its template
(run: .venv/bin/python labs/nlp-practice/author_notebooks.py).

source/practice/README.ipynb is the front page; 01..05 are one exercise each with instant feedback
(visible asserts against labkit, validation metrics, a challenge set of new phrasings, loss curves,
confusion matrices, spectrograms): 01 intent classification, 02 slot filling (BIO, slot F1, a BiGRU
tagger), 03 speech features (frames, log-mel, MFCC), 04 keyword spotting (a CNN on log-mel,
accuracy per language/noise), 05 deployment (paddle2onnx, ONNX Runtime parity and latency).
Graded on submission (exam.yaml): test cells against the reference on hidden cases, the predict
scripts (intent accuracy, slot F1) and the exported Paddle and ONNX keyword models on the hidden
split. templates/nlu.py is solution/nlu.py with the solution regions replaced; the notebooks copy it
to nlu.py once. predict_intent.py and predict_slots.py are given complete (source/practice/).
"""

import re
from pathlib import Path

from practicum.authoring.notebook import FALLBACK, code, solution, test, text, write

HERE = Path(__file__).parent
SRC = HERE / "source" / "practice"
HIDDEN = "/run/practicum/hidden"
GRADING_NOTE = "os.environ.get(\"PRACTICUM_GRADING\") != \"1\""  # heavy demos are skipped when graded

README = """
# 自然语言及语音处理 · 练习实验 / NLP and speech · practice lab

这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示（断言、验证集指标和图）。
This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun every
exercise as often as you like; the feedback is instant (asserts, validation metrics and pictures).

数据（合成 / synthetic；`train/` 训练 training，`val/` 验证 validation；评分用的测试集不公开 / the test split used for grading is hidden）：
- `data/commands_text/`：智能家居与客服的中英文语句，带意图和 BIO 槽位标签 / Chinese and English smart-home and customer-service utterances with intents and BIO slot tags。测试集含训练中没有的说法 / the test split has phrasings never seen in training。
- `data/speech_commands/`：8 kHz、1 秒的中英文语音命令，12 类，有噪声和混响 / 1 s spoken commands at 8 kHz, Mandarin and English, 12 classes, with noise and reverberation。测试集的发音人在训练集中没有出现过 / the test split has unseen voices。

| 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
|---|---|---|
| [01 · 意图识别 / intents](01_intent.ipynb) | 词表与编码、词袋基线、Embedding 模型、P/R/F1 / vocabulary and encoding, a bag-of-words baseline, an embedding model, P/R/F1 | `nlu.py`, `models/intent.*`, `models/vocab.json` |
| [02 · 槽位填充 / slots](02_slots.ipynb) | BIO 实体、槽位 F1、词典基线、BiGRU 标注器 / BIO entities, slot F1, a dictionary baseline, a BiGRU tagger | `models/slots.*` |
| [03 · 语音特征 / speech features](03_features.ipynb) | 分帧、对数梅尔谱、MFCC、频谱图 / framing, log-mel, MFCC, spectrograms | `03_features.ipynb` |
| [04 · 命令词识别 / keyword spotting](04_kws.ipynb) | 基线、卷积网络、按语言和噪声分析错误 / a baseline, a CNN, errors per language and noise | `models/kws.*` |
| [05 · 部署 / deployment](05_deploy.ipynb) | paddle2onnx、ONNX Runtime、一致性与延迟 / paddle2onnx, ONNX Runtime, agreement and latency | `models/kws.onnx` |

按顺序做：02 用到 01 的 `nlu.py` 和词表，05 用到 04 导出的模型。/ Work in order: 02 uses 01's `nlu.py` and vocabulary, 05 the model exported in 04.

## 怎样得到反馈 / How the feedback works

- 每个练习的单元格里有**可见断言**（很多是和 `labkit` 的参考实现比较）：通过时打印 ✓，不通过时给出原因。/ **Visible asserts** in each exercise (many compare with `labkit`'s reference implementations): a ✓ when they pass, a reason when they fail.
- **验证集指标**：准确率、宏平均 F1、槽位 F1 与评分时使用的是同一套实现（`labkit.metrics`）。/ **Validation metrics**: accuracy, macro F1 and slot F1 come from the same implementation the grader uses (`labkit.metrics`).
- **挑战集**：练习 01 有 20 句训练数据里没有的说法，看模型能否举一反三。/ **A challenge set**: exercise 01 has 20 phrasings the training data never uses, to see whether the model generalises.
- **图**：`labkit.plots`（损失曲线、混淆矩阵）和 `labkit.audio`（波形、对数梅尔谱）；语音可以直接播放。/ **Pictures**: `labkit.plots` (loss curves, confusion matrices) and `labkit.audio` (waveforms, log-mel spectrograms); clips play in the notebook.

```python
from labkit import audio, metrics, plots
metrics.accuracy(y, p); metrics.macro_f1(y, p); metrics.slot_f1(gold_tags, pred_tags, TAGS)
audio.log_mel(waves, 8000); audio.mfcc(waves, 8000); audio.show_spectrogram(wave, 8000, "title")
plots.loss_curve({"train loss": losses, "val acc": accs}); plots.confusion(y_true, y_pred, names)
```

在行末加 `;` 可避免图显示两次。/ End a line with `;` so a picture shows once.

## 提交后怎样评分 / What is graded when you submit

| 内容 Item | 分值 Points | 怎样评分 How |
|---|---|---|
| 01 `nlu.py`（规范化、词表、编码 / normalize, vocabulary, encode） | 5 | 隐藏用例，与参考答案比较 / hidden cases, compared with the reference |
| 01 `per_class_prf`, `macro_f1` | 10 | 隐藏用例 / hidden cases |
| 01 `predict_intent.py` + `models/intent` | 15 | 隐藏测试集准确率 / accuracy on the hidden split（≥ 0.78 满分 full） |
| 02 `bio_spans`, `slot_f1` | 10 | 隐藏用例 / hidden cases |
| 02 `predict_slots.py` + `models/slots` | 10 | 隐藏测试集槽位 F1 / slot F1 on the hidden split（≥ 0.80 满分 full） |
| 03 `frames`, `log_mel`, `mfcc` | 10 | 隐藏音频，与参考答案比较 / hidden clips, compared with the reference |
| 04 `models/kws` | 15 | 隐藏测试集准确率 / accuracy on the hidden split（≥ 0.60 满分 full） |
| 04 `accuracy_by` | 5 | 隐藏用例 / hidden cases |
| 05 `models/kws.onnx` | 10 | 隐藏测试集准确率 / accuracy on the hidden split |
| 05 `onnx_predict` | 10 | 与 Paddle 输出一致 / agrees with Paddle's outputs |

文件名不要改动。/ Keep the file names as they are.
"""

SETUP = """
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import paddle
from labkit import audio, metrics, plots

paddle.seed(0)
np.random.seed(0)
T, S, SR = "data/commands_text", "data/speech_commands", 8000
if not os.path.exists("nlu.py"):  # 模板只复制一次 / the template is copied once, never overwritten
    shutil.copy("templates/nlu.py", "nlu.py")


def load_module(name):
    \"\"\"（已给出 / given）loads your latest <name>.py (after every edit, run this again).\"\"\"
    spec = importlib.util.spec_from_file_location(name, f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_texts(split):
    with open(f"{T}/{split}/texts.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


text_meta = json.load(open(f"{T}/train/meta.json", encoding="utf-8"))
INTENTS, TAGS = text_meta["intents"], text_meta["tags"]
"""

SETUP_AUDIO = """
import json
import os

import numpy as np
from labkit import audio, metrics, plots

np.random.seed(0)
S, SR = "data/speech_commands", 8000
"""

HELPERS = """
F = paddle.nn.functional


def predict(model, X, batch=256):
    \"\"\"（已给出 / given）argmax of the model's logits over the last axis, in batches.\"\"\"
    model.eval()
    with paddle.no_grad():
        return np.concatenate([model(paddle.to_tensor(X[i:i + batch])).numpy().argmax(-1)
                               for i in range(0, len(X), batch)]).astype(np.int64)


def fit(model, X, y, epochs=10, lr=0.003, batch=32, augment=None, loss_fn=None, val=None, seed=0):
    \"\"\"（已给出 / given）Adam; loss_fn(logits, labels) defaults to cross-entropy; augment(xb, rng) changes each
    batch; val = (X_val, y_val, score_fn, name) adds a score per epoch. Returns {"train loss": [...], ...}.\"\"\"
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = loss_fn or F.cross_entropy
    rng = np.random.default_rng(seed)
    history = {"train loss": []}
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(X)), []
        for i in range(0, len(X), batch):
            b = order[i:i + batch]
            xb = X[b] if augment is None else augment(X[b], rng)
            loss = loss_fn(model(paddle.to_tensor(xb)), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total.append(float(loss))
        history["train loss"].append(float(np.mean(total)))
        if val is not None:
            history.setdefault("val " + val[3], []).append(float(val[2](val[1], predict(model, val[0]))))
    model.eval()
    return history
"""

# ------------------------------------------------------------------ 01 intents

C01_INTRO = """
# 练习 01 · 意图识别 / Exercise 01 · Intent classification

目标：把中英文语句变成模型能读的编号；比较词袋基线和 Embedding 模型；实现精确率、召回率和 F1；导出模型，让 `predict_intent.py` 能在没见过的数据上预测。
Goals: turn Chinese and English sentences into ids a model can read; compare a bag-of-words baseline with an embedding model; implement precision, recall and F1; export the model so that `predict_intent.py` predicts on data it has never seen.
"""

C01_DATA = """
train_rows, val_rows = load_texts("train"), load_texts("val")
train_int, val_int = np.load(f"{T}/train/intents.npy"), np.load(f"{T}/val/intents.npy")
print(len(train_rows), "train,", len(val_rows), "val")
for r in train_rows[:4]:
    print(r["lang"], r["intent"], r["tokens"])
counts = {(r["intent"], r["lang"]): 0 for r in train_rows}
for r in train_rows:
    counts[r["intent"], r["lang"]] += 1
print({i: (counts.get((i, "zh"), 0), counts.get((i, "en"), 0)) for i in INTENTS}, "(zh, en)")
"""

C01_VOCAB_TEXT = """
## 1.1 词表与编码 / Vocabulary and encoding

在 **`nlu.py`**（第一次运行时从 `templates/nlu.py` 复制而来）中完成 `normalize`、`build_vocab`、`encode`，要求见各函数说明。
中文已经按字切分、英文按空格切分（见 `tokens`）。规范化让 "Light?"、"LIGHT"、"light" 成为同一个词；出现次数太少的词（多半是错别字）归为 `<unk>`。
Complete `normalize`, `build_vocab` and `encode` in **`nlu.py`** (copied from `templates/nlu.py` on the first run); see each docstring.
Chinese is already split per character and English per word (`tokens`). Normalizing makes "Light?", "LIGHT" and "light" one token; rare tokens (mostly typos) become `<unk>`.

改完 `nlu.py` 后重新运行下面的单元格（它会重新载入文件）。/ After editing `nlu.py`, rerun the cell below (it reloads the file).
"""

C01_VOCAB_TEST = FALLBACK + """
nlu = load_module("nlu")
assert nlu.normalize("Light?") == "light", "normalize: lower case, punctuation stripped at both ends"
assert nlu.normalize("，") == "，", "normalize: a punctuation mark alone stays as it is"
_v = nlu.build_vocab([["a", "B", "b."], ["b", "c", "a"]], min_count=2)
assert _v == {"<pad>": 0, "<unk>": 1, "b": 2, "a": 3}, f"build_vocab gives {_v}"
assert nlu.encode(["A", "x", "b"], _v, max_len=5) == [3, 1, 2, 0, 0], "encode: ids, 1 for unknown, 0-padded"
assert len(nlu.encode(["a"] * 40, _v)) == nlu.MAX_LEN, "encode cuts to max_len"
print("1.1 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(301)
_words = ["Turn", "on", "the", "LIGHT", "light!", "灯", "开", "，", "?", "Off.", "off", "空", "调", "...", "Room"]
_lists = [[_words[i] for i in _rng.integers(0, len(_words), _rng.integers(1, 12))] for _ in range(40)]
check("normalize", [nlu.normalize(w) for w in _words + ["A.B", "？好！", "MiXeD"]])
check("vocab_2", nlu.build_vocab(_lists), weight=2)
check("vocab_4", nlu.build_vocab(_lists, min_count=4))
_vv = nlu.build_vocab(_lists)
check("encode", [[int(i) for i in nlu.encode(l, _vv, max_len=8)] for l in _lists[:15]], weight=2)
check("encode_long", [int(i) for i in nlu.encode(_words * 3, _vv)])
### END HIDDEN TESTS
"""

C01_ENCODE = """
nlu = load_module("nlu")
vocab = nlu.build_vocab([r["tokens"] for r in train_rows])
X_train = np.array([nlu.encode(r["tokens"], vocab) for r in train_rows], dtype=np.int64)
X_val = np.array([nlu.encode(r["tokens"], vocab) for r in val_rows], dtype=np.int64)
os.makedirs("models", exist_ok=True)
with open("models/vocab.json", "w", encoding="utf-8") as f:  # predict_intent.py / predict_slots.py read it
    json.dump(vocab, f, ensure_ascii=False)
print(len(vocab), "tokens;", val_rows[0]["tokens"], "->", X_val[0][:12])

# 挑战集：训练数据里没有的说法（不计分）/ a challenge set: phrasings the training data never uses (not graded)
CHALLENGE = [
    ("could you switch the bedroom lamp on", "turn_on"), ("lights off in the kitchen please", "turn_off"),
    ("i am cold so raise the heater to 26 degrees", "set_temperature"), ("what's the forecast for shanghai tomorrow", "query_weather"),
    ("i'd like to hear some jazz", "play_music"), ("wake me at 6:30 tomorrow", "set_alarm"),
    ("my parcel A12345678 has not arrived yet", "check_order"), ("please give me my money back for the headphones", "refund"),
    ("deliver my order to a new address", "change_address"), ("i want to speak with a real agent", "transfer_agent"),
    ("帮我把台灯开一下", "turn_on"), ("卧室的空调别开了", "turn_off"), ("空调温度调成二十三度", "set_temperature"),
    ("北京明天冷吗", "query_weather"), ("来一首青花瓷", "play_music"), ("明早七点叫醒我", "set_alarm"),
    ("我的快递到哪儿了", "check_order"), ("这个耳机我想退了", "refund"), ("收货地址要改一下", "change_address"), ("我要找人工", "transfer_agent"),
]


def tokens_of(sentence):
    \"\"\"the data set's rule: Chinese per character, English per word\"\"\"
    if any("\\u4e00" <= ch <= "\\u9fff" for ch in sentence):
        return [c for c in sentence if not c.isspace()]
    return sentence.split()


X_challenge = np.array([nlu.encode(tokens_of(s), vocab) for s, _ in CHALLENGE], dtype=np.int64)
y_challenge = np.array([INTENTS.index(i) for _, i in CHALLENGE], dtype=np.int64)
"""

C01_BASELINE_TEXT = """
## 1.2 基线：词袋 + 线性层 / Baseline: bag of words + one linear layer

词袋模型只数每个词出现了几次，不管顺序（已给出，运行几秒）。它在验证集上几乎全对——但验证集和训练集用的是同样的句式。看看它在挑战集上的表现。
A bag of words only counts each token, ignoring the order (given, a few seconds). It is almost always right on the validation split, but validation uses the training set's sentence patterns. See how it does on the challenge set.
"""

C01_BASELINE = """
class BagOfWords(paddle.nn.Layer):
    def __init__(self, vocab_size, num_classes=10):
        super().__init__()
        self.vocab_size = vocab_size
        self.fc = paddle.nn.Linear(vocab_size, num_classes)

    def forward(self, ids):
        counts = F.one_hot(ids, self.vocab_size).sum(axis=1)
        counts[:, 0] = 0  # padding is not a word
        return self.fc(counts)


paddle.seed(0)
bow = BagOfWords(len(vocab))
bow_history = fit(bow, X_train, train_int, epochs=8, lr=0.05, batch=64, val=(X_val, val_int, metrics.accuracy, "acc"))
print(f"bag of words: validation accuracy {bow_history['val acc'][-1]:.3f}, "
      f"challenge set {metrics.accuracy(y_challenge, predict(bow, X_challenge)):.2f}")
"""

C01_MODEL_TEXT = """
## 1.3 Embedding 模型 / An embedding model

完成 `IntentNet.forward`：`self.emb(ids)` 得到 [N, 32, dim]，**只对非填充位置（`ids > 0`）取平均**（填充位置也参与平均时，短句的向量会被拉向 0），再经过 `fc1`、ReLU、`fc2` 输出 10 个 logits。
训练后导出：`paddle.jit.save(model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])`。`predict_intent.py`（已给出）会读取 `models/intent` 和 `models/vocab.json`。

Complete `IntentNet.forward`: `self.emb(ids)` gives [N, 32, dim]; **average over the non-padding positions only (`ids > 0`)** (with the padding in the average, short sentences are pulled towards 0), then `fc1`, ReLU and `fc2` give 10 logits.
Export after training: `paddle.jit.save(model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])`. The given `predict_intent.py` reads `models/intent` and `models/vocab.json`.

评分：`predict_intent.py` 在隐藏测试集上的准确率 ≥ 0.78 满分，≥ 0.70 得 70%，≥ 0.55 得 40%。
Graded: `predict_intent.py`'s accuracy on the hidden test split, ≥ 0.78 full, ≥ 0.70 70 %, ≥ 0.55 40 %.
"""

C01_MODEL = """
class IntentNet(paddle.nn.Layer):
    def __init__(self, vocab_size, num_classes=10, dim=64):
        super().__init__()
        self.emb = paddle.nn.Embedding(vocab_size, dim, padding_idx=0)
        self.fc1 = paddle.nn.Linear(dim, 64)
        self.fc2 = paddle.nn.Linear(64, num_classes)

    def forward(self, ids):
        ### BEGIN SOLUTION
        mask = paddle.cast(ids > 0, "float32").unsqueeze(-1)
        mean = (self.emb(ids) * mask).sum(axis=1) / paddle.clip(mask.sum(axis=1), min=1.0)
        return self.fc2(F.relu(self.fc1(mean)))
        ### END SOLUTION


paddle.seed(0)
intent_model = IntentNet(len(vocab))
intent_history = fit(intent_model, X_train, train_int, epochs=12, lr=0.005, batch=64,
                     val=(X_val, val_int, metrics.accuracy, "acc"))
### BEGIN SOLUTION
paddle.jit.save(intent_model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])
### END SOLUTION
print(f"IntentNet: validation accuracy {intent_history['val acc'][-1]:.3f}, "
      f"challenge set {metrics.accuracy(y_challenge, predict(intent_model, X_challenge)):.2f}")
"""

C01_MODEL_FEEDBACK = """
# 即时反馈：像评分时一样运行 predict_intent.py / instant feedback: runs predict_intent.py as the grader does
assert os.path.isfile("models/intent.pdiparams"), "export with paddle.jit.save to models/intent"
run = subprocess.run([sys.executable, "predict_intent.py", f"{T}/val/texts.jsonl", "val_intents.npy"],
                     capture_output=True, text=True, timeout=300)
assert run.returncode == 0, run.stderr[-2000:]
val_pred = np.load("val_intents.npy")
print(f"predict_intent.py on the validation split: accuracy {metrics.accuracy(val_int, val_pred):.3f}")
plots.loss_curve(intent_history, title="IntentNet");
plots.confusion(y_challenge, predict(intent_model, X_challenge), INTENTS, title="挑战集 challenge set");
for (s, want), got in zip(CHALLENGE, predict(intent_model, X_challenge)):
    if INTENTS[got] != want:
        print(f"  ✗ {s!r}: {INTENTS[got]} (should be {want})")
"""

C01_PRF_TEXT = """
## 1.4 精确率、召回率与 F1 / Precision, recall and F1

实现（不要调用 `labkit.metrics` 或 scikit-learn）：/ Implement (without calling `labkit.metrics` or scikit-learn):
- `per_class_prf(y_true, y_pred, num_classes)` → `(precision, recall, f1)`，三个长 `num_classes` 的 float 数组；分母为 0 时为 0.0 / three float arrays, 0.0 where a denominator is 0；
- `macro_f1(y_true, y_pred, num_classes)` → 各类 F1 的平均 / the mean of the per-class F1。

类别不均衡时，准确率会掩盖小类别上的问题，宏平均 F1 不会。/ With unbalanced classes, accuracy hides problems of small classes; macro F1 does not.
"""

C01_PRF = """
def per_class_prf(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    t, p = np.asarray(y_true), np.asarray(y_pred)
    tp = np.array([np.sum((t == c) & (p == c)) for c in range(num_classes)], dtype=float)
    n_pred = np.array([np.sum(p == c) for c in range(num_classes)], dtype=float)
    n_true = np.array([np.sum(t == c) for c in range(num_classes)], dtype=float)
    prec = np.divide(tp, n_pred, out=np.zeros(num_classes), where=n_pred > 0)
    rec = np.divide(tp, n_true, out=np.zeros(num_classes), where=n_true > 0)
    f1 = np.divide(2 * prec * rec, prec + rec, out=np.zeros(num_classes), where=prec + rec > 0)
    return prec, rec, f1
    ### END SOLUTION


def macro_f1(y_true, y_pred, num_classes):
    ### BEGIN SOLUTION
    return float(np.mean(per_class_prf(y_true, y_pred, num_classes)[2]))
    ### END SOLUTION


_p, _r, _f = per_class_prf(y_challenge, predict(intent_model, X_challenge), 10)
print("challenge set F1 per intent:", {n: round(float(v), 2) for n, v in zip(INTENTS, _f)})
"""

C01_PRF_TEST = FALLBACK + """
_rng = np.random.default_rng(0)
_t = _rng.integers(0, 5, 200); _p = np.where(_rng.random(200) < 0.7, _t, _rng.integers(0, 5, 200))
assert np.allclose(per_class_prf(_t, _p, 5)[2], metrics.per_class_f1(_t, _p, 5)), "per-class F1 differs from labkit.metrics.per_class_f1"
assert abs(macro_f1(_t, _p, 5) - metrics.macro_f1(_t, _p, 5)) < 1e-9, "macro F1 differs from labkit.metrics.macro_f1"
assert list(per_class_prf([0, 0], [0, 0], 3)[0]) == [1.0, 0.0, 0.0], "a class never predicted has precision 0.0"
print("1.4 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(302)
_t = _rng.integers(0, 7, 500); _p = np.where(_rng.random(500) < 0.6, _t, _rng.integers(0, 7, 500))
check("prf", [np.asarray(v, dtype=float) for v in per_class_prf(_t, _p, 7)], weight=3, tol=1e-9)
check("prf_absent", [np.asarray(v, dtype=float) for v in per_class_prf([0, 1, 1], [0, 0, 1], 4)], tol=1e-9)
check("macro", float(macro_f1(_t, _p, 7)), weight=2, tol=1e-9)
check("macro_wider", float(macro_f1(_t, np.minimum(_p, 3), 9)), tol=1e-9)
### END HIDDEN TESTS
"""

C01_MORE = f"""
## 1.5 自己试试（不计分）/ Try it yourself (not graded)

- 写几句自己的话，看模型怎么判断（下面的单元格）。什么样的句子会被自信地分错？/ Write sentences of your own (cell below). Which ones are confidently misclassified?
- `build_vocab` 的 `min_count` 改成 1 或 3，挑战集准确率怎样变化？/ Set `min_count` to 1 or 3: what happens on the challenge set?
- 没有“其他”意图：与智能家居和客服都无关的话会被分到哪里？怎样用概率阈值拒识？/ There is no "other" intent: where do unrelated sentences go? How would a probability threshold reject them?
"""

C01_TRY = f"""
def try_intent(sentences):
    for s in sentences:
        logits = intent_model(paddle.to_tensor(np.array([nlu.encode(tokens_of(s), vocab)], dtype=np.int64))).numpy()[0]
        prob = np.exp(logits - logits.max())
        prob /= prob.sum()
        print(f"{{s!r:45}} -> {{INTENTS[int(prob.argmax())]:15}} p={{prob.max():.2f}}")


if {GRADING_NOTE}:
    try_intent(["turn on the tv in the study", "今天天气真好", "tell me a joke", "把书房的风扇关了"])
"""

# ------------------------------------------------------------------ 02 slots

C02_INTRO = """
# 练习 02 · 槽位填充 / Exercise 02 · Slot filling

目标：读懂 BIO 标签，实现实体级的槽位 F1，比较“查词典”的基线和 BiGRU 序列标注模型。需要练习 01 的 `nlu.py` 和 `models/vocab.json`。
Goals: read BIO tags, implement entity-level slot F1, compare a dictionary baseline with a BiGRU sequence tagger. Needs `nlu.py` and `models/vocab.json` from exercise 01.
"""

C02_DATA = """
train_rows, val_rows = load_texts("train"), load_texts("val")
train_tags, val_tags = np.load(f"{T}/train/tags.npy"), np.load(f"{T}/val/tags.npy")   # int64 [N, 32], -1 = padding
nlu = load_module("nlu")
vocab = json.load(open("models/vocab.json", encoding="utf-8"))
X_train = np.array([nlu.encode(r["tokens"], vocab) for r in train_rows], dtype=np.int64)
X_val = np.array([nlu.encode(r["tokens"], vocab) for r in val_rows], dtype=np.int64)
print(TAGS)
for tok, tag in zip(train_rows[5]["tokens"], train_rows[5]["tags"]):
    print(f"{tok:>10}  {tag}")
"""

C02_F1_TEXT = """
## 2.1 BIO 实体与槽位 F1 / BIO entities and slot F1

- `bio_spans(tag_ids, names)`：一条标签编号序列（遇到 -1 即结束）中的实体集合 {(start, end, type)}，`end` 不含。`B-x` 开始一个实体；`I-x` 紧接在同类实体后时延续它，否则也开始一个新实体。
  The entities of one sequence of tag ids (it ends at the first -1) as a set {(start, end, type)}, `end` exclusive. `B-x` starts an entity; `I-x` continues an entity of the same type right before it, and otherwise starts a new one.
- `slot_f1(gold, pred, names)`：[N, T] 的标签编号；每行只看 gold 中非 -1 的位置；对所有句子统计完全一致的实体，返回 F1（没有一致的实体时为 0.0）。
  [N, T] tag ids; in each row only where gold is not -1; over all sentences, F1 of exactly matching entities (0.0 when none match).

一个实体的边界或类型错了，既算一个漏报，也算一个误报。/ An entity with a wrong boundary or type counts as both a miss and a false alarm.
"""

C02_F1 = """
def bio_spans(tag_ids, names):
    ### BEGIN SOLUTION
    seq = [int(t) for t in tag_ids]
    if -1 in seq:
        seq = seq[:seq.index(-1)]
    spans, start, kind = set(), None, None
    for i, t in enumerate(seq + [names.index("O")]):
        prefix, _, label = names[t].partition("-")
        continues = prefix == "I" and kind == label and start is not None
        if start is not None and not continues:
            spans.add((start, i, kind))
            start, kind = None, None
        if prefix in ("B", "I") and not continues:
            start, kind = i, label
    return spans
    ### END SOLUTION


def slot_f1(gold, pred, names):
    ### BEGIN SOLUTION
    tp = n_gold = n_pred = 0
    for g, p in zip(np.asarray(gold), np.asarray(pred)):
        n = int(np.sum(g >= 0))
        gs, ps = bio_spans(g[:n], names), bio_spans(p[:n], names)
        tp, n_gold, n_pred = tp + len(gs & ps), n_gold + len(gs), n_pred + len(ps)
    if tp == 0:
        return 0.0
    prec, rec = tp / n_pred, tp / n_gold
    return 2 * prec * rec / (prec + rec)
    ### END SOLUTION
"""

C02_F1_TEST = FALLBACK + """
_names = ["O", "B-a", "I-a", "B-b", "I-b"]
assert bio_spans([1, 2, 0, 3, 4, 4, -1], _names) == {(0, 2, "a"), (3, 6, "b")}, "B-a I-a O B-b I-b I-b"
assert bio_spans([2, 2, 4, 1], _names) == {(0, 2, "a"), (2, 3, "b"), (3, 4, "a")}, "an I- after another type starts an entity"
_rng = np.random.default_rng(0)
_noisy = np.where(_rng.random(val_tags.shape) < 0.05, _rng.integers(0, len(TAGS), val_tags.shape), val_tags)
assert abs(slot_f1(val_tags, _noisy, TAGS) - metrics.slot_f1(val_tags, _noisy, TAGS)) < 1e-9, "slot_f1 differs from labkit.metrics.slot_f1"
print("2.1 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(303)
_seqs = [_rng.integers(0, len(TAGS), _rng.integers(1, 20)).tolist() for _ in range(30)]
check("spans_random", [sorted([int(a), int(b), str(c)] for a, b, c in bio_spans(s, TAGS)) for s in _seqs], weight=2)
_gold = val_tags[:300]
_noisy = np.where(_rng.random(_gold.shape) < 0.1, _rng.integers(0, len(TAGS), _gold.shape), _gold)
check("slot_f1_noisy", float(slot_f1(_gold, _noisy, TAGS)), weight=2, tol=1e-9)
check("slot_f1_shifted", float(slot_f1(_gold, np.roll(_gold, 1, axis=1), TAGS)), tol=1e-9)
check("slot_f1_none", float(slot_f1(_gold[:5], np.zeros_like(_gold[:5]), TAGS)), tol=1e-9)
### END HIDDEN TESTS
"""

C02_BASELINE_TEXT = """
## 2.2 基线：查词典 / Baseline: a dictionary

把训练集里出现过的槽位值收进词典，在句子里做最长匹配（已给出）。它的弱点：没见过的值（新城市、新设备）找不到；同一个词在不同位置的含义（“今天”是时间，“天气”里的“天”不是）分不清。
Collect every slot value seen in training and find the longest matches in a sentence (given). Its weaknesses: values never seen (new cities, new devices) are missed; it cannot tell a word's role from its context.
"""

C02_BASELINE = """
def gazetteer_tagger(rows, tag_names, max_len=32):
    \"\"\"（已给出 / given）tag(rows) -> int [N, max_len] tag ids by longest match of the slot values in `rows`.\"\"\"
    lexicon = {}
    for r in rows:
        i = 0
        while i < len(r["tags"]):
            if r["tags"][i].startswith("B-"):
                j = i + 1
                while j < len(r["tags"]) and r["tags"][j] == "I-" + r["tags"][i][2:]:
                    j += 1
                lexicon[tuple(t.lower() for t in r["tokens"][i:j])] = r["tags"][i][2:]
                i = j
            else:
                i += 1
    longest = max(len(k) for k in lexicon)

    def tag(rows_to_tag):
        out = np.full((len(rows_to_tag), max_len), tag_names.index("O"), dtype=np.int64)
        for n, r in enumerate(rows_to_tag):
            toks, i = [t.lower() for t in r["tokens"]], 0
            while i < len(toks):
                for k in range(min(longest, len(toks) - i), 0, -1):
                    slot = lexicon.get(tuple(toks[i:i + k]))
                    if slot:
                        out[n, i] = tag_names.index("B-" + slot)
                        out[n, i + 1:i + k] = tag_names.index("I-" + slot)
                        i += k
                        break
                else:
                    i += 1
        return out
    return tag


gazetteer_pred = gazetteer_tagger(train_rows, TAGS)(val_rows)
print(f"dictionary baseline: validation slot F1 {slot_f1(val_tags, gazetteer_pred, TAGS):.3f}")
"""

C02_MODEL_TEXT = """
## 2.3 BiGRU 序列标注 / A BiGRU sequence tagger

双向 GRU 读整句，每个位置都能看到左右两边的上下文，再给每个词输出一个标签的 logits：[N, 32, 17]。
1. 完成 `SlotTagger.forward`：`self.emb` → `self.rnn`（返回 `(输出, 状态)`，取输出 [N, 32, 128]）→ `self.out`。
2. 完成 `token_loss(logits, tags)`：把 logits 变成 [N×32, 17]、tags 变成 [N×32]，用 `F.cross_entropy(..., ignore_index=-1)`，填充位置不计入损失。
3. 训练后导出到 **`models/slots`**（`InputSpec([None, 32], "int64", "ids")`）。`predict_slots.py`（已给出）读取它。

A bidirectional GRU reads the whole sentence, so every position sees its left and right context; it gives each token a tag's logits: [N, 32, 17].
1. Complete `SlotTagger.forward`: `self.emb` → `self.rnn` (it returns `(outputs, state)`; take the outputs [N, 32, 128]) → `self.out`.
2. Complete `token_loss(logits, tags)`: reshape the logits to [N×32, 17] and the tags to [N×32] and use `F.cross_entropy(..., ignore_index=-1)`, so padding does not count.
3. Export to **`models/slots`** after training (`InputSpec([None, 32], "int64", "ids")`). The given `predict_slots.py` reads it.

评分：`predict_slots.py` 在隐藏测试集上的槽位 F1 ≥ 0.80 满分，≥ 0.70 得 70%，≥ 0.55 得 40%。
Graded: `predict_slots.py`'s slot F1 on the hidden test split, ≥ 0.80 full, ≥ 0.70 70 %, ≥ 0.55 40 %.
"""

C02_MODEL = """
class SlotTagger(paddle.nn.Layer):
    def __init__(self, vocab_size, num_tags, dim=64, hidden=64):
        super().__init__()
        self.emb = paddle.nn.Embedding(vocab_size, dim, padding_idx=0)
        self.rnn = paddle.nn.GRU(dim, hidden, direction="bidirect")
        self.out = paddle.nn.Linear(2 * hidden, num_tags)

    def forward(self, ids):
        ### BEGIN SOLUTION
        outputs, _ = self.rnn(self.emb(ids))
        return self.out(outputs)
        ### END SOLUTION


def token_loss(logits, tags):
    ### BEGIN SOLUTION
    return F.cross_entropy(logits.reshape([-1, logits.shape[-1]]), tags.reshape([-1]), ignore_index=-1)
    ### END SOLUTION


paddle.seed(0)
tagger = SlotTagger(len(vocab), len(TAGS))
tagger_history = fit(tagger, X_train, train_tags, epochs=8, lr=0.005, batch=64, loss_fn=token_loss,
                     val=(X_val, val_tags, lambda g, p: metrics.slot_f1(g, p, TAGS), "f1"))
### BEGIN SOLUTION
paddle.jit.save(tagger, "models/slots", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])
### END SOLUTION
print(f"BiGRU tagger: validation slot F1 {tagger_history['val f1'][-1]:.3f}")
"""

C02_MODEL_FEEDBACK = """
# 即时反馈：像评分时一样运行 predict_slots.py / instant feedback: runs predict_slots.py as the grader does
assert os.path.isfile("models/slots.pdiparams"), "export with paddle.jit.save to models/slots"
run = subprocess.run([sys.executable, "predict_slots.py", f"{T}/val/texts.jsonl", "val_slots.npy"],
                     capture_output=True, text=True, timeout=300)
assert run.returncode == 0, run.stderr[-2000:]
val_pred_tags = np.load("val_slots.npy")
print(f"predict_slots.py on the validation split: slot F1 {slot_f1(val_tags, val_pred_tags, TAGS):.3f} "
      f"(dictionary baseline {slot_f1(val_tags, gazetteer_pred, TAGS):.3f})")
plots.loss_curve(tagger_history, title="BiGRU tagger");
# 每种槽位的 F1 / F1 per slot type
for slot in text_meta["slots"]:
    keep = [TAGS.index("O")] + [TAGS.index(f"B-{slot}"), TAGS.index(f"I-{slot}")]
    only = lambda a: np.where(np.isin(a, keep) | (a < 0), a, 0)
    print(f"  {slot:9} F1 {metrics.slot_f1(only(val_tags), only(val_pred_tags), TAGS):.3f}")
for n in range(len(val_rows)):
    k = int(np.sum(val_tags[n] >= 0))
    if (val_pred_tags[n, :k] != val_tags[n, :k]).any():
        print("first error:", [(t, TAGS[g], TAGS[p]) for t, g, p in zip(val_rows[n]["tokens"], val_tags[n], val_pred_tags[n]) if g != p])
        break
"""

C02_MORE = """
## 2.4 自己试试（不计分）/ Try it yourself (not graded)

- 把 `direction="bidirect"` 改成单向，F1 怎样变化？为什么“把**客厅**的灯打开”中的“客厅”需要右边的上下文？/ Make the GRU one-directional: what happens to F1? Why does a room name need its right-hand context?
- BiGRU 有时输出不合法的序列（`O` 后面直接 `I-x`）。`bio_spans` 怎样处理它们？怎样在解码时禁止？/ The tagger sometimes outputs invalid sequences (`I-x` right after `O`). How does `bio_spans` treat them, and how could decoding forbid them?
- 槽位和意图能用同一个模型同时预测吗（共享 Embedding 和 GRU，两个输出头）？/ Could one model predict slots and the intent at once (shared embedding and GRU, two output heads)?
"""

# ------------------------------------------------------------------ 03 speech features

C03_INTRO = """
# 练习 03 · 语音特征 / Exercise 03 · Speech features

目标：从波形一步步算出对数梅尔谱和 MFCC，并通过图看懂它们：分帧、加窗、短时傅里叶变换、梅尔滤波器组、取对数、离散余弦变换。
Goals: compute log-mel spectrograms and MFCCs from a waveform step by step and understand them through pictures: framing, windowing, the short-time Fourier transform, the mel filterbank, the logarithm, the discrete cosine transform.
"""

C03_DATA = """
from IPython.display import Audio, display

train_wav = np.load(f"{S}/train/waves.npy")     # int16 [720, 8000]: 1 s at 8 kHz
train_kw = np.load(f"{S}/train/labels.npy")
train_info = [json.loads(line) for line in open(f"{S}/train/info.jsonl", encoding="utf-8")]
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
print(KEYWORDS)
print(train_info[0])
audio.show_waveform(train_wav[0], SR, f"{KEYWORDS[train_kw[0]]} ({train_info[0]['lang']}, {train_info[0].get('noise')})");
display(Audio(train_wav[0] / 32768, rate=SR))   # 点击播放 / press play
"""

C03_FEAT_TEXT = """
## 3.1 分帧、对数梅尔谱、MFCC / Frames, log-mel, MFCC

实现与 `labkit.audio` 相同的三个函数（可以用它核对，但不要直接调用它们；`audio.mel_filterbank` 可以用）：
Implement the same three functions as `labkit.audio` (check against it, but do not call those; `audio.mel_filterbank` may be used):

1. `frames(x, win, hop)`：float64 [n, win]，`n = 1 + (len(x) - win) // hop`，第 i 帧是 `x[i*hop : i*hop + win]`；int16 输入先除以 32768。
   float64 [n, win] with `n = 1 + (len(x) - win) // hop`, frame i is `x[i*hop : i*hop + win]`; int16 input is divided by 32768 first.
2. `log_mel(wave, sr, n_mels=40)`：帧长 25 ms、帧移 10 ms（`win = round(0.025 sr)`、`hop = round(0.010 sr)`），每帧乘汉宁窗 `np.hanning(win + 2)[1:-1]`，`n_fft` 为不小于 `win` 的最小 2 的幂，
   功率谱 `|rfft|²`，梅尔能量 = `audio.mel_filterbank(sr, n_fft, n_mels)` @ 功率谱，返回 `np.log(梅尔能量 + 1e-6)`，float32 [n_mels, 帧数]。
   25 ms frames every 10 ms, each multiplied by the Hann window `np.hanning(win + 2)[1:-1]`, `n_fft` the smallest power of two ≥ `win`, power spectrum `|rfft|²`,
   mel energies = `audio.mel_filterbank(sr, n_fft, n_mels)` @ power spectrum; return `np.log(mel energies + 1e-6)`, float32 [n_mels, frames].
3. `mfcc(wave, sr, n=13)`：对 `log_mel` 的结果沿梅尔频带做正交 DCT-II（`scipy.fft.dct(..., type=2, axis=0, norm="ortho")`），取前 `n` 个，float32 [n, 帧数]。
   The orthonormal DCT-II of `log_mel`'s result along the mel bands (`scipy.fft.dct(..., type=2, axis=0, norm="ortho")`), the first `n` coefficients, float32 [n, frames].
"""

C03_FEAT = """
from scipy.fft import dct


def frames(x, win, hop):
    ### BEGIN SOLUTION
    x = np.asarray(x)
    x = x.astype(np.float64) / 32768.0 if x.dtype == np.int16 else x.astype(np.float64)
    n = 1 + (len(x) - win) // hop
    return np.stack([x[i * hop:i * hop + win] for i in range(n)])
    ### END SOLUTION


def log_mel(wave, sr, n_mels=40):
    ### BEGIN SOLUTION
    win, hop = int(round(0.025 * sr)), int(round(0.010 * sr))
    n_fft = 1 << (win - 1).bit_length()
    power = np.abs(np.fft.rfft(frames(wave, win, hop) * np.hanning(win + 2)[1:-1], n_fft, axis=1)) ** 2
    return np.log(audio.mel_filterbank(sr, n_fft, n_mels) @ power.T + 1e-6).astype(np.float32)
    ### END SOLUTION


def mfcc(wave, sr, n=13):
    ### BEGIN SOLUTION
    return dct(log_mel(wave, sr).astype(np.float64), type=2, axis=0, norm="ortho")[:n].astype(np.float32)
    ### END SOLUTION
"""

C03_FEAT_TEST = FALLBACK + """
assert frames(np.arange(10.0), 4, 3).tolist() == [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]], "frames: 1 + (10 - 4) // 3 = 3 frames"
assert np.allclose(frames(train_wav[0], 200, 80), audio.frames(train_wav[0], 200, 80)), "frames differ from labkit.audio.frames"
_mine, _ref = log_mel(train_wav[0], SR), audio.log_mel(train_wav[0], SR)
assert np.shape(_mine) == (40, 98), f"log_mel shape {np.shape(_mine)}, expected (40, 98)"
assert np.allclose(_mine, _ref, atol=1e-4), f"log_mel differs from labkit.audio.log_mel by up to {np.abs(_mine - _ref).max():.3g}"
assert np.allclose(mfcc(train_wav[0], SR), audio.mfcc(train_wav[0], SR), atol=1e-3), "mfcc differs from labkit.audio.mfcc"
print("3.1 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(304)
check("frames_random", np.asarray(frames(_rng.normal(size=333), 50, 20), dtype=float), tol=1e-12)
_hw = np.load(f"{HIDDEN}/speech_commands/waves.npy")[:4]
check("log_mel_hidden", [np.asarray(log_mel(w, SR), dtype=float) for w in _hw], weight=3, tol=1e-4)
check("log_mel_16k", np.asarray(log_mel(_rng.normal(0, 0.1, 8000), 16000, n_mels=26), dtype=float), tol=1e-4)
check("mfcc_hidden", [np.asarray(mfcc(w, SR, n=13), dtype=float) for w in _hw], weight=3, tol=1e-3)
check("mfcc_n20", np.asarray(mfcc(_hw[0], SR, n=20), dtype=float), tol=1e-3)
### END HIDDEN TESTS
""".replace("{HIDDEN}", HIDDEN)

C03_PICTURES_TEXT = """
## 3.2 看图说话 / Reading the pictures

下面同一个命令的英文和中文说法、一段安静和一段嘈杂的录音、`_silence_` 和 `_unknown_` 的对数梅尔谱放在一起。注意：元音是横向的能量带（共振峰），噪声是整片铺开的能量，混响让能量在时间上拖尾。
Below: the same command in English and in Mandarin, a quiet and a noisy clip, `_silence_` and `_unknown_`, as log-mel spectrograms. Vowels are horizontal bands of energy (formants), noise spreads energy everywhere, reverberation smears it in time.
"""

C03_PICTURES = f"""
def first(pred):
    return next(i for i, info in enumerate(train_info) if pred(i, info))


if {GRADING_NOTE}:  # 评分时跳过 / skipped when graded
    picks = [
        ("open, English", first(lambda i, f: KEYWORDS[train_kw[i]] == "open" and f["lang"] == "en")),
        ("open, 中文", first(lambda i, f: KEYWORDS[train_kw[i]] == "open" and f["lang"] == "zh")),
        ("quiet / 安静 (SNR > 25 dB)", first(lambda i, f: f.get("snr_db", 0) > 25)),
        ("noisy / 嘈杂 (SNR < 12 dB)", first(lambda i, f: 0 < f.get("snr_db", 99) < 12)),
        ("_silence_", first(lambda i, f: KEYWORDS[train_kw[i]] == "_silence_")),
        ("_unknown_", first(lambda i, f: KEYWORDS[train_kw[i]] == "_unknown_")),
    ]
    for title, i in picks:
        audio.show_spectrogram(train_wav[i], SR, f"{{title}}: {{train_info[i].get('word')}} ({{train_info[i].get('noise')}})");
        display(Audio(train_wav[i] / 32768, rate=SR))
"""

C03_MEAN_TEXT = """
## 3.3 每类的平均 MFCC / Mean MFCCs per class

每类样本 MFCC 的平均值（前 13 维 × 时间）。不同命令的平均图样差别明显吗？这说明了什么？
The mean MFCC of each class (13 coefficients × time). Do the commands' mean patterns differ much? What does that tell you?
"""

C03_MEAN = f"""
import matplotlib.pyplot as plt

if {GRADING_NOTE}:
    feats = audio.mfcc(train_wav, SR)          # labkit 的批量版本 / labkit's batch version: [N, 13, 98]
    fig, axes = plt.subplots(3, 4, figsize=(10, 6), sharex=True, sharey=True)
    for c, ax in enumerate(axes.ravel()):
        ax.imshow(feats[train_kw == c].mean(axis=0)[1:], origin="lower", aspect="auto", cmap="coolwarm")
        ax.set_title(KEYWORDS[c], fontsize=9)
    fig.suptitle("平均 MFCC（不含第 0 维）/ mean MFCC per class (without c0)")
    fig.tight_layout()
"""

C03_MORE = """
## 3.4 自己试试（不计分）/ Try it yourself (not graded)

- 把帧长改成 50 ms 或 10 ms，频谱图有什么变化（时间分辨率与频率分辨率的取舍）？/ Use 50 ms or 10 ms frames: what changes (time against frequency resolution)?
- 不取对数直接看梅尔能量，为什么几乎只看得见最响的部分？/ Look at the mel energies without the log: why is only the loudest part visible?
- 在一段录音上加不同强度的白噪声（`np.random.normal`），看 MFCC 怎样变化。/ Add white noise of different strengths to a clip and see how the MFCCs change.
"""

# ------------------------------------------------------------------ 04 keyword spotting

C04_INTRO = """
# 练习 04 · 命令词识别 / Exercise 04 · Keyword spotting

目标：在对数梅尔特征上训练一个小卷积网络识别 12 类语音命令（中英文、多种发音人、噪声和混响），再按语言、噪声类型和信噪比分析它在哪里出错。
Goals: train a small convolutional network on log-mel features to recognise 12 spoken commands (Mandarin and English, many voices, noise and reverberation), then find where it fails by language, noise kind and SNR.

测试集的发音人在训练集和验证集里都没有出现过，噪声也更大：测试准确率会比验证准确率低。
The test split's voices occur in neither training nor validation, and it is noisier: expect a lower test accuracy than validation accuracy.
"""

C04_DATA = """
train_wav, val_wav = np.load(f"{S}/train/waves.npy"), np.load(f"{S}/val/waves.npy")
train_kw, val_kw = np.load(f"{S}/train/labels.npy"), np.load(f"{S}/val/labels.npy")
val_info = [json.loads(line) for line in open(f"{S}/val/info.jsonl", encoding="utf-8")]
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
train_lm, val_lm = audio.log_mel(train_wav, SR), audio.log_mel(val_wav, SR)   # float32 [N, 40, 98]
print(train_lm.shape, val_lm.shape, np.bincount(train_kw))
"""

C04_BASELINE_TEXT = """
## 4.1 基线：平均特征 + 线性层 / Baseline: averaged features + one linear layer

把每个 MFCC 系数在时间上的平均值和标准差（26 个数）送进一个线性层（已给出）。它丢掉了“先发什么音、后发什么音”的信息。
Feed each MFCC coefficient's mean and standard deviation over time (26 numbers) to one linear layer (given). It throws away the order of the sounds.
"""

C04_BASELINE = """
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
"""

C04_MODEL_TEXT = """
## 4.2 卷积网络 / A convolutional network

模型的输入是 `audio.log_mel(waves, 8000)`，float32 [N, 40, 98]（40 个梅尔频带当作 40 个通道，沿时间做一维卷积）。
1. 完成 `KWSNet.forward`：先对每个频带减去它在时间上的平均值（去掉音量和信道的影响），除以 4 使数值在 ±几 之间，然后 `self.body`，沿时间取最大值（`paddle.max(..., axis=2)`），`self.drop`，`self.fc`。
2. 训练时用 `random_shift` 数据增强（命令在 1 秒里的位置是随机的）。
3. 导出到 **`models/kws`**，`InputSpec([None, 40, 98], "float32", "logmel")`。

The model's input is `audio.log_mel(waves, 8000)`, float32 [N, 40, 98] (the 40 mel bands as 40 channels, 1-D convolutions along time).
1. Complete `KWSNet.forward`: subtract from each band its mean over time (removing loudness and channel), divide by 4 to keep the values within a few units, then `self.body`, the maximum over time (`paddle.max(..., axis=2)`), `self.drop`, `self.fc`.
2. Train with the `random_shift` augmentation (the command's position within the second is random).
3. Export to **`models/kws`** with `InputSpec([None, 40, 98], "float32", "logmel")`.

评分：导出的模型在隐藏测试集上的准确率 ≥ 0.60 满分，≥ 0.50 得 70%，≥ 0.35 得 40%。
Graded: the exported model's accuracy on the hidden test split, ≥ 0.60 full, ≥ 0.50 70 %, ≥ 0.35 40 %.
"""

C04_MODEL = """
nn = paddle.nn


def random_shift(xb, rng, max_frames=15):
    \"\"\"（已给出 / given）roll the batch's features along time by up to max_frames.\"\"\"
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
"""

C04_MODEL_FEEDBACK = """
# 即时反馈 / instant feedback
assert os.path.isfile("models/kws.pdiparams"), "export with paddle.jit.save to models/kws"
_loaded = paddle.jit.load("models/kws")
assert _loaded(paddle.to_tensor(val_lm[:2])).shape == [2, 12], "the exported model maps [N, 40, 98] to [N, 12]"
assert metrics.accuracy(val_kw, val_pred) > 0.6, "validation accuracy under 0.6: check forward (mean removal) and the training"
plots.loss_curve(kws_history, title="KWSNet");
plots.confusion(val_kw, val_pred, KEYWORDS);
"""

C04_ERRORS_TEXT = """
## 4.3 错误在哪里 / Where the errors are

实现 `accuracy_by(groups, y_true, y_pred)`：`groups` 是每个样本的分组（字符串，如语言或噪声类型），返回 {分组: 该组的准确率}，按分组名升序。
下面用它按语言、噪声类型和信噪比分段比较验证集准确率。
Implement `accuracy_by(groups, y_true, y_pred)`: `groups` holds each sample's group (a string such as the language or the noise kind); return {group: that group's accuracy}, keys in ascending order.
The cell below compares the validation accuracy per language, noise kind and SNR range with it.
"""

C04_ERRORS = """
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
"""

C04_ERRORS_TEST = FALLBACK + """
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
"""

C04_MORE = """
## 4.4 自己试试（不计分）/ Try it yourself (not graded)

- 去掉 `forward` 里的“减去平均值”，验证集准确率怎样变化？换成 MFCC 输入呢？/ Drop the mean removal in `forward`: what happens? And with MFCC input?
- 训练时随机把几个频带或几帧置零（SpecAugment），对嘈杂样本有帮助吗？/ Zero a few random bands or frames during training (SpecAugment): does it help on noisy clips?
- 模型把哪些命令混淆得最多？它们的发音像吗？/ Which commands are confused most? Do they sound alike?
"""

# ------------------------------------------------------------------ 05 deployment

C05_INTRO = """
# 练习 05 · 部署 / Exercise 05 · Deployment

目标：把练习 04 导出的命令词模型转换为 ONNX，用 ONNX Runtime 推理，核对与 Paddle 的一致性，比较延迟，并把“波形 → 特征 → 模型 → 结果”串成一个可交付的函数。
Goals: convert exercise 04's keyword model to ONNX, run it with ONNX Runtime, check it agrees with Paddle, compare latencies, and chain "waveform → features → model → result" into a deliverable function.
"""

C05_DATA = """
val_wav, val_kw = np.load(f"{S}/val/waves.npy"), np.load(f"{S}/val/labels.npy")
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
val_lm = audio.log_mel(val_wav, SR)
paddle_model = paddle.jit.load("models/kws")   # 导出的静态图模型 / the exported static-graph model
paddle_model.eval()
"""

C05_CONVERT_TEXT = """
## 5.1 转换为 ONNX / Convert to ONNX

用 paddle2onnx 把 `models/kws`（`kws.json` + `kws.pdiparams`）转换为 **`models/kws.onnx`**，opset 13；本环境离线，请加 `--optimize_tool None`。
Convert `models/kws` (`kws.json` + `kws.pdiparams`) to **`models/kws.onnx`** with paddle2onnx, opset 13; this environment is offline, so pass `--optimize_tool None`.

评分：`models/kws.onnx` 在隐藏测试集上的准确率（阈值同练习 04）。/ Graded: `models/kws.onnx`'s accuracy on the hidden test split (thresholds as in exercise 04).
"""

C05_CONVERT = """
### BEGIN SOLUTION
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models",
                       "--model_filename", "kws.json", "--params_filename", "kws.pdiparams",
                       "--save_file", "models/kws.onnx", "--opset_version", "13", "--optimize_tool", "None"],
                      capture_output=True, text=True, timeout=300)
print(conv.stdout[-600:], conv.stderr[-600:] if conv.returncode else "")
### END SOLUTION
assert os.path.isfile("models/kws.onnx"), "models/kws.onnx is missing"
print("5.1 ✓")
"""

C05_PREDICT_TEXT = """
## 5.2 ONNX Runtime 推理与一致性 / ONNX Runtime inference and agreement

实现 `onnx_predict(path, feats)`：用 `onnxruntime.InferenceSession`（CPUExecutionProvider）加载，把 `feats` 转为 float32 送入第一个输入，返回第一个输出（logits [N, 12]）。
与 Paddle 的输出相比，最大绝对误差应小于 1e-4，类别完全一致。
Implement `onnx_predict(path, feats)`: load with `onnxruntime.InferenceSession` (CPUExecutionProvider), feed `feats` as float32 to the first input and return the first output (logits [N, 12]).
Compared with Paddle's outputs, the largest absolute difference should be under 1e-4 and the classes identical.
"""

C05_PREDICT = """
import onnxruntime as ort

ort.set_default_logger_severity(3)


def onnx_predict(path, feats):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return session.run(None, {name: np.asarray(feats, dtype=np.float32)})[0]
    ### END SOLUTION


with paddle.no_grad():
    paddle_logits = paddle_model(paddle.to_tensor(val_lm)).numpy()
onnx_logits = onnx_predict("models/kws.onnx", val_lm)
print("max |onnx - paddle| =", float(np.abs(onnx_logits - paddle_logits).max()))
"""

C05_PREDICT_TEST = FALLBACK + """
assert np.shape(onnx_predict("models/kws.onnx", val_lm[:3])) == (3, 12), "onnx_predict returns logits [N, 12]"
assert np.abs(onnx_logits - paddle_logits).max() < 1e-4, "ONNX and Paddle outputs differ by more than 1e-4"
assert (onnx_logits.argmax(1) == paddle_logits.argmax(1)).all(), "ONNX and Paddle give different classes"
print("5.2 ✓ validation accuracy (ONNX):", metrics.accuracy(val_kw, onnx_logits.argmax(1)))
### BEGIN HIDDEN TESTS
_hx = audio.log_mel(np.load(f"{HIDDEN}/speech_commands/waves.npy")[:120], SR)
_o = np.asarray(onnx_predict("models/kws.onnx", _hx))
with paddle.no_grad():
    _pl = paddle_model(paddle.to_tensor(_hx)).numpy()
check("onnx_shape", [list(_o.shape), str(_o.dtype)])
check("onnx_matches_paddle", bool(np.abs(_o - _pl).max() < 1e-3), weight=2)
check("onnx_same_classes", bool((_o.argmax(1) == _pl.argmax(1)).all()), weight=2)
### END HIDDEN TESTS
""".replace("{HIDDEN}", HIDDEN)

C05_LATENCY_TEXT = """
## 5.3 延迟 / Latency

同一个模型，Paddle（`paddle.jit.load`）和 ONNX Runtime 各推理 1 段和 32 段录音，比较中位延迟；再看特征提取（`audio.log_mel`）占多少时间。交付文档里应写明在目标硬件上测得的端到端延迟。
The same model with Paddle (`paddle.jit.load`) and ONNX Runtime on 1 and 32 clips: compare the median latencies, and see how much the feature extraction (`audio.log_mel`) takes. A delivery document states the end-to-end latency measured on the target hardware.
"""

C05_LATENCY = f"""
def median_ms(fn, repeats=20):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


if {GRADING_NOTE}:
    session = ort.InferenceSession("models/kws.onnx", providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    for batch in (1, 32):
        xb = val_lm[:batch]
        with paddle.no_grad():
            p_ms = median_ms(lambda: paddle_model(paddle.to_tensor(xb)).numpy())
        o_ms = median_ms(lambda: session.run(None, {{name: xb}}))
        f_ms = median_ms(lambda: audio.log_mel(val_wav[:batch], SR))
        print(f"batch {{batch:2d}}: features {{f_ms:6.2f}} ms, Paddle {{p_ms:6.2f}} ms, ONNX Runtime {{o_ms:6.2f}} ms")
"""

C05_E2E_TEXT = """
## 5.4 端到端 / End to end

交付给集成方的是一个函数：输入 8 kHz int16 的 1 秒录音，输出命令和置信度；置信度低于阈值时返回 `_unknown_`（让设备请用户再说一遍）。
What the integrators get is one function: a 1 s, 8 kHz int16 clip in, the command and its confidence out; below a confidence threshold it returns `_unknown_` (the device asks the user to repeat).
"""

C05_E2E = f"""
session = ort.InferenceSession("models/kws.onnx", providers=["CPUExecutionProvider"])


def recognise(wave, threshold=0.5):
    logits = session.run(None, {{session.get_inputs()[0].name: audio.log_mel(wave[None, :], SR)}})[0][0]
    prob = np.exp(logits - logits.max())
    prob /= prob.sum()
    best = int(prob.argmax())
    return (KEYWORDS[best] if prob[best] >= threshold else "_unknown_"), float(prob[best])


if {GRADING_NOTE}:
    for i in range(4):
        word, p = recognise(val_wav[i])
        audio.show_spectrogram(val_wav[i], SR, f"true {{KEYWORDS[val_kw[i]]}} -> recognised {{word}} (p={{p:.2f}})");
"""

C05_MORE = """
## 5.5 自己试试（不计分）/ Try it yourself (not graded)

- 阈值从 0.3 调到 0.9，“拒识率”和“识别错误率”怎样此消彼长？画出这条曲线。/ Move the threshold from 0.3 to 0.9: how do the rejection rate and the error rate trade off? Plot the curve.
- 为 `models/kws.onnx` 写一份交付清单：文件、sha256、输入输出、类别顺序、运行环境、验证集准确率和延迟。/ Write a delivery list for `models/kws.onnx`: files, sha256, inputs and outputs, class order, runtime, validation accuracy and latency.
"""


def template(name: str) -> str:
    """solution/<name> with each solution region replaced by the starter's raise."""
    src = (HERE / "solution" / name).read_text()
    pattern = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", re.MULTILINE | re.DOTALL)
    return pattern.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()\n", src)


def notebooks() -> dict[str, list]:
    return {
        "README.ipynb": [text(README, "readme")],
        "01_intent.ipynb": [
            text(C01_INTRO, "p1_intro"), code(SETUP), code(HELPERS), code(C01_DATA),
            text(C01_VOCAB_TEXT, "p1_vocab_text"), test(C01_VOCAB_TEST, "test_p1_vocab", 5),
            code(C01_ENCODE),
            text(C01_BASELINE_TEXT, "p1_baseline_text"), code(C01_BASELINE),
            text(C01_MODEL_TEXT, "p1_model_text"), solution(C01_MODEL, "p1_model"), code(C01_MODEL_FEEDBACK),
            text(C01_PRF_TEXT, "p1_prf_text"), solution(C01_PRF, "p1_prf"), test(C01_PRF_TEST, "test_p1_prf", 10),
            text(C01_MORE, "p1_more"), code(C01_TRY),
        ],
        "02_slots.ipynb": [
            text(C02_INTRO, "p2_intro"), code(SETUP), code(HELPERS), code(C02_DATA),
            text(C02_F1_TEXT, "p2_f1_text"), solution(C02_F1, "p2_f1"), test(C02_F1_TEST, "test_p2_slotf1", 10),
            text(C02_BASELINE_TEXT, "p2_baseline_text"), code(C02_BASELINE),
            text(C02_MODEL_TEXT, "p2_model_text"), solution(C02_MODEL, "p2_model"), code(C02_MODEL_FEEDBACK),
            text(C02_MORE, "p2_more"),
        ],
        "03_features.ipynb": [
            text(C03_INTRO, "p3_intro"), code(SETUP_AUDIO), code(C03_DATA),
            text(C03_FEAT_TEXT, "p3_feat_text"), solution(C03_FEAT, "p3_feat"), test(C03_FEAT_TEST, "test_p3_features", 10),
            text(C03_PICTURES_TEXT, "p3_pictures_text"), code(C03_PICTURES),
            text(C03_MEAN_TEXT, "p3_mean_text"), code(C03_MEAN),
            text(C03_MORE, "p3_more"),
        ],
        "04_kws.ipynb": [
            text(C04_INTRO, "p4_intro"), code(SETUP), code(HELPERS), code(C04_DATA),
            text(C04_BASELINE_TEXT, "p4_baseline_text"), code(C04_BASELINE),
            text(C04_MODEL_TEXT, "p4_model_text"), solution(C04_MODEL, "p4_model"), code(C04_MODEL_FEEDBACK),
            text(C04_ERRORS_TEXT, "p4_errors_text"), solution(C04_ERRORS, "p4_errors"), test(C04_ERRORS_TEST, "test_p4_errors", 5),
            text(C04_MORE, "p4_more"),
        ],
        "05_deploy.ipynb": [
            text(C05_INTRO, "p5_intro"), code(SETUP), code(C05_DATA),
            text(C05_CONVERT_TEXT, "p5_convert_text"), solution(C05_CONVERT, "p5_convert"),
            text(C05_PREDICT_TEXT, "p5_predict_text"), solution(C05_PREDICT, "p5_predict"),
            test(C05_PREDICT_TEST, "test_p5_onnx", 10),
            text(C05_LATENCY_TEXT, "p5_latency_text"), code(C05_LATENCY),
            text(C05_E2E_TEXT, "p5_e2e_text"), code(C05_E2E),
            text(C05_MORE, "p5_more"),
        ],
    }


if __name__ == "__main__":
    for name, cells in notebooks().items():
        write(SRC / name, cells)
    (SRC / "templates").mkdir(exist_ok=True)
    (SRC / "templates" / "nlu.py").write_text(template("nlu.py"))
