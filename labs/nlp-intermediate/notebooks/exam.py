# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（自然语言及语音处理方向）中级 · 实操考试
# # AI engineering technician, NLP and speech direction, intermediate level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# 场景：一家家电与电商企业要上线中英双语的智能助手：文本客服理解用户意图并抽取槽位，智能音箱识别语音命令词。
# Scenario: a home-appliance and e-commerce company launches a bilingual (Chinese/English) assistant: text customer service understands the user's intent and extracts slots; smart speakers recognise spoken command words.
#
# | 部分 Part | 内容 Content | 工作领域 Work areas | 分值 Points |
# |---|---|---|---|
# | 1 | 文本处理、数据统计、需求分析 Text processing, data statistics, requirements | 共性技术 common tech, 需求分析 requirements | 8 + 10 |
# | 2 | 意图识别与槽位填充、调参、接口、标注审核 Intents and slots, tuning, interface, annotation audit | 设计开发 design, 共性技术 common tech, 测试验证 testing | 13 + 7 + 15 |
# | 3 | 语音命令词识别、数据增强、ONNX 部署 Speech commands, augmentation, ONNX deployment | 设计开发 design, 交付 delivery | 12 + 5 |
# | 4 | 安全配置、发布与回滚 Security configuration, release and rollback | 交付 delivery, 运维 operations | 5 + 10 |
# | 5 | 咨询：可行性与隐私 Consulting: feasibility and privacy | 咨询 consulting | 15 |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；简答题写在“在此作答”的单元格里（中文或英文均可）。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write short answers in the answer cells (Chinese or English).
# - 测试单元格只含部分测试，评分时还会运行隐藏测试，并在看不到的测试集（新句式、新槽值、新说话人、更强噪声）上评估你的模型。
#   Test cells hold only some of the tests; grading adds hidden ones and evaluates your models on test sets you never see (new phrasings, new slot values, new voices, more noise).
# - 交付物：本笔记本，以及笔记本写入 `deploy/` 的文件（`deploy/nlu/`、`deploy/kws/`、`deploy/service.json`）。不要改名或移动。
#   Deliverables: this notebook and the files it writes under `deploy/` (`deploy/nlu/`, `deploy/kws/`, `deploy/service.json`). Do not rename or move them.
# - 评分时会从头运行整个笔记本：每个训练单元格在 2 个 CPU 核上应在 60 秒内完成。
#   Grading runs the whole notebook from the top: each training cell must finish within 60 s on 2 CPU cores.
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**，可多次提交，以最后一次为准。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done. You may submit more than once; the last one counts.

# %%
import json, os, re, sys, time, importlib
from collections import Counter
from pathlib import Path

import numpy as np
import paddle
from labkit import metrics, plots

paddle.seed(0)
np.random.seed(0)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


TEXT = Path("data/commands_text")
SPEECH = Path("data/speech_commands")
META = json.loads((TEXT / "train" / "meta.json").read_text(encoding="utf-8"))
INTENTS, SLOTS, TAGS, MAX_LEN = META["intents"], META["slots"], META["tags"], META["max_tokens"]
train_rows = read_jsonl(TEXT / "train" / "texts.jsonl")
val_rows = read_jsonl(TEXT / "val" / "texts.jsonl")
y_intent_train, y_tags_train = np.load(TEXT / "train" / "intents.npy"), np.load(TEXT / "train" / "tags.npy")
y_intent_val, y_tags_val = np.load(TEXT / "val" / "intents.npy"), np.load(TEXT / "val" / "tags.npy")
print(len(train_rows), "train /", len(val_rows), "val;", len(INTENTS), "intents:", INTENTS)
print(len(TAGS), "BIO tags:", TAGS)
print(train_rows[1])

# %% [markdown] nbgrader={"grade_id": "part1", "grade": false, "solution": false, "locked": true}
# ## 第 1 部分 · 文本处理、数据统计与需求分析（18 分）/ Part 1 · Text processing, statistics and requirements (18 points)
#
# 数据 `data/commands_text/`：每行一个 JSON（`text`、`lang` 为 `zh`/`en`、`tokens`，训练集和验证集另有 `intent` 与 BIO 标签 `tags`）；
# `intents.npy` 为意图编号 [N]，`tags.npy` 为标签编号 [N, 32]，句子结束后用 -1 填充。中文按字切分，英文按空格切分（标点附在词上，如 `on?`）。
#
# Data `data/commands_text/`: one JSON per line (`text`, `lang` `zh`/`en`, `tokens`; train and val also carry `intent` and the BIO `tags`);
# `intents.npy` holds intent ids [N], `tags.npy` tag ids [N, 32], padded with -1 after the sentence. Chinese is split per character, English on spaces (punctuation stays on its word, e.g. `on?`).

# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ### A1 · 文本向量化与网络搭建（8 分，共性技术）/ A1 · Text encoding and the network (8 points, common technology)
#
# 1. `normalize_token(tok)`：转小写；去掉两端属于 `PUNCT` 的字符；把每个 ASCII 数字 `0`–`9` 换成 `0`；若结果为空，返回原词。
#    `normalize_token(tok)`: lower-case; strip characters in `PUNCT` from both ends; replace every ASCII digit `0`–`9` with `0`; if nothing is left, return the token unchanged.
# 2. `build_vocab(token_lists, min_freq=1)`：返回字典，`"<pad>": 0`、`"<unk>": 1`，其后是规范化后出现次数 ≥ `min_freq` 的词，按次数从多到少、次数相同按字符串升序编号。
#    `build_vocab(token_lists, min_freq=1)`: a dict with `"<pad>": 0`, `"<unk>": 1`, then the normalised tokens seen at least `min_freq` times, most frequent first, ties in ascending string order.
# 3. `encode(tokens, vocab, max_len=MAX_LEN)`：int64 数组 `[max_len]`：规范化后查表，未登录词为 1，超长截断，不足补 0。
#    `encode(tokens, vocab, max_len=MAX_LEN)`: an int64 array `[max_len]`: normalised tokens looked up, unknown ones 1, truncated, padded with 0.
# 4. `JointNLU(vocab_size, num_intents, num_tags, emb_dim=64, hidden=64)`：`paddle.nn.Layer`，`forward(self, ids)` 输入 int64 `[B, T]`，返回 `(意图 logits [B, num_intents], 标签 logits [B, T, num_tags])`。
#    建议：`Embedding(padding_idx=0)` → 双向 `GRU` → 意图头（对非填充位置平均池化）和逐词标签头。导出要求 `forward` 的第一个参数名为 `self`。
#    `JointNLU(vocab_size, num_intents, num_tags, emb_dim=64, hidden=64)`: a `paddle.nn.Layer` whose `forward(self, ids)` takes int64 `[B, T]` and returns `(intent logits [B, num_intents], tag logits [B, T, num_tags])`.
#    Suggested: `Embedding(padding_idx=0)` → bidirectional `GRU` → an intent head (mean over non-padding positions) and a per-token tag head. Export needs `forward`'s first parameter to be named `self`.

# %% nbgrader={"grade_id": "a1_code", "grade": false, "solution": true, "locked": false}
PUNCT = "?!.,，。？！"


def normalize_token(tok):
    ### BEGIN SOLUTION
    t = re.sub(r"[0-9]", "0", tok.lower().strip(PUNCT))
    return t or tok
    ### END SOLUTION


def build_vocab(token_lists, min_freq=1):
    ### BEGIN SOLUTION
    counts = Counter(normalize_token(t) for tokens in token_lists for t in tokens)
    vocab = {"<pad>": 0, "<unk>": 1}
    for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= min_freq and word not in vocab:
            vocab[word] = len(vocab)
    return vocab
    ### END SOLUTION


def encode(tokens, vocab, max_len=MAX_LEN):
    ### BEGIN SOLUTION
    ids = np.zeros(max_len, dtype=np.int64)
    row = [vocab.get(normalize_token(t), 1) for t in tokens][:max_len]
    ids[:len(row)] = row
    return ids
    ### END SOLUTION


class JointNLU(paddle.nn.Layer):
    def __init__(self, vocab_size, num_intents, num_tags, emb_dim=64, hidden=64):
        super().__init__()
        ### BEGIN SOLUTION
        self.emb = paddle.nn.Embedding(vocab_size, emb_dim, padding_idx=0)
        self.gru = paddle.nn.GRU(emb_dim, hidden, direction="bidirect")
        self.intent_head = paddle.nn.Linear(2 * hidden, num_intents)
        self.tag_head = paddle.nn.Linear(2 * hidden, num_tags)
        ### END SOLUTION

    def forward(self, ids):
        ### BEGIN SOLUTION
        mask = (ids > 0).astype("float32").unsqueeze(-1)
        lengths = (ids > 0).astype("int64").sum(axis=1)
        h, _ = self.gru(self.emb(ids), sequence_length=lengths)
        pooled = (h * mask).sum(axis=1) / mask.sum(axis=1).clip(min=1.0)
        return self.intent_head(pooled), self.tag_head(h)
        ### END SOLUTION


