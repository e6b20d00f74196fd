# %% [markdown] nbgrader={"grade_id": "p1_intro", "grade": false, "solution": false, "locked": true}
# # 01 · 调用组件 / Calling the components
#
# 集成的第一步是按**模型卡**（接口约定）正确地调用每个组件，并知道它们在什么情况下表现好、什么情况下差。先读 `components/kws.json` 和 `components/intent.json`。
# The first step of integration is calling each component exactly as its **model card** (the interface contract) says, and knowing when it does well and when badly. Read `components/kws.json` and `components/intent.json` first.

# %%
# %include ../cells/setup.py

# %%
print(json.dumps({k: KWS_CARD[k] for k in ("input", "output", "classes", "audio")}, ensure_ascii=False, indent=1))
print(json.dumps({k: INTENT_CARD[k] for k in ("input", "output", "intents", "max_tokens", "pad_id", "unk_id")}, ensure_ascii=False, indent=1))
print(INTENT_CARD["tokenize"]["zh"], "\n", INTENT_CARD["tokenize"]["en"])

# %% [markdown] nbgrader={"grade_id": "p1_kws_text", "grade": false, "solution": false, "locked": true}
# ## 命令词组件 / The keyword component（10 分 points）
#
# 用 ONNX Runtime 对验证集全部语音 `VAL_WAVES` 运行 `components/kws.onnx`（特征按模型卡：`log_mel(wave, 8000)`），得到 `kws_pred`（每段的类别下标）、`kws_val_acc`（准确率）和 `kws_recall`（字典：类别名 → 该类的召回率，即该类语音中被识别对的比例）。
# Run `components/kws.onnx` with ONNX Runtime on every validation clip `VAL_WAVES` (features as the model card says: `log_mel(wave, 8000)`); get `kws_pred` (each clip's class index), `kws_val_acc` (accuracy) and `kws_recall` (a dict: class name → that class's recall, the share of its clips recognised correctly).

# %% nbgrader={"grade_id": "p1_kws", "grade": false, "solution": true, "locked": false}
### BEGIN SOLUTION
_s = ort.InferenceSession("components/kws.onnx", providers=["CPUExecutionProvider"])
kws_pred = _s.run(None, {"logmel": log_mel(VAL_WAVES, 8000)})[0].argmax(1)
kws_val_acc = float((kws_pred == VAL_LABELS).mean())
kws_recall = {c: float((kws_pred[VAL_LABELS == k] == k).mean()) for k, c in enumerate(KWS_CARD["classes"])}
### END SOLUTION
print(f"accuracy {kws_val_acc:.3f}")
for c, r in sorted(kws_recall.items(), key=lambda kv: kv[1]):
    print(f"  {c:10s} recall {r:.2f}  " + "#" * int(r * 40))

# %% nbgrader={"grade_id": "test_p1_kws", "grade": true, "solution": false, "locked": true}
assert len(kws_pred) == len(VAL_WAVES), "one prediction per clip"
assert 0.3 < kws_val_acc < 0.7, f"accuracy {kws_val_acc:.3f}: are the features computed as the model card says?"
assert set(kws_recall) == set(KWS_CARD["classes"])
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("pred", [int(v) for v in kws_pred], weight=2)
check("acc", round(kws_val_acc, 4), tol=1e-3)
check("recall", {k: round(v, 4) for k, v in kws_recall.items()}, tol=1e-3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p1_intent_text", "grade": false, "solution": false, "locked": true}
# ## 意图组件 / The intent component（10 分 points）
#
# 按模型卡的 `tokenize` 与 `encode` 规则，把验证集的每句话 `VAL_TEXTS[i]["text"]`（语言 `VAL_TEXTS[i]["lang"]`）变成 int64 `[32]` 的词 id，组成 `val_ids`（int64 `[N, 32]`），运行 `components/intent.onnx` 得到 `intent_pred`（类别下标）与 `intent_acc_by_lang`（字典 `{"zh": ..., "en": ...}`：每种语言的准确率，真值是 `VAL_TEXTS[i]["intent"]`）。
# By the model card's `tokenize` and `encode` rules, turn every validation sentence `VAL_TEXTS[i]["text"]` (language `VAL_TEXTS[i]["lang"]`) into int64 token ids `[32]`, stacked as `val_ids` (int64 `[N, 32]`); run `components/intent.onnx` for `intent_pred` (class indices) and `intent_acc_by_lang` (a dict `{"zh": ..., "en": ...}`: the accuracy per language, the truth being `VAL_TEXTS[i]["intent"]`).

# %% nbgrader={"grade_id": "p1_intent", "grade": false, "solution": true, "locked": false}
vocab = json.load(open("components/intent_vocab.json", encoding="utf-8"))
PUNCT = INTENT_CARD["punctuation"]
### BEGIN SOLUTION
def _ids(text, lang):
    if lang == "zh":
        toks = [c for c in text if not c.isspace() and c not in PUNCT]
    else:
        toks = [w for w in (t.strip(PUNCT) for t in text.lower().split()) if w]
    ids = [vocab.get(t, 1) for t in toks][:32]
    return ids + [0] * (32 - len(ids))


val_ids = np.array([_ids(r["text"], r["lang"]) for r in VAL_TEXTS], dtype=np.int64)
_s = ort.InferenceSession("components/intent.onnx", providers=["CPUExecutionProvider"])
intent_pred = _s.run(None, {"ids": val_ids})[0].argmax(1)
_truth = np.array([INTENT_CARD["intents"].index(r["intent"]) for r in VAL_TEXTS])
_lang = np.array([r["lang"] for r in VAL_TEXTS])
intent_acc_by_lang = {l: float((intent_pred[_lang == l] == _truth[_lang == l]).mean()) for l in ("zh", "en")}
### END SOLUTION
print(intent_acc_by_lang)

# %% nbgrader={"grade_id": "test_p1_intent", "grade": true, "solution": false, "locked": true}
assert val_ids.shape == (len(VAL_TEXTS), 32) and val_ids.dtype == np.int64
assert min(intent_acc_by_lang.values()) > 0.9, "below 0.9: check lower-casing, punctuation and padding against the card"
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("ids", val_ids[:120].tolist(), weight=2)
check("pred", [int(v) for v in intent_pred])
check("by_lang", {k: round(v, 4) for k, v in intent_acc_by_lang.items()}, tol=1e-3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p1_more", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# - 命令词组件在哪些类别上最差？在集成中怎样减少它带来的错误执行（阈值、确认、兜底）？
#   Which keyword classes are worst? How can the integration limit the wrong executions they cause (threshold, confirmation, fallback)?
# - 如果把英文句子不转小写就送进意图组件，会怎样？试一试。
#   What happens if English sentences reach the intent component without lower-casing? Try it.
