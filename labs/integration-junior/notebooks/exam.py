# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能应用集成方向）初级 · 实操考试
# # AI engineering technician, AI application integration direction, junior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# **场景 Scenario**：把两个现成组件集成为一个智能家居语音助手：命令词识别（语音）和意图分类（文本），再按配置的动作表给出要执行的动作，并以 HTTP 服务交付。
# Integrate two given components into a smart-home voice assistant: keyword recognition (speech) and intent classification (text); map their answers to actions by a configured table and deliver it as an HTTP service.
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook |
# | R | 需求分析 Requirements analysis | 10 | 本笔记本 |
# | B | 设计开发 Design and development | 20 | `app/pipeline.py` |
# | D | 产品交付 Delivery | 30 | `app/serve.py`、`app/start.sh`、`tests/test_pipeline.py`、本笔记本 |
# | E | 运维 Operations | 25 | `ops/site1` … `ops/site4`（就地修复 repaired in place）、本笔记本 |
#
# 文件 Files:
# - `components/`：给定组件，不要修改 / the given components, do not change them：`kws.onnx` + 模型卡 model card `kws.json`（命令词 keywords），`intent.onnx` + `intent.json` + 词表 vocabulary `intent_vocab.json`（意图 intents）。**接口以模型卡为准 / the model cards are the interface contract.**
# - `config/assistant.yaml`（A 客户 customer A）、`config/site_b.yaml`（B 客户 customer B）：阈值、兜底动作和动作表 / threshold, fallback action and action tables。
# - `app/pipeline.py`（要完成 to complete）、`app/serve.py`（要完成 to complete）、`app/start.sh`（要新建 to create）、`app/start_site_b.sh`（给定 given）。
# - `data/commands_text/val/`、`data/speech_commands/val/`：验证数据 validation data（`texts.jsonl`；`waves.npy` int16 [N, 8000]、`labels.npy`）。
# - `ops/site1` … `ops/site4`：四个现场部署的语音遥控器服务 / the voice-remote service at four sites（E 部分 part E）。
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；简答题写在“在此作答”的单元格里。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write short answers in the answer cells.
# - 测试单元格只含部分测试；评分时还会用隐藏数据运行隐藏测试。服务类题目在评分时由系统用你的启动脚本在隔离环境中启动，再发送隐藏请求。
#   Test cells hold only some tests; grading adds hidden tests on hidden data. Service tasks are graded by starting your start script in an isolated sandbox and sending hidden requests.
# - 修改 `app/pipeline.py` 后重新运行下面的单元格即可（会自动重新加载）。
#   After editing `app/pipeline.py`, just rerun the cells below (they reload it).
# - 作答每 10 秒自动保存；完成后点击 **提交 / Submit**，可多次提交，以最后一次为准。
#   Work is saved every 10 seconds; press **提交 / Submit** when done; the last submission counts.

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

# %include ../../_shared/integration/cells/helpers.py


print("kws:", KWS_CARD["version"], KWS_CARD["input"], "| intent:", INTENT_CARD["version"], INTENT_CARD["input"])

# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A · 人工智能共性技术应用（15 分）/ Common AI technology (15 points)
#
# ### A1 · 调用组件（5 分）/ A1 · Call the components (5 points)
#
# 按模型卡 `components/kws.json` 直接用 ONNX Runtime 运行命令词组件：对验证集的全部语音 `VAL_WAVES` 计算 log-mel 特征，得到每段的预测类别下标 `kws_pred`（int 数组，长度 180）、最大 softmax 概率 `kws_conf`（float 数组）和准确率 `kws_val_acc`（与 `VAL_LABELS` 比较）。
#
# Run the keyword component directly with ONNX Runtime as its model card `components/kws.json` says: compute log-mel features of every validation clip `VAL_WAVES`; get each clip's predicted class index `kws_pred` (int array, length 180), its largest softmax probability `kws_conf` (float array) and the accuracy `kws_val_acc` (against `VAL_LABELS`).

