"""Writes the integration practice lab's notebooks (source/practice/*.ipynb).
Run: .venv/bin/python labs/integration-practice/author_notebooks.py

Four exercises with instant feedback, on the same given components as the junior exam: 01 calling the
components (accuracy per class and per language, a confusion table), 02 writing the glue (app/pipeline.py,
visible asserts on validation requests, hidden checks on hidden data and hidden configurations),
03 writing integration tests (a table of which planted-bug variants the learner's tests catch, the same
variants that grade them), 04 serving and checking the service (answers, a latency histogram and a
malformed-request table in the notebook; graded as a service task on hidden requests). The test cells
of 02 and the variants of 03 are the junior exam's (labs/integration-junior/author_notebook.py).
"""

import importlib.util
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from practicum.authoring.notebook import FALLBACK, code, solution, test, text, write  # noqa: E402

HERE = Path(__file__).parent
SRC = HERE / "source" / "practice"
_spec = importlib.util.spec_from_file_location("integration_junior_author", HERE.parent / "integration-junior" / "author_notebook.py")
J = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(J)
HIDDEN = J.HIDDEN

README = """
# 人工智能应用集成 · 练习实验 / AI application integration · practice lab

这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示。
This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun every exercise as often as you like; the feedback is instant.

**场景 Scenario**：两个现成组件——命令词识别 `components/kws.onnx`（语音）和意图分类 `components/intent.onnx`（文本），各带一张模型卡（`kws.json`、`intent.json`）——集成为一个智能家居语音助手，并以 HTTP 服务交付。
Two given components — keyword recognition `components/kws.onnx` (speech) and intent classification `components/intent.onnx` (text), each with a model card (`kws.json`, `intent.json`) — become one smart-home voice assistant, delivered as an HTTP service.

| 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
|---|---|---|
| [01 · 调用组件 / calling components](01_components.ipynb) | 按模型卡调用 ONNX 组件，逐类与逐语言的准确率 / call the ONNX components by their model cards, accuracy per class and language | `01_components.ipynb` |
| [02 · 集成代码 / the glue](02_glue.ipynb) | 词 id、语音特征、请求 → 动作、按配置工作 / token ids, audio features, request → action, driven by the configuration | `app/pipeline.py` |
| [03 · 集成测试 / integration tests](03_tests.ipynb) | 写测试并看它们能发现哪些植入的缺陷 / write tests and see which planted bugs they catch | `tests/test_pipeline.py` |
| [04 · 服务 / the service](04_serve.ipynb) | HTTP 服务、启动脚本、延迟与错误处理 / an HTTP service, its start script, latency and error handling | `app/serve.py`, `app/start.sh` |

按顺序做：03 和 04 会用到 02 的 `app/pipeline.py`。/ Work in order: 03 and 04 use `app/pipeline.py` from 02.

## 提交后怎样评分 / What is graded when you submit

| 内容 Item | 分值 Points | 怎样评分 How |
|---|---|---|
| 01 命令词组件 / keyword component | 10 | 与参考答案比较 / compared with the reference |
| 01 意图组件 / intent component | 10 | 与参考答案比较 / compared with the reference |
| 02 词 id 与特征 / token ids and features | 15 | 隐藏数据 / hidden data |
| 02 请求 → 动作 / request → action | 15 | 隐藏数据 / hidden data |
| 02 按配置工作 / driven by the configuration | 10 | 隐藏配置 / hidden configurations |
| 03 集成测试 / integration tests | 15 | 8 个植入缺陷的实现 / 8 implementations with planted bugs |
| 04 服务 / the service | 25 | 启动 `app/start.sh`，发送隐藏请求 / `app/start.sh` started, hidden requests sent |

文件名不要改动。/ Keep the file names as they are.
"""

SETUP = J.SETUP.replace('print("kws:"', 'print("components: kws"').replace('KWS_CARD["version"], KWS_CARD["input"], "| intent:"', 'KWS_CARD["version"], "| intent"')

C01_INTRO = """
# 01 · 调用组件 / Calling the components

集成的第一步是按**模型卡**（接口约定）正确地调用每个组件，并知道它们在什么情况下表现好、什么情况下差。先读 `components/kws.json` 和 `components/intent.json`。
The first step of integration is calling each component exactly as its **model card** (the interface contract) says, and knowing when it does well and when badly. Read `components/kws.json` and `components/intent.json` first.
"""

