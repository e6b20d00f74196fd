# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能平台方向）中级 · 实操考试
# # AI engineering technician, AI platform direction, intermediate level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 共性技术 Common AI technology | 15 | `models/digits_mlp.json` + `.pdiparams`, 本笔记本 this notebook |
# | R | 需求分析 Requirements | 10 | 本笔记本 |
# | B | 设计开发 Design and development | 25 | `deploy/model/digits_int8.onnx`, `dp_check.py`, 本笔记本 |
# | C | 测试验证 Testing and verification | 15 | 运行中的服务 the running service, 本笔记本 |
# | D | 产品交付 Delivery | 10 | `deploy/`（`serve.py`, `start.sh`, `model/digits_int8.onnx`）, 本笔记本 |
# | E | 运维 Operations | 10 | 修复后的 `ops/` the repaired `ops/`, 本笔记本 |
# | F | 技术咨询 Consulting | 15 | 本笔记本 |
#
# - 在 `# YOUR CODE HERE` 处作答；简答题写在“在此作答”的单元格里。/ Answer where it says `# YOUR CODE HERE`; short answers go in the answer cells.
# - 导出的模型在隔离环境中用隐藏数据评分；`deploy/start.sh` 和 `ops/start.sh` 由评分程序启动（`PORT=8080`），用隐藏请求测试并由评分程序计时。
#   Exported models are scored on hidden data in a sandbox; `deploy/start.sh` and `ops/start.sh` are started by the grader (`PORT=8080`), tested with hidden requests and timed by the grader.
# - 在本环境中 `$PORT` 是你的空闲端口；启动脚本里写 `${PORT:-8080}`。/ In this lab `$PORT` is a free port of your own; write `${PORT:-8080}` in start scripts.
# - 文件名和路径不要改动，按顺序运行单元格，完成后点击 **提交 / Submit**。/ Keep file names and paths, run the cells in order, press **提交 / Submit** when done.
#
# 数据 Data: `data/digits/{train,val}/x.npy` float32 [N, 1, 8, 8]（0–1 = 灰度值 / 16），`y.npy` 0–9；服务请求 `{"pixels": [64 个灰度值 0–16]}` / service requests carry 64 grey levels 0–16.

# %%
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import paddle
from labkit import metrics, plots

# %include ../../_shared/platform/cells/digits_data.py
for _src, _dst in (("templates/serve.py", "deploy/serve.py"), ("templates/dp_check.py", "dp_check.py")):
    if not os.path.exists(_dst):  # 模板只复制一次 / templates are copied once, never overwritten
        shutil.copy(_src, _dst)
import onnxruntime as ort

ort.set_default_logger_severity(3)
PORT = int(os.environ.get("PORT", "8080"))
print(train_x.shape, val_x.shape, "your PORT:", PORT)

# %% [markdown] nbgrader={"grade_id": "part_a", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术（15 分）/ Part A · Common AI technology (15 points)
#
# ### A1 · 多层感知机（8 分）/ A1 · A multilayer perceptron (8 points)
#
# 边缘盒子只支持全连接算子。完成 `DigitMLP`（展平 → 512 → ReLU → 256 → ReLU → 10）并训练，用 `paddle.jit.save` 导出到 **`models/digits_mlp`**
# （`InputSpec([None, 1, 8, 8], "float32", "image")`）。评分：隐藏测试集（450 张）准确率 ≥ 0.95 满分，≥ 0.92 得 70%，≥ 0.88 得 40%。
# The edge boxes only run fully connected operators. Complete `DigitMLP` (flatten → 512 → ReLU → 256 → ReLU → 10), train it and export it with `paddle.jit.save` to **`models/digits_mlp`**
# (`InputSpec([None, 1, 8, 8], "float32", "image")`). Scoring: accuracy on the 450 hidden test digits ≥ 0.95 full marks, ≥ 0.92 70 %, ≥ 0.88 40 %.

# %% nbgrader={"grade_id": "a1_mlp", "grade": false, "solution": true, "locked": false}
F = paddle.nn.functional


