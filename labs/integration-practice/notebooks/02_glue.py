# %% [markdown] nbgrader={"grade_id": "p2_intro", "grade": false, "solution": false, "locked": true}
# # 02 · 集成代码 / The glue
#
# 打开 `app/pipeline.py`（在左侧文件栏）。/ Open `app/pipeline.py` (in the file browser on the left).
#
# 在 `app/pipeline.py` 中完成集成代码（函数的约定见文件开头和模型卡）：
# Complete the glue in `app/pipeline.py` (contracts in the file's header and the model cards):
#
# 1. `tokenize(text, lang)`、`encode(text, lang, vocab, max_tokens=32)`：按 `components/intent.json` 的 `tokenize` 与 `encode` 规则把一句话变成 int64 词 id `[32]`；没有词时 `raise ValueError`。
#    Turn a sentence into int64 token ids `[32]` by the `tokenize` and `encode` rules of `components/intent.json`; `raise ValueError` when there are no tokens.
# 2. `features(wave, sample_rate)`：int16 `[8000]` 的 8 kHz 语音 → log-mel float32 `[40, 98]`（见 `components/kws.json`）；采样率不是 8000、类型或长度不对时 `raise ValueError`。
#    8 kHz int16 `[8000]` audio → log-mel float32 `[40, 98]` (see `components/kws.json`); `raise ValueError` when the rate is not 8000 or the type or length is wrong.
# 3. `Assistant.decide(table, label, confidence)`：置信度低于配置的 `threshold` → `fallback`；否则 `table[label]`，表中没有 → `fallback`。
#    Confidence below the configured `threshold` → `fallback`; otherwise `table[label]`, or `fallback` when the label is missing from the table.
# 4. `Assistant.handle(request)`：`{"text": ..., "lang": "zh"|"en"}` → 意图组件 intent component；`{"audio": base64 的 16 位小端 PCM / base64 of 16-bit little-endian PCM, "sample_rate": 8000}` → 命令词组件 keyword component（用 `decode_audio`）。
#    返回 returns `{"action": 动作 action, "source": "text"|"audio", "label": 组件给出的类别名 the component's class name, "confidence": 最大 softmax 概率 the largest softmax probability}`；动作按配置的 `intents` / `keywords` 表和 `decide` 得到 / the action by the configured `intents` / `keywords` table through `decide`。
#    任何不合规的请求都 `raise ValueError`（不是字典、缺字段、类型不对、空文本、`lang` 不是 zh/en、不是 base64、采样率或长度不对）。
#    Any malformed request raises `ValueError` (not a dict, missing or mistyped fields, empty text, `lang` not zh/en, not base64, wrong rate or length).

# %%
import base64
import importlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import onnxruntime as ort
import yaml
from labkit.audio import log_mel

sys.path.insert(0, os.path.abspath("app"))
KWS_CARD = json.load(open("components/kws.json", encoding="utf-8"))
INTENT_CARD = json.load(open("components/intent.json", encoding="utf-8"))
VAL_TEXTS = [json.loads(line) for line in open("data/commands_text/val/texts.jsonl", encoding="utf-8")]
VAL_WAVES = np.load("data/speech_commands/val/waves.npy")
VAL_LABELS = np.load("data/speech_commands/val/labels.npy")
GRADING = bool(os.environ.get("PRACTICUM_GRADING"))


def reload_pipeline():
    """app/pipeline.py, freshly imported (after you edit it)."""
    import pipeline
    return importlib.reload(pipeline)


def audio_request(wave, rate=8000):
    return {"audio": base64.b64encode(np.asarray(wave, dtype="<i2").tobytes()).decode(), "sample_rate": rate}


