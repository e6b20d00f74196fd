# %% [markdown] nbgrader={"grade_id": "p3_intro", "grade": false, "solution": false, "locked": true}
# # 03 · 集成测试 / Integration tests
#
# 集成测试检查的是组件之间的“接缝”：标签顺序、预处理、配置、错误处理。写 `tests/test_pipeline.py`（pytest 风格：`test_` 开头的函数，用 `assert`），**每个函数接收参数 `Assistant`**（被测的类），例如：
# Integration tests check the seams between components: label order, preprocessing, configuration, error handling. Write `tests/test_pipeline.py` (pytest style: functions named `test_...` using `assert`), **each taking the argument `Assistant`** (the class under test), e.g.:
#
# ```python
# def test_text_turn_on(Assistant):
#     assert Assistant("config/assistant.yaml").handle({"text": "turn on the light", "lang": "en"})["action"] == "device.on"
# ```
#
# 下面的单元格用 8 个植入了缺陷的实现运行你的测试，并列出每个缺陷是否被发现。评分用的就是这 8 个实现：测试在正确实现上必须全部通过（至少 5 个测试），发现的缺陷越多分越高。
# The cell below runs your tests against 8 implementations with planted bugs and lists whether each bug is caught. Grading uses these same 8: the tests must all pass on the correct implementation (at least 5 tests), and the more bugs they catch, the more points.

# %%
# %include ../cells/setup.py

# %%
import base64 as _b64
import binascii as _binascii


def make_variant(**bug):
    """A correct assistant, or one with a planted integration bug."""
    _punct = INTENT_CARD["punctuation"]

    class Impl:
        def __init__(self, config_path="config/assistant.yaml"):
            with open(config_path, encoding="utf-8") as f:
                self.config = yaml.safe_load(f)
            if bug.get("config_ignored"):
                with open("config/assistant.yaml", encoding="utf-8") as f:
                    self.config = yaml.safe_load(f)
            self.vocab = json.load(open("components/intent_vocab.json", encoding="utf-8"))
            self.kws = ort.InferenceSession("components/kws.onnx", providers=["CPUExecutionProvider"])
            self.intent = ort.InferenceSession("components/intent.onnx", providers=["CPUExecutionProvider"])
            self.classes = sorted(KWS_CARD["classes"]) if bug.get("kws_sorted") else KWS_CARD["classes"]
            self.intents = INTENT_CARD["intents"][1:] + INTENT_CARD["intents"][:1] if bug.get("intent_shifted") else INTENT_CARD["intents"]

        def _tokens(self, text, lang):
            if lang == "zh":
                return [c for c in text if not c.isspace() and c not in _punct]
            words = text.split() if bug.get("no_lower") else text.lower().split()
            return [w for w in (t.strip(_punct) for t in words) if w]

        def _decide(self, table, label, conf):
            fb = self.config.get("fallback", "ask_again")
            if not bug.get("threshold_ignored") and conf < float(self.config["threshold"]):
                return fb
            return table.get(label, fb)

        def handle(self, request):
            if not isinstance(request, dict):
                raise ValueError("not a dict")
            if "text" in request:
                text, lang = request["text"], request.get("lang")
                if not isinstance(text, str) or not text.strip() or lang not in ("zh", "en"):
                    raise ValueError("bad text")
                ids = [self.vocab.get(t, 1) for t in self._tokens(text, lang)][:32]
                if not ids:
                    raise ValueError("no tokens")
                pad = 1 if bug.get("pad_unk") else 0
                z = self.intent.run(None, {"ids": np.array([ids + [pad] * (32 - len(ids))], dtype=np.int64)})[0][0]
                names, table, source = self.intents, self.config["intents"], "text"
            elif "audio" in request:
                rate = request.get("sample_rate")
                if not isinstance(rate, int) or isinstance(rate, bool) or not isinstance(request["audio"], str):
                    raise ValueError("bad audio")
                if rate != 8000 and not bug.get("any_rate"):
                    raise ValueError("rate")
                try:
                    raw = _b64.b64decode(request["audio"], validate=True)
                except (_binascii.Error, ValueError):
                    raise ValueError("b64") from None
                if len(raw) != 16000:
                    raise ValueError("length")
                wave = np.frombuffer(raw, dtype="<i2")
                if bug.get("no_scale"):
                    wave = wave.astype(np.float64)
                z = self.kws.run(None, {"logmel": log_mel(wave, 8000)[None]})[0][0]
                names, table, source = self.classes, self.config["keywords"], "audio"
            else:
                raise ValueError("no field")
            prob = np.exp(z - z.max())
            prob /= prob.sum()
            label, conf = names[int(prob.argmax())], float(prob.max())
            return {"action": self._decide(table, label, conf), "source": source, "label": label,
                    "confidence": round(conf, 4)}
    return Impl


# %% [markdown] nbgrader={"grade_id": "p3_variants", "grade": false, "solution": false, "locked": true}
# 植入的缺陷 / The planted bugs：`kws_sorted` 命令词类别按字母排序 keyword classes sorted alphabetically；`intent_shifted` 意图类别错位一位 intent classes shifted by one；`no_scale` 音频没有除以 32768 audio not divided by 32768；`no_lower` 英文没有转小写 English not lower-cased；`pad_unk` 用 1 补齐 padded with 1；`threshold_ignored` 忽略阈值 threshold ignored；`config_ignored` 总是读取 config/assistant.yaml always reads config/assistant.yaml；`any_rate` 接受任何采样率 accepts any sample rate.

# %%
VARIANT_BUGS = ["kws_sorted", "intent_shifted", "no_scale", "no_lower", "pad_unk", "threshold_ignored", "config_ignored",
                "any_rate"]
if os.path.exists("tests/test_pipeline.py"):
    _names, _fails = run_tests("tests/test_pipeline.py", make_variant())
    print(f"{len(_names)} tests; on the correct implementation:", "all pass" if not _fails else _fails)
    for _bug in VARIANT_BUGS:
        _caught = run_tests("tests/test_pipeline.py", make_variant(**{_bug: True}))[1]
        print(f"  {_bug:18s} {'caught by ' + ', '.join(_caught) if _caught else '-- not caught'}")
else:
    print("create tests/test_pipeline.py")

# %% nbgrader={"grade_id": "test_p3_tests", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_tests.py
