# %% [markdown] nbgrader={"grade_id": "p2_intro", "grade": false, "solution": false, "locked": true}
# # 练习 02 · 槽位填充 / Exercise 02 · Slot filling
#
# 目标：读懂 BIO 标签，实现实体级的槽位 F1，比较“查词典”的基线和 BiGRU 序列标注模型。需要练习 01 的 `nlu.py` 和 `models/vocab.json`。
# Goals: read BIO tags, implement entity-level slot F1, compare a dictionary baseline with a BiGRU sequence tagger. Needs `nlu.py` and `models/vocab.json` from exercise 01.

# %%
# %include ../cells/setup.py

# %%
# %include ../cells/helpers.py

# %%
train_rows, val_rows = load_texts("train"), load_texts("val")
train_tags, val_tags = np.load(f"{T}/train/tags.npy"), np.load(f"{T}/val/tags.npy")   # int64 [N, 32], -1 = padding
nlu = load_module("nlu")
vocab = json.load(open("models/vocab.json", encoding="utf-8"))
X_train = np.array([nlu.encode(r["tokens"], vocab) for r in train_rows], dtype=np.int64)
X_val = np.array([nlu.encode(r["tokens"], vocab) for r in val_rows], dtype=np.int64)
print(TAGS)
for tok, tag in zip(train_rows[5]["tokens"], train_rows[5]["tags"]):
    print(f"{tok:>10}  {tag}")


# %% [markdown] nbgrader={"grade_id": "p2_f1_text", "grade": false, "solution": false, "locked": true}
# ## 2.1 BIO 实体与槽位 F1 / BIO entities and slot F1
#
# - `bio_spans(tag_ids, names)`：一条标签编号序列（遇到 -1 即结束）中的实体集合 {(start, end, type)}，`end` 不含。`B-x` 开始一个实体；`I-x` 紧接在同类实体后时延续它，否则也开始一个新实体。
#   The entities of one sequence of tag ids (it ends at the first -1) as a set {(start, end, type)}, `end` exclusive. `B-x` starts an entity; `I-x` continues an entity of the same type right before it, and otherwise starts a new one.
# - `slot_f1(gold, pred, names)`：[N, T] 的标签编号；每行只看 gold 中非 -1 的位置；对所有句子统计完全一致的实体，返回 F1（没有一致的实体时为 0.0）。
#   [N, T] tag ids; in each row only where gold is not -1; over all sentences, F1 of exactly matching entities (0.0 when none match).
#
# 一个实体的边界或类型错了，既算一个漏报，也算一个误报。/ An entity with a wrong boundary or type counts as both a miss and a false alarm.

# %% nbgrader={"grade_id": "p2_f1", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/nlp/cells/slot_f1.py


# %% nbgrader={"grade_id": "test_p2_slotf1", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

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

# %% [markdown] nbgrader={"grade_id": "p2_baseline_text", "grade": false, "solution": false, "locked": true}
# ## 2.2 基线：查词典 / Baseline: a dictionary
#
# 把训练集里出现过的槽位值收进词典，在句子里做最长匹配（已给出）。它的弱点：没见过的值（新城市、新设备）找不到；同一个词在不同位置的含义（“今天”是时间，“天气”里的“天”不是）分不清。
# Collect every slot value seen in training and find the longest matches in a sentence (given). Its weaknesses: values never seen (new cities, new devices) are missed; it cannot tell a word's role from its context.

# %%
# %include ../../_shared/nlp/cells/gazetteer_tagger.py


gazetteer_pred = gazetteer_tagger(train_rows, TAGS)(val_rows)
print(f"dictionary baseline: validation slot F1 {slot_f1(val_tags, gazetteer_pred, TAGS):.3f}")


# %% [markdown] nbgrader={"grade_id": "p2_model_text", "grade": false, "solution": false, "locked": true}
# ## 2.3 BiGRU 序列标注 / A BiGRU sequence tagger
#
# 双向 GRU 读整句，每个位置都能看到左右两边的上下文，再给每个词输出一个标签的 logits：[N, 32, 17]。
# 1. 完成 `SlotTagger.forward`：`self.emb` → `self.rnn`（返回 `(输出, 状态)`，取输出 [N, 32, 128]）→ `self.out`。
# 2. 完成 `token_loss(logits, tags)`：把 logits 变成 [N×32, 17]、tags 变成 [N×32]，用 `F.cross_entropy(..., ignore_index=-1)`，填充位置不计入损失。
# 3. 训练后导出到 **`models/slots`**（`InputSpec([None, 32], "int64", "ids")`）。`predict_slots.py`（已给出）读取它。
#
# A bidirectional GRU reads the whole sentence, so every position sees its left and right context; it gives each token a tag's logits: [N, 32, 17].
# 1. Complete `SlotTagger.forward`: `self.emb` → `self.rnn` (it returns `(outputs, state)`; take the outputs [N, 32, 128]) → `self.out`.
# 2. Complete `token_loss(logits, tags)`: reshape the logits to [N×32, 17] and the tags to [N×32] and use `F.cross_entropy(..., ignore_index=-1)`, so padding does not count.
# 3. Export to **`models/slots`** after training (`InputSpec([None, 32], "int64", "ids")`). The given `predict_slots.py` reads it.
#
# 评分：`predict_slots.py` 在隐藏测试集上的槽位 F1 ≥ 0.80 满分，≥ 0.70 得 70%，≥ 0.55 得 40%。
# Graded: `predict_slots.py`'s slot F1 on the hidden test split, ≥ 0.80 full, ≥ 0.70 70 %, ≥ 0.55 40 %.

# %% nbgrader={"grade_id": "p2_model", "grade": false, "solution": true, "locked": false}
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

# %%
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

# %% [markdown] nbgrader={"grade_id": "p2_more", "grade": false, "solution": false, "locked": true}
# ## 2.4 自己试试（不计分）/ Try it yourself (not graded)
#
# - 把 `direction="bidirect"` 改成单向，F1 怎样变化？为什么“把**客厅**的灯打开”中的“客厅”需要右边的上下文？/ Make the GRU one-directional: what happens to F1? Why does a room name need its right-hand context?
# - BiGRU 有时输出不合法的序列（`O` 后面直接 `I-x`）。`bio_spans` 怎样处理它们？怎样在解码时禁止？/ The tagger sometimes outputs invalid sequences (`I-x` right after `O`). How does `bio_spans` treat them, and how could decoding forbid them?
# - 槽位和意图能用同一个模型同时预测吗（共享 Embedding 和 GRU，两个输出头）？/ Could one model predict slots and the intent at once (shared embedding and GRU, two output heads)?