def start_service(script, port=None, timeout=30):
    """Starts `bash script` in its folder with $PORT (yours by default); waits for GET /health."""
    port = port or int(os.environ.get("PORT", "8080"))
    log = open(f"/tmp/{os.path.basename(os.path.dirname(os.path.abspath(script)))}.log", "w")
    proc = subprocess.Popen(["bash", os.path.basename(script)], cwd=os.path.dirname(os.path.abspath(script)),
                            env={**os.environ, "PORT": str(port)}, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    for _ in range(int(timeout * 10)):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc, port
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    stop_service(proc)
    raise RuntimeError(f"{script} did not answer GET /health on port {port}; log: {open(log.name).read()[-1500:]}")


def stop_service(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    proc.wait()


def post(port, path, body):
    """(status, JSON answer) of POST http://127.0.0.1:port/path."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, e.read()[:200]


def run_tests(path, Assistant):
    """Runs every test_* function of a pytest-style file with the Assistant class: (names, failures)."""
    import importlib.util
    import traceback
    spec = importlib.util.spec_from_file_location("candidate_tests", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    names = sorted(n for n in dir(mod) if n.startswith("test_") and callable(getattr(mod, n)))
    failures = {}
    for n in names:
        try:
            getattr(mod, n)(Assistant)
        except Exception as exc:  # noqa: BLE001 - a failing test is a result
            failures[n] = f"{type(exc).__name__}: {str(exc)[:150]}"
    return names, failures


print("components: kws", KWS_CARD["version"], "| intent", INTENT_CARD["version"], INTENT_CARD["input"])

# %%
# 边改边试 / Try as you go
p = reload_pipeline()
assistant = p.Assistant("config/assistant.yaml")
for r in VAL_TEXTS[:5]:
    print(r["text"], "->", assistant.handle({"text": r["text"], "lang": r["lang"]}))
for w, y in zip(VAL_WAVES[:5], VAL_LABELS[:5]):
    print(KWS_CARD["classes"][y], "->", assistant.handle(audio_request(w)))

# %% [markdown] nbgrader={"grade_id": "p2_data_text", "grade": false, "solution": false, "locked": true}
# ### B1 · 数据准备：词 id 与语音特征（6 分）/ B1 · Preparing the data: token ids and audio features (6 points)

# %% nbgrader={"grade_id": "test_p2_data", "grade": true, "solution": false, "locked": true}
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

# %% [markdown] nbgrader={"grade_id": "p2_handle_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 从请求到动作（8 分）/ B2 · From a request to an action (8 points)

# %% nbgrader={"grade_id": "test_p2_handle", "grade": true, "solution": false, "locked": true}
p = reload_pipeline()
assistant = p.Assistant("config/assistant.yaml")
out = assistant.handle({"text": "turn on the light", "lang": "en"})
print(out)
assert set(out) >= {"action", "source", "label", "confidence"} and out["source"] == "text"
assert out["label"] == "turn_on" and out["action"] == "device.on"
out = assistant.handle(audio_request(VAL_WAVES[0]))
print(out)
assert out["source"] == "audio" and out["label"] in KWS_CARD["classes"]
for bad in [{}, {"text": ""}, {"text": "hi", "lang": "fr"}, audio_request(VAL_WAVES[0], 16000)]:
    try:
        assistant.handle(bad)
        raise AssertionError(f"handle() must raise ValueError for {bad}")
    except ValueError:
        pass
print("B2 visible tests passed")
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rows = [json.loads(line) for line in open("/run/practicum/hidden/commands_text/texts.jsonl", encoding="utf-8")]
_hw = np.load("/run/practicum/hidden/speech_commands/waves.npy")


def _view(out):
    return [out["action"], out["source"], out["label"], round(float(out["confidence"]), 2)]


for _k in range(4):
    check(f"text{_k}", [_view(assistant.handle({"text": r["text"], "lang": r["lang"]})) for r in _rows[300 + 15 * _k: 315 + 15 * _k]],
          tol=0.011)
for _k in range(4):
    check(f"audio{_k}", [_view(assistant.handle(audio_request(w))) for w in _hw[200 + 8 * _k: 208 + 8 * _k]], tol=0.011)
for _name, _bad in [("no_dict", [1, 2]), ("no_field", {"lang": "en"}), ("text_type", {"text": 3, "lang": "en"}),
                    ("lang", {"text": "hello", "lang": "de"}), ("b64", {"audio": "%%%", "sample_rate": 8000}),
                    ("rate_type", {"audio": audio_request(_hw[0])["audio"], "sample_rate": "8000"}),
                    ("length", audio_request(_hw[0][:6000])), ("rate", audio_request(_hw[0], 44100))]:
    check("bad_" + _name, raises(ValueError, assistant.handle, _bad))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p2_config_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 配置驱动（6 分）/ B3 · Driven by the configuration (6 points)
#
# `Assistant(config_path)` 必须完全按配置文件工作：阈值、兜底动作和两张动作表都来自配置，代码里不能写死。隐藏测试会用别的配置文件检查。
# `Assistant(config_path)` must work entirely from its configuration file: the threshold, the fallback and both action tables come from it, nothing hard-coded. Hidden tests use other configuration files.

# %% nbgrader={"grade_id": "test_p2_config", "grade": true, "solution": false, "locked": true}
p = reload_pipeline()
b = p.Assistant("config/site_b.yaml")
out = b.handle({"text": "set an alarm for seven", "lang": "en"})
print(out)
assert out["label"] == "set_alarm" and out["action"] == "wakeup_call.set"
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rows = [json.loads(line) for line in open("/run/practicum/hidden/commands_text/texts.jsonl", encoding="utf-8")]
_hw = np.load("/run/practicum/hidden/speech_commands/waves.npy")
_base = yaml.safe_load(open("config/assistant.yaml", encoding="utf-8"))
_configs = {
    "strict": {**_base, "threshold": 0.97, "fallback": "repeat_please"},
    "open": {**_base, "threshold": 0.0, "fallback": "x", "keywords": {c: "k-" + c for c in KWS_CARD["classes"][::2]},
             "intents": {i: "i-" + i for i in INTENT_CARD["intents"][1::2]}},
    "middle": {**_base, "threshold": 0.62, "fallback": "none"},
}
for _name, _cfg in _configs.items():
    _path = f"/tmp/b3_{_name}.yaml"
    with open(_path, "w", encoding="utf-8") as _f:
        yaml.safe_dump(_cfg, _f, allow_unicode=True)
    _a = p.Assistant(_path)
    check(_name + "_text", [_a.handle({"text": r["text"], "lang": r["lang"]})["action"] for r in _rows[400:430]])
    check(_name + "_audio", [_a.handle(audio_request(w))["action"] for w in _hw[250:266]])
### END HIDDEN TESTS