print(normalize_token("Light?"), normalize_token("SF20231"), encode(train_rows[1]["tokens"], build_vocab([r["tokens"] for r in train_rows]))[:10])

# %% nbgrader={"grade_id": "test_a1_encoding", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert normalize_token("ON!") == "on" and normalize_token("？") == "？" and normalize_token("7点") == "0点"
_v = build_vocab([["Turn", "on", "the", "light"], ["turn", "ON", "light!"], ["打", "开", "灯"]])
assert _v["<pad>"] == 0 and _v["<unk>"] == 1 and _v["light"] == 2 and _v["on"] == 3 and _v["turn"] == 4, _v
assert encode(["turn", "xyz"], _v, max_len=4).tolist() == [4, 1, 0, 0] and encode(["turn"], _v).dtype == np.int64
_il, _tl = JointNLU(30, 10, 17)(paddle.to_tensor(np.ones((2, 6), dtype="int64")))
assert list(_il.shape) == [2, 10] and list(_tl.shape) == [2, 6, 17]
### BEGIN HIDDEN TESTS
_toks = ["Hello?", "ON!", "？", "SF123456", "客厅", "7点", "...", "Wi-Fi.", "12:30", "，好", "ＡＢ", "Don't!"]
check("normalize", [normalize_token(t) for t in _toks])
_lists = [["Play", "jazz", "now!"], ["play", "JAZZ"], ["放", "一", "首", "稻", "香"], ["play", "rock?"], ["放", "歌"],
          ["order", "JD1234567"], ["order", "A765432"]]
check("vocab", build_vocab(_lists))
check("vocab_min2", build_vocab(_lists, min_freq=2))
check("encode_truncate", encode(["play", "metal", "JD7654321"] + ["now"] * 40, build_vocab(_lists)).tolist())
check("encode_short", encode(["放", "稻", "歌", "?"], build_vocab(_lists), max_len=6).tolist())
check("encode_dtype", [str(encode(["a"], {"<pad>": 0, "<unk>": 1}).dtype), list(encode([], {"<pad>": 0, "<unk>": 1}, 3))])
_m = JointNLU(57, 10, 17)
_m.eval()
_x = np.random.default_rng(3).integers(1, 57, (4, 32)).astype("int64")
_x[:, 20:] = 0
_a, _t = _m(paddle.to_tensor(_x))
check("shapes", [list(_a.shape), list(_t.shape)])
_m2 = JointNLU(120, 3, 5, emb_dim=16, hidden=8)
_m2.eval()
_a2, _t2 = _m2(paddle.to_tensor(np.ones((1, 9), dtype="int64")))
check("shapes_small", [list(_a2.shape), list(_t2.shape), isinstance(_m2, paddle.nn.Layer), len(_m2.parameters()) > 0])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "r1_text", "grade": false, "solution": false, "locked": true}
# ### R1 · 数据统计报告（5 分，需求分析）/ R1 · Data statistics report (5 points, requirements analysis)
#
# 实现 `dataset_report(rows, vocab=None)`，返回字典：
# `count` 句数；`by_lang` 每种语言的句数；`by_intent` 每个意图的句数（只统计带 `intent` 的行，没有则为 `{}`）；
# `mean_tokens` 每种语言的平均词数（float）；`max_tokens` 最长句的词数；`slot_spans` 每种槽位的片段数（即 `B-` 标签数，只统计出现过的槽位，没有 `tags` 则为 `{}`）；
# `oov_rate`：给出 `vocab` 时，规范化后不在 `vocab` 中的词占全部词的比例（float），否则为 `None`。
#
# Implement `dataset_report(rows, vocab=None)` returning a dict:
# `count` utterances; `by_lang` utterances per language; `by_intent` utterances per intent (rows with an `intent` only; `{}` if none);
# `mean_tokens` the mean number of tokens per language (float); `max_tokens` the longest utterance's token count; `slot_spans` spans per slot type (the number of `B-` tags, slots that occur only; `{}` without `tags`);
# `oov_rate`: with a `vocab`, the share of all tokens whose normalised form is not in it (float), else `None`.

# %% nbgrader={"grade_id": "r1_code", "grade": false, "solution": true, "locked": false}
def dataset_report(rows, vocab=None):
    ### BEGIN SOLUTION
    by_lang = Counter(r["lang"] for r in rows)
    lengths = {lang: [len(r["tokens"]) for r in rows if r["lang"] == lang] for lang in by_lang}
    spans = Counter(t[2:] for r in rows for t in r.get("tags", []) if t.startswith("B-"))
    report = {
        "count": len(rows),
        "by_lang": dict(by_lang),
        "by_intent": dict(Counter(r["intent"] for r in rows if "intent" in r)),
        "mean_tokens": {lang: float(np.mean(v)) for lang, v in lengths.items()},
        "max_tokens": max((len(r["tokens"]) for r in rows), default=0),
        "slot_spans": dict(spans),
        "oov_rate": None,
    }
    if vocab is not None:
        tokens = [normalize_token(t) for r in rows for t in r["tokens"]]
        report["oov_rate"] = float(np.mean([t not in vocab for t in tokens])) if tokens else 0.0
    return report
    ### END SOLUTION


train_vocab = build_vocab([r["tokens"] for r in train_rows])
report = dataset_report(train_rows)
print(json.dumps(report, ensure_ascii=False, indent=1))
print("val OOV rate:", dataset_report(val_rows, train_vocab)["oov_rate"])

# %% nbgrader={"grade_id": "test_r1_report", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_r = dataset_report(train_rows)
assert _r["count"] == len(train_rows) and sum(_r["by_lang"].values()) == len(train_rows)
assert set(_r["by_intent"]) <= set(INTENTS) and _r["oov_rate"] is None
assert dataset_report(val_rows, train_vocab)["oov_rate"] < 0.2
### BEGIN HIDDEN TESTS
check("train", dataset_report(train_rows))
check("val_vocab", dataset_report(val_rows, train_vocab))
import os as _os
_HIDDEN = Path(_os.environ.get("PRACTICUM_HIDDEN_DIR", "/run/practicum/hidden"))

_test_rows = read_jsonl(_HIDDEN / "commands_text" / "texts.jsonl")
check("hidden_test", dataset_report(_test_rows, train_vocab))
check("small", dataset_report([{"text": "hi", "lang": "en", "tokens": ["Hi!"]},
                               {"text": "开灯", "lang": "zh", "tokens": ["开", "灯"], "intent": "turn_on", "tags": ["O", "B-device"]}],
                              {"<pad>": 0, "<unk>": 1, "hi": 2}))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 定制化需求分析（5 分，人工评分）/ R2 · Customised requirements analysis (5 points, scored by examiners)
#
# 企业计划把本系统同时用于：(a) 智能音箱（语音命令词控制家电，老人和儿童也会使用）；(b) 电商 App 的文字客服。
# 结合 R1 的统计结果，写出简要需求分析：服务对象与使用习惯；功能需求（意图和槽位覆盖是否够用，缺什么）；
# 如何组合不同算法与模型（端侧命令词识别、云端意图/槽位模型、订单号等规则抽取、低置信度转人工）；非功能需求（时延、离线、双语、隐私）；数据需求（类别是否均衡、未登录词比例说明什么）。
#
# The company plans to use the system both in (a) smart speakers (spoken command words control appliances; elderly people and children use them too) and (b) the e-commerce app's text customer service.
# Using R1's statistics, write a short requirements analysis: who the users are and their habits; functional needs (are the intents and slots enough, what is missing);
# how to combine algorithms and models (on-device command words, cloud intent/slot model, rules for order numbers, hand-over to a human at low confidence); non-functional needs (latency, offline use, two languages, privacy); data needs (is the data balanced, what the OOV rate tells you).

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part2", "grade": false, "solution": false, "locked": true}
# ## 第 2 部分 · 意图识别与槽位填充（35 分）/ Part 2 · Intent detection and slot filling (35 points)