C01_CARDS = """
print(json.dumps({k: KWS_CARD[k] for k in ("input", "output", "classes", "audio")}, ensure_ascii=False, indent=1))
print(json.dumps({k: INTENT_CARD[k] for k in ("input", "output", "intents", "max_tokens", "pad_id", "unk_id")}, ensure_ascii=False, indent=1))
print(INTENT_CARD["tokenize"]["zh"], "\\n", INTENT_CARD["tokenize"]["en"])
"""

C01_KWS_TEXT = """
## 命令词组件 / The keyword component（10 分 points）

用 ONNX Runtime 对验证集全部语音 `VAL_WAVES` 运行 `components/kws.onnx`（特征按模型卡：`log_mel(wave, 8000)`），得到 `kws_pred`（每段的类别下标）、`kws_val_acc`（准确率）和 `kws_recall`（字典：类别名 → 该类的召回率，即该类语音中被识别对的比例）。
Run `components/kws.onnx` with ONNX Runtime on every validation clip `VAL_WAVES` (features as the model card says: `log_mel(wave, 8000)`); get `kws_pred` (each clip's class index), `kws_val_acc` (accuracy) and `kws_recall` (a dict: class name → that class's recall, the share of its clips recognised correctly).
"""

C01_KWS = """
### BEGIN SOLUTION
_s = ort.InferenceSession("components/kws.onnx", providers=["CPUExecutionProvider"])
kws_pred = _s.run(None, {"logmel": log_mel(VAL_WAVES, 8000)})[0].argmax(1)
kws_val_acc = float((kws_pred == VAL_LABELS).mean())
kws_recall = {c: float((kws_pred[VAL_LABELS == k] == k).mean()) for k, c in enumerate(KWS_CARD["classes"])}
### END SOLUTION
print(f"accuracy {kws_val_acc:.3f}")
for c, r in sorted(kws_recall.items(), key=lambda kv: kv[1]):
    print(f"  {c:10s} recall {r:.2f}  " + "#" * int(r * 40))
"""

C01_KWS_TEST = """
assert len(kws_pred) == len(VAL_WAVES), "one prediction per clip"
assert 0.3 < kws_val_acc < 0.7, f"accuracy {kws_val_acc:.3f}: are the features computed as the model card says?"
assert set(kws_recall) == set(KWS_CARD["classes"])
""" + "### BEGIN HIDDEN TESTS\n" + FALLBACK + """
check("pred", [int(v) for v in kws_pred], weight=2)
check("acc", round(kws_val_acc, 4), tol=1e-3)
check("recall", {k: round(v, 4) for k, v in kws_recall.items()}, tol=1e-3)
### END HIDDEN TESTS
"""

C01_INTENT_TEXT = """
## 意图组件 / The intent component（10 分 points）

按模型卡的 `tokenize` 与 `encode` 规则，把验证集的每句话 `VAL_TEXTS[i]["text"]`（语言 `VAL_TEXTS[i]["lang"]`）变成 int64 `[32]` 的词 id，组成 `val_ids`（int64 `[N, 32]`），运行 `components/intent.onnx` 得到 `intent_pred`（类别下标）与 `intent_acc_by_lang`（字典 `{"zh": ..., "en": ...}`：每种语言的准确率，真值是 `VAL_TEXTS[i]["intent"]`）。
By the model card's `tokenize` and `encode` rules, turn every validation sentence `VAL_TEXTS[i]["text"]` (language `VAL_TEXTS[i]["lang"]`) into int64 token ids `[32]`, stacked as `val_ids` (int64 `[N, 32]`); run `components/intent.onnx` for `intent_pred` (class indices) and `intent_acc_by_lang` (a dict `{"zh": ..., "en": ...}`: the accuracy per language, the truth being `VAL_TEXTS[i]["intent"]`).
"""

C01_INTENT = """
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
"""

C01_INTENT_TEST = """
assert val_ids.shape == (len(VAL_TEXTS), 32) and val_ids.dtype == np.int64
assert min(intent_acc_by_lang.values()) > 0.9, "below 0.9: check lower-casing, punctuation and padding against the card"
""" + "### BEGIN HIDDEN TESTS\n" + FALLBACK + """
check("ids", val_ids[:120].tolist(), weight=2)
check("pred", [int(v) for v in intent_pred])
check("by_lang", {k: round(v, 4) for k, v in intent_acc_by_lang.items()}, tol=1e-3)
### END HIDDEN TESTS
"""

