# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能平台方向）高级 · 实操考试
# # AI engineering technician, AI platform direction, senior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 共性技术 Common AI technology | 15 | `deploy/model/digits.onnx`, 本笔记本 this notebook |
# | R | 需求分析 Requirements | 20 | 本笔记本 |
# | B | 设计开发 Design and development | 10 | 本笔记本 |
# | C | 测试验证 Testing and verification | 10 | 运行中的服务 the running service, 本笔记本 |
# | D | 产品交付 Delivery | 15 | `deploy/`（`serve.py`, `start.sh`, `model/digits.onnx`）, 本笔记本 |
# | E | 运维 Operations | 5 | 本笔记本 |
# | F | 技术咨询 Consulting | 25 | 本笔记本 |
#
# - 在 `# YOUR CODE HERE` 处作答；简答题写在“在此作答”的单元格里。/ Answer where it says `# YOUR CODE HERE`; short answers go in the answer cells.
# - `deploy/model/digits.onnx` 在隔离环境中用隐藏的现场数据评分；`deploy/start.sh` 由评分程序启动（`PORT=8080`），用隐藏请求测试并由评分程序计时。
#   `deploy/model/digits.onnx` is scored on hidden site data in a sandbox; `deploy/start.sh` is started by the grader (`PORT=8080`), tested with hidden requests and timed by the grader.
# - 在本环境中 `$PORT` 是你的空闲端口；启动脚本里写 `${PORT:-8080}`。文件名和路径不要改动，完成后点击 **提交 / Submit**。
#   In this lab `$PORT` is a free port of your own; write `${PORT:-8080}` in start scripts. Keep file names and paths; press **提交 / Submit** when done.
#
# 场景 Scenario：数字识别服务要推广到新的分拣中心。那里的扫描仪图像会**偏移最多 1 个像素、对比度较低并带噪声**（`data/site/` 有 100 张带标签的样本）；
# 请求为 `{"pixels": [64 个灰度值 0–16，可带小数]}`。/ The digit service is rolling out to new sorting centres whose scanners deliver images **shifted by up to one pixel, with lower contrast and noise**
# (100 labelled samples in `data/site/`); requests are `{"pixels": [64 grey levels 0–16, decimals allowed]}`.

# %%
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import paddle
import onnxruntime as ort
from labkit import metrics, plots

# %include ../../_shared/platform/cells/digits_setup.py

site_x, site_y = np.load("data/site/x.npy"), np.load("data/site/y.npy")
ort.set_default_logger_severity(3)

# %% [markdown] nbgrader={"grade_id": "part_a", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术（15 分）/ Part A · Common AI technology (15 points)
#
# ### A1 · 适应现场数据的模型（8 分）/ A1 · A model that holds up on site data (8 points)
#
# 下面的 CNN 在干净数据上很好，但在现场数据上会明显变差（先运行看看）。请改造训练（例如设计模拟现场条件的数据增强 `site_augment`、调整模型或训练轮数），
# 导出并转换为 **`deploy/model/digits.onnx`**（输入 `image` float32 [N, 1, 8, 8]，0–1）。训练应在 60 秒内完成。
# 评分：隐藏现场数据（200 张）上的准确率 ≥ 0.88 满分，≥ 0.78 得 70%，≥ 0.65 得 40%。
# The CNN below does well on clean data but much worse on site data (run it and see). Change the training (e.g. a data augmentation `site_augment` that simulates the site's conditions,
# the model or the number of epochs), then export and convert to **`deploy/model/digits.onnx`** (input `image` float32 [N, 1, 8, 8], 0–1). Training should finish within 60 s.
# Scoring: accuracy on 200 hidden site digits ≥ 0.88 full marks, ≥ 0.78 70 %, ≥ 0.65 40 %.

# %% nbgrader={"grade_id": "a1_site_model", "grade": false, "solution": true, "locked": false}
F = paddle.nn.functional


