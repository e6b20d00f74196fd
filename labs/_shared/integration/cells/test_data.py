p = reload_pipeline()
vocab = json.load(open("components/intent_vocab.json", encoding="utf-8"))
assert p.tokenize("Turn ON the light, please!", "en") == ["turn", "on", "the", "light", "please"]
assert p.tokenize("打开 客厅的灯。", "zh") == ["打", "开", "客", "厅", "的", "灯"]
ids = p.encode("turn on the light", "en", vocab)
assert ids.dtype == np.int64 and ids.shape == (32,) and ids[4:].tolist() == [0] * 28
assert p.encode("zzzz qqqq", "en", vocab)[:2].tolist() == [1, 1]
f = p.features(VAL_WAVES[0], 8000)
assert f.shape == (40, 98) and f.dtype == np.float32
try:
    p.features(VAL_WAVES[0], 16000)
    raise AssertionError("features() must refuse 16000 Hz")
except ValueError:
    pass
print("B1 visible tests passed")
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rows = [json.loads(line) for line in open("/run/practicum/hidden/commands_text/texts.jsonl", encoding="utf-8")]
_hw = np.load("/run/practicum/hidden/speech_commands/waves.npy")
check("tokens_en", [p.tokenize(r["text"], "en") for r in _rows if r["lang"] == "en"][:40])
check("tokens_zh", [p.tokenize(r["text"], "zh") for r in _rows if r["lang"] == "zh"][:40])
check("ids", [p.encode(r["text"], r["lang"], vocab).tolist() for r in _rows[:80]], weight=2)
check("long", p.encode(" ".join(["play"] * 40), "en", vocab).tolist())
check("empty", raises(ValueError, p.encode, "。？！", "zh", vocab))
check("features", np.round(p.features(_hw[0], 8000), 3), tol=2e-3, weight=2)
check("features2", np.round(p.features(_hw[7], 8000), 3), tol=2e-3)
check("short", raises(ValueError, p.features, _hw[0][:4000], 8000))
check("float", raises(ValueError, p.features, _hw[0].astype(np.float32), 8000))
### END HIDDEN TESTS