class DigitMLP(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.fc1 = paddle.nn.Linear(64, 512)
        self.fc2 = paddle.nn.Linear(512, 256)
        self.fc3 = paddle.nn.Linear(256, 10)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = paddle.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
        ### END SOLUTION


# %include ../../_shared/platform/cells/train_loop.py


paddle.seed(0)
started = time.time()
model = DigitMLP()
losses = train(model, train_x, train_y, epochs=20, lr=0.002)
print(f"training took {time.time() - started:.1f} s")
### BEGIN SOLUTION
paddle.jit.save(model, "models/digits_mlp", input_spec=[paddle.static.InputSpec([None, 1, 8, 8], "float32", "image")])
### END SOLUTION
with paddle.no_grad():
    val_logits = model(paddle.to_tensor(val_x)).numpy()
print("validation accuracy", metrics.accuracy(val_y, val_logits.argmax(1)))

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 学习率与训练曲线诊断（7 分）/ A2 · Learning-rate schedule and training-curve diagnosis (7 points)
#
# 1. `cosine_lr(step, base_lr, warmup, total)`：`step < warmup` 时线性预热 `base_lr * (step + 1) / warmup`；之后 `p = min(1, (step - warmup) / max(1, total - warmup))`，
#    `lr = 0.5 * base_lr * (1 + cos(π p))`。
# 2. `diagnose(train_loss, val_loss)`（两个等长列表，每轮一个值），按顺序判断，返回第一个成立的：
#    - `"diverging"`：训练损失中有 NaN/无穷，或最后一轮训练损失大于第一轮；
#    - `"overfitting"`：验证损失最小值（第一次出现）在倒数第 3 轮或更早，且最后一轮验证损失 > 1.1 × 该最小值；
#    - `"underfitting"`：最后一轮训练损失 > 0.5 × 第一轮训练损失；
#    - 否则 `"ok"`。
# 3. `advice(diagnosis)`：返回下列调参建议之一（字符串原样）：`"diverging"` → `"lower the learning rate"`，`"overfitting"` → `"add regularisation or stop early"`，
#    `"underfitting"` → `"train longer or use a larger model"`，`"ok"` → `"keep the settings"`。
#
# 1. `cosine_lr(step, base_lr, warmup, total)`: a linear warm-up `base_lr * (step + 1) / warmup` while `step < warmup`; then `p = min(1, (step - warmup) / max(1, total - warmup))`
#    and `lr = 0.5 * base_lr * (1 + cos(π p))`.
# 2. `diagnose(train_loss, val_loss)` (two lists of equal length, one value per epoch): test in this order and return the first that holds:
#    - `"diverging"`: the training loss holds NaN/infinity, or its last value exceeds its first;
#    - `"overfitting"`: the (first) minimum of the validation loss lies at the third-to-last epoch or earlier, and the last validation loss > 1.1 × that minimum;
#    - `"underfitting"`: the last training loss > 0.5 × the first;
#    - otherwise `"ok"`.
# 3. `advice(diagnosis)`: one of these tuning advices, verbatim: `"diverging"` → `"lower the learning rate"`, `"overfitting"` → `"add regularisation or stop early"`,
#    `"underfitting"` → `"train longer or use a larger model"`, `"ok"` → `"keep the settings"`.

# %% nbgrader={"grade_id": "a2_tuning", "grade": false, "solution": true, "locked": false}
import math


def cosine_lr(step, base_lr, warmup, total):
    ### BEGIN SOLUTION
    if step < warmup:
        return base_lr * (step + 1) / warmup
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    return 0.5 * base_lr * (1 + math.cos(math.pi * p))
    ### END SOLUTION


def diagnose(train_loss, val_loss):
    ### BEGIN SOLUTION
    t, v = np.asarray(train_loss, float), np.asarray(val_loss, float)
    if not np.all(np.isfinite(t)) or t[-1] > t[0]:
        return "diverging"
    best = int(np.argmin(v))
    if best <= len(v) - 3 and v[-1] > 1.1 * v[best]:
        return "overfitting"
    if t[-1] > 0.5 * t[0]:
        return "underfitting"
    return "ok"
    ### END SOLUTION


def advice(diagnosis):
    ### BEGIN SOLUTION
    return {"diverging": "lower the learning rate", "overfitting": "add regularisation or stop early",
            "underfitting": "train longer or use a larger model", "ok": "keep the settings"}[diagnosis]
    ### END SOLUTION


print([round(cosine_lr(s, 0.01, 3, 20), 5) for s in range(0, 21, 4)])
print(diagnose(losses, losses), advice(diagnose(losses, losses)))

# %% nbgrader={"grade_id": "test_a2_tuning", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(cosine_lr(0, 0.1, 4, 10) - 0.025) < 1e-12 and abs(cosine_lr(10, 0.1, 4, 10)) < 1e-12
assert diagnose([2, 1, float("nan")], [2, 1, 1]) == "diverging" and advice("ok") == "keep the settings"
### BEGIN HIDDEN TESTS
check("cosine", [float(cosine_lr(s, 0.05, 5, 40)) for s in range(0, 50, 3)], tol=1e-9, weight=2)
check("cosine_no_warmup", [float(cosine_lr(s, 1.0, 0, 1)) for s in range(3)], tol=1e-9)
_curves = [([2.3, 1.2, 0.6, 0.3, 0.15, 0.08], [2.2, 1.3, 0.9, 0.95, 1.05, 1.2]),
           ([2.3, 1.2, 0.6, 0.3, 0.15, 0.08], [2.2, 1.3, 0.9, 0.85, 0.84, 0.83]),
           ([2.3, 2.2, 2.1, 2.05, 2.0, 1.98], [2.3, 2.2, 2.15, 2.1, 2.08, 2.07]),
           ([2.3, 1.5, 3.0, 9.0, 40.0, 80.0], [2.3, 1.6, 3.5, 9.0, 50.0, 90.0]),
           ([2.3, 1.0, 0.5, 0.4, 0.35, 0.3], [2.3, 1.0, 0.8, 0.8, 0.85, 0.87]),
           ([2.3, 1.0, 0.5, 0.4, 0.35, 0.3], [2.3, 1.0, 0.8, 0.9, 0.85, 0.95]),
           ([1.0, 0.7, 0.5], [1.0, 0.6, 0.7]), ([2.0, 1.0, float("inf")], [2.0, 1.0, 1.0])]
check("diagnose", [diagnose(t, v) for t, v in _curves], weight=3)
check("advice", [advice(d) for d in ("diverging", "overfitting", "underfitting", "ok")])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_r", "grade": false, "solution": false, "locked": true}
# ## R 部分 · 需求分析（10 分）/ Part R · Requirements analysis (10 points)
#
# 用户反映：“早上高峰时识别变慢”“同一张单据在线上和离线评测时结果不同”“边缘盒子装不下新模型”。`logs/requests.jsonl` 是服务一天的请求日志
# （每行一个 JSON：`ts` "YYYY-MM-DD HH:MM:SS.mmm"、`latency_ms`、`status` "ok"/"error"）。
#
# Users report: "recognition slows down at the morning peak", "the same slip gets different answers online and in the offline evaluation", "the new model does not fit on the edge boxes".
# `logs/requests.jsonl` is a day of the service's request log (a JSON object per line: `ts` "YYYY-MM-DD HH:MM:SS.mmm", `latency_ms`, `status` "ok"/"error").
#
# ### R1 · 用数据量化需求（4 分）/ R1 · Quantify the requirements from data (4 points)
#
# `traffic_figures(path)` 返回字典 / returns a dict:
# `requests`（总行数 / lines）、`peak_minute`（请求最多的一分钟 "HH:MM"，并列取最早 / the busiest minute, the earliest on ties）、`peak_rpm`（该分钟请求数 / its requests）、
# `peak_hour`（请求最多的小时 int，并列取最早 / the busiest hour）、`p95_peak_hour`、`p95_other_hours`（该小时 / 其余小时 `status == "ok"` 请求的 `latency_ms` 95 百分位数，`np.percentile` 默认方法，保留 2 位小数 /
# the 95th percentile of `latency_ms` of the ok requests in that hour / in the other hours, rounded to 2 decimals）、`error_rate`（error 行 / 总行数，保留 4 位小数 / error lines over all lines, 4 decimals）。

# %% nbgrader={"grade_id": "r1_traffic", "grade": false, "solution": true, "locked": false}
def traffic_figures(path):
    ### BEGIN SOLUTION
    records = [json.loads(line) for line in open(path) if line.strip()]
    minutes, hours = {}, {}
    for r in records:
        minutes[r["ts"][11:16]] = minutes.get(r["ts"][11:16], 0) + 1
        h = int(r["ts"][11:13])
        hours[h] = hours.get(h, 0) + 1
    peak_minute = min(minutes, key=lambda m: (-minutes[m], m))
    peak_hour = min(hours, key=lambda h: (-hours[h], h))
    ok_peak = [r["latency_ms"] for r in records if r["status"] == "ok" and int(r["ts"][11:13]) == peak_hour]
    ok_other = [r["latency_ms"] for r in records if r["status"] == "ok" and int(r["ts"][11:13]) != peak_hour]
    return {"requests": len(records), "peak_minute": peak_minute, "peak_rpm": minutes[peak_minute], "peak_hour": peak_hour,
            "p95_peak_hour": round(float(np.percentile(ok_peak, 95)), 2),
            "p95_other_hours": round(float(np.percentile(ok_other, 95)), 2),
            "error_rate": round(sum(r["status"] == "error" for r in records) / len(records), 4)}
    ### END SOLUTION


figures = traffic_figures("logs/requests.jsonl")
print(figures)

# %% nbgrader={"grade_id": "test_r1_traffic", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert figures["requests"] == sum(1 for _ in open("logs/requests.jsonl"))
assert figures["p95_peak_hour"] > figures["p95_other_hours"]
### BEGIN HIDDEN TESTS
_f = traffic_figures("/run/practicum/hidden/traffic_b/requests.jsonl")
check("volume", [int(_f["requests"]), str(_f["peak_minute"]), int(_f["peak_rpm"]), int(_f["peak_hour"])], weight=2)
check("latency", [float(_f["p95_peak_hour"]), float(_f["p95_other_hours"])], tol=1e-6)
check("errors", float(_f["error_rate"]), tol=1e-9)
check("public", traffic_figures("logs/requests.jsonl"), tol=1e-6)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 需求文档（6 分，人工评分）/ R2 · Requirements document (6 points, scored by examiners)
#
# 把三条用户反映整理成平台需求（每条：问题描述 → 原因假设 → 可度量的需求与验收标准），要用到 R1 的数字（峰值每分钟请求数、高峰与其他时段的 P95）；
# 并指出原需求文档中缺少的细节（如容量余量、一致性核对方法、边缘设备的模型大小上限）。
# Turn the three reports into platform requirements (each: the problem → a hypothesis of the cause → a measurable requirement with its acceptance criterion), using R1's figures
# (peak requests per minute, p95 at the peak and at other hours); and name the details missing from the original requirements (e.g. capacity headroom, how consistency is checked, the model size limit on edge devices).

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（25 分）/ Part B · Design and development (25 points)
#
# ### B1 · 计算图优化（6 分）/ B1 · Graph optimisation (6 points)
#
# 实现 `optimise(src, dst, level)`（`level` 为 `"disable"`、`"basic"`、`"extended"`、`"all"`，对应 `ort.GraphOptimizationLevel` 的四个级别；用 `SessionOptions.optimized_model_filepath`
# 把优化后的图写到 `dst`，返回会话）和 `op_counts(path)`（`onnx.load` 后 `{算子类型: 个数}`，按名称排序）。在 `data/given/unoptimised.onnx` 上看看每个级别删除或合并了哪些算子。
# Implement `optimise(src, dst, level)` (`level` is `"disable"`, `"basic"`, `"extended"` or `"all"` for the four `ort.GraphOptimizationLevel`s; write the optimised graph to `dst` with
# `SessionOptions.optimized_model_filepath`, return the session) and `op_counts(path)` (`{op type: count}` after `onnx.load`, sorted by name). See what each level removes or fuses in `data/given/unoptimised.onnx`.

# %% nbgrader={"grade_id": "b1_optimise", "grade": false, "solution": true, "locked": false}
import onnx

# %include ../../_shared/platform/cells/optimise.py

os.makedirs("opt", exist_ok=True)
for level in LEVELS:
    optimise("data/given/unoptimised.onnx", f"opt/given_{level}.onnx", level)
    print(f"{level:9s}", op_counts(f"opt/given_{level}.onnx"))

# %% nbgrader={"grade_id": "test_b1_optimise", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert "Identity" in op_counts("data/given/unoptimised.onnx") and "Identity" not in op_counts("opt/given_basic.onnx")
### BEGIN HIDDEN TESTS
import tempfile
with tempfile.TemporaryDirectory() as _t:
    for _lv in ("disable", "basic", "extended"):
        _s = optimise("/run/practicum/hidden/given_b/unoptimised.onnx", f"{_t}/{_lv}.onnx", _lv)
        check(f"ops_{_lv}", op_counts(f"{_t}/{_lv}.onnx"), weight=2)
    _hx = np.load("/run/practicum/hidden/service/x.npy")[:50]
    check("same_output", _s.run(None, {_s.get_inputs()[0].name: _hx})[0].astype(np.float32), tol=1e-4)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 动态 INT8 量化（9 分）/ B2 · Dynamic INT8 quantisation (9 points)
#
# 1. 用 paddle2onnx 把 `models/digits_mlp` 转换为 `models/digits_mlp.onnx`（opset 13）。注意：`quantize_dynamic` 只量化权重为常量初始值（initializer）的 `MatMul`；
#    `--optimize_tool None` 会让权重留在 `Constant` 节点里，量化后大小几乎不变。请用默认优化（例如 `paddle2onnx.export(模型.json, 模型.pdiparams, 输出.onnx, opset_version=13)`），并检查文件大小。
# 2. 用 `onnxruntime.quantization.quantize_dynamic`（`weight_type=QuantType.QInt8`）量化为 **`deploy/model/digits_int8.onnx`**。
# 评分：隐藏请求上的准确率 ≥ 0.95 满分、≥ 0.92 得 70%、≥ 0.88 得 40%；**文件必须小于 0.3 MB**（超过即 0 分）。C1 会把你的服务与它的离线结果比对。
#
# 1. Convert `models/digits_mlp` with paddle2onnx to `models/digits_mlp.onnx` (opset 13). Mind: `quantize_dynamic` only quantises `MatMul`s whose weights are initializers;
#    `--optimize_tool None` leaves the weights in `Constant` nodes and the size hardly changes. Use the default optimisation (e.g. `paddle2onnx.export(model.json, model.pdiparams, out.onnx, opset_version=13)`) and check the file sizes.
# 2. Quantise it with `onnxruntime.quantization.quantize_dynamic` (`weight_type=QuantType.QInt8`) to **`deploy/model/digits_int8.onnx`**.
# Scoring: accuracy on the hidden requests ≥ 0.95 full, ≥ 0.92 70 %, ≥ 0.88 40 %; **the file must be under 0.3 MB** (0 points above). C1 compares your service with its offline answers.

# %% nbgrader={"grade_id": "b2_int8", "grade": false, "solution": true, "locked": false}
from onnxruntime.quantization import QuantType, quantize_dynamic

### BEGIN SOLUTION
import paddle2onnx

paddle2onnx.export("models/digits_mlp.json", "models/digits_mlp.pdiparams", "models/digits_mlp.onnx", opset_version=13)
quantize_dynamic("models/digits_mlp.onnx", "deploy/model/digits_int8.onnx", weight_type=QuantType.QInt8)
### END SOLUTION
fp32 = ort.InferenceSession("models/digits_mlp.onnx", providers=["CPUExecutionProvider"])
int8 = ort.InferenceSession("deploy/model/digits_int8.onnx", providers=["CPUExecutionProvider"])
fp32_val = fp32.run(None, {fp32.get_inputs()[0].name: val_x})[0]
int8_val = int8.run(None, {int8.get_inputs()[0].name: val_x})[0]
print(f"sizes: fp32 {os.path.getsize('models/digits_mlp.onnx') / 1e6:.3f} MB, int8 {os.path.getsize('deploy/model/digits_int8.onnx') / 1e6:.3f} MB")
print(f"validation accuracy: fp32 {metrics.accuracy(val_y, fp32_val.argmax(1)):.3f}, int8 {metrics.accuracy(val_y, int8_val.argmax(1)):.3f}")


# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 数据并行（10 分）/ B3 · Data parallelism (10 points)
#
# 数据并行训练：每个进程（rank）用自己那一份数据算梯度，再用 all-reduce 求平均，所有进程用同一个平均梯度更新，参数保持一致。
# In data-parallel training each process (rank) computes the gradient on its own shard, the gradients are averaged by an all-reduce, and every process applies the same averaged gradient, so the parameters stay identical.
#
# 1. `shard_indices(n, world, rank)`：该 rank 的样本下标 `rank, rank + world, rank + 2·world, …`（int 列表）/ the rank's sample indices (a list of ints).
# 2. `average_gradients(grads, sizes)`：各 rank 的梯度（同形状数组）按样本数 `sizes` 加权平均 / the ranks' gradients (arrays of one shape) averaged with the shard sizes as weights.
# 3. `dp_linear_regression(x, y, world, lr, steps)`：用 numpy 模拟 `world` 个 rank 训练线性回归 `w`（初值 0，形状 [特征数]）：每步每个 rank 在自己的分片上算
#    均方误差的梯度 `2 / m · Xᵀ(Xw − y)`（m 为分片样本数），用 `average_gradients` 平均后 `w -= lr · g`；返回 `steps` 步后的 `w`（float64）。
#    / simulate `world` ranks training a linear regression `w` (zeros, shape [features]) with numpy: at each step each rank computes the mean-squared-error gradient
#    `2 / m · Xᵀ(Xw − y)` on its shard (m its size), averages with `average_gradients`, then `w -= lr · g`; return `w` (float64) after `steps` steps.
# 4. 在 **`dp_check.py`**（由模板复制）中完成标出的部分：取本 rank 的分片，经 `paddle.DataParallel` 前向和反向，再对 `rank + 1` 做 `dist.all_reduce`。下面的单元格用
#    `python -m paddle.distributed.launch --nproc_per_node 2` 在 2 个 CPU 进程上运行它；数据并行的梯度应与单进程全批量梯度一致（差 < 1e-5）。
#    / Complete the marked part of **`dp_check.py`** (copied from the template): take this rank's shard, run forward and backward through `paddle.DataParallel`,
#    then `dist.all_reduce` of `rank + 1`. The cell below runs it on 2 CPU processes with `python -m paddle.distributed.launch --nproc_per_node 2`; the data-parallel gradient
#    should equal the full-batch gradient of one process (difference < 1e-5).

# %% nbgrader={"grade_id": "b3_parallel", "grade": false, "solution": true, "locked": false}
def shard_indices(n, world, rank):
    ### BEGIN SOLUTION
    return list(range(rank, n, world))
    ### END SOLUTION


def average_gradients(grads, sizes):
    ### BEGIN SOLUTION
    total = float(sum(sizes))
    return sum(np.asarray(g, dtype=np.float64) * (s / total) for g, s in zip(grads, sizes))
    ### END SOLUTION


def dp_linear_regression(x, y, world, lr, steps):
    ### BEGIN SOLUTION
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    w = np.zeros(x.shape[1])
    shards = [shard_indices(len(x), world, r) for r in range(world)]
    for _ in range(steps):
        grads = [2.0 / len(s) * x[s].T @ (x[s] @ w - y[s]) for s in shards]
        w = w - lr * average_gradients(grads, [len(s) for s in shards])
    return w
    ### END SOLUTION


_rng = np.random.default_rng(0)
_x = _rng.normal(size=(60, 3)); _y = _x @ np.array([1.0, -2.0, 0.5])
print("2 ranks:", np.round(dp_linear_regression(_x, _y, 2, 0.1, 100), 4), " 1 rank:", np.round(dp_linear_regression(_x, _y, 1, 0.1, 100), 4))

# %%
# 在 2 个 CPU 进程上运行 dp_check.py / run dp_check.py on 2 CPU processes
shutil.rmtree("dist_out", ignore_errors=True)
run = subprocess.run([sys.executable, "-m", "paddle.distributed.launch", "--nproc_per_node", "2", "--log_dir", "dist_log",
                      "dp_check.py", "dist_out"], capture_output=True, text=True, timeout=120,
                     env=dict(os.environ, GLOO_SOCKET_IFNAME="lo"))  # gloo over the loopback interface (no name resolution needed)
print("exit code", run.returncode)
dist_results = [json.load(open(f"dist_out/rank{r}.json")) for r in range(2) if os.path.exists(f"dist_out/rank{r}.json")]
for r in dist_results:
    print(r)
if len(dist_results) < 2:
    print(run.stdout[-1500:], "\n".join(open(p).read()[-800:] for p in sorted(__import__("glob").glob("dist_log/*"))))

# %% nbgrader={"grade_id": "test_b3_parallel", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert shard_indices(7, 3, 1) == [1, 4]
assert np.allclose(average_gradients([np.ones(2), 3 * np.ones(2)], [1, 3]), [2.5, 2.5])
assert len(dist_results) == 2 and all(r["grad_diff"] < 1e-5 for r in dist_results)
### BEGIN HIDDEN TESTS
check("shards", [[int(i) for i in shard_indices(n, w, r)] for n, w, r in [(10, 3, 0), (10, 3, 2), (5, 4, 3), (3, 4, 3), (8, 1, 0)]])
_g = [np.arange(6.0).reshape(2, 3), np.ones((2, 3)), -np.arange(6.0).reshape(2, 3)]
check("average", np.asarray(average_gradients(_g, [5, 3, 2]), dtype=np.float64), tol=1e-9)
_rng = np.random.default_rng(77)
_x = _rng.normal(size=(90, 4)); _y = _x @ _rng.normal(size=4) + _rng.normal(0, 0.1, 90)
check("dp_equal_shards", np.asarray(dp_linear_regression(_x, _y, 3, 0.05, 40), dtype=np.float64), tol=1e-8, weight=2)
check("dp_unequal_shards", np.asarray(dp_linear_regression(_x[:89], _y[:89], 4, 0.05, 25), dtype=np.float64), tol=1e-8)
_runs = sorted(dist_results, key=lambda r: r["rank"])
check("launch", [[int(r["rank"]), int(r["world"]), float(r["allreduce"]), int(r["shard"])] for r in _runs], weight=2)
check("launch_gradient", [bool(r["grad_diff"] < 1e-5) for r in _runs], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（15 分）/ Part C · Testing and verification (15 points)
#
# `deploy/serve.py`（由模板复制）已给出接口与预处理；完成 `load_session()`：启动时加载 `deploy/model/digits_int8.onnx` 一次，开启全部图优化（`ORT_ENABLE_ALL`），
# `intra_op_num_threads = 1`。再编写 **`deploy/start.sh`**（进入脚本目录，用 `${PORT:-8080}` 前台启动 `serve.py`）。下面的单元格启动它并测量。
# `deploy/serve.py` (copied from the template) gives the API and preprocessing; complete `load_session()`: load `deploy/model/digits_int8.onnx` once at start-up with every graph
# optimisation on (`ORT_ENABLE_ALL`) and `intra_op_num_threads = 1`. Then write **`deploy/start.sh`** (change to its folder, run `serve.py` in the foreground on `${PORT:-8080}`). The cell below starts and measures it.
#
# ### C1 · 线上线下一致性与延迟（8 分，评分程序测量）/ C1 · Online/offline consistency and latency (8 points, measured by the grader)
#
# 评分程序启动 `deploy/start.sh`，发送 200 个隐藏请求：答案须与 B2 的 `deploy/model/digits_int8.onnx` 离线预测一致（≥ 99%，6 分）；P95 ≤ 50 ms（2 分，≤ 100 ms 一半）。
# The grader starts `deploy/start.sh` and sends 200 hidden requests: the answers must agree with B2's `deploy/model/digits_int8.onnx` offline (≥ 99 %, 6 points); p95 ≤ 50 ms (2 points; ≤ 100 ms half).

# %%
import urllib.request
import urllib.error


# %include ../../_shared/platform/cells/service_helpers.py



svc = start_service("deploy/start.sh", PORT)
try:
    val_req = np.rint(val_x.reshape(len(val_x), -1) * 16).astype(int)
    online, online_ms = [], []
    for row in val_req:
        status, doc, sec = post(f"http://127.0.0.1:{PORT}/predict", {"pixels": row.tolist()})
        online.append(doc["label"] if status == 200 else -1)
        online_ms.append(sec * 1000)
    online = np.array(online)
    print(f"online accuracy {metrics.accuracy(val_y, online):.3f}; agreement with INT8 offline {np.mean(online == int8_val.argmax(1)):.3f}")
    print(f"p50 {np.percentile(online_ms, 50):.2f} ms, p95 {np.percentile(online_ms, 95):.2f} ms")
finally:
    stop_service(svc)


# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 精度与性能测试工具（7 分）/ C2 · Accuracy and performance test tools (7 points)
#
# 1. `compare_precision(y, fp32_logits, int8_logits, budget=0.01)` 返回字典：`acc_fp32`、`acc_int8`、`drop`（= acc_fp32 − acc_int8）、`agreement`（两者 argmax 一致的比例）、
#    `max_abs_diff`（logits 最大绝对差）、`within_budget`（`drop <= budget`，bool）。
# 2. `latency_stats(ms)`（每个请求的毫秒数列表）返回字典：`p50`、`p95`、`p99`（`np.percentile` 默认方法）、`mean`、`rps_one_worker`（= 1000 / mean，一个串行工作进程每秒能处理的请求数）；都保留 3 位小数。
#
# 1. `compare_precision(y, fp32_logits, int8_logits, budget=0.01)` returns a dict: `acc_fp32`, `acc_int8`, `drop` (= acc_fp32 − acc_int8), `agreement` (the share of equal argmax),
#    `max_abs_diff` (the largest absolute logit difference), `within_budget` (`drop <= budget`, bool).
# 2. `latency_stats(ms)` (a list of milliseconds per request) returns a dict: `p50`, `p95`, `p99` (`np.percentile`'s default), `mean`, `rps_one_worker` (= 1000 / mean, the requests per second one serial worker handles); all rounded to 3 decimals.

# %% nbgrader={"grade_id": "c2_tools", "grade": false, "solution": true, "locked": false}
def compare_precision(y, fp32_logits, int8_logits, budget=0.01):
    ### BEGIN SOLUTION
    y = np.asarray(y)
    a, b = np.asarray(fp32_logits), np.asarray(int8_logits)
    acc_a, acc_b = float(np.mean(a.argmax(1) == y)), float(np.mean(b.argmax(1) == y))
    return {"acc_fp32": acc_a, "acc_int8": acc_b, "drop": acc_a - acc_b, "agreement": float(np.mean(a.argmax(1) == b.argmax(1))),
            "max_abs_diff": float(np.abs(a - b).max()), "within_budget": bool(acc_a - acc_b <= budget)}
    ### END SOLUTION


def latency_stats(ms):
    ### BEGIN SOLUTION
    ms = np.asarray(ms, dtype=float)
    mean = float(ms.mean())
    return {"p50": round(float(np.percentile(ms, 50)), 3), "p95": round(float(np.percentile(ms, 95)), 3),
            "p99": round(float(np.percentile(ms, 99)), 3), "mean": round(mean, 3), "rps_one_worker": round(1000.0 / mean, 3)}
    ### END SOLUTION


C = "data/compare"
print(compare_precision(np.load(f"{C}/y.npy"), np.load(f"{C}/fp32_logits.npy"), np.load(f"{C}/int8_logits.npy")))
print("your model:", compare_precision(val_y, fp32_val, int8_val))
print("your service:", latency_stats(online_ms) if "online_ms" in globals() else "start it first")

# %% nbgrader={"grade_id": "test_c2_tools", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert compare_precision([0, 1], np.eye(2), np.eye(2))["within_budget"] is True
assert latency_stats([1.0, 2.0, 3.0, 4.0])["rps_one_worker"] == 400.0
### BEGIN HIDDEN TESTS
_C = "/run/practicum/hidden/compare_b"
_r = compare_precision(np.load(f"{_C}/y.npy"), np.load(f"{_C}/fp32_logits.npy"), np.load(f"{_C}/int8_logits.npy"))
check("precision", [float(_r[k]) for k in ("acc_fp32", "acc_int8", "drop", "agreement", "max_abs_diff")], tol=1e-6, weight=3)
check("budget", [bool(_r["within_budget"]), bool(compare_precision(np.load(f"{_C}/y.npy"), np.load(f"{_C}/fp32_logits.npy"), np.load(f"{_C}/int8_logits.npy"), budget=0.1)["within_budget"])])
_ms = np.random.default_rng(5).lognormal(np.log(4.0), 0.5, 500)
check("latency", {k: float(v) for k, v in latency_stats(list(_ms)).items()}, tol=1e-6, weight=2)
check("latency_small", {k: float(v) for k, v in latency_stats([10, 10, 10, 40]).items()}, tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（10 分）/ Part D · Delivery (10 points)
#
# ### D1 · 交付的服务（6 分，评分程序测量）/ D1 · The delivered service (6 points, measured by the grader)
#
# 评分程序用 `deploy/start.sh` 启动服务：能启动（1 分）；200 个隐藏请求准确率 ≥ 0.95 满分、≥ 0.90 一半（3 分）；错误请求都返回 4xx 且服务仍可用（2 分）。
# The grader starts `deploy/start.sh`: it starts (1 point); accuracy on 200 hidden requests ≥ 0.95 full, ≥ 0.90 half (3 points); every malformed request gets a 4xx and the service keeps working (2 points).
#
# ### D2 · 复杂场景的交付文档（4 分，人工评分）/ D2 · Delivery document for a complex scenario (4 points, scored by examiners)
#
# INT8 服务要交付到 3 个分拣中心：A 用 x86 工控机（4 核），B 用 ARM 边缘盒子（2 核、1 GB 内存），C 与其他业务共用一台服务器。写出交付方案要点：
# 各现场的差异与对应配置（线程数、端口、资源限制）、安装与验收步骤（校验值、冒烟测试、一致性与延迟验收标准）、交付流程图（文字箭头即可）、现场常见问题的定位方法。
# The INT8 service goes to 3 sorting centres: A an x86 industrial PC (4 cores), B an ARM edge box (2 cores, 1 GB memory), C a server shared with other workloads. Write the key points of the delivery plan:
# the differences between sites and their settings (threads, port, resource limits), installation and acceptance steps (checksums, smoke test, consistency and latency acceptance criteria), a delivery flowchart (text arrows), and how to locate common on-site problems.

# %% [markdown] nbgrader={"grade_id": "d2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 运维（10 分）/ Part E · Operations (10 points)
#
# `ops/` 是刚升级的边缘现场 digits-edge（文件：`start.sh`、`serve.py`、`config.json`、`manifest.json`、`models/`、`logs/service.log`、`README.md` 部署手册）。升级后服务起不来，
# 按部署手册排查并 **就地修复**（不止一个问题；不要换模型）。评分：评分程序启动 `ops/start.sh`：能启动（1.5 分）、隐藏请求准确率 ≥ 0.92（3 分，≥ 0.85 一半）、P95 ≤ 50 ms（1.5 分）。
#
# `ops/` is the edge site digits-edge, just upgraded (files: `start.sh`, `serve.py`, `config.json`, `manifest.json`, `models/`, `logs/service.log`, `README.md` the deployment manual). Since the upgrade it will not start.
# Follow the manual and **repair it in place** (more than one fault; keep the model). Scoring: the grader starts `ops/start.sh`: it starts (1.5 points), accuracy on hidden requests ≥ 0.92 (3 points; ≥ 0.85 half), p95 ≤ 50 ms (1.5 points).

# %%
# 试启动（不计分）/ try it (not scored)
try:
    ops = start_service("ops/start.sh", PORT, timeout=20)
    try:
        ops_req = np.rint(val_x[:50].reshape(50, -1) * 16).astype(int)
        replies = [post(f"http://127.0.0.1:{PORT}/predict", {"pixels": r.tolist()}) for r in ops_req]
        print("status codes:", sorted({s for s, _, _ in replies}))
        print("accuracy:", np.mean([s == 200 and d["label"] == t for (s, d, _), t in zip(replies, val_y[:50])]),
              f" p95 {np.percentile([sec * 1000 for _, _, sec in replies], 95):.1f} ms")
    finally:
        stop_service(ops)
except RuntimeError as exc:
    print("未启动 / did not start:", exc)

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 改进巡检与排障流程（4 分，人工评分）/ E2 · Improve the inspection and troubleshooting procedure (4 points, scored by examiners)
#
# 写出这次故障的标准排查步骤（按顺序：看日志 → 核对配置与 manifest → 核对模型输入输出 → 测延迟……，每步的命令或方法与判断依据），
# 并提出对日常巡检流程的 3 条改进（让这类问题在升级时就被发现），以及如何指导初级运维人员执行。
# Write the standard troubleshooting steps for this incident (in order: logs → configuration against the manifest → the model's inputs and outputs → latency …, each with its command or method and how to judge),
# and propose 3 improvements to the daily inspection procedure (so that such faults are caught at upgrade time), and how you would guide junior operators through it.

# %% [markdown] nbgrader={"grade_id": "e2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_f", "grade": false, "solution": false, "locked": true}
# ## F 部分 · 技术咨询（15 分，人工评分）/ Part F · Consulting (15 points, scored by examiners)
#
# ### F1 · 技术评估与阶段性升级规划（8 分）/ F1 · Technical evaluation and a phased upgrade plan (8 points)
#
# 公司计划把识别服务推广到 20 个分拣中心，并在一年内加入包裹面单的文字识别。请基于你本次测得的数字（INT8 的大小与精度变化、服务 P95、R1 的峰值流量），
# 做技术评估（CPU/INT8 边缘部署与集中式 GPU 服务的比较：性能、成本、运维、风险），并给出分三个阶段的升级规划（每阶段的目标、交付物、验收指标、所需资源）。
# The company plans to roll the service out to 20 sorting centres and to add text recognition of parcel labels within a year. Using the figures you measured here (INT8 size and accuracy change,
# the service's p95, R1's peak traffic), evaluate the technology (CPU/INT8 edge deployment against a central GPU service: performance, cost, operations, risk) and give a three-phase upgrade plan
# (each phase's goal, deliverables, acceptance metrics, resources).
#
# ### F2 · 资源分析与数据安全评价（7 分）/ F2 · Resource analysis and data security evaluation (7 points)
#
# (1) 估算 20 个中心所需的计算资源（写出计算过程：峰值请求率、单请求耗时、每核吞吐、余量），以及人员与时间资源；
# (2) 评价该系统在隐私保护与数据安全方面的风险（面单含个人信息、样本回流、日志、模型文件），给出措施与人机交互方面的建议（低置信度转人工等）。
# (1) Estimate the computing resources for 20 centres (show the calculation: peak request rate, time per request, throughput per core, headroom), and the people and time needed;
# (2) evaluate the system's privacy and data-security risks (labels hold personal data, collected samples, logs, model files), with measures, and advise on human–machine interaction (e.g. low-confidence cases go to a person).

# %% [markdown] nbgrader={"grade_id": "f1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "f2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
