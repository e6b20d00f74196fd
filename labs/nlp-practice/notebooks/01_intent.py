# %% [markdown] nbgrader={"grade_id": "p1_intro", "grade": false, "solution": false, "locked": true}
# # 练习 01 · 意图识别 / Exercise 01 · Intent classification
#
# 目标：把中英文语句变成模型能读的编号；比较词袋基线和 Embedding 模型；实现精确率、召回率和 F1；导出模型，让 `predict_intent.py` 能在没见过的数据上预测。
# Goals: turn Chinese and English sentences into ids a model can read; compare a bag-of-words baseline with an embedding model; implement precision, recall and F1; export the model so that `predict_intent.py` predicts on data it has never seen.

# %%
# %include ../cells/setup.py

# %%
# %include ../cells/helpers.py

# %%
train_rows, val_rows = load_texts("train"), load_texts("val")
train_int, val_int = np.load(f"{T}/train/intents.npy"), np.load(f"{T}/val/intents.npy")
print(len(train_rows), "train,", len(val_rows), "val")
for r in train_rows[:4]:
    print(r["lang"], r["intent"], r["tokens"])
counts = {(r["intent"], r["lang"]): 0 for r in train_rows}
for r in train_rows:
    counts[r["intent"], r["lang"]] += 1
print({i: (counts.get((i, "zh"), 0), counts.get((i, "en"), 0)) for i in INTENTS}, "(zh, en)")

# %% [markdown] nbgrader={"grade_id": "p1_vocab_text", "grade": false, "solution": false, "locked": true}
# ## 1.1 词表与编码 / Vocabulary and encoding
#
# 在 **`nlu.py`**（第一次运行时从 `templates/nlu.py` 复制而来）中完成 `normalize`、`build_vocab`、`encode`，要求见各函数说明。
# 中文已经按字切分、英文按空格切分（见 `tokens`）。规范化让 "Light?"、"LIGHT"、"light" 成为同一个词；出现次数太少的词（多半是错别字）归为 `<unk>`。
# Complete `normalize`, `build_vocab` and `encode` in **`nlu.py`** (copied from `templates/nlu.py` on the first run); see each docstring.
# Chinese is already split per character and English per word (`tokens`). Normalizing makes "Light?", "LIGHT" and "light" one token; rare tokens (mostly typos) become `<unk>`.
#
# 改完 `nlu.py` 后重新运行下面的单元格（它会重新载入文件）。/ After editing `nlu.py`, rerun the cell below (it reloads the file).

# %% nbgrader={"grade_id": "test_p1_vocab", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

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

# %%
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
    """the data set's rule: Chinese per character, English per word"""
    if any("\u4e00" <= ch <= "\u9fff" for ch in sentence):
        return [c for c in sentence if not c.isspace()]
    return sentence.split()


X_challenge = np.array([nlu.encode(tokens_of(s), vocab) for s, _ in CHALLENGE], dtype=np.int64)
y_challenge = np.array([INTENTS.index(i) for _, i in CHALLENGE], dtype=np.int64)


# %% [markdown] nbgrader={"grade_id": "p1_baseline_text", "grade": false, "solution": false, "locked": true}
# ## 1.2 基线：词袋 + 线性层 / Baseline: bag of words + one linear layer
#
# 词袋模型只数每个词出现了几次，不管顺序（已给出，运行几秒）。它在验证集上几乎全对——但验证集和训练集用的是同样的句式。看看它在挑战集上的表现。
# A bag of words only counts each token, ignoring the order (given, a few seconds). It is almost always right on the validation split, but validation uses the training set's sentence patterns. See how it does on the challenge set.

# %%
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