# %% nbgrader={"grade_id": "a1_solution", "grade": false, "solution": true, "locked": false}
### BEGIN SOLUTION
_s = ort.InferenceSession("components/kws.onnx", providers=["CPUExecutionProvider"])
_z = _s.run(None, {"logmel": log_mel(VAL_WAVES, 8000)})[0]
_p = np.exp(_z - _z.max(1, keepdims=True))
_p /= _p.sum(1, keepdims=True)
kws_pred = _p.argmax(1)
kws_conf = _p.max(1)
kws_val_acc = float((kws_pred == VAL_LABELS).mean())
### END SOLUTION
print(f"kws validation accuracy {kws_val_acc:.3f}")

# %% nbgrader={"grade_id": "test_a1_components", "grade": true, "solution": false, "locked": true}
assert len(kws_pred) == 180 and len(kws_conf) == 180
assert 0.3 < kws_val_acc < 0.7 and np.all((kws_conf > 0) & (kws_conf <= 1))
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("pred", [int(v) for v in kws_pred], weight=2)
check("conf", [round(float(v), 3) for v in kws_conf[:60]], tol=2e-3)
check("acc", round(float(kws_val_acc), 4), tol=1e-3, weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 选择置信度阈值（6 分）/ A2 · Choose the confidence threshold (6 points)
#
# 置信度低于阈值时助手不执行命令（回答兜底动作，如“请再说一遍”）。对阈值 `THRESHOLDS` 中的每个 t，用 A1 的结果计算：`executed` = 置信度 ≥ t 的语音所占比例；`wrong` = 这些被执行的语音中预测错误的比例（没有被执行的语音时记为 0.0）。结果放入 `table`：每行一个字典 `{"t": t, "executed": ..., "wrong": ...}`，按 t 从小到大。
# 客户要求：被执行的命令中错误的不超过 40%。`best_threshold` = 满足这一要求、且执行比例最高的阈值（即满足要求的最小阈值）。
#
# Below the threshold the assistant executes nothing (it answers the fallback, e.g. "please say it again"). For every t in `THRESHOLDS`, from A1's results: `executed` = the share of clips with confidence ≥ t; `wrong` = the share of those executed clips that are predicted wrongly (0.0 if none is executed). Put them in `table`: one dict `{"t": t, "executed": ..., "wrong": ...}` per row, t ascending.
# The customer requires at most 40 % wrong among the executed commands. `best_threshold` = the threshold that meets this with the largest executed share (the smallest threshold that meets it).

# %% nbgrader={"grade_id": "a2_solution", "grade": false, "solution": true, "locked": false}
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
### BEGIN SOLUTION
table = []
for t in THRESHOLDS:
    _e = kws_conf >= t
    table.append({"t": t, "executed": float(_e.mean()),
                  "wrong": float((kws_pred[_e] != VAL_LABELS[_e]).mean()) if _e.any() else 0.0})
best_threshold = min(row["t"] for row in table if row["wrong"] <= 0.4)
### END SOLUTION
for row in table:
    print(f"t={row['t']:.1f}  executed {row['executed']:.3f}  wrong {row['wrong']:.3f}")
print("best threshold:", best_threshold)

# %% nbgrader={"grade_id": "test_a2_threshold", "grade": true, "solution": false, "locked": true}
assert [row["t"] for row in table] == THRESHOLDS
assert all(0 <= row["executed"] <= 1 and 0 <= row["wrong"] <= 1 for row in table)
assert best_threshold in THRESHOLDS
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("executed", [round(r["executed"], 4) for r in table], tol=1e-3, weight=2)
check("wrong", [round(r["wrong"], 4) for r in table], tol=1e-3, weight=2)
check("best", float(best_threshold), tol=1e-9, weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a3_text", "grade": false, "solution": false, "locked": true}
# ### A3 · 是否适合用机器学习（4 分，人工评分）/ A3 · Is machine learning the right tool? (4 points, marked by examiners)
#
# 对下面每个需求判断是否适合用机器学习解决，并各用一两句话说明理由：
# (1) 酒店客人用各种说法说出“把空调调到 24 度”，助手要听懂；(2) 按房间号和入住日期计算房费；(3) 判断客房里是否有人在说话，以决定何时开始识别。
#
# For each need below, say whether machine learning suits it, with one or two sentences of reasons each:
# (1) hotel guests say "set the air conditioning to 24 degrees" in all sorts of ways and the assistant must understand; (2) computing the room charge from the room number and the dates of stay; (3) detecting whether someone in the room is speaking, to decide when to start recognition.

# %% [markdown] nbgrader={"grade_id": "a3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r1_text", "grade": false, "solution": false, "locked": true}
# ## R · 需求分析（10 分，人工评分）/ Requirements analysis (10 points, marked by examiners)
#
# ### R1 · B 客户的需求分析（6 分）/ R1 · Customer B's requirements (6 points)
#
# B 客户是一家酒店，想在 200 间客房里部署这个语音助手（配置见 `config/site_b.yaml`）。写一份简短的集成需求分析：服务对象与使用场景、功能需求（要对接的客房设备和前台系统）、可度量的非功能需求、不确定时的处理方式、验收方法与所需数据。
#
# Customer B is a hotel that wants the assistant in 200 rooms (its configuration: `config/site_b.yaml`). Write a short integration requirements analysis: users and usage scenarios, functional requirements (the room devices and front-desk systems to connect), measurable non-functional requirements, what happens when the assistant is unsure, how to accept it and the data needed.

# %% [markdown] nbgrader={"grade_id": "r1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 产品选择（4 分）/ R2 · Choosing a product (4 points)
#
# 酒店还想让客人说完整的句子（不只是命令词）。三种语音识别产品可选 / For full sentences the hotel can pick one of three speech recognition products：
#
# | 产品 Product | 部署 Deployment | 句子准确率 Sentence accuracy | 延迟 Latency | 断网可用 Offline | 费用 Cost | 语言 Languages |
# |---|---|---|---|---|---|---|
# | X 云端 ASR cloud | 云 API cloud API | 96 % | 600 ms | 否 no | 按次计费 per request | 中、英及方言 zh, en, dialects |
# | Y 本地 ASR on-premises | 机房一台 GPU 服务器 one GPU server | 93 % | 250 ms | 是 yes | 一次性授权 one-off licence | 中、英 zh, en |
# | Z 设备端 on-device | 每个音箱内 in each speaker | 85 % | 120 ms | 是 yes | 每台设备 per device | 仅中文 zh only |
#
# 为酒店选择一种并说明理由（服务对象、使用场景、隐私、可靠性、成本），以及它如何接入现有的意图组件。
# Choose one for the hotel and give the reasons (users, scenarios, privacy, reliability, cost), and how it connects to the existing intent component.

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "b_text", "grade": false, "solution": false, "locked": true}
# ## B · 设计开发（20 分）/ Design and development (20 points)
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

# %% [markdown] nbgrader={"grade_id": "b1_text", "grade": false, "solution": false, "locked": true}
# ### B1 · 数据准备：词 id 与语音特征（6 分）/ B1 · Preparing the data: token ids and audio features (6 points)

# %% nbgrader={"grade_id": "test_b1_data", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_data.py

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 从请求到动作（8 分）/ B2 · From a request to an action (8 points)

# %% nbgrader={"grade_id": "test_b2_handle", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_handle.py

# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 配置驱动（6 分）/ B3 · Driven by the configuration (6 points)
#
# `Assistant(config_path)` 必须完全按配置文件工作：阈值、兜底动作和两张动作表都来自配置，代码里不能写死。隐藏测试会用别的配置文件检查。
# `Assistant(config_path)` must work entirely from its configuration file: the threshold, the fallback and both action tables come from it, nothing hard-coded. Hidden tests use other configuration files.

# %% nbgrader={"grade_id": "test_b3_config", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_config.py

# %% [markdown] nbgrader={"grade_id": "d1_text", "grade": false, "solution": false, "locked": true}
# ## D · 产品交付（30 分）/ Delivery (30 points)
#
# ### D1 · HTTP 服务（12 分）/ D1 · The HTTP service (12 points)
#
# 完成 `app/serve.py` 的 `do_POST`，并新建启动脚本 `app/start.sh`（bash），使 `bash app/start.sh` 在端口 `$PORT`（没有时 8080）上启动服务（也可以改用 FastAPI + uvicorn）：
# Complete `do_POST` in `app/serve.py` and create the start script `app/start.sh` (bash) so that `bash app/start.sh` serves on port `$PORT` (8080 if unset) (FastAPI + uvicorn is fine too):
#
# - `GET /health` → 200；`POST /assistant`，请求体是 B 中的 JSON 请求 / the body is a JSON request as in B → 200 与 `handle()` 的结果 and the result of `handle()`（评分读取字段 `action` / graded on the field `action`）。
# - 不合规的请求 → 4xx（如 400），服务继续工作 / malformed requests → a 4xx (e.g. 400), and the service keeps working。
# - 启动脚本在它所在的文件夹中运行；评分时整个考试文件夹位于 `/home/exam`，没有网络。
#   The start script runs in its own folder; in grading the whole exam folder is at `/home/exam`, without network.
#
# 评分：启动（1/10）、隐藏请求（文本与语音混合）的 `action` 与正确集成的系统一致的比例（6/10：≥ 97 % 满分，≥ 90 % 60 %，≥ 75 % 30 %）、P95 延迟 ≤ 40 ms（1/10）、不合规请求得到 4xx（2/10）。
# Scoring: starts (1/10); the share of hidden requests (text and audio) whose `action` equals the correctly integrated system's (6/10: ≥ 97 % full, ≥ 90 % 60 %, ≥ 75 % 30 %); p95 latency ≤ 40 ms (1/10); malformed requests get a 4xx (2/10).

# %%
# 试运行（评分时跳过）/ Try it (skipped in grading)
if not GRADING and os.path.exists("app/start.sh"):
    proc, port = start_service("app/start.sh")
    try:
        t0, lat, answers = time.perf_counter(), [], []
        for r in VAL_TEXTS[:20]:
            t = time.perf_counter()
            answers.append(post(port, "/assistant", {"text": r["text"], "lang": r["lang"]}))
            lat.append((time.perf_counter() - t) * 1000)
        for w in VAL_WAVES[:20]:
            t = time.perf_counter()
            answers.append(post(port, "/assistant", audio_request(w)))
            lat.append((time.perf_counter() - t) * 1000)
        print("answers:", [a[1].get("action") if a[0] == 200 else a for a in answers[:8]], "...")
        print(f"p95 latency {np.percentile(lat, 95):.1f} ms")
        print("bad JSON ->", post(port, "/assistant", b"{not json")[0], "| empty object ->", post(port, "/assistant", {})[0])
    finally:
        stop_service(proc)

# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · B 客户的部署（4 分）/ D2 · Customer B's deployment (4 points)
#
# 给定的 `app/start_site_b.sh` 设置环境变量 `ASSISTANT_CONFIG` 为 `config/site_b.yaml` 的绝对路径，再运行你的 `app/start.sh`。你的服务必须读取 `ASSISTANT_CONFIG`（没有时用 `config/assistant.yaml`）。评分：用 `bash app/start_site_b.sh` 启动，隐藏请求的 `action` 与 B 客户的配置一致（≥ 95 % 满分，≥ 85 % 一半）。
# The given `app/start_site_b.sh` sets `ASSISTANT_CONFIG` to the absolute path of `config/site_b.yaml` and runs your `app/start.sh`. Your service must read `ASSISTANT_CONFIG` (default `config/assistant.yaml`). Scored by starting `bash app/start_site_b.sh`: the hidden requests' `action` must follow customer B's configuration (≥ 95 % full, ≥ 85 % half).

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · 集成测试（8 分）/ D3 · Integration tests (8 points)
#
# 新建 `tests/test_pipeline.py`：pytest 风格的测试函数（名字以 `test_` 开头，用 `assert`），**每个函数接收一个参数 `Assistant`**（被测的类），自己用它创建实例，例如：
# Create `tests/test_pipeline.py`: pytest-style test functions (names starting with `test_`, using `assert`), **each taking one argument `Assistant`** (the class under test) and creating its own instances, e.g.:
#
# ```python
# def test_text_turn_on(Assistant):
#     assert Assistant("config/assistant.yaml").handle({"text": "turn on the light", "lang": "en"})["action"] == "device.on"
# ```
#
# 路径相对于考试文件夹；可以读 `components/`、`config/`、`data/` 并直接运行组件来得到期望值；临时文件写到 `/tmp`。
# Paths are relative to the exam folder; you may read `components/`, `config/` and `data/` and run the components directly to get expected values; write temporary files under `/tmp`.
# 评分：至少 5 个测试，且在正确的实现上全部通过；然后在 8 个植入了集成缺陷的实现上运行（如标签映射错、音频没有归一化、没有按配置工作、不合规的请求没有拒绝……），至少一个测试失败即算发现，发现得越多分越高。
# Scoring: at least 5 tests, all passing on a correct implementation; they are then run against 8 implementations with planted integration bugs (a wrong label mapping, unnormalised audio, not following the configuration, malformed requests not refused, ...): a bug is caught when at least one test fails; the more caught, the more points.

# %%
if os.path.exists("tests/test_pipeline.py"):
    _names, _fails = run_tests("tests/test_pipeline.py", reload_pipeline().Assistant)
    print(len(_names), "tests;", "failures on your pipeline:", _fails or "none")

# %% nbgrader={"grade_id": "test_d3_tests", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/integration/cells/test_tests.py

# %% [markdown] nbgrader={"grade_id": "d4_text", "grade": false, "solution": false, "locked": true}
# ### D4 · 安装手册与使用手册（6 分，人工评分）/ D4 · Installation and user manual (6 points, marked by examiners)
#
# 为 A 客户的运维人员写安装手册和使用手册：环境与依赖（具体版本）、文件清单与校验、安装与启动步骤、配置项说明（如何改动作表和阈值）、接口说明（请求与响应示例、错误码）、安装后的验证、常见问题。
# Write the installation and user manual for customer A's operators: environment and dependencies (exact versions), file list and checksums, install and start steps, the configuration items (how to change the action tables and the threshold), the interface (request and response examples, error codes), verification after installing, common problems.

# %% [markdown] nbgrader={"grade_id": "d4_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "e_text", "grade": false, "solution": false, "locked": true}
# ## E · 运维（25 分）/ Operations (25 points)
#
# `ops/site1` … `ops/site4` 是同一个产品“语音遥控器”（`remote.py`，接口见文件开头）在四个现场的部署，每个现场都有一个集成故障。阅读各现场的 `logs/service.log`、配置 `config/remote.yaml`、启动脚本 `start.sh` 和 `models/` 里的模型卡，找出原因并**就地修复**（改配置或启动脚本；不要改 `remote.py`，不要替换模型文件）。
# `ops/site1` … `ops/site4` are the same product, the voice remote (`remote.py`, interface in its header), deployed at four sites, each with one integration fault. Read each site's `logs/service.log`, its configuration `config/remote.yaml`, its start script `start.sh` and the model cards in `models/`; find the cause and **repair it in place** (the configuration or the start script; do not change `remote.py` or replace model files).
#
# - 麦克风发送 8 kHz、1 秒、16 位 PCM；site4 的客户要求保留 kws 2.0.0。
#   The microphones send 1 s of 16-bit PCM at 8 kHz; site4's customer requires kws 2.0.0 to stay.
# - 评分（每个现场 5 分）：用 `bash ops/siteN/start.sh` 启动，发送隐藏的语音请求（`POST /command`），`command` 与正确部署的结果一致（≥ 95 %）才得分。
#   Scoring (5 points per site): started with `bash ops/siteN/start.sh` and sent hidden audio requests (`POST /command`); it scores when `command` matches the correctly deployed site (≥ 95 %).

# %%
# 检查一个现场（评分时跳过）/ Check a site (skipped in grading)
SITE = "ops/site1"
if not GRADING:
    try:
        proc, port = start_service(f"{SITE}/start.sh")
        try:
            for w, y in zip(VAL_WAVES[:6], VAL_LABELS[:6]):
                print(KWS_CARD["classes"][y], "->", post(port, "/command", audio_request(w)))
        finally:
            stop_service(proc)
    except RuntimeError as exc:
        print(exc)

# %% [markdown] nbgrader={"grade_id": "e5_text", "grade": false, "solution": false, "locked": true}
# ### E5 · 运维记录（5 分，人工评分）/ E5 · Operations log (5 points, marked by examiners)
#
# 为四个现场各写一条运维记录：现象、证据（日志中的哪一行、哪个文件）、原因、修复操作、修复后的验证、以后如何避免。
# Write one operations log entry per site: symptom, evidence (which log line, which file), cause, what you changed, how you verified it afterwards, how to avoid it in future.

# %% [markdown] nbgrader={"grade_id": "e5_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