# %% [markdown] nbgrader={"grade_id": "b1_text", "grade": false, "solution": false, "locked": true}
# ### B1 · 联合意图与槽位模型并部署（13 分，设计开发）/ B1 · Joint intent and slot model, deployed (13 points, design and development)
#
# 1. 用 A1 的 `JointNLU` 实现 `train_nlu(...)`（交叉熵：意图 + 标签，标签的 -1 填充不计损失；建议对训练输入做词丢弃 word dropout，即以一定概率把词换成 `<unk>`，以适应新槽值）。
#    Implement `train_nlu(...)` with A1's `JointNLU` (cross-entropy on intents plus tags, ignoring the -1 padding of tags; word dropout, i.e. replacing tokens with `<unk>` at random during training, helps with unseen slot values).
# 2. 用 `paddle.jit.save` 导出到 `deploy/nlu/model`（输入 `InputSpec([None, MAX_LEN], "int64")`），词表等写入 `deploy/nlu/vocab.json`：`{"vocab": ..., "intents": ..., "tags": ..., "max_len": ...}`。
#    Export with `paddle.jit.save` to `deploy/nlu/model` (input `InputSpec([None, MAX_LEN], "int64")`) and write `deploy/nlu/vocab.json`: `{"vocab": ..., "intents": ..., "tags": ..., "max_len": ...}`.
# 3. 完成下面写入 `deploy/nlu/nlu_runtime.py` 的单元格（运行它即写出文件）。评分时在隔离环境中运行已给出的
#    `python deploy/nlu/predict_intent.py <测试集文件夹> <输出.npy>` 和 `predict_slots.py`，它们调用你的运行时：
#    意图准确率 ≥ 0.80 得满分 6 分（≥ 0.70 得 60%，≥ 0.55 得 30%）；槽位 F1（精确片段匹配）≥ 0.72 得满分 7 分（≥ 0.62 得 60%，≥ 0.50 得 30%）。
#    Complete the cell below that writes `deploy/nlu/nlu_runtime.py` (running it writes the file). Grading runs the given
#    `python deploy/nlu/predict_intent.py <test folder> <out.npy>` and `predict_slots.py` in an isolated environment; they call your runtime:
#    intent accuracy ≥ 0.80 earns all 6 points (≥ 0.70 60 %, ≥ 0.55 30 %); slot F1 (exact spans) ≥ 0.72 earns all 7 points (≥ 0.62 60 %, ≥ 0.50 30 %).
#
# 测试集有一半句子来自训练中没见过的说法，约五分之一槽值是新的：验证集分数会偏高。
# Half of the test utterances use phrasings never seen in training and about a fifth of the slot values are new: validation scores are optimistic.

# %% nbgrader={"grade_id": "b1_code", "grade": false, "solution": true, "locked": false}
def train_nlu(X, y_intent, y_tags, vocab_size, hidden=64, lr=5e-3, epochs=8, word_dropout=0.1, batch=64, seed=0):
    """(model, history): JointNLU trained on ids X [N, MAX_LEN]; history = {"loss": [...per epoch]}."""
    ### BEGIN SOLUTION
    paddle.seed(seed)
    rng = np.random.default_rng(seed)
    model = JointNLU(vocab_size, len(INTENTS), len(TAGS), hidden=hidden)
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss(ignore_index=-1)
    history = {"loss": []}
    for _ in range(epochs):
        model.train()
        order, total = rng.permutation(len(X)), 0.0
        for i in range(0, len(X), batch):
            b = order[i:i + batch]
            xb = X[b].copy()
            xb[(rng.random(xb.shape) < word_dropout) & (xb > 1)] = 1
            intent_logits, tag_logits = model(paddle.to_tensor(xb))
            loss = loss_fn(intent_logits, paddle.to_tensor(y_intent[b])) + \
                loss_fn(tag_logits.reshape([-1, len(TAGS)]), paddle.to_tensor(y_tags[b].reshape(-1)))
            loss.backward()
            opt.step()
            opt.clear_grad()
            total += float(loss) * len(b)
        history["loss"].append(total / len(X))
    model.eval()
    return model, history
    ### END SOLUTION


def nlu_predict(model, X):
    """(intent ids [N], tag ids [N, T]) of a trained model."""
    model.eval()
    with paddle.no_grad():
        a, t = model(paddle.to_tensor(X))
    return a.numpy().argmax(1), t.numpy().argmax(-1)


vocab = build_vocab([r["tokens"] for r in train_rows])
X_train = np.stack([encode(r["tokens"], vocab) for r in train_rows])
X_val = np.stack([encode(r["tokens"], vocab) for r in val_rows])
t0 = time.time()
nlu_model, nlu_history = train_nlu(X_train, y_intent_train, y_tags_train, len(vocab))
pi, pt = nlu_predict(nlu_model, X_val)
print(f"{time.time() - t0:.1f} s; val intent accuracy {metrics.accuracy(y_intent_val, pi):.3f}, "
      f"slot F1 {metrics.slot_f1(y_tags_val, pt, TAGS):.3f}")

### BEGIN SOLUTION
Path("deploy/nlu").mkdir(parents=True, exist_ok=True)
paddle.jit.save(nlu_model, "deploy/nlu/model", input_spec=[paddle.static.InputSpec([None, MAX_LEN], "int64")])
Path("deploy/nlu/vocab.json").write_text(json.dumps({"vocab": vocab, "intents": INTENTS, "tags": TAGS, "max_len": MAX_LEN},
                                                    ensure_ascii=False), encoding="utf-8")
### END SOLUTION

# %% nbgrader={"grade_id": "b1_runtime", "grade": false, "solution": true, "locked": false}
# %%writefile deploy/nlu/nlu_runtime.py
"""NLU runtime: the model and vocabulary exported next to this file. Used by predict_intent.py and
predict_slots.py (graded on the hidden test set) and by parse() in C1."""
import json
import re
import sys
from pathlib import Path

import numpy as np
import paddle

HERE = Path(__file__).resolve().parent
PUNCT = "?!.,，。？！"
_cache = {}


def normalize_token(tok):
    """The same normalisation as A1 (the runtime cannot import the notebook)."""
    ### BEGIN SOLUTION
    t = re.sub(r"[0-9]", "0", tok.lower().strip(PUNCT))
    return t or tok
    ### END SOLUTION


def load():
    """(model, config): paddle.jit.load(HERE / "model") in eval mode and the dict in HERE / "vocab.json", loaded once."""
    if "model" not in _cache:
        ### BEGIN SOLUTION
        model = paddle.jit.load(str(HERE / "model"))
        model.eval()
        _cache["model"] = model
        _cache["config"] = json.loads((HERE / "vocab.json").read_text(encoding="utf-8"))
        ### END SOLUTION
    return _cache["model"], _cache["config"]


def predict_tokens(token_lists):
    """(intent ids int64 [N], intent probabilities float32 [N], tag ids int64 [N, max_len]) for lists of tokens."""
    ### BEGIN SOLUTION
    model, config = load()
    vocab, max_len = config["vocab"], config["max_len"]
    ids = np.zeros((len(token_lists), max_len), dtype=np.int64)
    for i, tokens in enumerate(token_lists):
        row = [vocab.get(normalize_token(t), 1) for t in tokens][:max_len]
        ids[i, :len(row)] = row
    intents, probs, tags = [np.zeros(0, np.int64)], [np.zeros(0, np.float32)], [np.zeros((0, max_len), np.int64)]
    with paddle.no_grad():
        for start in range(0, len(ids), 256):
            intent_logits, tag_logits = model(paddle.to_tensor(ids[start:start + 256]))
            p = paddle.nn.functional.softmax(intent_logits, axis=-1).numpy()
            intents.append(p.argmax(1).astype(np.int64))
            probs.append(p.max(1).astype(np.float32))
            tags.append(tag_logits.numpy().argmax(-1).astype(np.int64))
    return np.concatenate(intents), np.concatenate(probs), np.concatenate(tags)
    ### END SOLUTION