# %% [markdown] nbgrader={"grade_id": "p1_model_text", "grade": false, "solution": false, "locked": true}
# ## 1.3 Embedding 模型 / An embedding model
#
# 完成 `IntentNet.forward`：`self.emb(ids)` 得到 [N, 32, dim]，**只对非填充位置（`ids > 0`）取平均**（填充位置也参与平均时，短句的向量会被拉向 0），再经过 `fc1`、ReLU、`fc2` 输出 10 个 logits。
# 训练后导出：`paddle.jit.save(model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])`。`predict_intent.py`（已给出）会读取 `models/intent` 和 `models/vocab.json`。
#
# Complete `IntentNet.forward`: `self.emb(ids)` gives [N, 32, dim]; **average over the non-padding positions only (`ids > 0`)** (with the padding in the average, short sentences are pulled towards 0), then `fc1`, ReLU and `fc2` give 10 logits.
# Export after training: `paddle.jit.save(model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])`. The given `predict_intent.py` reads `models/intent` and `models/vocab.json`.
#
# 评分：`predict_intent.py` 在隐藏测试集上的准确率 ≥ 0.78 满分，≥ 0.70 得 70%，≥ 0.55 得 40%。
# Graded: `predict_intent.py`'s accuracy on the hidden test split, ≥ 0.78 full, ≥ 0.70 70 %, ≥ 0.55 40 %.

# %% nbgrader={"grade_id": "p1_model", "grade": false, "solution": true, "locked": false}
class IntentNet(paddle.nn.Layer):
    def __init__(self, vocab_size, num_classes=10, dim=64):
        super().__init__()
        self.emb = paddle.nn.Embedding(vocab_size, dim, padding_idx=0)
        self.fc1 = paddle.nn.Linear(dim, 64)
        self.fc2 = paddle.nn.Linear(64, num_classes)

    # %include ../../_shared/nlp/cells/intent_forward.py


paddle.seed(0)
intent_model = IntentNet(len(vocab))
intent_history = fit(intent_model, X_train, train_int, epochs=12, lr=0.005, batch=64,
                     val=(X_val, val_int, metrics.accuracy, "acc"))
### BEGIN SOLUTION
paddle.jit.save(intent_model, "models/intent", input_spec=[paddle.static.InputSpec([None, 32], "int64", "ids")])
### END SOLUTION
print(f"IntentNet: validation accuracy {intent_history['val acc'][-1]:.3f}, "
      f"challenge set {metrics.accuracy(y_challenge, predict(intent_model, X_challenge)):.2f}")

# %%
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


# %% [markdown] nbgrader={"grade_id": "p1_prf_text", "grade": false, "solution": false, "locked": true}
# ## 1.4 精确率、召回率与 F1 / Precision, recall and F1
#
# 实现（不要调用 `labkit.metrics` 或 scikit-learn）：/ Implement (without calling `labkit.metrics` or scikit-learn):
# - `per_class_prf(y_true, y_pred, num_classes)` → `(precision, recall, f1)`，三个长 `num_classes` 的 float 数组；分母为 0 时为 0.0 / three float arrays, 0.0 where a denominator is 0；
# - `macro_f1(y_true, y_pred, num_classes)` → 各类 F1 的平均 / the mean of the per-class F1。
#
# 类别不均衡时，准确率会掩盖小类别上的问题，宏平均 F1 不会。/ With unbalanced classes, accuracy hides problems of small classes; macro F1 does not.

# %% nbgrader={"grade_id": "p1_prf", "grade": false, "solution": true, "locked": false}
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

# %% nbgrader={"grade_id": "test_p1_prf", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

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

# %% [markdown] nbgrader={"grade_id": "p1_more", "grade": false, "solution": false, "locked": true}
# ## 1.5 自己试试（不计分）/ Try it yourself (not graded)
#
# - 写几句自己的话，看模型怎么判断（下面的单元格）。什么样的句子会被自信地分错？/ Write sentences of your own (cell below). Which ones are confidently misclassified?
# - `build_vocab` 的 `min_count` 改成 1 或 3，挑战集准确率怎样变化？/ Set `min_count` to 1 or 3: what happens on the challenge set?
# - 没有“其他”意图：与智能家居和客服都无关的话会被分到哪里？怎样用概率阈值拒识？/ There is no "other" intent: where do unrelated sentences go? How would a probability threshold reject them?

# %%
def try_intent(sentences):
    for s in sentences:
        logits = intent_model(paddle.to_tensor(np.array([nlu.encode(tokens_of(s), vocab)], dtype=np.int64))).numpy()[0]
        prob = np.exp(logits - logits.max())
        prob /= prob.sum()
        print(f"{s!r:45} -> {INTENTS[int(prob.argmax())]:15} p={prob.max():.2f}")


if os.environ.get("PRACTICUM_GRADING") != "1":
    try_intent(["turn on the tv in the study", "今天天气真好", "tell me a joke", "把书房的风扇关了"])