C01_MORE = """
## 想一想 / Think about it

- 命令词组件在哪些类别上最差？在集成中怎样减少它带来的错误执行（阈值、确认、兜底）？
  Which keyword classes are worst? How can the integration limit the wrong executions they cause (threshold, confirmation, fallback)?
- 如果把英文句子不转小写就送进意图组件，会怎样？试一试。
  What happens if English sentences reach the intent component without lower-casing? Try it.
"""

C02_INTRO = J.B_TEXT.replace("## B · 设计开发（20 分）/ Design and development (20 points)",
                             "# 02 · 集成代码 / The glue\n\n打开 `app/pipeline.py`（在左侧文件栏）。/ Open `app/pipeline.py` (in the file browser on the left).")

C02_TRY = """
# 边改边试 / Try as you go
p = reload_pipeline()
assistant = p.Assistant("config/assistant.yaml")
for r in VAL_TEXTS[:5]:
    print(r["text"], "->", assistant.handle({"text": r["text"], "lang": r["lang"]}))
for w, y in zip(VAL_WAVES[:5], VAL_LABELS[:5]):
    print(KWS_CARD["classes"][y], "->", assistant.handle(audio_request(w)))
"""

C03_INTRO = """
# 03 · 集成测试 / Integration tests

集成测试检查的是组件之间的“接缝”：标签顺序、预处理、配置、错误处理。写 `tests/test_pipeline.py`（pytest 风格：`test_` 开头的函数，用 `assert`），**每个函数接收参数 `Assistant`**（被测的类），例如：
Integration tests check the seams between components: label order, preprocessing, configuration, error handling. Write `tests/test_pipeline.py` (pytest style: functions named `test_...` using `assert`), **each taking the argument `Assistant`** (the class under test), e.g.:

```python
def test_text_turn_on(Assistant):
    assert Assistant("config/assistant.yaml").handle({"text": "turn on the light", "lang": "en"})["action"] == "device.on"
```

下面的单元格用 8 个植入了缺陷的实现运行你的测试，并列出每个缺陷是否被发现。评分用的就是这 8 个实现：测试在正确实现上必须全部通过（至少 5 个测试），发现的缺陷越多分越高。
The cell below runs your tests against 8 implementations with planted bugs and lists whether each bug is caught. Grading uses these same 8: the tests must all pass on the correct implementation (at least 5 tests), and the more bugs they catch, the more points.
"""

C03_VARIANTS_TEXT = """
植入的缺陷 / The planted bugs：`kws_sorted` 命令词类别按字母排序 keyword classes sorted alphabetically；`intent_shifted` 意图类别错位一位 intent classes shifted by one；`no_scale` 音频没有除以 32768 audio not divided by 32768；`no_lower` 英文没有转小写 English not lower-cased；`pad_unk` 用 1 补齐 padded with 1；`threshold_ignored` 忽略阈值 threshold ignored；`config_ignored` 总是读取 config/assistant.yaml always reads config/assistant.yaml；`any_rate` 接受任何采样率 accepts any sample rate.
"""

C03_RUN = """
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
"""

C03_TEST = J.D3_TEST


def _variant_factory() -> str:
    """The junior exam's hidden variant factory as a visible helper `make_variant(**bug)`."""
    src = J.D3_TEST.split("### BEGIN HIDDEN TESTS\n", 1)[1]
    start = src.index("def _variant(**bug):")
    end = src.index("_names, _fails = _run_tests")
    return "import base64 as _b64\nimport binascii as _binascii\n\n\n" + \
        src[start:end].replace("def _variant(**bug):", "def make_variant(**bug):").rstrip() + "\n"