def main(kind):
    """python predict_<kind>.py <folder with texts.jsonl> <out.npy>: intents [N] or tags [N, max_len]."""
    folder, out = Path(sys.argv[1]), sys.argv[2]
    with open(folder / "texts.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    intents, _, tags = predict_tokens([r["tokens"] for r in rows])
    np.save(out, intents if kind == "intent" else tags)


# %%
# 自检：像评分那样通过部署的运行时预测验证集 / self-check: predict the validation set through the deployed runtime, as grading does
sys.path.insert(0, str(Path("deploy/nlu").resolve()))
import nlu_runtime
importlib.reload(nlu_runtime)
_i, _p, _t = nlu_runtime.predict_tokens([r["tokens"] for r in val_rows])
print("deployed runtime on val: intent accuracy", round(metrics.accuracy(y_intent_val, _i), 3),
      "slot F1", round(metrics.slot_f1(y_tags_val, _t, TAGS), 3), "shapes", _i.shape, _t.shape)

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 关键参数调优（7 分，人工评分）/ A2 · Tuning key parameters (7 points, scored by examiners)
#
# 在下面的单元格中用 `train_nlu` 做一个小型参数扫描（至少 4 组，例如 `hidden` ∈ {32, 64} × `word_dropout` ∈ {0, 0.1}；为节省时间可用一半训练数据、每组 3–4 轮），记录验证集意图准确率和槽位 F1。
# 然后在答题单元格中：(1) 给出结果表并选择参数，说明理由；(2) 验证集与训练集句式相同，说明为什么它会高估测试效果，以及如何构造更可信的验证方式（例如按槽值或句式留出）；
# (3) 若句子变长（最长 80 词）或新增粤语，分别应调整哪些关键参数/结构，为什么。
#
# In the cell below run a small sweep with `train_nlu` (at least 4 settings, e.g. `hidden` ∈ {32, 64} × `word_dropout` ∈ {0, 0.1}; half the training data and 3–4 epochs each to save time) and record validation intent accuracy and slot F1.
# Then, in the answer cell: (1) give the table and choose the parameters, with reasons; (2) validation shares the training phrasings: explain why it overestimates test performance and how to build a more trustworthy validation (e.g. hold out slot values or phrasings);
# (3) if utterances grew longer (up to 80 tokens) or Cantonese were added, which key parameters or structures would you change, and why.

# %% nbgrader={"grade_id": "a2_code", "grade": false, "solution": true, "locked": false}
sweep = []
### BEGIN SOLUTION
for hidden in (32, 64):
    for word_dropout in (0.0, 0.1):
        m, _ = train_nlu(X_train[::2], y_intent_train[::2], y_tags_train[::2], len(vocab), hidden=hidden,
                         word_dropout=word_dropout, epochs=4)  # half the data, 4 epochs: a quick sweep
        pi, pt = nlu_predict(m, X_val)
        sweep.append({"hidden": hidden, "word_dropout": word_dropout, "val_intent_acc": round(metrics.accuracy(y_intent_val, pi), 4),
                      "val_slot_f1": round(metrics.slot_f1(y_tags_val, pt, TAGS), 4)})
### END SOLUTION
for row in sweep:
    print(row)


# %% [markdown] nbgrader={"grade_id": "a2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "c1_text", "grade": false, "solution": false, "locked": true}
# ### C1 · 接口集成与验证（7 分，测试验证）/ C1 · Interface integration and verification (7 points, testing and verification)
#
# 业务系统通过一个函数调用 NLU：
# The business system calls the NLU through one function:
#
# 1. `detect_lang(text)`：含有汉字（`\u4e00`–`\u9fff`）返回 `"zh"`，否则 `"en"`。 / returns `"zh"` if the text contains a Chinese character (`\u4e00`–`\u9fff`), else `"en"`.
# 2. `tags_to_slots(tokens, tag_ids, lang)`：把 BIO 标签编号（`TAGS` 的下标；只看前 `len(tokens)` 个，遇到 -1 结束）转为片段列表 `[{"slot", "value", "start", "end"}]`（`end` 不含，按 `start` 排序）。
#    规则同 `labkit.metrics.bio_spans`：`I-x` 只有紧跟在同类型 `B-x`/`I-x` 之后才延续片段，否则开始新片段。`value` 为片段中的词：中文直接连接，英文用一个空格连接。
#    converts BIO tag ids (indices into `TAGS`; only the first `len(tokens)` count, -1 ends the sequence) to spans `[{"slot", "value", "start", "end"}]` (`end` exclusive, sorted by `start`).
#    The rule of `labkit.metrics.bio_spans`: an `I-x` continues a span only right after a `B-x`/`I-x` of the same type, otherwise it starts a new one. `value` is the span's tokens, joined with nothing in Chinese and one space in English.
# 3. `parse(text)`：按数据集的切分规则切词（中文逐个非空白字符，英文 `text.split()`），调用 B1 的部署运行时 `nlu_runtime.predict_tokens`，返回可 JSON 序列化的字典
#    `{"text", "lang", "intent"（意图名）, "confidence"（float，0–1）, "slots"（tags_to_slots 的结果）}`。
#    tokenises by the data set's rule (Chinese: every non-space character; English: `text.split()`), calls B1's deployed runtime `nlu_runtime.predict_tokens` and returns a JSON-serialisable dict
#    `{"text", "lang", "intent" (the name), "confidence" (float, 0–1), "slots" (tags_to_slots' result)}`.
#
# 评分：隐藏用例，以及用 `parse` 逐句处理隐藏测试集得到的意图准确率（≥ 0.80 满分）。 / Scored by hidden cases and the intent accuracy of `parse` over the hidden test set, one utterance at a time (≥ 0.80 full).

# %% nbgrader={"grade_id": "c1_code", "grade": false, "solution": true, "locked": false}
def detect_lang(text):
    ### BEGIN SOLUTION
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"
    ### END SOLUTION


def tags_to_slots(tokens, tag_ids, lang):
    ### BEGIN SOLUTION
    joiner = "" if lang == "zh" else " "
    spans = sorted(metrics.bio_spans(list(tag_ids)[:len(tokens)], TAGS))
    return [{"slot": kind, "value": joiner.join(tokens[s:e]), "start": s, "end": e} for s, e, kind in spans]
    ### END SOLUTION


def parse(text):
    ### BEGIN SOLUTION
    lang = detect_lang(text)
    tokens = [c for c in text if not c.isspace()] if lang == "zh" else text.split()
    intents, probs, tags = nlu_runtime.predict_tokens([tokens])
    return {"text": text, "lang": lang, "intent": INTENTS[int(intents[0])], "confidence": float(probs[0]),
            "slots": tags_to_slots(tokens, tags[0], lang)}
    ### END SOLUTION


print(json.dumps(parse("帮我把卧室的空调调到26度"), ensure_ascii=False))
print(json.dumps(parse("Where is my order SF20231234?"), ensure_ascii=False))

# %% nbgrader={"grade_id": "test_c1_interface", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert detect_lang("打开灯") == "zh" and detect_lang("turn on") == "en"
_b, _i = TAGS.index("B-room"), TAGS.index("I-room")
assert tags_to_slots(["the", "living", "room", "light"], [0, _b, _i, TAGS.index("B-device")], "en") == [
    {"slot": "room", "value": "living room", "start": 1, "end": 3}, {"slot": "device", "value": "light", "start": 3, "end": 4}]
_r = parse("打开客厅的灯")
assert set(_r) == {"text", "lang", "intent", "confidence", "slots"} and _r["intent"] in INTENTS
### BEGIN HIDDEN TESTS
check("detect_lang", [detect_lang(t) for t in ["Turn ON", "打开", "ok 好的", "", "2024", "Ｈｉ", "京东JD123"]])
_T = {t: i for i, t in enumerate(TAGS)}
_cases = [
    (["把", "主", "卧", "空", "调", "关", "掉"], [0, _T["B-room"], _T["I-room"], _T["B-device"], _T["I-device"], 0, 0], "zh"),
    (["play", "hotel", "california", "now"], [0, _T["I-song"], _T["I-song"], 0], "en"),
    (["new", "york", "tomorrow"], [_T["B-city"], _T["I-time"], _T["B-time"]], "en"),
    (["set", "26", "degrees"], [0, _T["B-value"], -1], "en"),
    (["订", "单", "A", "1", "2"], [0, 0, _T["B-order_id"], _T["I-order_id"], _T["I-order_id"]], "zh"),
    (["hi"], [0], "en"),
    (["a", "b", "c"], [_T["B-item"], _T["B-item"], _T["I-item"], 0, 0], "en"),
]
check("tags_to_slots", [tags_to_slots(*c) for c in _cases], weight=3)
_r = parse("Please turn on the kitchen light")
check("schema", [sorted(_r), type(_r["text"]).__name__, type(_r["lang"]).__name__, type(_r["intent"]).__name__,
                 type(_r["confidence"]).__name__, 0.0 <= _r["confidence"] <= 1.0, type(_r["slots"]).__name__,
                 json.loads(json.dumps(_r, ensure_ascii=False)) == _r, _r["intent"] in INTENTS])
import os as _os
_HIDDEN = Path(_os.environ.get("PRACTICUM_HIDDEN_DIR", "/run/practicum/hidden"))

_test_rows = read_jsonl(_HIDDEN / "commands_text" / "texts.jsonl")
check("parse_hidden_intents", np.array([INTENTS.index(parse(r["text"])["intent"]) for r in _test_rows]), weight=2,
      scorer={"kind": "accuracy", "labels": "commands_text/intents.npy", "thresholds": [[0.80, 1.0], [0.70, 0.6], [0.55, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 标注质量审核（8 分，测试验证）/ C2 · Annotation quality audit (8 points, testing and verification)
#
# `audit/batch.jsonl` 是外包团队交回的 150 条标注（格式同训练集，另有 `id`），其中混有错误：意图标错、BIO 结构非法、槽位类型标错、漏标槽位。
# 1. `bio_errors(tags)`：输入标签名列表，返回所有非法位置的下标：`I-x` 前一个标签既不是 `B-x` 也不是 `I-x`（包括位于句首）。
# 2. `audit(records)`：返回 int64 数组 `[N]`，1 表示该条很可能有标注错误（可结合规则检查、B1 模型的预测与标注不一致等方法）。
# 评分：`bio_errors` 的隐藏用例（2 分）；对这批数据的审核结果与真实错误逐条比较的准确率（6 分：≥ 0.96 满分，≥ 0.93 得 60%，≥ 0.90 得 30%；全部判为 0 约为 0.88）。
#
# `audit/batch.jsonl` holds 150 annotations returned by an outsourcing team (the training format plus an `id`); some are wrong: a wrong intent, illegal BIO structure, a wrong slot type, a missed slot.
# 1. `bio_errors(tags)`: given a list of tag names, returns the indices of every illegal position: an `I-x` whose previous tag is neither `B-x` nor `I-x` (including at the start).
# 2. `audit(records)`: returns an int64 array `[N]`, 1 where the record probably carries an annotation error (combine rule checks, disagreement with B1's model, ...).
# Scored by hidden cases of `bio_errors` (2 points) and the accuracy of your audit of this batch, record by record, against the real errors (6 points: ≥ 0.96 full, ≥ 0.93 60 %, ≥ 0.90 30 %; flagging nothing scores about 0.88).

# %% nbgrader={"grade_id": "c2_code", "grade": false, "solution": true, "locked": false}
batch = read_jsonl("audit/batch.jsonl")


def bio_errors(tags):
    ### BEGIN SOLUTION
    bad = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or tags[i - 1] not in ("B-" + tag[2:], tag)):
            bad.append(i)
    return bad
    ### END SOLUTION


def audit(records):
    ### BEGIN SOLUTION
    intents, _, tags = nlu_runtime.predict_tokens([r["tokens"] for r in records])
    flags = np.zeros(len(records), dtype=np.int64)
    for k, r in enumerate(records):
        gold = [TAGS.index(t) for t in r["tags"]]
        pred = tags[k][:len(r["tags"])]
        flags[k] = int(bool(bio_errors(r["tags"])) or INTENTS[intents[k]] != r["intent"]
                       or metrics.bio_spans(gold, TAGS) != metrics.bio_spans(pred, TAGS))
    return flags
    ### END SOLUTION


flags = audit(batch)
print("flagged", int(flags.sum()), "of", len(batch))

# %% nbgrader={"grade_id": "test_c2_audit", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert bio_errors(["O", "B-room", "I-room", "I-device"]) == [3] and bio_errors(["I-city"]) == [0]
assert audit(batch).shape == (len(batch),)
### BEGIN HIDDEN TESTS
_cases = [["O", "O"], ["I-song", "I-song", "O"], ["B-time", "I-time", "I-time"], ["B-city", "O", "I-city"],
          ["B-room", "I-device", "I-device"], [], ["B-item", "B-item", "I-order_id"], ["O", "I-value"]]
check("bio_errors", [bio_errors(c) for c in _cases], weight=2)
check("audit", np.asarray(audit(batch)).astype(np.int64), weight=6,
      scorer={"kind": "accuracy", "labels": "audit/flags.npy", "thresholds": [[0.96, 1.0], [0.93, 0.6], [0.90, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part3", "grade": false, "solution": false, "locked": true}
# ## 第 3 部分 · 语音命令词识别（17 分）/ Part 3 · Spoken command recognition (17 points)
#
# 数据 `data/speech_commands/`：`waves.npy` int16 `[N, 8000]`（8 kHz、1 秒），`labels.npy` 类别编号，`meta.json` 中有类别名（10 个中英文命令词、`_unknown_` 其他词、`_silence_` 只有噪声）。
# 测试集的说话人、口音在训练中从未出现，混响更强、噪声更大（测试集信噪比 7–27 dB，训练集 10–30 dB）。
#
# **固定前端**：设备固件计算 `labkit.audio.log_mel(waves, 8000)`，得到 float32 `[N, 40, 98]`（40 个梅尔频带 × 98 帧）。你的模型输入就是它；任何归一化都要放在模型内部。
#
# Data `data/speech_commands/`: `waves.npy` int16 `[N, 8000]` (8 kHz, 1 s), `labels.npy` class ids, class names in `meta.json` (10 command words in Chinese or English, `_unknown_` other words, `_silence_` noise only).
# The test set's speakers and accents never occur in training, with stronger reverberation and more noise (test SNR 7–27 dB, train 10–30 dB).
#
# **Fixed front end**: the device firmware computes `labkit.audio.log_mel(waves, 8000)`, float32 `[N, 40, 98]` (40 mel bands × 98 frames). That is your model's input; put any normalisation inside the model.

# %%
from labkit.audio import log_mel, show_spectrogram

SMETA = json.loads((SPEECH / "train" / "meta.json").read_text(encoding="utf-8"))
CLASSES, SR = SMETA["classes"], SMETA["sample_rate"]
W_train, y_kws_train = np.load(SPEECH / "train" / "waves.npy"), np.load(SPEECH / "train" / "labels.npy")
W_val, y_kws_val = np.load(SPEECH / "val" / "waves.npy"), np.load(SPEECH / "val" / "labels.npy")
F_val = log_mel(W_val, SR)
print(W_train.shape, F_val.shape, CLASSES)
show_spectrogram(W_train[0], SR, CLASSES[y_kws_train[0]]);


# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 噪声与时移数据增强（4 分，设计开发）/ B3 · Noise and time-shift augmentation (4 points, design and development)
#
# 1. `mix_at_snr(speech, noise, snr_db)`：在 float64 中计算（不缩放数值）；噪声按 `np.resize` 的方式循环或截断到语音长度；功率 P 为全段平方的均值；
#    返回 float32 的 `speech + g * noise`，其中 `g = sqrt(P_speech / (P_noise * 10 ** (snr_db / 10)))`；任一功率为 0 时返回 float32 的语音本身。
#    computes in float64 (no rescaling); the noise is repeated or cut to the speech's length as `np.resize` does; power P is the mean square over the whole clip;
#    returns float32 `speech + g * noise` with `g = sqrt(P_speech / (P_noise * 10 ** (snr_db / 10)))`; if either power is 0, returns the speech as float32.
# 2. `random_shift(wave, shift)`：`shift > 0` 向后（右）移动、开头补 0；`shift < 0` 向前移动、末尾补 0；`|shift| ≥ len` 时全为 0；类型与输入相同（不是循环移位）。
#    `shift > 0` moves the wave later (right), zeros at the start; `shift < 0` earlier, zeros at the end; all zeros when `|shift| ≥ len`; same dtype as the input (not a circular roll).
#
# 提示：训练集中 `_silence_` 类的片段就是真实噪声，可以用作噪声库。 / Hint: the training clips of class `_silence_` are real noise: use them as a noise bank.

# %% nbgrader={"grade_id": "b3_code", "grade": false, "solution": true, "locked": false}
def mix_at_snr(speech, noise, snr_db):
    ### BEGIN SOLUTION
    s = np.asarray(speech, dtype=np.float64)
    n = np.resize(np.asarray(noise, dtype=np.float64), s.shape)
    ps, pn = np.mean(s ** 2), np.mean(n ** 2)
    if ps == 0 or pn == 0:
        return s.astype(np.float32)
    return (s + np.sqrt(ps / (pn * 10 ** (snr_db / 10))) * n).astype(np.float32)
    ### END SOLUTION


def random_shift(wave, shift):
    ### BEGIN SOLUTION
    wave = np.asarray(wave)
    out = np.zeros_like(wave)
    if abs(shift) >= len(wave):
        return out
    if shift >= 0:
        out[shift:] = wave[:len(wave) - shift]
    else:
        out[:shift] = wave[-shift:]
    return out
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_b3_augment", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_s = np.array([1.0, -1.0, 1.0, -1.0])
assert np.allclose(mix_at_snr(_s, np.array([1.0, 1.0]), 0.0), [2, 0, 2, 0]) and mix_at_snr(_s, _s, 0).dtype == np.float32
assert random_shift(np.array([1, 2, 3]), 1).tolist() == [0, 1, 2] and random_shift(np.array([1, 2, 3]), -2).tolist() == [3, 0, 0]
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(41)
_sp = _rng.integers(-3000, 3000, 800).astype(np.int16)
_no = _rng.normal(0, 500, 300)
check("mix_values", mix_at_snr(_sp, _no, 7.5), tol=1e-4)
_mixed = mix_at_snr(_sp, _no, 3.0).astype(np.float64) - _sp
check("achieved_snr", float(10 * np.log10(np.mean(_sp.astype(np.float64) ** 2) / np.mean(_mixed ** 2))), tol=1e-3)
check("mix_silent", [mix_at_snr(np.zeros(5, np.int16), _no, 10).tolist(), str(mix_at_snr(_sp[:5], np.zeros(3), 10).dtype),
                     mix_at_snr(_sp[:5], np.zeros(3), 10).tolist()])
check("mix_long_noise", mix_at_snr(_sp[:10], _no, -5.0), tol=1e-4)
check("shift", [random_shift(np.arange(1, 8), k).tolist() for k in (0, 3, -3, 7, -9, 1)])
check("shift_dtype", [str(random_shift(_sp, 100).dtype), random_shift(_sp, 100)[:100].tolist() == [0] * 100,
                      random_shift(_sp, -100)[-100:].tolist() == [0] * 100])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 对噪声鲁棒的命令词识别模型（8 分，设计开发）/ B2 · A noise-robust command recognition model (8 points, design and development)
#
# 完成下面的 `KWSNet`（`paddle.nn`，输入为固定前端的特征 `[B, 40, 98]`，输出 12 类 logits）、`augment`（用 B3 的函数加噪、时移，以适应测试集的新说话人和强噪声）和 `train_kws`；
# 单元格训练出 `kws_model`，再用 `paddle.jit.save` 导出到 `deploy/kws/model`（输入 `InputSpec([None, 40, 98], "float32")`）。
# 评分：在隐藏测试集上的准确率 ≥ 0.58 得满分（≥ 0.48 得 60%，≥ 0.35 得 30%；随机猜测约 0.08）。训练单元格在 60 秒内完成。
#
# Complete `KWSNet` below (`paddle.nn`; the fixed front end's features `[B, 40, 98]` in, 12 class logits out), `augment` (B3's functions: noise and shifts, to cope with the test set's new speakers and strong noise) and `train_kws`;
# the cell trains `kws_model`; export it with `paddle.jit.save` to `deploy/kws/model` (input `InputSpec([None, 40, 98], "float32")`).
# Scored by accuracy on the hidden test set: ≥ 0.58 full marks (≥ 0.48 60 %, ≥ 0.35 30 %; chance is about 0.08). The training cell must finish within 60 s.
#
# 提示：一维卷积（把 40 个频带当作通道）比二维卷积快得多；在模型里对每句减去时间均值（倒谱均值归一化）能减弱说话人与信道差异。
# Hint: a 1-D convolution (the 40 bands as channels) is much faster than a 2-D one; subtracting each utterance's mean over time inside the model (cepstral mean normalisation) reduces speaker and channel differences.

# %% nbgrader={"grade_id": "b2_code", "grade": false, "solution": true, "locked": false}
class KWSNet(paddle.nn.Layer):
    def __init__(self, n_mels=40, n_classes=12):
        super().__init__()
        ### BEGIN SOLUTION
        ch = 64
        self.norm = paddle.nn.BatchNorm1D(n_mels)
        self.c1, self.b1 = paddle.nn.Conv1D(n_mels, ch, 5, padding=2), paddle.nn.BatchNorm1D(ch)
        self.c2, self.b2 = paddle.nn.Conv1D(ch, ch, 5, padding=2), paddle.nn.BatchNorm1D(ch)
        self.c3, self.b3 = paddle.nn.Conv1D(ch, ch, 5, padding=2), paddle.nn.BatchNorm1D(ch)
        self.pool = paddle.nn.MaxPool1D(2)
        self.drop = paddle.nn.Dropout(0.3)
        self.fc = paddle.nn.Linear(2 * ch, n_classes)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = self.norm(x - x.mean(axis=2, keepdim=True))
        x = self.pool(paddle.nn.functional.relu(self.b1(self.c1(x))))
        x = self.pool(paddle.nn.functional.relu(self.b2(self.c2(x))))
        x = paddle.nn.functional.relu(self.b3(self.c3(x)))
        return self.fc(self.drop(paddle.concat([x.mean(axis=2), x.max(axis=2)], axis=1)))
        ### END SOLUTION


noise_bank = W_train[y_kws_train == CLASSES.index("_silence_")]


def augment(waves, rng):
    """float32 waves scaled to about [-1, 1], randomly shifted and mixed with noise (B3's functions)."""
    ### BEGIN SOLUTION
    out = np.empty(waves.shape, dtype=np.float32)
    for i, w in enumerate(waves):
        w = random_shift(w.astype(np.float32), int(rng.integers(-1200, 1201)))
        if rng.random() < 0.8:
            noise = noise_bank[rng.integers(len(noise_bank))] if rng.random() < 0.7 else rng.standard_normal(len(w))
            w = mix_at_snr(w, noise, rng.uniform(0, 20))
        out[i] = w * rng.uniform(0.5, 1.5) / 32768
    return out
    ### END SOLUTION


def train_kws(epochs=16, lr=3e-3, batch=32, seed=0):
    """A trained KWSNet in eval mode: fresh augmentation every epoch, features by log_mel(..., SR)."""
    ### BEGIN SOLUTION
    paddle.seed(seed)
    rng = np.random.default_rng(seed)
    model = KWSNet()
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        feats = log_mel(augment(W_train, rng), SR)
        order = rng.permutation(len(feats))
        for i in range(0, len(order), batch):
            b = order[i:i + batch]
            loss = loss_fn(model(paddle.to_tensor(feats[b])), paddle.to_tensor(y_kws_train[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
    model.eval()
    return model
    ### END SOLUTION


t0 = time.time()
kws_model = train_kws()
with paddle.no_grad():
    print(f"{time.time() - t0:.1f} s; val accuracy {metrics.accuracy(y_kws_val, kws_model(paddle.to_tensor(F_val)).numpy().argmax(1)):.3f}")
### BEGIN SOLUTION
Path("deploy/kws").mkdir(parents=True, exist_ok=True)
paddle.jit.save(kws_model, "deploy/kws/model", input_spec=[paddle.static.InputSpec([None, 40, 98], "float32")])
### END SOLUTION

# %%
# 自检：像评分那样用 Paddle Inference 加载导出的模型 / self-check: load the export with Paddle Inference, as grading does
import paddle.inference as pi
_cfg = pi.Config("deploy/kws/model.json", "deploy/kws/model.pdiparams")
_cfg.disable_gpu()
_cfg.disable_glog_info()
_pred = pi.create_predictor(_cfg)
_h = _pred.get_input_handle(_pred.get_input_names()[0])
_h.reshape(list(F_val.shape))
_h.copy_from_cpu(F_val)
_pred.run()
kws_val_logits = _pred.get_output_handle(_pred.get_output_names()[0]).copy_to_cpu()
print("exported model, val accuracy:", round(metrics.accuracy(y_kws_val, kws_val_logits.argmax(1)), 3))
plots.confusion(y_kws_val, kws_val_logits.argmax(1), CLASSES);

# %% [markdown] nbgrader={"grade_id": "d1_text", "grade": false, "solution": false, "locked": true}
# ### D1 · 转换为 ONNX 并用 ONNX Runtime 部署（5 分，交付）/ D1 · Convert to ONNX and deploy with ONNX Runtime (5 points, delivery)
#
# 用 paddle2onnx 把 `deploy/kws/model` 转换为 `deploy/kws/model.onnx`（opset 13），用 ONNX Runtime 在验证集上推理，并确认与 Paddle 的输出一致（最大绝对误差 < 1e-3）。
# 评分：ONNX Runtime 运行 `deploy/kws/model.onnx` 在隐藏测试集上的准确率（阈值同 B2）。
#
# Convert `deploy/kws/model` to `deploy/kws/model.onnx` (opset 13) with paddle2onnx, run it with ONNX Runtime on the validation set and confirm it matches Paddle's output (max absolute difference < 1e-3).
# Scored by the accuracy of `deploy/kws/model.onnx` under ONNX Runtime on the hidden test set (thresholds as in B2).
#
# 提示 Hint: `paddle2onnx.export(model_filename, params_filename, save_file, opset_version=13)`，或命令行 / or the command line
# `paddle2onnx --model_dir deploy/kws --model_filename model.json --params_filename model.pdiparams --save_file deploy/kws/model.onnx --opset_version 13`.

# %% nbgrader={"grade_id": "d1_code", "grade": false, "solution": true, "locked": false}
import onnxruntime as ort

### BEGIN SOLUTION
import paddle2onnx

paddle2onnx.export("deploy/kws/model.json", "deploy/kws/model.pdiparams", "deploy/kws/model.onnx", opset_version=13)
session = ort.InferenceSession("deploy/kws/model.onnx", providers=["CPUExecutionProvider"])
onnx_val_logits = session.run(None, {session.get_inputs()[0].name: F_val})[0]
### END SOLUTION
print("max |onnx - paddle|:", float(np.abs(onnx_val_logits - kws_val_logits).max()),
      "ONNX val accuracy:", round(metrics.accuracy(y_kws_val, onnx_val_logits.argmax(1)), 3))

# %% [markdown] nbgrader={"grade_id": "part4", "grade": false, "solution": false, "locked": true}
# ## 第 4 部分 · 安全配置、发布与回滚（15 分）/ Part 4 · Security configuration, release and rollback (15 points)

# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · 上线前的安全策略配置（5 分，交付）/ D2 · Security configuration before go-live (5 points, delivery)
#
# 1. `redact(text)`：日志脱敏。依次替换：18 位身份证号（17 位数字 + 数字或 `X`/`x`，前后不能紧邻字母或数字）为 `<ID>`；
#    手机号（`1[3-9]` 开头共 11 位数字，前后不能紧邻数字）为 `<PHONE>`；电子邮箱（`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`）为 `<EMAIL>`。
#    `redact(text)`: log redaction. Replace, in this order: 18-character ID card numbers (17 digits then a digit or `X`/`x`, not directly after or before a letter or digit) by `<ID>`;
#    mobile numbers (11 digits starting with `1[3-9]`, not directly after or before a digit) by `<PHONE>`; e-mail addresses (`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`) by `<EMAIL>`.
# 2. `check_service_config(cfg, folder)`：返回违反的规则代码列表（升序）：
#    `bind_public`（`host` 不是 `127.0.0.1` 或 `localhost`）；`weak_token`（没有 `auth_token` 或少于 16 个字符）；`raw_text_logged`（`log_text` 不是 `"redacted"`）；
#    `no_rate_limit`（`rate_limit_per_min` 不是 1–600 的整数）；`no_length_limit`（`max_text_chars` 不是 1–512 的整数）；`debug_on`（`debug` 为真）；
#    `model_checksum`（`folder/model_file` 不存在，或其 SHA-256 十六进制摘要不等于 `model_sha256`）。
#    `check_service_config(cfg, folder)`: the codes of the rules it breaks, sorted:
#    `bind_public` (`host` is not `127.0.0.1` or `localhost`); `weak_token` (no `auth_token` or under 16 characters); `raw_text_logged` (`log_text` is not `"redacted"`);
#    `no_rate_limit` (`rate_limit_per_min` is not an integer in 1–600); `no_length_limit` (`max_text_chars` is not an integer in 1–512); `debug_on` (`debug` is truthy);
#    `model_checksum` (`folder/model_file` is missing or its SHA-256 hex digest differs from `model_sha256`).
# 3. 用代码写出本次上线的配置 `deploy/service.json`（`model_file` 为 `kws/model.onnx`，相对于 `deploy/`；`model_sha256` 要在代码中计算，因为评分时重新运行笔记本会重新生成模型），它必须通过你的检查。
#    Write this release's configuration `deploy/service.json` from code (`model_file` is `kws/model.onnx`, relative to `deploy/`; compute `model_sha256` in code, since grading re-runs the notebook and so rewrites the model); it must pass your check.

# %% nbgrader={"grade_id": "d2_code", "grade": false, "solution": true, "locked": false}
import hashlib


def redact(text):
    ### BEGIN SOLUTION
    text = re.sub(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])", "<ID>", text)
    text = re.sub(r"(?<!\d)1[3-9]\d{9}(?!\d)", "<PHONE>", text)
    return re.sub(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", "<EMAIL>", text)
    ### END SOLUTION


def check_service_config(cfg, folder):
    ### BEGIN SOLUTION
    def int_in(v, lo, hi):
        return type(v) is int and lo <= v <= hi

    problems = []
    if cfg.get("host") not in ("127.0.0.1", "localhost"):
        problems.append("bind_public")
    if not isinstance(cfg.get("auth_token"), str) or len(cfg["auth_token"]) < 16:
        problems.append("weak_token")
    if cfg.get("log_text") != "redacted":
        problems.append("raw_text_logged")
    if not int_in(cfg.get("rate_limit_per_min"), 1, 600):
        problems.append("no_rate_limit")
    if not int_in(cfg.get("max_text_chars"), 1, 512):
        problems.append("no_length_limit")
    if cfg.get("debug"):
        problems.append("debug_on")
    path = Path(folder) / str(cfg.get("model_file", ""))
    if not cfg.get("model_file") or not path.is_file() or \
            hashlib.sha256(path.read_bytes()).hexdigest() != cfg.get("model_sha256"):
        problems.append("model_checksum")
    return sorted(problems)
    ### END SOLUTION


### BEGIN SOLUTION
service = {"host": "127.0.0.1", "port": 8600, "auth_token": "ops-7f3a9c51d2e84b60", "log_text": "redacted",
           "rate_limit_per_min": 120, "max_text_chars": 256, "debug": False, "model_file": "kws/model.onnx",
           "model_sha256": hashlib.sha256(Path("deploy/kws/model.onnx").read_bytes()).hexdigest()}
Path("deploy/service.json").write_text(json.dumps(service, indent=1), encoding="utf-8")
### END SOLUTION
print(redact("客户 13812345678 的邮箱 li.lei@example.com"), check_service_config(json.loads(Path("deploy/service.json").read_text()), "deploy"))

# %% nbgrader={"grade_id": "test_d2_security", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert redact("call 13912345678 now") == "call <PHONE> now" and redact("id 11010519491231002X.") == "id <ID>."
assert check_service_config(json.loads(Path("deploy/service.json").read_text()), "deploy") == []
### BEGIN HIDDEN TESTS
check("redact", [redact(t) for t in [
    "电话13800138000，邮箱a.b-c@mail.example.cn", "订单 SF123456789012 和 213800138000", "身份证 44030419900101123x 已核验",
    "ID:440304199001011234567 too long", "mail me: x@y.z or bob@corp.io!", "1381234567 短号", "号码是15912345678和17700001111",
    "A44030419900101123X"]], weight=2)
import tempfile as _tf
_d = _tf.mkdtemp()
(Path(_d) / "m.onnx").write_bytes(b"model-bytes")
_good = {"host": "localhost", "auth_token": "x" * 16, "log_text": "redacted", "rate_limit_per_min": 600,
         "max_text_chars": 1, "debug": False, "model_file": "m.onnx",
         "model_sha256": hashlib.sha256(b"model-bytes").hexdigest()}
_variants = [{}, {"host": "0.0.0.0"}, {"auth_token": "short"}, {"log_text": "full", "debug": True},
             {"rate_limit_per_min": 0, "max_text_chars": 513}, {"rate_limit_per_min": 60.0}, {"model_sha256": "0" * 64},
             {"model_file": "missing.onnx"}]
check("config_rules", [check_service_config({**_good, **v}, _d) for v in _variants] +
      [check_service_config({"model_file": "m.onnx"}, _d)], weight=2)
check("own_config", check_service_config(json.loads(Path("deploy/service.json").read_text()), "deploy"))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "o1_text", "grade": false, "solution": false, "locked": true}
# ### O1 · 版本发布、更新与回滚（10 分，运维）/ O1 · Release, update and rollback (10 points, operations)
#
# `ops/` 是线上 NLU 服务的发布目录：`ops/releases/<版本>/` 中有模型文件和 `manifest.json`
# （`{"version", "files": {文件名: SHA-256}, "metrics": {"intent_acc", "slot_f1", "p95_ms"}}`）；`ops/state.json` 为 `{"current": 版本, "history": [已上线版本，按时间]}`。
# 实现（`root` 为类似 `ops/` 的目录）：
#
# `ops/` is the online NLU service's release folder: `ops/releases/<version>/` holds model files and `manifest.json`
# (`{"version", "files": {name: SHA-256}, "metrics": {"intent_acc", "slot_f1", "p95_ms"}}`); `ops/state.json` is `{"current": version, "history": [versions deployed, in order]}`.
# Implement (`root` is a folder like `ops/`):
#
# 1. `verify_release(root, version)`：问题列表（升序）：`no_manifest`；每个清单文件 `missing:<文件名>` 或 `checksum:<文件名>`；`version_mismatch`（清单中的版本号与目录名不同）。没有问题返回 `[]`。
#    a list of problems (sorted): `no_manifest`; per listed file `missing:<name>` or `checksum:<name>`; `version_mismatch` (the manifest's version differs from the folder's name). `[]` if none.
# 2. `deploy(root, version, max_drop=0.01, max_p95_ms=50.0)`：按顺序判断并返回第一个原因：`unknown_version`（目录不存在）、`already_current`、`verify_failed`、
#    `accuracy_gate`（新版本 `intent_acc` 低于当前版本的 `intent_acc - max_drop`）、`latency_gate`（`p95_ms > max_p95_ms`）；都通过则上线：`current` 改为新版本并追加到 `history`，写回 `state.json`，返回 `"deployed"`。
#    checks in this order and returns the first reason: `unknown_version` (no such folder), `already_current`, `verify_failed`,
#    `accuracy_gate` (the new `intent_acc` is below the current one's `intent_acc - max_drop`), `latency_gate` (`p95_ms > max_p95_ms`); if all pass it goes live: `current` becomes the new version, appended to `history`, `state.json` written back, returns `"deployed"`.
# 3. `rollback(root)`：`history` 少于 2 个版本返回 `no_previous`；前一版本（`history[-2]`）校验不通过返回 `verify_failed`；否则删除 `history` 的最后一项，`current` 改为前一版本，写回并返回 `"rolled_back"`。
#    `rollback(root)`: `no_previous` if `history` holds fewer than 2 versions; `verify_failed` if the previous version (`history[-2]`) fails verification; otherwise drops the last `history` entry, makes the previous version `current`, writes back and returns `"rolled_back"`.

# %% nbgrader={"grade_id": "o1_code", "grade": false, "solution": true, "locked": false}
import shutil
import tempfile


def _state(root):
    return json.loads((Path(root) / "state.json").read_text(encoding="utf-8"))


def _manifest(root, version):
    return json.loads((Path(root) / "releases" / version / "manifest.json").read_text(encoding="utf-8"))


def verify_release(root, version):
    ### BEGIN SOLUTION
    folder = Path(root) / "releases" / version
    if not (folder / "manifest.json").is_file():
        return ["no_manifest"]
    manifest = _manifest(root, version)
    problems = []
    for name, digest in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            problems.append("missing:" + name)
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append("checksum:" + name)
    if manifest.get("version") != version:
        problems.append("version_mismatch")
    return sorted(problems)
    ### END SOLUTION


def deploy(root, version, max_drop=0.01, max_p95_ms=50.0):
    ### BEGIN SOLUTION
    state = _state(root)
    if not (Path(root) / "releases" / version).is_dir():
        return "unknown_version"
    if state["current"] == version:
        return "already_current"
    if verify_release(root, version):
        return "verify_failed"
    new, cur = _manifest(root, version)["metrics"], _manifest(root, state["current"])["metrics"]
    if new["intent_acc"] < cur["intent_acc"] - max_drop:
        return "accuracy_gate"
    if new["p95_ms"] > max_p95_ms:
        return "latency_gate"
    state["current"] = version
    state["history"].append(version)
    (Path(root) / "state.json").write_text(json.dumps(state, indent=1), encoding="utf-8")
    return "deployed"
    ### END SOLUTION


def rollback(root):
    ### BEGIN SOLUTION
    state = _state(root)
    if len(state["history"]) < 2:
        return "no_previous"
    previous = state["history"][-2]
    if verify_release(root, previous):
        return "verify_failed"
    state["history"].pop()
    state["current"] = previous
    (Path(root) / "state.json").write_text(json.dumps(state, indent=1), encoding="utf-8")
    return "rolled_back"
    ### END SOLUTION


with tempfile.TemporaryDirectory() as tmp:  # try it on a copy: ops/ itself stays as released
    demo = shutil.copytree("ops", Path(tmp) / "ops")
    for v in sorted(p.name for p in (demo / "releases").iterdir()):
        print(v, verify_release(demo, v))
    print([deploy(demo, v) for v in ("v1.2.0", "v1.3.0", "v1.1.0", "v1.1.0")], rollback(demo), rollback(demo), _state(demo))

# %% nbgrader={"grade_id": "test_o1_release", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import tempfile as _tf
with _tf.TemporaryDirectory() as _d:
    _ops = shutil.copytree("ops", Path(_d) / "ops")
    assert verify_release(_ops, "v1.0.0") == [] and deploy(_ops, "v9") == "unknown_version"
    assert deploy(_ops, "v1.1.0") == "deployed" and _state(_ops)["current"] == "v1.1.0"
    assert rollback(_ops) == "rolled_back" and _state(_ops) == {"current": "v1.0.0", "history": ["v1.0.0"]}
### BEGIN HIDDEN TESTS


def _release(root, version, files, metrics_, manifest_version=None, tamper=None, drop=None):
    folder = Path(root) / "releases" / version
    folder.mkdir(parents=True)
    digests = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        digests[name] = hashlib.sha256(data).hexdigest()
    (folder / "manifest.json").write_text(json.dumps({"version": manifest_version or version, "files": digests,
                                                      "metrics": metrics_}))
    if tamper:
        (folder / tamper).write_bytes(b"tampered")
    if drop:
        (folder / drop).unlink()


_r = Path(_tf.mkdtemp())
_m = {"intent_acc": 0.90, "slot_f1": 0.80, "p95_ms": 20.0}
_release(_r, "a1", {"model.bin": b"a1", "vocab.json": b"{}"}, _m)
_release(_r, "a2", {"model.bin": b"a2", "vocab.json": b"{}"}, {**_m, "intent_acc": 0.895, "p95_ms": 49.0})
_release(_r, "a3", {"model.bin": b"a3", "vocab.json": b"{}", "extra.txt": b"x"}, _m, tamper="vocab.json", drop="extra.txt")
_release(_r, "a4", {"model.bin": b"a4"}, _m, manifest_version="a5")
_release(_r, "a5", {"model.bin": b"a5"}, {**_m, "intent_acc": 0.87})
_release(_r, "a6", {"model.bin": b"a6"}, {**_m, "intent_acc": 0.95, "p95_ms": 51.0})
_release(_r, "a7", {"model.bin": b"a7"}, {**_m, "intent_acc": 0.92})
(_r / "releases" / "a8").mkdir()
(_r / "state.json").write_text(json.dumps({"current": "a1", "history": ["a1"]}))
check("verify", [verify_release(_r, v) for v in ("a1", "a2", "a3", "a4", "a8")], weight=3)
_steps = [deploy(_r, v) for v in ("a1", "zz", "a3", "a4", "a8", "a2", "a5", "a6")]
_steps += [deploy(_r, "a5", max_drop=0.05), deploy(_r, "a6", max_p95_ms=60.0), deploy(_r, "a7")]
check("deploy", [_steps, _state(_r)], weight=4)
(_r / "releases" / "a5" / "model.bin").write_bytes(b"corrupted")
_back = [rollback(_r), _state(_r)["current"]]
(_r / "state.json").write_text(json.dumps({"current": "a2", "history": ["a1", "a2"]}))
_back += [rollback(_r), rollback(_r), _state(_r)]
check("rollback", _back, weight=3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part5", "grade": false, "solution": false, "locked": true}
# ## 第 5 部分 · 咨询（15 分，人工评分）/ Part 5 · Consulting (15 points, scored by examiners)
#
# 某城市商业银行希望在 60 家网点部署“语音 + 文字”智能客服终端，主要服务老年客户（普通话和部分方言），处理查询余额、挂失、预约、转人工等业务；
# 网点环境嘈杂，数据不得出行内机房。预算 300 万元，希望 9 个月内试点上线。
#
# A city commercial bank wants "voice + text" customer-service terminals in 60 branches, mainly for elderly customers (Mandarin and some dialects), handling balance queries, card loss reports, appointments and hand-over to staff;
# branches are noisy and data may not leave the bank's own data centre. Budget 3 million CNY; a pilot should be live within 9 months.

# %% [markdown] nbgrader={"grade_id": "e1_text", "grade": false, "solution": false, "locked": true}
# ### E1 · 技术评估与可行性研究要点（8 分）/ E1 · Technical assessment and feasibility study (8 points)
#
# 写出可行性研究报告的要点：技术评估（本试卷中的哪些技术可复用，差距在哪里：方言、噪声、老年语音、业务意图），总体架构与方案设计，
# 资源分析（人员、算力、数据采集与标注成本）与评价，分阶段实施规划（含试点与验收指标）。
#
# Outline the feasibility study: technical assessment (which of this exam's technologies carry over and where the gaps are: dialects, noise, elderly speech, banking intents), overall architecture and solution design,
# resource analysis (staff, compute, data collection and labelling cost) and its evaluation, a phased implementation plan (with the pilot and acceptance metrics).

# %% [markdown] nbgrader={"grade_id": "e1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 隐私保护、数据安全与人机交互评价（7 分）/ E2 · Privacy, data security and human–machine interaction (7 points)
#
# 对该项目的语音数据和对话数据给出隐私与安全评价和建议：哪些数据属于敏感个人信息（声纹等生物识别信息、账户信息），采集告知与同意，最小化与留存期限，
# 存储与传输加密、访问控制与审计、脱敏（参考 D2），模型训练数据的使用边界；以及面向老年人的人机交互要求（告知是 AI、随时转人工、确认关键操作、语速与字号）。
#
# Assess privacy and security for the project's voice and dialogue data and make recommendations: which data is sensitive personal information (voiceprints as biometrics, account data), notice and consent, minimisation and retention periods,
# encryption at rest and in transit, access control and auditing, redaction (see D2), limits on using the data to train models; and human–machine interaction requirements for elderly users (disclose it is an AI, hand over to a person at any time, confirm critical operations, speech rate and font size).

# %% [markdown] nbgrader={"grade_id": "e2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
