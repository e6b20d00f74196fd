# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能应用集成方向）高级 · 实操考试
# # AI engineering technician, AI application integration direction, senior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# **场景 Scenario**：一家家电企业的语音/文字客服平台要理解用户意图。现有两个组件：本地意图组件 `components/intent.onnx`（快、稳定、新说法上较弱）和供应商的云端 NLU `vendor/cloud_nlu.py`（更强，但会失败、超时、返回违约的答案；本考试中是模拟服务，不要修改）。你负责多组件架构、降级策略、容量、交付与运营。
# A home-appliance maker's voice/text service platform must understand user intents. Two components exist: the local intent component `components/intent.onnx` (fast, stable, weaker on new phrasings) and the vendor's cloud NLU `vendor/cloud_nlu.py` (stronger, but it fails, times out and breaks its contract; simulated here, do not change it). You own the multi-component architecture, degradation, capacity, delivery and operations.
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook |
# | R | 需求分析 Requirements analysis | 20 | 本笔记本 |
# | B | 设计开发 Design and development | 10 | 本笔记本 |
# | D | 产品交付 Delivery | 25 | `app/start.sh` 与你的网关代码 and your gateway code、本笔记本 |
# | E | 运维 Operations | 5 | 本笔记本 |
# | C | 技术咨询 Consulting | 25 | 本笔记本 |
#
# 文件 Files: `components/`（本地组件与模型卡 local component and card）、`vendor/`（云端 NLU：`cloud_nlu.py`、`start_cloud.sh`）、`config/gateway.yaml`、`data/commands_text/val/`、`data/loadtest.csv`、`data/canary.jsonl`、`logs/gateway.jsonl`。
#
# - 测试单元格只含部分测试；评分时还会用隐藏数据运行隐藏测试。服务题在评分时由系统用你的启动脚本在隔离环境中启动（考试文件夹位于 `/home/exam`，没有网络），再发送隐藏请求。作答每 10 秒自动保存；完成后点击 **提交 / Submit**。
#   Test cells hold only some tests; grading adds hidden tests on hidden data. The service task is graded by starting your start script in an isolated sandbox (the exam folder at `/home/exam`, no network) and sending hidden requests. Work is saved every 10 seconds; press **提交 / Submit** when done.

# %%
import json
import math
import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import onnxruntime as ort
import yaml

sys.path.insert(0, os.path.abspath("vendor"))
import cloud_nlu  # the vendor's model without its faults: cloud_nlu.predict(text, lang) -> (intent, confidence)

CARD = json.load(open("components/intent.json", encoding="utf-8"))
VOCAB = json.load(open("components/intent_vocab.json", encoding="utf-8"))
VAL = [json.loads(line) for line in open("data/commands_text/val/texts.jsonl", encoding="utf-8")]
GRADING = bool(os.environ.get("PRACTICUM_GRADING"))