class SiteNet(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.c1 = paddle.nn.Conv2D(1, 32, 3, padding=1)
        self.c2 = paddle.nn.Conv2D(32, 64, 3, padding=1)
        self.fc = paddle.nn.Linear(64 * 2 * 2, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        return self.fc(paddle.flatten(x, 1))


def site_augment(x, rng):
    """训练批次 → 模拟现场条件的批次 / a training batch -> a batch that looks like site data."""
    ### BEGIN SOLUTION
    out = np.empty_like(x)
    for i in range(len(x)):
        dy, dx = rng.integers(-1, 2, 2)
        out[i] = np.roll(np.roll(x[i], dy, axis=1), dx, axis=2)
    out = out * rng.uniform(0.7, 1.0, (len(x), 1, 1, 1)) + rng.normal(0, 0.08, x.shape)
    return np.clip(out, 0, 1).astype(np.float32)
    ### END SOLUTION


def train(model, x, y, epochs=20, lr=0.005, batch=64, augment=None):
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        model.train()
        order = rng.permutation(len(x))
        for i in range(0, len(x), batch):
            b = order[i:i + batch]
            xb = augment(x[b], rng) if augment is not None else x[b]
            loss = F.cross_entropy(model(paddle.to_tensor(xb)), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
    model.eval()
    return model


def accuracy_on(model, x, y):
    with paddle.no_grad():
        return metrics.accuracy(y, model(paddle.to_tensor(x)).numpy().argmax(1))


paddle.seed(0)
started = time.time()
### BEGIN SOLUTION
model = train(SiteNet(), train_x, train_y, augment=site_augment)
### END SOLUTION
print(f"{time.time() - started:.1f} s; clean validation {accuracy_on(model, val_x, val_y):.3f}, site samples {accuracy_on(model, site_x, site_y):.3f}")
### BEGIN SOLUTION
paddle.jit.save(model, "models/digits", input_spec=[paddle.static.InputSpec([None, 1, 8, 8], "float32", "image")])
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models", "--model_filename", "digits.json",
                       "--params_filename", "digits.pdiparams", "--save_file", "deploy/model/digits.onnx", "--opset_version", "13",
                       "--optimize_tool", "None"], capture_output=True, text=True, timeout=300)
print(conv.stderr[-300:] if conv.returncode else "converted")
### END SOLUTION
sess = ort.InferenceSession("deploy/model/digits.onnx", providers=["CPUExecutionProvider"])
onnx_site = sess.run(None, {"image": site_x})[0]
print("ONNX on the site samples:", metrics.accuracy(site_y, onnx_site.argmax(1)))


# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 置信度校准（7 分）/ A2 · Confidence calibration (7 points)
#
# 低置信度的请求要转人工，因此置信度必须可信。实现：/ Low-confidence requests go to a person, so confidences must be trustworthy. Implement:
# - `softmax(logits, T=1.0)`：按行 softmax(logits / T)（数值稳定：先减去每行最大值）/ row-wise softmax(logits / T), numerically stable (subtract each row's maximum);
# - `nll(logits, y, T)`：平均负对数似然 / the mean negative log-likelihood `-mean(log p[i, y[i]])`；
# - `fit_temperature(logits, y, grid)`：`grid` 中使 `nll` 最小的 T（并列取最先出现的）/ the T in `grid` with the smallest `nll` (the first on ties)；
# - `ece(probs, y, bins=10)`：置信度 = 每行最大概率；第 `min(int(conf * bins), bins - 1)` 个等宽箱；`ECE = Σ_b (n_b / N) · |acc_b − mean_conf_b|`（空箱跳过）/
#   confidence = each row's largest probability; bin `min(int(conf * bins), bins - 1)` of equal width; `ECE = Σ_b (n_b / N) · |acc_b − mean_conf_b|` (empty bins skipped).

# %% nbgrader={"grade_id": "a2_calibration", "grade": false, "solution": true, "locked": false}
def softmax(logits, T=1.0):
    ### BEGIN SOLUTION
    z = np.asarray(logits, dtype=np.float64) / T
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
    ### END SOLUTION


def nll(logits, y, T):
    ### BEGIN SOLUTION
    p = softmax(logits, T)
    return float(-np.mean(np.log(p[np.arange(len(y)), np.asarray(y)] + 1e-12)))
    ### END SOLUTION


def fit_temperature(logits, y, grid):
    ### BEGIN SOLUTION
    losses = [nll(logits, y, T) for T in grid]
    return float(grid[int(np.argmin(losses))])
    ### END SOLUTION


def ece(probs, y, bins=10):
    ### BEGIN SOLUTION
    probs, y = np.asarray(probs), np.asarray(y)
    conf, pred = probs.max(1), probs.argmax(1)
    idx = np.minimum((conf * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.mean() * abs(float(np.mean(pred[m] == y[m])) - float(conf[m].mean()))
    return float(total)
    ### END SOLUTION


grid = np.round(np.arange(0.5, 3.01, 0.1), 2)
T = fit_temperature(onnx_site, site_y, grid)
print(f"T = {T}; ECE before {ece(softmax(onnx_site), site_y):.4f}, after {ece(softmax(onnx_site, T), site_y):.4f}")

# %% nbgrader={"grade_id": "test_a2_calibration", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert np.allclose(softmax(np.array([[0.0, 0.0]])), [[0.5, 0.5]]) and np.allclose(softmax(np.array([[1000.0, 0.0]])).sum(), 1)
assert ece(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 1])) < 1e-9
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(61)
_y = _rng.integers(0, 10, 300)
_lg = _rng.normal(0, 1, (300, 10)); _lg[np.arange(300), _y] += 2.0; _lg *= 3.0
check("softmax", np.asarray(softmax(_lg[:20], 1.7), dtype=np.float64), tol=1e-9)
check("nll", [float(nll(_lg, _y, t)) for t in (0.5, 1.0, 2.0, 4.0)], tol=1e-6)
check("temperature", float(fit_temperature(_lg, _y, np.round(np.arange(0.5, 5.01, 0.25), 2))), tol=1e-9, weight=2)
check("ece", [float(ece(softmax(_lg, t), _y, b)) for t, b in ((1.0, 10), (2.5, 10), (1.0, 5))], tol=1e-6, weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_r", "grade": false, "solution": false, "locked": true}
# ## R 部分 · 需求分析（20 分）/ Part R · Requirements analysis (20 points)
#
# ### R1 · 服务等级（SLO）报告（8 分）/ R1 · A service-level (SLO) report (8 points)
#
# `logs/requests.jsonl` 是一个现场一周的请求日志（`ts` "YYYY-MM-DD HH:MM:SS"、`latency_ms`、`status`）。实现 `slo_report(path, slo_ms=30)`，返回：
# - `requests`：总数；`availability`：`status == "ok"` 的比例（保留 4 位小数）；`peak_hour_requests`：任一小时（"YYYY-MM-DD HH"）的最大请求数；
# - 只看 ok 请求数 ≥ 20 的小时，按小时计算 ok 请求 `latency_ms` 的 P95（`np.percentile` 默认方法）：`hours_over_slo`：P95 > `slo_ms` 的小时（升序列表），
#   `worst_hour`：P95 最大的小时，`worst_p95`：其 P95（保留 2 位小数）。
#
# `logs/requests.jsonl` is a week of one site's request log (`ts` "YYYY-MM-DD HH:MM:SS", `latency_ms`, `status`). Implement `slo_report(path, slo_ms=30)` returning:
# - `requests`: the total; `availability`: the share with `status == "ok"` (4 decimals); `peak_hour_requests`: the most requests in any hour ("YYYY-MM-DD HH");
# - over the hours with at least 20 ok requests, the p95 of the ok requests' `latency_ms` per hour (`np.percentile`'s default): `hours_over_slo`: the hours whose p95 > `slo_ms` (ascending),
#   `worst_hour`: the hour with the largest p95, `worst_p95`: that p95 (2 decimals).

# %% nbgrader={"grade_id": "r1_slo", "grade": false, "solution": true, "locked": false}
def slo_report(path, slo_ms=30):
    ### BEGIN SOLUTION
    records = [json.loads(line) for line in open(path) if line.strip()]
    per_hour, ok_lat = {}, {}
    for r in records:
        h = r["ts"][:13]
        per_hour[h] = per_hour.get(h, 0) + 1
        if r["status"] == "ok":
            ok_lat.setdefault(h, []).append(r["latency_ms"])
    p95 = {h: float(np.percentile(v, 95)) for h, v in ok_lat.items() if len(v) >= 20}
    worst = max(sorted(p95), key=lambda h: p95[h])
    return {"requests": len(records), "availability": round(sum(r["status"] == "ok" for r in records) / len(records), 4),
            "peak_hour_requests": max(per_hour.values()), "hours_over_slo": sorted(h for h, v in p95.items() if v > slo_ms),
            "worst_hour": worst, "worst_p95": round(p95[worst], 2)}
    ### END SOLUTION


slo = slo_report("logs/requests.jsonl")
print(slo)

# %% nbgrader={"grade_id": "test_r1_slo", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert slo["requests"] == sum(1 for _ in open("logs/requests.jsonl")) and 0.9 < slo["availability"] < 1
assert slo["worst_hour"] in slo["hours_over_slo"]
### BEGIN HIDDEN TESTS
_s = slo_report("/run/practicum/hidden/slo_b/requests.jsonl")
check("volume", [int(_s["requests"]), float(_s["availability"]), int(_s["peak_hour_requests"])], tol=1e-9, weight=2)
check("over_slo", [str(h) for h in _s["hours_over_slo"]], weight=2)
check("worst", [str(_s["worst_hour"]), float(_s["worst_p95"])], tol=1e-6)
check("strict_slo", [str(h) for h in slo_report("/run/practicum/hidden/slo_b/requests.jsonl", slo_ms=16)["hours_over_slo"]], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 需求文档撰写规范（12 分，人工评分）/ R2 · Norms for requirement documents (12 points, scored by examiners)
#
# 各中心提交的需求文档质量参差不齐（“要快”“要准”）。请制订本平台业务场景需求分析与需求文档的 **撰写规范**：必备章节、每类需求的写法（可度量、可验收）、
# 非功能需求（SLO：用 R1 的报告说明如何从运行数据确定目标值）、评审流程与变更管理；再说明如何引导一线用户把“识别慢、不准”之类的问题转化为平台需求，并用本场景写一个示例条目。
# The requirement documents from the centres vary ("make it fast", "make it accurate"). Set the **writing norms** for this platform's business-scenario analysis and requirement documents: required sections,
# how to write each kind of requirement (measurable, acceptable), non-functional requirements (SLOs: use R1's report to show how targets come from operating data), review and change management;
# then explain how to guide front-line users to turn "slow, inaccurate" complaints into platform requirements, with an example entry for this scenario.

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（10 分）/ Part B · Design and development (10 points)
#
# ### B1 · 服务的性能模型（10 分）/ B1 · A performance model of the service (10 points)
#
# 把服务看作 M/M/c 排队系统（到达率 λ 请求/秒，每个工作进程的服务时间均值 `service_ms`，c 个工作进程）。实现：
# - `erlang_c(c, a)`：负载 `a = λ · service_ms / 1000`（Erlang）时需要排队的概率：`a ≥ c` 时为 1.0，否则
#   `P = (aᶜ/c! · c/(c−a)) / (Σ_{k=0}^{c−1} aᵏ/k! + aᶜ/c! · c/(c−a))`；
# - `mmc(arrival_rps, service_ms, workers)`：返回 `utilisation`（a / c）、`stable`（a < c）、`p_wait`、`mean_wait_ms`（= p_wait / (c·μ − λ) × 1000，μ = 1000 / service_ms；不稳定时为 None）、
#   `mean_response_ms`（= mean_wait_ms + service_ms；不稳定时为 None）；
# - `workers_needed(arrival_rps, service_ms, target_ms)`：使系统稳定且 `mean_response_ms ≤ target_ms` 的最小 c（从 1 开始）。
#
# Model the service as an M/M/c queue (arrivals λ requests/s, mean service time `service_ms` per worker, c workers). Implement:
# - `erlang_c(c, a)`: the probability of waiting at load `a = λ · service_ms / 1000` (Erlangs): 1.0 when `a ≥ c`, otherwise
#   `P = (aᶜ/c! · c/(c−a)) / (Σ_{k=0}^{c−1} aᵏ/k! + aᶜ/c! · c/(c−a))`;
# - `mmc(arrival_rps, service_ms, workers)`: returns `utilisation` (a / c), `stable` (a < c), `p_wait`, `mean_wait_ms` (= p_wait / (c·μ − λ) × 1000 with μ = 1000 / service_ms; None when unstable)
#   and `mean_response_ms` (= mean_wait_ms + service_ms; None when unstable);
# - `workers_needed(arrival_rps, service_ms, target_ms)`: the smallest c (from 1) for which the system is stable and `mean_response_ms ≤ target_ms`.
#
# C 部分会测量你自己服务的单请求耗时；F1 的容量规划请用这个模型和测得的数字。/ Part C measures your own service's time per request; use this model and those figures in F1's capacity plan.

# %% nbgrader={"grade_id": "b1_queue", "grade": false, "solution": true, "locked": false}
import math


def erlang_c(c, a):
    ### BEGIN SOLUTION
    if a >= c:
        return 1.0
    top = a ** c / math.factorial(c) * c / (c - a)
    return float(top / (sum(a ** k / math.factorial(k) for k in range(c)) + top))
    ### END SOLUTION


def mmc(arrival_rps, service_ms, workers):
    ### BEGIN SOLUTION
    a = arrival_rps * service_ms / 1000.0
    mu = 1000.0 / service_ms
    stable = a < workers
    p = erlang_c(workers, a)
    wait = p / (workers * mu - arrival_rps) * 1000.0 if stable else None
    return {"utilisation": a / workers, "stable": bool(stable), "p_wait": p, "mean_wait_ms": wait,
            "mean_response_ms": wait + service_ms if stable else None}
    ### END SOLUTION


def workers_needed(arrival_rps, service_ms, target_ms):
    ### BEGIN SOLUTION
    c = 1
    while True:
        m = mmc(arrival_rps, service_ms, c)
        if m["stable"] and m["mean_response_ms"] <= target_ms:
            return c
        c += 1
    ### END SOLUTION


for c in (1, 2, 3, 4):
    print(c, {k: (round(v, 3) if isinstance(v, float) else v) for k, v in mmc(150, 10, c).items()})
print("workers for 150 rps at 10 ms, mean response ≤ 12 ms:", workers_needed(150, 10, 12))

# %% nbgrader={"grade_id": "test_b1_queue", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(erlang_c(1, 0.5) - 0.5) < 1e-12 and erlang_c(2, 2.0) == 1.0
assert mmc(50, 10, 1)["stable"] and not mmc(150, 10, 1)["stable"] and mmc(150, 10, 1)["mean_response_ms"] is None
### BEGIN HIDDEN TESTS
check("erlang_c", [float(erlang_c(c, a)) for c, a in ((1, 0.3), (2, 1.5), (4, 3.2), (8, 6.0), (3, 3.0), (10, 2.0))], tol=1e-9, weight=2)
_m = [mmc(*args) for args in ((80, 9.5, 1), (300, 9.5, 4), (300, 9.5, 3), (1000, 4.0, 5))]
check("mmc", [[float(m["utilisation"]), bool(m["stable"]), float(m["p_wait"]),
               None if m["mean_wait_ms"] is None else float(m["mean_wait_ms"]),
               None if m["mean_response_ms"] is None else float(m["mean_response_ms"])] for m in _m], tol=1e-6, weight=3)
check("workers", [int(workers_needed(*args)) for args in ((150, 10, 12), (900, 7.5, 8), (40, 20, 25), (5, 3, 3.2))], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（10 分）/ Part C · Testing and verification (10 points)
#
# `deploy/serve.py`（由模板复制）已给出接口、加载与推理；完成其中的 `preprocess(doc)`（`{"pixels": [64 个 0–16 的数]}` → float32 [1, 1, 8, 8] = 值 / 16；不合法时抛 `ValueError`：
# 非对象、缺 `pixels`、非列表或长度不是 64、非数字（含布尔、null、字符串、嵌套列表）、NaN/无穷、越界），并编写 **`deploy/start.sh`**。
# `deploy/serve.py` (copied from the template) gives the API, loading and inference; complete its `preprocess(doc)` (`{"pixels": [64 numbers 0–16]}` → float32 [1, 1, 8, 8] = value / 16; raise `ValueError`
# for a non-object, missing `pixels`, not a list or not 64 long, non-numbers (booleans, null, strings, nested lists), NaN/infinity, out of range) and write **`deploy/start.sh`**.
#
# ### C1 · 一致性与延迟（6 分，评分程序测量）/ C1 · Consistency and latency (6 points, measured by the grader)
#
# 评分程序启动 `deploy/start.sh`，发送 200 个隐藏的现场请求：答案须与 A1 的 `deploy/model/digits.onnx` 离线预测一致（≥ 99%，4 分）；P95 ≤ 50 ms（2 分，≤ 100 ms 一半）。
# The grader starts `deploy/start.sh` and sends 200 hidden site requests: the answers must agree with A1's `deploy/model/digits.onnx` offline (≥ 99 %, 4 points); p95 ≤ 50 ms (2 points; ≤ 100 ms half).

# %%
import urllib.request
import urllib.error


# %include ../../_shared/platform/cells/service_helpers.py



svc = start_service("deploy/start.sh", PORT)
try:
    req = np.round(site_x.reshape(len(site_x), -1) * 16, 2)
    online, online_ms = [], []
    for row in req:
        status, doc, sec = post(f"http://127.0.0.1:{PORT}/predict", {"pixels": [float(v) for v in row]})
        online.append(doc["label"] if status == 200 else -1)
        online_ms.append(sec * 1000)
    online = np.array(online)
    print(f"site accuracy online {metrics.accuracy(site_y, online):.3f}; agreement with ONNX offline {np.mean(online == onnx_site.argmax(1)):.3f}")
    print(f"per request: p50 {np.percentile(online_ms, 50):.2f} ms, p95 {np.percentile(online_ms, 95):.2f} ms, mean {np.mean(online_ms):.2f} ms")
    print("M/M/c with your mean:", {c: round(mmc(100, float(np.mean(online_ms)), c)["mean_response_ms"] or -1, 2) for c in (1, 2, 4)})
finally:
    stop_service(svc)


# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 直方图分位数（4 分）/ C2 · Histogram quantiles (4 points)
#
# 监控系统只保存延迟直方图。实现 `histogram_quantile(bounds, counts, q)`：`bounds` 为各桶上界（升序，最后一个可以是 `float("inf")`），`counts` 为各桶（非累计）计数；
# 排名 `rank = q × 总数`，找到累计计数首次 ≥ rank 的桶，在其下界（上一桶的上界，第一个桶为 0）与上界之间线性插值：`lower + (upper − lower) × (rank − 之前累计) / 本桶计数`；
# 该桶上界为无穷时返回其下界；总数为 0 时返回 None。
# The monitoring system keeps only latency histograms. Implement `histogram_quantile(bounds, counts, q)`: `bounds` are the buckets' upper bounds (ascending, the last may be `float("inf")`), `counts` the
# (non-cumulative) counts per bucket; `rank = q × total`; find the first bucket whose cumulative count is ≥ rank and interpolate linearly between its lower bound (the previous upper bound, 0 for the first)
# and its upper bound: `lower + (upper − lower) × (rank − cumulative before) / its count`; return the lower bound when that bucket's upper bound is infinite; None when the total is 0.

# %% nbgrader={"grade_id": "c2_histogram", "grade": false, "solution": true, "locked": false}
def histogram_quantile(bounds, counts, q):
    ### BEGIN SOLUTION
    total = float(sum(counts))
    if total == 0:
        return None
    rank, before, lower = q * total, 0.0, 0.0
    for upper, n in zip(bounds, counts):
        if n > 0 and before + n >= rank:
            if math.isinf(upper):
                return float(lower)
            return float(lower + (upper - lower) * (rank - before) / n)
        before += n
        lower = upper
    return float(lower)
    ### END SOLUTION


edges = [1, 2, 5, 10, 20, 50, float("inf")]
counts = np.histogram(online_ms, bins=[0] + edges)[0].tolist() if "online_ms" in globals() else [0, 5, 60, 30, 4, 1, 0]
print("p95 from the histogram:", histogram_quantile(edges, counts, 0.95))

# %% nbgrader={"grade_id": "test_c2_histogram", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert histogram_quantile([10, 20], [10, 10], 0.5) == 10.0 and histogram_quantile([10], [0], 0.5) is None
### BEGIN HIDDEN TESTS
_b = [1, 2.5, 5, 10, 25, 50, 100, float("inf")]
_c = [3, 40, 120, 60, 20, 5, 1, 1]
check("quantiles", [histogram_quantile(_b, _c, q) for q in (0.5, 0.9, 0.95, 0.99, 0.999)], tol=1e-9, weight=3)
check("edge_cases", [histogram_quantile([5, float("inf")], [0, 4], 0.5), histogram_quantile([5, 10], [4, 0], 1.0),
                     histogram_quantile([2, 4, 8], [1, 0, 1], 0.5)], tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（15 分）/ Part D · Delivery (15 points)
#
# ### D1 · 交付的服务（7 分，评分程序测量）/ D1 · The delivered service (7 points, measured by the grader)
#
# 评分程序用 `deploy/start.sh` 启动：能启动（1 分）；现场隐藏请求准确率 ≥ 0.88 满分、≥ 0.78 一半（4 分）；错误请求都返回 4xx 且服务仍可用（2 分）。
# The grader starts `deploy/start.sh`: it starts (1 point); accuracy on the hidden site requests ≥ 0.88 full, ≥ 0.78 half (4 points); every malformed request gets a 4xx and the service keeps working (2 points).
#
# ### D2 · 安装交付流程与交付方案（8 分，人工评分）/ D2 · Installation and delivery process, delivery plan (8 points, scored by examiners)
#
# 为 20 个中心的推广制订 **安装交付流程**（角色、步骤、检查点、文档与签收）和 **交付方案**（分批计划、现场数据验收：用现场样本验证准确率与一致性、回退方案），
# 并说明如何指导交付团队完成现场部署、调试与维护（含常见问题的处理手册）。
# Set the **installation and delivery process** for the roll-out to 20 centres (roles, steps, checkpoints, documents and sign-off) and the **delivery plan** (batches, on-site acceptance with site samples
# for accuracy and consistency, rollback), and explain how you guide the delivery team through on-site deployment, debugging and maintenance (including a handbook of common problems).

# %% [markdown] nbgrader={"grade_id": "d2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 运维（5 分）/ Part E · Operations (5 points)
#
# ### E1 · 自动化灰度决策工具（5 分）/ E1 · An automated canary decision tool (5 points)
#
# `canary_decision(old, new, min_requests=200, max_error_increase=0.005, max_p95_ratio=1.2, max_accuracy_drop=0.01)`：`old`、`new` 为字典（`requests`、`errors`、`p95_ms`、`accuracy`）。
# 按顺序：新版本请求数 < `min_requests` → `"hold"`；新错误率 > 旧错误率 + `max_error_increase`，或新 P95 > `max_p95_ratio` × 旧 P95，或新准确率 < 旧准确率 − `max_accuracy_drop` → `"rollback"`；否则 `"promote"`。
# （错误率 = errors / requests。）`data/canary.json` 是一组灰度记录。
# `canary_decision(old, new, ...)`: `old` and `new` are dicts (`requests`, `errors`, `p95_ms`, `accuracy`). In order: the new version has fewer than `min_requests` requests → `"hold"`; its error rate exceeds the old one
# plus `max_error_increase`, or its p95 exceeds `max_p95_ratio` × the old p95, or its accuracy is below the old one minus `max_accuracy_drop` → `"rollback"`; otherwise `"promote"` (error rate = errors / requests).
# `data/canary.json` holds a set of canary records.

# %% nbgrader={"grade_id": "e1_canary", "grade": false, "solution": true, "locked": false}
def canary_decision(old, new, min_requests=200, max_error_increase=0.005, max_p95_ratio=1.2, max_accuracy_drop=0.01):
    ### BEGIN SOLUTION
    if new["requests"] < min_requests:
        return "hold"
    if (new["errors"] / new["requests"] > old["errors"] / old["requests"] + max_error_increase
            or new["p95_ms"] > max_p95_ratio * old["p95_ms"] or new["accuracy"] < old["accuracy"] - max_accuracy_drop):
        return "rollback"
    return "promote"
    ### END SOLUTION


cases = json.load(open("data/canary.json"))
print([canary_decision(c["old"], c["new"]) for c in cases])

# %% nbgrader={"grade_id": "test_e1_canary", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_o = {"requests": 1000, "errors": 5, "p95_ms": 10.0, "accuracy": 0.95}
assert canary_decision(_o, {"requests": 100, "errors": 0, "p95_ms": 9.0, "accuracy": 0.96}) == "hold"
assert canary_decision(_o, {"requests": 500, "errors": 2, "p95_ms": 11.0, "accuracy": 0.95}) == "promote"
### BEGIN HIDDEN TESTS
_cases = json.load(open("/run/practicum/hidden/canary_b.json"))
check("hidden_cases", [canary_decision(c["old"], c["new"]) for c in _cases], weight=3)
check("strict", [canary_decision(c["old"], c["new"], min_requests=100, max_p95_ratio=1.05) for c in _cases], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_f", "grade": false, "solution": false, "locked": true}
# ## F 部分 · 技术咨询（25 分）/ Part F · Consulting (25 points)
#
# ### F1 · 技术要素与产业成本分析（10 分，人工评分）/ F1 · Technical elements and cost analysis (10 points, scored by examiners)
#
# 基于 B1 的模型与你在 C 部分测得的单请求耗时、R1 的峰值：给出 20 个中心的容量规划（每中心工作进程数、服务器数，写出计算）；比较“每中心边缘部署”与“集中部署 + 专线”
# 的技术要素（延迟、可用性、带宽、运维）与成本；分析该平台的人机作用、网络作用与社会作用（岗位变化、误识别的后果、可解释性）。
# Using B1's model, the time per request you measured in part C and R1's peak: plan the capacity for 20 centres (workers and servers per centre, with the calculation); compare "edge deployment per centre"
# with "central deployment + leased lines" on technical elements (latency, availability, bandwidth, operations) and cost; analyse the platform's human–machine, network and social roles (job changes, consequences of misreads, explainability).
#
# ### F2 · 组织管理与协调机制（8 分，人工评分）/ F2 · Organisation and coordination mechanisms (8 points, scored by examiners)
#
# 制订平台推广与运营的组织管理机制（角色与职责、决策与升级路径、与各中心的协调会议和指标、培训计划）以及持续改进机制（数据回流、模型迭代节奏、评价指标、可持续发展评价）。
# Set the organisation and coordination mechanisms for the roll-out and operation (roles and responsibilities, decision and escalation paths, coordination meetings and metrics with the centres, training) and
# the continuous-improvement mechanism (data collected back, model iteration cadence, evaluation metrics, sustainability assessment).
#
# ### F3 · 运营经济性预测（7 分）/ F3 · Operating economics forecast (7 points)
#
# 实现 `monthly_cost(centres, servers_per_centre, server_price, months, watts, kwh_price, ops_hours, hourly_rate, requests_per_month)`，返回字典（都保留 2 位小数）：
# `hardware` = centres × servers_per_centre × server_price / months（按月摊销）；`power` = centres × servers_per_centre × watts / 1000 × 24 × 30 × kwh_price；`ops` = ops_hours × hourly_rate；
# `total` = 三者之和；`per_1k_requests` = total / requests_per_month × 1000。
# 再实现 `break_even_months(capex, monthly_saving)`：`monthly_saving ≤ 0` 时为 None，否则 `ceil(capex / monthly_saving)`（int）。
# Implement `monthly_cost(...)` returning a dict (all rounded to 2 decimals): `hardware` = centres × servers_per_centre × server_price / months (monthly amortisation); `power` = centres × servers_per_centre × watts / 1000 × 24 × 30 × kwh_price;
# `ops` = ops_hours × hourly_rate; `total` = their sum; `per_1k_requests` = total / requests_per_month × 1000. Then `break_even_months(capex, monthly_saving)`: None when `monthly_saving ≤ 0`, else `ceil(capex / monthly_saving)` (int).

# %% [markdown] nbgrader={"grade_id": "f1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "f2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% nbgrader={"grade_id": "f3_cost", "grade": false, "solution": true, "locked": false}
def monthly_cost(centres, servers_per_centre, server_price, months, watts, kwh_price, ops_hours, hourly_rate, requests_per_month):
    ### BEGIN SOLUTION
    n = centres * servers_per_centre
    hardware = n * server_price / months
    power = n * watts / 1000 * 24 * 30 * kwh_price
    ops = ops_hours * hourly_rate
    total = hardware + power + ops
    return {"hardware": round(hardware, 2), "power": round(power, 2), "ops": round(ops, 2), "total": round(total, 2),
            "per_1k_requests": round(total / requests_per_month * 1000, 2)}
    ### END SOLUTION


def break_even_months(capex, monthly_saving):
    ### BEGIN SOLUTION
    if monthly_saving <= 0:
        return None
    return int(math.ceil(capex / monthly_saving))
    ### END SOLUTION


print(monthly_cost(20, 1, 12000, 36, 150, 0.8, 80, 120, 20 * 30 * 12 * 3000))

# %% nbgrader={"grade_id": "test_f3_cost", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert monthly_cost(1, 1, 3600, 36, 1000, 1.0, 0, 0, 1000)["power"] == 720.0 and break_even_months(100, 0) is None
### BEGIN HIDDEN TESTS
check("costs", [monthly_cost(*args) for args in ((20, 1, 12000, 36, 150, 0.8, 80, 120, 21_600_000), (3, 4, 9800, 48, 220, 1.15, 160, 95, 4_500_000),
                                                  (50, 2, 15000, 60, 90, 0.62, 300, 110, 100_000_000))], tol=1e-6, weight=3)
check("break_even", [break_even_months(*args) for args in ((240000, 9000), (100000, 20000), (5000, -10), (12345, 123.4))], weight=2)
### END HIDDEN TESTS