C04_INTRO = """
# 04 · 服务 / The service

完成 `app/serve.py` 的 `do_POST`，新建启动脚本 `app/start.sh`（bash）：`bash app/start.sh` 在端口 `$PORT`（没有时 8080）上提供 `GET /health` 和 `POST /assistant`（请求体与 02 相同，回答 `handle()` 的结果），不合规的请求回答 4xx。也可以改用 FastAPI + uvicorn。
Complete `do_POST` in `app/serve.py` and create the start script `app/start.sh` (bash): `bash app/start.sh` serves `GET /health` and `POST /assistant` (bodies as in 02, answering `handle()`'s result) on port `$PORT` (8080 if unset); malformed requests get a 4xx. FastAPI + uvicorn is fine too.

评分时整个文件夹位于 `/home/exam`、没有网络；评分内容：启动、隐藏请求的 `action`（≥ 97 % 满分）、P95 延迟 ≤ 40 ms、不合规请求得到 4xx。
In grading the folder is at `/home/exam`, without network; graded: it starts, the hidden requests' `action` (≥ 97 % full), p95 latency ≤ 40 ms, malformed requests get a 4xx.
"""

C04_RUN = """
# 启动、发送验证集请求、画延迟直方图、检查错误处理 / Start, send validation requests, plot latencies, check error handling
import matplotlib.pyplot as plt

if not GRADING and os.path.exists("app/start.sh"):
    proc, port = start_service("app/start.sh")
    try:
        expected = reload_pipeline().Assistant("config/assistant.yaml")
        lat, same, total = [], 0, 0
        bodies = [{"text": r["text"], "lang": r["lang"]} for r in VAL_TEXTS[:60]] + [audio_request(w) for w in VAL_WAVES[:40]]
        for body in bodies:
            t = time.perf_counter()
            status, doc = post(port, "/assistant", body)
            lat.append((time.perf_counter() - t) * 1000)
            total += 1
            same += status == 200 and doc.get("action") == expected.handle(body)["action"]
        print(f"{same} of {total} answers equal the pipeline run in this notebook")
        print(f"p50 {np.percentile(lat, 50):.1f} ms, p95 {np.percentile(lat, 95):.1f} ms")
        plt.figure(figsize=(6, 2.5))
        plt.hist(lat, bins=30)
        plt.xlabel("ms")
        plt.title("延迟 / latency")
        plt.show()
        bad = {"not JSON": b"{not json", "a list": b"[1, 2]", "{}": {}, "text of wrong type": {"text": 1, "lang": "en"},
               "empty text": {"text": "", "lang": "zh"}, "lang fr": {"text": "hi", "lang": "fr"},
               "not base64": {"audio": "%%%", "sample_rate": 8000}, "16 kHz": audio_request(VAL_WAVES[0], 16000)}
        for what, body in bad.items():
            status = post(port, "/assistant", body)[0]
            print(f"  {what:20s} -> {status} {'ok' if 400 <= status < 500 else '<-- should be 4xx'}")
        print("GET /health after the bad requests:", urllib.request.urlopen(f"http://127.0.0.1:{port}/health").status)
    finally:
        stop_service(proc)
elif not GRADING:
    print("create app/start.sh")
"""


def notebooks() -> dict:
    return {
        "README.ipynb": [text(README, "readme")],
        "01_components.ipynb": [
            text(C01_INTRO, "p1_intro"), code(SETUP), code(C01_CARDS),
            text(C01_KWS_TEXT, "p1_kws_text"), solution(C01_KWS, "p1_kws"), test(C01_KWS_TEST, "test_p1_kws", 10),
            text(C01_INTENT_TEXT, "p1_intent_text"), solution(C01_INTENT, "p1_intent"),
            test(C01_INTENT_TEST, "test_p1_intent", 10),
            text(C01_MORE, "p1_more"),
        ],
        "02_glue.ipynb": [
            text(C02_INTRO, "p2_intro"), code(SETUP), code(C02_TRY),
            text(J.B1_TEXT, "p2_data_text"), test(J.B1_TEST, "test_p2_data", 15),
            text(J.B2_TEXT, "p2_handle_text"), test(J.B2_TEST, "test_p2_handle", 15),
            text(J.B3_TEXT, "p2_config_text"), test(J.B3_TEST, "test_p2_config", 10),
        ],
        "03_tests.ipynb": [
            text(C03_INTRO, "p3_intro"), code(SETUP), code(_variant_factory()),
            text(C03_VARIANTS_TEXT, "p3_variants"), code(C03_RUN), test(C03_TEST, "test_p3_tests", 15),
        ],
        "04_serve.ipynb": [text(C04_INTRO, "p4_intro"), code(SETUP), code(C04_RUN)],
    }


if __name__ == "__main__":
    for name, cells in notebooks().items():
        write(SRC / name, cells)