def start_service(script, port=None, timeout=60):
    """Starts `bash script` in its folder with $PORT (yours by default); waits for GET /health."""
    port = port or int(os.environ.get("PORT", "8080"))
    folder = os.path.dirname(os.path.abspath(script))
    log = open("/tmp/gateway.log", "w")
    proc = subprocess.Popen(["bash", os.path.basename(script)], cwd=folder, env={**os.environ, "PORT": str(port)},
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(int(timeout * 10)):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return proc, port
        except Exception:
            if proc.poll() is not None and proc.returncode != 0:
                break
            time.sleep(0.1)
    stop_service(proc)
    raise RuntimeError(f"{script} did not answer GET /health on port {port}; log: {open(log.name).read()[-1500:]}")


# %include ../../_shared/integration/cells/service_client.py


# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A · 人工智能共性技术应用（15 分）/ Common AI technology (15 points)
#
# ### A1 · 评估两个组件（6 分）/ A1 · Evaluate the two components (6 points)
#
# 在验证集 `VAL` 上：按模型卡运行本地组件（分词与编码规则见 `components/intent.json`），得到 `local_pred`（意图名列表）和 `local_conf`（最大 softmax 概率，float 数组）；用 `cloud_nlu.predict(text, lang)` 得到 `cloud_pred`、`cloud_conf`。计算 `local_acc`、`cloud_acc`（真值 `VAL[i]["intent"]`）、`agreement`（两者预测相同的比例）和 `low_conf_share`（本地置信度 < 0.6 的比例）。
# On the validation set `VAL`: run the local component by its model card (tokenisation and encoding rules in `components/intent.json`) for `local_pred` (a list of intent names) and `local_conf` (the largest softmax probability, a float array); use `cloud_nlu.predict(text, lang)` for `cloud_pred` and `cloud_conf`. Compute `local_acc` and `cloud_acc` (the truth is `VAL[i]["intent"]`), `agreement` (the share where both predict the same) and `low_conf_share` (the share with local confidence < 0.6).

# %% nbgrader={"grade_id": "a1_solution", "grade": false, "solution": true, "locked": false}
### BEGIN SOLUTION
_P = CARD["punctuation"]


def _ids(text, lang):
    toks = [c for c in text if not c.isspace() and c not in _P] if lang == "zh" else \
        [w for w in (t.strip(_P) for t in text.lower().split()) if w]
    ids = [VOCAB.get(t, 1) for t in toks][:32]
    return ids + [0] * (32 - len(ids))


_s = ort.InferenceSession("components/intent.onnx", providers=["CPUExecutionProvider"])
_z = _s.run(None, {"ids": np.array([_ids(r["text"], r["lang"]) for r in VAL], dtype=np.int64)})[0]
_p = np.exp(_z - _z.max(1, keepdims=True))
_p /= _p.sum(1, keepdims=True)
local_pred = [CARD["intents"][k] for k in _p.argmax(1)]
local_conf = _p.max(1)
_c = [cloud_nlu.predict(r["text"], r["lang"]) for r in VAL]
cloud_pred, cloud_conf = [c[0] for c in _c], np.array([c[1] for c in _c])
_truth = [r["intent"] for r in VAL]
local_acc = float(np.mean([a == b for a, b in zip(local_pred, _truth)]))
cloud_acc = float(np.mean([a == b for a, b in zip(cloud_pred, _truth)]))
agreement = float(np.mean([a == b for a, b in zip(local_pred, cloud_pred)]))
low_conf_share = float((local_conf < 0.6).mean())
### END SOLUTION
print(f"local {local_acc:.3f}, cloud {cloud_acc:.3f}, agreement {agreement:.3f}, local confidence < 0.6: {low_conf_share:.3f}")

# %% nbgrader={"grade_id": "test_a1_components", "grade": true, "solution": false, "locked": true}
assert len(local_pred) == len(VAL) == len(cloud_pred) and len(local_conf) == len(VAL)
assert 0 <= low_conf_share <= 1
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("local_pred", list(local_pred), weight=2)
check("local_conf", [round(float(v), 3) for v in local_conf[:100]], tol=2e-3)
check("accs", [round(local_acc, 4), round(cloud_acc, 4), round(agreement, 4)], tol=2e-3)
check("low_conf_share", round(low_conf_share, 4), tol=2e-3, weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 组合两个模型（9 分，人工评分）/ A2 · Combining the two models (9 points, marked by examiners)
#
# 验证集上两个组件都接近满分，但用户的新说法（测试中约一半）只有云端较好。说明：(1) 把“客服意图理解”转化为机器学习问题（输入、输出、类别体系、拒识/其他类、评价指标与数据）；(2) 两个模型的组合方式（级联、置信度阈值、投票、校准）及其利弊，怎样选阈值；(3) 为什么验证集不能说明问题，应如何构造评测集；(4) 如何逐步减少对云端的依赖（如用云端结果和人工标注改进本地模型、蒸馏）。
# Both components are near perfect on validation, yet only the cloud does well on users' new phrasings (about half of test). Explain: (1) turning "service intent understanding" into a machine-learning problem (input, output, class scheme, a reject/other class, metrics and data); (2) ways to combine the two models (cascade, confidence thresholds, voting, calibration) with their pros and cons, and how to choose thresholds; (3) why the validation set proves little and how to build an evaluation set; (4) how to depend less on the cloud step by step (e.g. improving the local model with cloud answers and human labels, distillation).

# %% [markdown] nbgrader={"grade_id": "a2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r1_text", "grade": false, "solution": false, "locked": true}
# ## R · 需求分析（20 分，人工评分）/ Requirements analysis (20 points, marked by examiners)
#
# ### R1 · 诊断与需求挖掘（10 分）/ R1 · Diagnosis and requirements discovery (10 points)
#
# 客户现状：客服中心 300 名坐席，每天 6 万通电话与 4 万条在线消息；IVR 菜单层级深，38 % 的来电在 IVR 中放弃；坐席平均通话 6 分钟，其中 1.5 分钟在确认用户要办什么；旺季（“双十一”）话务量是平时的 4 倍；客户说“我们想上 AI”。
# The customer: a service centre with 300 agents, 60,000 calls and 40,000 online messages a day; a deep IVR menu where 38 % of callers give up; agents spend 6 minutes per call, 1.5 of them finding out what the caller wants; peak season traffic is 4 × normal; the customer says "we want AI".
#
# 结合行业经验做诊断：问题在哪里、哪些适合用 AI、哪些不适合；引导客户把使用问题转化为 AI 应用需求（目标、场景、指标及目标值、约束、成功标准）。
# Diagnose with industry experience: where the problems are, what suits AI and what does not; guide the customer from usage problems to AI application requirements (goals, scenarios, metrics with targets, constraints, success criteria).

# %% [markdown] nbgrader={"grade_id": "r1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 需求分析文档规范（10 分）/ R2 · A standard for requirements documents (10 points)
#
# 为团队制订“人工智能应用集成需求分析文档”的规范，用于指导初级人员：文档结构（章节与每章要写什么）、需求条目的写法（编号、可验证、来源、优先级）、AI 特有的内容（数据、指标、置信度与人工兜底、模型更新）、评审清单。
# Write the team's standard for "AI application integration requirements documents" to guide juniors: the structure (sections and what each holds), how to write a requirement (id, testable, source, priority), AI-specific content (data, metrics, confidence and human fallback, model updates), a review checklist.

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "b1_text", "grade": false, "solution": false, "locked": true}
# ## B · 设计开发（10 分）/ Design and development (10 points)
#
# ### B1 · 容量（5 分）/ B1 · Capacity (5 points)
#
# `data/loadtest.csv` 是一个网关实例在不同并发下的压测结果。SLO：P95 ≤ 200 ms、错误率 < 0.1 %。计算：
# `data/loadtest.csv` holds a load test of one gateway instance at rising concurrency. SLO: p95 ≤ 200 ms and error rate < 0.1 %. Compute:
# - `max_rps`：满足 SLO 的行中最高的吞吐 / the highest throughput among the rows meeting the SLO；
# - `instances`：旺季峰值 900 请求/秒、留 30 % 余量（即按 900 × 1.3 计算）所需的实例数（向上取整），再加 1 台用于故障冗余（N+1）/ instances for a 900 requests/s peak with 30 % headroom (900 × 1.3), rounded up, plus one for failures (N+1)；
# - `timeout_ms_max`：端到端 P95 预算 400 ms 中，本地组件 P95 为 15 ms、网关自身开销为 10 ms；云端超时后还要调用本地组件，云端超时最多能设多少毫秒 / of an end-to-end p95 budget of 400 ms, the local component takes 15 ms (p95) and the gateway's own overhead 10 ms; after a cloud timeout the local component still runs: the largest cloud timeout in ms。

# %% nbgrader={"grade_id": "b1_solution", "grade": false, "solution": true, "locked": false}
import csv

### BEGIN SOLUTION
_rows = list(csv.DictReader(open("data/loadtest.csv")))
max_rps = max(float(r["throughput_rps"]) for r in _rows if float(r["p95_ms"]) <= 200 and float(r["error_rate"]) < 0.001)
instances = math.ceil(900 * 1.3 / max_rps) + 1
timeout_ms_max = 400 - 15 - 10
### END SOLUTION
print(max_rps, instances, timeout_ms_max)

# %% nbgrader={"grade_id": "test_b1_capacity", "grade": true, "solution": false, "locked": true}
assert isinstance(instances, int) and instances > 1
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("max_rps", float(max_rps), tol=0.05, weight=2)
check("instances", int(instances), weight=2)
check("timeout", float(timeout_ms_max), tol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 多组件架构（5 分，人工评分）/ B2 · The multi-component architecture (5 points, marked by examiners)
#
# 画出（文字或 ASCII 图）语音与文字客服的多组件架构：接入、ASR、意图网关（本地/云端/降级）、对话与业务系统、坐席转接；说明降级层级（云端 → 本地 → 规则/菜单 → 人工）、熔断与重试、性能指标的分解、安全与成本的权衡、扩展性。
# Draw (text or ASCII) the multi-component architecture of the voice and text service: access, ASR, the intent gateway (local/cloud/degraded), dialogue and business systems, hand-over to agents; explain the degradation levels (cloud → local → rules/menu → human), circuit breaking and retries, how the performance targets are split, the security and cost trade-offs, scalability.

# %% [markdown] nbgrader={"grade_id": "b2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "d1_text", "grade": false, "solution": false, "locked": true}
# ## D · 产品交付（25 分）/ Delivery (25 points)
#
# ### D1 · 意图网关服务（12 分）/ D1 · The intent gateway service (12 points)
#
# 交付一个意图网关 HTTP 服务（代码放在 `app/` 下，启动脚本 **`app/start.sh`**）：
# Deliver an intent gateway HTTP service (code under `app/`, start script **`app/start.sh`**):
#
# - 启动脚本先运行 `bash ../vendor/start_cloud.sh`（它返回时云端已在监听，端口写在 `run/cloud.port`），再在 `$PORT`（没有时 8080）上启动网关；`GET /health` → 200。
#   The start script first runs `bash ../vendor/start_cloud.sh` (it returns once the cloud listens; its port is in `run/cloud.port`), then starts the gateway on `$PORT` (8080 if unset); `GET /health` → 200.
# - `POST /route` `{"text": ..., "lang": "zh" | "en"}` → 200 `{"intent", "source": "cloud" | "local", "confidence", "route": "<source>:<intent>", "reason"}`；不合规的请求（JSON 错误、缺字段、空文本、lang 不对、没有可用的词）→ 400。
#   `POST /route` `{"text": ..., "lang": "zh" | "en"}` → 200 `{"intent", "source": "cloud" | "local", "confidence", "route": "<source>:<intent>", "reason"}`; malformed requests (bad JSON, missing fields, empty text, wrong lang, no usable token) → 400.
# - 规则 Rules（`config/gateway.yaml`）：先问云端（`POST http://127.0.0.1:<port>/nlu`，超时 `timeout_ms`）。云端 503/连接失败 → reason `"error"`；超时 → `"timeout"`；返回 200 但 `intent` 不是已知意图或 `confidence` 不是 0–1 的数 → `"contract"`；置信度 < `min_confidence` → `"low_confidence"`；这四种情况都用本地组件的结果（source `"local"`）。否则 reason `"ok"`，用云端结果（source `"cloud"`）。
#   Ask the cloud first (`POST http://127.0.0.1:<port>/nlu`, timeout `timeout_ms`). A 503 or connection failure → reason `"error"`; a timeout → `"timeout"`; a 200 whose `intent` is not a known intent or whose `confidence` is not a number in 0–1 → `"contract"`; confidence < `min_confidence` → `"low_confidence"`; in these four cases answer with the local component (source `"local"`). Otherwise reason `"ok"` with the cloud's answer (source `"cloud"`).
#
# 评分（隐藏文本，云端的故障是真实发生的）：D1a（9 分）启动、`route` 与正确网关一致（≥ 97 % 满分，≥ 90 % 60 %，≥ 75 % 30 %）、P95 ≤ 600 ms（云端慢请求要 1.5 s，只有超时才能满足）、不合规请求 4xx；D1b（3 分）`reason` 一致（≥ 97 % 满分，≥ 90 % 一半）。
# Scoring (hidden texts, with the cloud's faults really happening): D1a (9 points) starts; `route` equals the correct gateway's (≥ 97 % full, ≥ 90 % 60 %, ≥ 75 % 30 %); p95 ≤ 600 ms (the cloud's slow answers take 1.5 s: only a timeout meets it); malformed requests get a 4xx. D1b (3 points): `reason` agrees (≥ 97 % full, ≥ 90 % half).

# %%
# 试运行（评分时跳过）/ Try it (skipped in grading)
if not GRADING and os.path.exists("app/start.sh"):
    proc, port = start_service("app/start.sh")
    try:
        lat, reasons = [], {}
        for r in VAL[:40]:
            t = time.perf_counter()
            status, doc = post(port, "/route", {"text": r["text"], "lang": r["lang"]})
            lat.append((time.perf_counter() - t) * 1000)
            key = doc.get("reason") if status == 200 else f"HTTP {status}"
            reasons[key] = reasons.get(key, 0) + 1
        print("reasons:", reasons)
        print(f"p50 {np.percentile(lat, 50):.0f} ms, p95 {np.percentile(lat, 95):.0f} ms")
        print("bad requests:", [post(port, "/route", b)[0] for b in (b"{x", {}, {"text": "", "lang": "en"}, {"text": "hi", "lang": "fr"})])
    finally:
        stop_service(proc)

# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · 灰度发布的决策（6 分）/ D2 · Deciding a canary release (6 points)
#
# `data/canary.jsonl` 每行是灰度发布的一个 10 分钟窗口（基线与新版本的错误率、P95）。实现 `canary_actions(windows)`，按以下规则对每个窗口给出动作，返回与窗口等长的字符串列表：
# Each line of `data/canary.jsonl` is a 10-minute window of a canary release (error rate and p95 of the baseline and the new version). Implement `canary_actions(windows)` returning one action per window, by these rules:
#
# 1. 灰度比例依次为 5 %、25 %、50 %、100 %，从 5 % 开始。/ The canary share goes 5 %, 25 %, 50 %, 100 %, starting at 5 %.
# 2. 窗口不健康：新版本错误率 > 2 × 基线错误率 + 0.002，或新版本 P95 > 1.2 × 基线 P95。不健康 → `"rollback"`，之后所有窗口都是 `"rolled_back"`。
#    A window is unhealthy when the canary's error rate > 2 × the baseline's + 0.002, or its p95 > 1.2 × the baseline's. Unhealthy → `"rollback"`, and every later window is `"rolled_back"`.
# 3. 健康：若这是当前比例下连续第 3 个健康窗口 → `"promote"`（进入下一比例，重新计数）；升到 100 % 后所有后续窗口为 `"done"`；否则 `"hold"`。
#    Healthy: if it is the 3rd healthy window in a row at the current share → `"promote"` (next share, count restarts); once at 100 % every later window is `"done"`; otherwise `"hold"`.

# %% nbgrader={"grade_id": "d2_solution", "grade": false, "solution": true, "locked": false}
canary = [json.loads(line) for line in open("data/canary.jsonl")]


def canary_actions(windows):
    ### BEGIN SOLUTION
    out, share, healthy, state = [], 0, 0, "running"
    for w in windows:
        if state != "running":
            out.append(state)
            continue
        b, c = w["baseline"], w["canary"]
        if c["error_rate"] > 2 * b["error_rate"] + 0.002 or c["p95_ms"] > 1.2 * b["p95_ms"]:
            out.append("rollback")
            state = "rolled_back"
            continue
        healthy += 1
        if healthy == 3:
            out.append("promote")
            share, healthy = share + 1, 0
            if share == 3:
                state = "done"
        else:
            out.append("hold")
    return out
    ### END SOLUTION


print(canary_actions(canary))

# %% nbgrader={"grade_id": "test_d2_canary", "grade": true, "solution": false, "locked": true}
_a = canary_actions(canary)
assert len(_a) == len(canary) and set(_a) <= {"hold", "promote", "rollback", "rolled_back", "done"}
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("public", canary_actions(canary), weight=2)
for _name in ("b", "c"):
    check("hidden_" + _name, canary_actions([json.loads(l) for l in open(f"/run/practicum/hidden/canary/{_name}.jsonl")]), weight=2)
_w = {"baseline": {"error_rate": 0.004, "p95_ms": 200.0}, "canary": {"error_rate": 0.010, "p95_ms": 240.0}}
check("edges", canary_actions([_w]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · 交付规范与供应商要求（7 分，人工评分）/ D3 · Delivery specification and vendor requirements (7 points, marked by examiners)
#
# 制订本项目的集成交付规范（环境与版本、配置与密钥管理、联调与验收测试、灰度与回退、文档与签收），并写出对云端 NLU 供应商的明确要求和交付物审核项（SLA：可用性、P95、错误码与契约、版本变更通知、数据处理与合规、故障联系与赔付）。
# Write the project's integration delivery specification (environments and versions, configuration and secrets, joint and acceptance tests, canary and rollback, documents and sign-off) and the explicit requirements on the cloud NLU vendor with the review items of its deliverables (SLA: availability, p95, error codes and contract, change notices, data handling and compliance, incident contacts and penalties).

# %% [markdown] nbgrader={"grade_id": "d3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "e1_text", "grade": false, "solution": false, "locked": true}
# ## E · 运维（5 分）/ Operations (5 points)
#
# ### E1 · 分析一天的网关日志（5 分）/ E1 · Analyse a day of gateway logs (5 points)
#
# `logs/gateway.jsonl` 每行一个请求（`ts`、`source`、`reason`、`latency_ms`）。计算：`fallback_by_hour`（长度 24 的列表：每小时 source 为 local 的比例，没有请求的小时为 0.0）、`outage_hours`（该比例 > 0.5 的小时，升序列表）、`p95_by_source`（字典：cloud 与 local 的延迟 P95，用 `np.percentile`）、`reason_counts`（字典：每种 reason 的请求数）。
# Each line of `logs/gateway.jsonl` is a request (`ts`, `source`, `reason`, `latency_ms`). Compute `fallback_by_hour` (a list of 24: the share of requests with source local per hour, 0.0 for an hour without requests), `outage_hours` (the hours where that share > 0.5, ascending), `p95_by_source` (a dict: the latency p95 of cloud and of local, with `np.percentile`) and `reason_counts` (a dict: requests per reason).

# %% nbgrader={"grade_id": "e1_solution", "grade": false, "solution": true, "locked": false}
log = [json.loads(line) for line in open("logs/gateway.jsonl")]
### BEGIN SOLUTION
_hours = np.array([int(r["ts"][11:13]) for r in log])
_local = np.array([r["source"] == "local" for r in log])
fallback_by_hour = [float(_local[_hours == h].mean()) if (_hours == h).any() else 0.0 for h in range(24)]
outage_hours = [h for h in range(24) if fallback_by_hour[h] > 0.5]
_lat = np.array([r["latency_ms"] for r in log])
p95_by_source = {s: float(np.percentile(_lat[np.array([r["source"] == s for r in log])], 95)) for s in ("cloud", "local")}
reason_counts = {}
for r in log:
    reason_counts[r["reason"]] = reason_counts.get(r["reason"], 0) + 1
### END SOLUTION
print(outage_hours, p95_by_source, reason_counts)

# %% nbgrader={"grade_id": "test_e1_logs", "grade": true, "solution": false, "locked": true}
assert len(fallback_by_hour) == 24 and sum(reason_counts.values()) == len(log)
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("by_hour", [round(v, 4) for v in fallback_by_hour], tol=1e-3, weight=2)
check("outage", list(outage_hours))
check("p95", {k: round(v, 1) for k, v in p95_by_source.items()}, tol=0.2)
check("reasons", dict(reason_counts))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c1_text", "grade": false, "solution": false, "locked": true}
# ## C · 技术咨询（25 分）/ Consulting (25 points)
#
# ### C1 · 技术要素、成本与社会影响（9 分，人工评分）/ C1 · Technical elements, costs and social effects (9 points, marked by examiners)
#
# 为企业管理层分析：本项目的技术要素（ASR、意图、对话、知识库、业务系统）与产业链（芯片/云、模型供应商、集成商、运营方），成本结构（自建与采购），以及人机作用（AI 与坐席的分工、转人工体验）、网络作用（全渠道一致）和社会作用（老人与方言用户、坐席岗位转型）的合理性。
# Analyse for management: the project's technical elements (ASR, intent, dialogue, knowledge base, business systems) and the industry chain (chips/cloud, model vendors, integrators, operators), the cost structure (build vs buy), and whether the human-machine role split (AI vs agents, hand-over experience), the network role (consistency across channels) and the social effects (elderly and dialect users, agents' jobs changing) are sound.

# %% [markdown] nbgrader={"grade_id": "c1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 组织机制与持续改进（8 分，人工评分）/ C2 · Organisation and continuous improvement (8 points, marked by examiners)
#
# 制订 AI 应用的组织管理与协调机制（角色与职责：业务、客服运营、IT、数据标注、供应商；例会与决策；变更与事故流程），并提出持续改进建议（指标体系、错误样本回流与标注、模型与阈值的定期评估、用户反馈）。
# Define the organisation and coordination of the AI application (roles and responsibilities: business, service operations, IT, data labelling, vendors; meetings and decisions; change and incident processes) and propose continuous improvement (a metric system, feeding errors back and labelling them, regular reviews of models and thresholds, user feedback).

# %% [markdown] nbgrader={"grade_id": "c2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "c3_text", "grade": false, "solution": false, "locked": true}
# ### C3 · 运营经济性预测（8 分）/ C3 · Operating economics forecast (8 points)
#
# 第 1 个月 2000 万次意图请求，此后每月增长 15 %（第 m 个月：`20e6 * 1.15 ** (m - 1)`），预测 12 个月。云端按次收费 0.002 元。两种运营方案：
# 20 million intent requests in month 1, growing 15 % a month afterwards (month m: `20e6 * 1.15 ** (m - 1)`), for 12 months. The cloud charges 0.002 CNY per request. Two operating plans:
# - 云端优先 cloud-first：全部请求都调用云端 / every request calls the cloud：`cloud_first[m]` = 0.002 × 请求数 requests；
# - 本地优先 local-first：先用本地组件，只有本地置信度 < 0.6 的请求调用云端（线上新说法多，实测比例 `ONLINE_LOW_CONF` = 0.18，而不是 A1 在验证集上的比例）；另需 2 台推理服务器，每台每月 30000 元 / the local component first, only requests with local confidence < 0.6 call the cloud (online, with many new phrasings, that share was measured as `ONLINE_LOW_CONF` = 0.18, not A1's validation share); plus 2 inference servers at 30,000 CNY a month each：`local_first[m]` = 60000 + 0.002 × 请求数 requests × 0.18。
#
# 计算 `cloud_first`、`local_first`（各 12 个数，单位元）、`break_even_month`（本地优先首次更便宜的月份，1–12；都不更便宜时为 None）和 `saving_12m`（12 个月内本地优先比云端优先节省的总额，可为负）。
# Compute `cloud_first` and `local_first` (12 numbers each, CNY), `break_even_month` (the first month, 1–12, in which local-first is cheaper; None if never) and `saving_12m` (the total saved by local-first over cloud-first across the 12 months; may be negative).

# %% nbgrader={"grade_id": "c3_solution", "grade": false, "solution": true, "locked": false}
ONLINE_LOW_CONF = 0.18
### BEGIN SOLUTION
_v = [20e6 * 1.15 ** (m - 1) for m in range(1, 13)]
cloud_first = [0.002 * v for v in _v]
local_first = [60000 + 0.002 * v * ONLINE_LOW_CONF for v in _v]
break_even_month = next((m + 1 for m in range(12) if local_first[m] < cloud_first[m]), None)
saving_12m = sum(cloud_first) - sum(local_first)
### END SOLUTION
print(break_even_month, round(saving_12m))

# %% nbgrader={"grade_id": "test_c3_economics", "grade": true, "solution": false, "locked": true}
assert len(cloud_first) == 12 and len(local_first) == 12
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("cloud_first", [round(v) for v in cloud_first], tol=2.0)
check("local_first", [round(v) for v in local_first], tol=2.0, weight=2)
check("break_even", break_even_month, weight=2)
check("saving", round(saving_12m), tol=20.0, weight=2)
### END HIDDEN TESTS
