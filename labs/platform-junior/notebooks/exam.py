# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能平台方向）初级 · 实操考试
# # AI engineering technician, AI platform direction, junior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook, `models/digits.json` + `.pdiparams` |
# | R | 需求分析 Requirements analysis | 5 | 本笔记本 |
# | B | 设计开发 Design and development | 20 | `deploy/model/digits.onnx`, `deploy/serve.py` |
# | C | 测试验证 Testing and verification | 15 | 本笔记本, 运行中的服务 the running service (`deploy/start.sh`) |
# | D | 产品交付 Delivery | 20 | `deploy/`（服务、模型、启动脚本、`deploy/manifest.json`）, 本笔记本 |
# | E | 运维 Operations | 25 | 修复后的 `ops/` the repaired `ops/`, 本笔记本 |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；简答题写在“在此作答”的单元格里。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write short answers in the answer cells.
# - 评分时会用你看不到的隐藏数据：导出的模型在隔离环境中评分；你的服务由评分程序用 **你自己的 `deploy/start.sh`** 启动（`PORT=8080`），
#   再发送隐藏请求和错误请求，并由评分程序自己计时。`ops/` 同样用 `ops/start.sh` 启动后评分。
#   Grading uses hidden data: exported models are scored in a sandbox; your service is started by the grader from **your own
#   `deploy/start.sh`** (with `PORT=8080`), sent hidden and malformed requests and timed by the grader. `ops/` is graded the same way from `ops/start.sh`.
# - 在本环境中 `$PORT` 是分配给你的空闲端口（`os.environ["PORT"]`）；启动脚本里写 `${PORT:-8080}`。
#   In this lab `$PORT` is a free port of your own (`os.environ["PORT"]`); write `${PORT:-8080}` in start scripts.
# - 文件名和路径不要改动。按顺序运行单元格。作答每 10 秒自动保存；完成后点击 **提交 / Submit**（可多次提交，以最后一次为准）。
#   Keep file names and paths. Run the cells in order. Work is saved every 10 seconds; press **提交 / Submit** when done (the last submission counts).
#
# 数据 Data: `data/digits/{train,val}/x.npy` float32 [N, 1, 8, 8]，取值 0–1（= 灰度值 / 16 grey level / 16）；`y.npy` int64 0–9。
# 服务请求中的图像是 64 个 **灰度值 0–16**（整数，行优先）/ images in service requests are 64 **grey levels 0–16** (integers, row-major).

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

# %include ../../_shared/platform/cells/digits_setup.py

# %% [markdown] nbgrader={"grade_id": "part_a", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（15 分）/ Part A · Common AI technology (15 points)
#
# ### A1 · 检查框架环境（5 分）/ A1 · Check a framework environment (5 points)
#
# 同事的训练服务器装不好环境。`env/requirements.txt` 是依赖要求（每行 `名称` + 可选约束，约束用逗号分隔，运算符 `==` `!=` `>=` `<=` `>` `<`；`#` 开头为注释），
# `env/report.json` 是该服务器的环境报告：`packages`（已安装包 → 版本），`device`（`flag` 为配置的设备，如 `cpu`、`gpu`、`gpu:0`；`compiled_with_cuda`；`gpu_count`）。
#
# 1. `satisfies(version, spec)`：版本（如 `"2.4.0"`，按数字逐段比较，位数不同时补 0）是否满足约束（如 `">=2.0,<2.5"`；空字符串总是满足）。
# 2. `check_environment(folder)`：返回问题列表 `[[包名, 问题], ...]`，按包名再按问题排序。包名统一为小写、`_` 换成 `-`。问题只有四种：
#    - `"conflict"`：同一个包在要求里出现不止一行；或同时要求 `paddlepaddle` 与 `paddlepaddle-gpu`（记在 `paddlepaddle-gpu` 上）；
#    - `"missing"`：要求了但没有安装（冲突的包不再检查）；
#    - `"version"`：已安装版本不满足约束（冲突的包不再检查）；
#    - `"device"`：`flag` 要求 GPU（以 `gpu` 开头），但 `compiled_with_cuda` 为假或 `gpu_count` 为 0，记为 `["paddlepaddle", "device"]`。
# 3. `collect_report(names)`：为 **本环境** 生成同格式的报告：`{"python": "主.次", "packages": {名称: 版本或 None}, "device": {"compiled_with_cuda": 布尔}}`
#    （用 `importlib.metadata.version`，未安装为 None；用 `paddle.device.is_compiled_with_cuda()`）。
#
# A colleague's training server will not work. `env/requirements.txt` holds the requirements (a name per line with optional constraints separated by commas,
# operators `==` `!=` `>=` `<=` `>` `<`; `#` starts a comment); `env/report.json` is the server's report: `packages` (installed package → version) and `device`
# (`flag` is the configured device such as `cpu`, `gpu`, `gpu:0`; `compiled_with_cuda`; `gpu_count`).
#
# 1. `satisfies(version, spec)`: does a version (e.g. `"2.4.0"`, compared number by number, the shorter padded with zeros) meet the constraints (e.g. `">=2.0,<2.5"`; an empty string always does)?
# 2. `check_environment(folder)`: the problems `[[package, problem], ...]` sorted by package then problem; package names in lower case with `_` as `-`. Exactly four kinds:
#    - `"conflict"`: a package required on more than one line; or both `paddlepaddle` and `paddlepaddle-gpu` required (reported on `paddlepaddle-gpu`);
#    - `"missing"`: required but not installed (packages in conflict are not checked further);
#    - `"version"`: the installed version fails the constraints (packages in conflict are not checked further);
#    - `"device"`: `flag` asks for a GPU (starts with `gpu`) but `compiled_with_cuda` is false or `gpu_count` is 0, reported as `["paddlepaddle", "device"]`.
# 3. `collect_report(names)`: a report in the same format for **this** environment: `{"python": "major.minor", "packages": {name: version or None}, "device": {"compiled_with_cuda": bool}}`
#    (`importlib.metadata.version`, None when not installed; `paddle.device.is_compiled_with_cuda()`).
#
# 评分时还会检查另外两台服务器的报告 / grading also checks two more servers' reports.

# %% nbgrader={"grade_id": "a1_env", "grade": false, "solution": true, "locked": false}
import importlib.metadata
import platform
import re


def satisfies(version, spec):
    ### BEGIN SOLUTION
    def key(v):
        return [int(p) for p in re.findall(r"\d+", v)]

    def cmp(a, b):
        a, b = key(a), key(b)
        n = max(len(a), len(b))
        a, b = a + [0] * (n - len(a)), b + [0] * (n - len(b))
        return (a > b) - (a < b)

    ops = {"==": lambda c: c == 0, "!=": lambda c: c != 0, ">=": lambda c: c >= 0, "<=": lambda c: c <= 0,
           ">": lambda c: c > 0, "<": lambda c: c < 0}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.match(r"(==|!=|>=|<=|>|<)\s*(.+)", part)
        if not ops[m.group(1)](cmp(version, m.group(2).strip())):
            return False
    return True
    ### END SOLUTION


def check_environment(folder):
    ### BEGIN SOLUTION
    with open(os.path.join(folder, "report.json")) as f:
        report = json.load(f)
    norm = lambda n: n.strip().lower().replace("_", "-")
    installed = {norm(k): v for k, v in report["packages"].items()}
    lines = {}
    with open(os.path.join(folder, "requirements.txt")) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                m = re.match(r"([A-Za-z0-9_.-]+)\s*(.*)", line)
                lines.setdefault(norm(m.group(1)), []).append(m.group(2).strip())
    problems = []
    conflict = {name for name, specs in lines.items() if len(specs) > 1}
    if "paddlepaddle" in lines and "paddlepaddle-gpu" in lines:
        conflict.add("paddlepaddle-gpu")
    for name, specs in lines.items():
        if name in conflict:
            problems.append([name, "conflict"])
        elif name not in installed:
            problems.append([name, "missing"])
        elif not satisfies(installed[name], specs[0]):
            problems.append([name, "version"])
    dev = report.get("device", {})
    if str(dev.get("flag", "cpu")).lower().startswith("gpu") and not (dev.get("compiled_with_cuda") and dev.get("gpu_count", 0) > 0):
        problems.append(["paddlepaddle", "device"])
    return sorted(problems)
    ### END SOLUTION


def collect_report(names):
    ### BEGIN SOLUTION
    packages = {}
    for name in names:
        try:
            packages[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            packages[name] = None
    return {"python": ".".join(platform.python_version_tuple()[:2]), "packages": packages,
            "device": {"compiled_with_cuda": bool(paddle.device.is_compiled_with_cuda())}}
    ### END SOLUTION


print(check_environment("env"))
print(collect_report(["paddlepaddle", "onnxruntime", "paddle2onnx"]))

# %% nbgrader={"grade_id": "test_a1_env", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert satisfies("2.4.0", ">=2.0,<2.5") and not satisfies("1.26.4", ">=2.0") and satisfies("3.3.1", "")
assert satisfies("3.3", "==3.3.0")
assert ["numpy", "conflict"] in check_environment("env")
assert collect_report(["numpy"])["packages"]["numpy"] == np.__version__
### BEGIN HIDDEN TESTS
_cases = [("1.32.0", ">=1.20,<2"), ("2.4.0", "!=2.4.0"), ("0.30.6", ">=0.30,<0.31"), ("5.29.1", "<4"),
          ("1.17.0", ">1.17"), ("1.17.0", "<=1.17"), ("10.0", ">9.9.9"), ("2.10.1", ">2.9"), ("3.2.0", "==3.2")]
check("satisfies", [bool(satisfies(v, s)) for v, s in _cases], weight=2)
check("env_public", check_environment("env"))
check("env_b", check_environment("/run/practicum/hidden/env_b"))
check("env_c", check_environment("/run/practicum/hidden/env_c"))
check("collect_report", collect_report(["paddlepaddle", "onnxruntime", "numpy", "no-such-package"]))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 用 PaddlePaddle 训练并导出数字分类器（10 分）/ A2 · Train and export a digits classifier with PaddlePaddle (10 points)
#
# 完成卷积网络 `DigitNet`（输入 float32 [N, 1, 8, 8]，输出 10 个 logits；例如两个 3×3 卷积 + ReLU + 2×2 池化，再接全连接层）和训练（Adam、交叉熵，应在 20 秒内完成），
# 再用 `paddle.jit.save` 导出到 **`models/digits`**（生成 `models/digits.json` 与 `models/digits.pdiparams`），输入规格 `InputSpec([None, 1, 8, 8], "float32", "image")`。
# 评分：在隔离环境中加载导出的模型，对隐藏测试集（450 张）按准确率：≥ 0.95 满分，≥ 0.90 得 70%，≥ 0.80 得 40%。
#
# Complete the CNN `DigitNet` (input float32 [N, 1, 8, 8], 10 logits out; e.g. two 3×3 convolutions + ReLU + 2×2 pooling, then a fully connected layer) and its training
# (Adam, cross-entropy; it should finish within 20 s), then export with `paddle.jit.save` to **`models/digits`** (writing `models/digits.json` and `models/digits.pdiparams`)
# with input spec `InputSpec([None, 1, 8, 8], "float32", "image")`. Scoring: the export is loaded in a sandbox and fed the 450 hidden test digits; accuracy ≥ 0.95 full marks, ≥ 0.90 70 %, ≥ 0.80 40 %.

# %% nbgrader={"grade_id": "a2_train", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/train_digitnet.py

# %%
# %include ../../_shared/platform/cells/export_feedback.py

# %% [markdown] nbgrader={"grade_id": "part_r", "grade": false, "solution": false, "locked": true}
# ## R 部分 · 需求分析（5 分，人工评分）/ Part R · Requirements analysis (5 points, scored by examiners)
#
# 一家物流公司希望把“手写单据数字识别”模型做成内部平台上的在线服务，供 3 个分拣中心的扫描终端调用（高峰约每秒 50 个请求）。
# 请整理一份简短的需求文档（要点即可）：(1) 用户与使用场景、平台研发的主要流程；(2) 功能需求（接口、输入输出、版本管理）；
# (3) 可度量的非功能需求（准确率、P95 延迟、吞吐、可用性）；(4) 数据与安全（样本回流、隐私、权限）；(5) 验收方式。
#
# A logistics company wants the handwritten-digit model as an online service on its internal platform, called by the scanners of 3 sorting centres (about 50 requests per second at peak).
# Write short requirements (bullet points): (1) users and usage scenarios, the main steps of building it on the platform; (2) functional requirements (interface, inputs and outputs, versioning);
# (3) measurable non-functional requirements (accuracy, p95 latency, throughput, availability); (4) data and security (collecting samples back, privacy, permissions); (5) how it is accepted.

# %% [markdown] nbgrader={"grade_id": "r1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（20 分）/ Part B · Design and development (20 points)
#
# ### B1 · 转换为 ONNX（8 分）/ B1 · Convert to ONNX (8 points)
#
# 用 paddle2onnx 把 `models/digits` 转换为 **`deploy/model/digits.onnx`**（opset 13；本环境离线，请加 `--optimize_tool None`）：
# Convert `models/digits` to **`deploy/model/digits.onnx`** with paddle2onnx (opset 13; offline here, so pass `--optimize_tool None`):
#
# `paddle2onnx --model_dir models --model_filename digits.json --params_filename digits.pdiparams --save_file deploy/model/digits.onnx --opset_version 13 --optimize_tool None`
#
# 评分：用 ONNX Runtime 对 200 张隐藏测试图像按准确率评分（≥ 0.95 满分，≥ 0.90 得 70%，≥ 0.80 得 40%）；C1 还会把它的结果与你的服务比对。
# Scoring: accuracy of ONNX Runtime on 200 hidden test digits (≥ 0.95 full, ≥ 0.90 70 %, ≥ 0.80 40 %); C1 also compares its answers with your service's.

# %% nbgrader={"grade_id": "b1_convert", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/convert.py

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 服务的预处理（6 分）/ B2 · The service's preprocessing (6 points)
#
# 打开 **`deploy/serve.py`**（第一个代码单元格从 `templates/serve.py` 复制而来），完成 `preprocess(doc)`：
# `doc` 是解析后的请求体，合法时为 `{"pixels": [64 个灰度值 0–16]}`（整数或小数），返回 float32 [1, 1, 8, 8]，值为灰度值 / 16（与训练数据一致）。
# 以下情况抛出 `ValueError`：不是对象（dict）、缺少 `pixels`、`pixels` 不是列表或长度不是 64、含有非数字（包括 `true`/`false`、`null`、字符串、嵌套列表）、
# 含 NaN/无穷、超出 0–16。然后完成 `load_session()` 和 `do_POST`（见 C 部分）。
#
# Open **`deploy/serve.py`** (the first code cell copied it from `templates/serve.py`) and complete `preprocess(doc)`: `doc` is the parsed request body,
# valid when it is `{"pixels": [64 grey levels 0–16]}` (integers or decimals); return float32 [1, 1, 8, 8] holding grey level / 16 (as in the training data).
# Raise `ValueError` when: it is not an object (dict), `pixels` is missing, `pixels` is not a list or its length is not 64, it holds a non-number (including
# `true`/`false`, `null`, strings, nested lists), NaN/infinity, or a value outside 0–16. Then complete `load_session()` and `do_POST` (see part C).

# %% nbgrader={"grade_id": "test_b2_preprocess", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/platform/cells/test_preprocess.py

# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 全周期流程图（6 分，人工评分）/ B3 · A full-cycle flowchart (6 points, scored by examiners)
#
# 画出本考试数字识别场景从数据到线上服务的全周期流程图（可用 Mermaid `flowchart` 代码或文字箭头），每个环节写明输入/输出文件、所用工具和检查点，
# 并标出模型更新时要回到哪一步。
# Draw the full-cycle flowchart of this exam's digit recognition from data to the online service (Mermaid `flowchart` code or text arrows); for each step give its
# input/output files, the tool used and its checkpoint, and mark where a model update re-enters the cycle.

# %% [markdown] nbgrader={"grade_id": "b3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（15 分）/ Part C · Testing and verification (15 points)
#
# ### 启动你的服务 / Start your service
#
# 1. 在 `deploy/serve.py` 中完成 `load_session()`（启动时加载一次 `deploy/model/digits.onnx`）和 `do_POST`：解析 JSON、调用 `preprocess`，
#    错误请求返回 **400** 和 `{"error": ...}`，成功返回 **200** 和 `{"label": 类别整数}`。`GET /health` 已给出。
# 2. 编写 **`deploy/start.sh`**：进入脚本所在目录，用 `${PORT:-8080}` 端口前台启动服务（例如 `exec python serve.py`；`serve.py` 已读取环境变量 `PORT`）。
# 3. 运行下面的单元格：它用你的 `start.sh` 在你的 `$PORT` 上启动服务，发送验证集请求，显示准确率和延迟。
#
# 1. In `deploy/serve.py` complete `load_session()` (loads `deploy/model/digits.onnx` once at start-up) and `do_POST`: parse the JSON, call `preprocess`,
#    answer a malformed request with **400** and `{"error": ...}`, a good one with **200** and `{"label": class as an integer}`. `GET /health` is given.
# 2. Write **`deploy/start.sh`**: change to the script's folder and run the service in the foreground on port `${PORT:-8080}` (e.g. `exec python serve.py`; `serve.py` reads `PORT`).
# 3. Run the cell below: it starts your service with your `start.sh` on your `$PORT`, sends the validation digits and shows accuracy and latency.
#
# ### C1 · 线上线下一致性与延迟（6 分，评分程序测量）/ C1 · Online/offline consistency and latency (6 points, measured by the grader)
#
# 评分程序启动你的服务，发送 200 个隐藏请求：服务的答案须与 B1 的 ONNX 模型离线预测一致（≥ 99%，4 分），P95 延迟 ≤ 50 ms（2 分；≤ 100 ms 得一半）。
# The grader starts your service and sends 200 hidden requests: its answers must agree with B1's ONNX model run offline (≥ 99 %, 4 points) and p95 latency must be ≤ 50 ms (2 points; ≤ 100 ms half).

# %%
import urllib.request
import urllib.error


# %include ../../_shared/platform/cells/service_helpers.py


svc = start_service("deploy/start.sh", PORT)
# %include ../../_shared/platform/cells/online_predictions.py
print(f"online accuracy {metrics.accuracy(val_y, online):.3f}, agreement with ONNX offline {np.mean(online == onnx_val.argmax(1)):.3f}")
print(f"p50 {np.percentile(ms, 50):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms")
for bad in [b"not json", {"pixels": [1] * 63}, {"pixels": "abc"}]:
    print("bad request", str(bad)[:30], "->", post(f"http://127.0.0.1:{PORT}/predict", bad)[:2])
stop_service(svc)

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 验证报告函数（5 分）/ C2 · A verification report function (5 points)
#
# `data/verify/` 中是同一批 300 个请求的：`offline_logits.npy`（离线模型 float32 [N, 10]）、`online_labels.npy`（线上服务的答案 int [N]）、`y.npy`（标签）。
# 实现 `verify_report(y, offline_logits, online_labels)`，返回字典：
# `offline_accuracy`、`online_accuracy`（float）、`agreement`（线上与离线 argmax 一致的比例，float）、`disagree_ids`（不一致的下标，升序 int 列表）、
# `per_class_recall`（离线模型每类召回率，长度 10 的 float 列表；某类没有样本时为 0.0）、`confusion`（离线模型混淆矩阵，10×10 int 列表，行为真实类别）。
#
# `data/verify/` holds, for the same 300 requests: `offline_logits.npy` (the offline model, float32 [N, 10]), `online_labels.npy` (the online service's answers, int [N]) and `y.npy` (labels).
# Implement `verify_report(y, offline_logits, online_labels)` returning a dict: `offline_accuracy`, `online_accuracy` (floats), `agreement` (the share where online equals the offline argmax, float),
# `disagree_ids` (the indices where they differ, ascending list of ints), `per_class_recall` (the offline model's recall per class, a list of 10 floats; 0.0 for a class without samples)
# and `confusion` (the offline model's confusion matrix, 10×10 list of ints, rows = true class).

# %% nbgrader={"grade_id": "c2_verify", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/verify.py

# %% nbgrader={"grade_id": "test_c2_verify", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/platform/cells/test_verify.py

# %% [markdown] nbgrader={"grade_id": "c3_text", "grade": false, "solution": false, "locked": true}
# ### C3 · 验证报告（4 分，人工评分）/ C3 · Verification report (4 points, scored by examiners)
#
# 用你在本笔记本中测得的数字写一份简短的验证报告：验证对象与环境（模型文件、版本、运行时）、验证方法（数据、请求数）、
# 精度（离线、线上、各类召回率中最差的类）、线上线下一致性与不一致的原因分析、性能（P50/P95）、结论（是否可以交付）与遗留问题。
# Write a short verification report with the figures you measured in this notebook: what was verified and where (model file, version, runtime), the method (data, number of requests),
# accuracy (offline, online, the worst class's recall), online/offline consistency and the causes of disagreements, performance (p50/p95), the conclusion (ready to deliver?) and open issues.

# %% [markdown] nbgrader={"grade_id": "c3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 产品交付（20 分）/ Part D · Delivery (20 points)
#
# 交付包就是 `deploy/` 文件夹：`serve.py`、`start.sh`、`model/digits.onnx`、`manifest.json`。
# The delivery package is the `deploy/` folder: `serve.py`, `start.sh`, `model/digits.onnx`, `manifest.json`.
#
# ### D1 · 交付清单（5 分）/ D1 · Package manifest (5 points)
#
# 实现 `write_manifest(folder, version)`：遍历 `folder` 下所有文件（不含 `manifest.json` 本身、`__pycache__` 中的文件），
# 生成 `{"version": version, "files": {相对路径（用 / 分隔）: {"sha256": 十六进制, "bytes": 字节数}}}`，按路径排序写入 `folder/manifest.json`（`json.dump(..., indent=2, sort_keys=True)`），并返回该字典。
# Implement `write_manifest(folder, version)`: over every file under `folder` (except `manifest.json` itself and files in `__pycache__`) build
# `{"version": version, "files": {relative path (with /): {"sha256": hex, "bytes": size}}}`, write it to `folder/manifest.json` (`json.dump(..., indent=2, sort_keys=True)`) and return the dict.
#
# ### D2 · 交付的服务（8 分，评分程序测量）/ D2 · The delivered service (8 points, measured by the grader)
#
# 评分程序用 `deploy/start.sh` 启动服务：能启动并在 `GET /health` 返回 200（1 分）；200 个隐藏请求的准确率 ≥ 0.95 满分、≥ 0.90 一半（3 分）；
# 错误请求（非 JSON、JSON 列表、`{}`、类型或长度错误、值越界、`GET /predict` 等）都返回 4xx 且服务仍然可用（4 分）。
# The grader starts the service with `deploy/start.sh`: it starts and `GET /health` answers 200 (1 point); accuracy on 200 hidden requests ≥ 0.95 full, ≥ 0.90 half (3 points);
# malformed requests (not JSON, a JSON list, `{}`, wrong types or lengths, out-of-range values, `GET /predict`, ...) each get a 4xx and the service keeps working (4 points).

# %% nbgrader={"grade_id": "d1_manifest", "grade": false, "solution": true, "locked": false}
import hashlib


def write_manifest(folder, version):
    ### BEGIN SOLUTION
    files = {}
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            path = os.path.join(root, name)
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel == "manifest.json":
                continue
            with open(path, "rb") as f:
                data = f.read()
            files[rel] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    manifest = {"version": version, "files": dict(sorted(files.items()))}
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    return manifest
    ### END SOLUTION


print(json.dumps(write_manifest("deploy", "1.0.0"), indent=1)[:600])

# %% nbgrader={"grade_id": "test_d1_manifest", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import tempfile
_m = json.load(open("deploy/manifest.json"))
assert "model/digits.onnx" in _m["files"] and "manifest.json" not in _m["files"]
### BEGIN HIDDEN TESTS
with tempfile.TemporaryDirectory() as _t:
    shutil.copytree("/run/practicum/hidden/package_b", f"{_t}/pkg")
    os.makedirs(f"{_t}/pkg/__pycache__")
    open(f"{_t}/pkg/__pycache__/serve.cpython-311.pyc", "wb").write(b"x")
    open(f"{_t}/pkg/manifest.json", "w").write("{}")
    _ret = write_manifest(f"{_t}/pkg", "2.1.0")
    check("manifest_return", _ret, weight=2)
    check("manifest_file", json.load(open(f"{_t}/pkg/manifest.json")), weight=2)
    check("manifest_text", open(f"{_t}/pkg/manifest.json").read())
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d3_text", "grade": false, "solution": false, "locked": true}
# ### D3 · README 与接口文档（7 分，人工评分）/ D3 · README and API document (7 points, scored by examiners)
#
# 在下面写出交付包的 README（也可以同时保存为 `deploy/README.md`）：内容、运行环境与安装、启动/停止与端口、接口（请求/响应示例、错误码）、
# 模型版本与校验（manifest）、验证结果摘要、常见问题与回退方法。
# Write the package's README below (you may also save it as `deploy/README.md`): contents, runtime and installation, start/stop and port, the API (request/response examples,
# error codes), model version and checksums (manifest), a summary of the verification results, common problems and how to roll back.

# %% [markdown] nbgrader={"grade_id": "d3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_e", "grade": false, "solution": false, "locked": true}
# ## E 部分 · 运维（25 分）/ Part E · Operations (25 points)
#
# `ops/` 是现场已部署的 digits-service（另一个团队交付的线性模型版本）。今天早上它起不来了。文件：`start.sh`、`serve.py`、`metrics_exporter.py`（监控用）、
# `config.json`（在用版本、模型路径、输入缩放）、`manifest.json`（已发布版本及 sha256、冒烟测试样本）、`models/`、`logs/service.log`（每行一个请求的 JSON，末尾是崩溃信息）、`README.md`（部署手册）。
#
# `ops/` is the digits-service deployed on site (a linear model delivered by another team). This morning it will not start. Files: `start.sh`, `serve.py`, `metrics_exporter.py` (for monitoring),
# `config.json` (active version, model paths, input scaling), `manifest.json` (released versions with sha256, a smoke-test sample), `models/`, `logs/service.log` (a JSON request per line, the crash at the end) and `README.md` (the deployment manual).
#
# ### E1 · 修复部署（12 分，评分程序启动 `ops/start.sh` 测量）/ E1 · Repair the deployment (12 points, graded by starting `ops/start.sh`)
#
# 按部署手册排查并 **就地修复** `ops/` 中的文件（有不止一个问题）。评分：能启动（3 分）；200 个隐藏请求准确率 ≥ 0.92 满分、≥ 0.85 一半（9 分）。
# 不要重新训练，也不要换成你自己的模型：用 `ops/models/` 中已发布的模型。下面的单元格可用来试启动。
# Following the deployment manual, find and **repair in place** the files in `ops/` (there is more than one fault). Scoring: it starts (3 points); accuracy on 200 hidden requests ≥ 0.92 full, ≥ 0.85 half (9 points).
# Do not retrain or swap in your own model: use the released model in `ops/models/`. Use the cell below to try it.

# %%
# 试启动（不计分）/ try it (not scored)
try:
    ops = start_service("ops/start.sh", PORT, timeout=20)
    ops_req = np.rint(val_x[:100].reshape(100, -1) * 16).astype(int)
    answers = [post(f"http://127.0.0.1:{PORT}/predict", {"pixels": r.tolist()})[1] for r in ops_req]
    print("ops accuracy on 100 validation digits:", np.mean([a is not None and a.get("label") == t for a, t in zip(answers, val_y[:100])]))
    stop_service(ops)
except RuntimeError as exc:
    print("未启动 / did not start:", exc)

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 日常巡检（8 分）/ E2 · Daily inspection (8 points)
#
# 实现 `inspect_site(url, folder)`，对一个 **正在运行** 的现场做巡检，返回字典：
# - `health`：`GET {url}/health` 的 HTTP 状态码（int，无应答为 None，超时 2 秒）；`version_live`：`GET {url}/version` 返回的 `version`（无应答为 None）；
# - `version_config`：`config.json` 的 `active_version`；`released`：该版本是否在 `manifest.json` 的 `released` 中（bool）；
# - `checksum_mismatches`：`manifest.json` 中所有已发布版本的文件里，sha256 不一致或文件缺失的相对路径（升序列表）；
# - `smoke_ok`：用 `manifest.json` 的 `smoke_test.pixels` 调用 `POST {url}/predict`，返回的 `label` 是否等于 `smoke_test.expected`（bool，无应答为 False）；
# - `p95_ms`：`logs/service.log` 中 `status == "ok"` 的请求 `latency_ms` 的 95 百分位数（`np.percentile` 默认方法，保留 2 位小数）；
# - `error_rate`：`status == "error"` 的请求数 / 请求记录数（有 `status` 字段的 JSON 对象行，保留 4 位小数）；`bad_lines`：非空但不是请求记录的行数（截断的 JSON、报错信息）。
#
# Implement `inspect_site(url, folder)`, an inspection of a **running** site returning a dict:
# - `health`: the HTTP status of `GET {url}/health` (int; None without an answer, 2 s timeout); `version_live`: the `version` of `GET {url}/version` (None without an answer);
# - `version_config`: `active_version` in `config.json`; `released`: whether it is a version under `released` in `manifest.json` (bool);
# - `checksum_mismatches`: the relative paths, among the files of every released version in `manifest.json`, whose sha256 differs or that are missing (ascending list);
# - `smoke_ok`: `POST {url}/predict` with `smoke_test.pixels` from `manifest.json` answers a `label` equal to `smoke_test.expected` (bool; False without an answer);
# - `p95_ms`: the 95th percentile (`np.percentile`'s default) of `latency_ms` over the requests with `status == "ok"` in `logs/service.log`, rounded to 2 decimals;
# - `error_rate`: requests with `status == "error"` / request records (JSON object lines with a `status` field), rounded to 4 decimals; `bad_lines`: the non-empty lines that are not request records (cut-short JSON, error messages).
#
# 评分时，评分程序在隔离环境里启动另一个现场的服务，再调用你的函数 / in grading, another site's service is started in the sandbox and your function is called on it.

# %% nbgrader={"grade_id": "e2_inspect", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/inspect_site.py


print(inspect_site(f"http://127.0.0.1:{PORT}", "ops"))  # ops 未运行时 health 为 None / health is None while ops is not running

# %% nbgrader={"grade_id": "test_e2_inspect", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_r = inspect_site("http://127.0.0.1:9", "ops")
assert _r["health"] is None and _r["smoke_ok"] is False and _r["version_config"] in ("v1", "v2")
assert _r["bad_lines"] >= 3 and 0 < _r["error_rate"] < 0.1
### BEGIN HIDDEN TESTS
_hidden_site = "/run/practicum/hidden/ops_b"  # the other site the grader inspects
# %include ../../_shared/platform/cells/test_inspect_site_hidden.py
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e3_text", "grade": false, "solution": false, "locked": true}
# ### E3 · 故障记录与巡检清单（5 分，人工评分）/ E3 · Incident record and inspection checklist (5 points, scored by examiners)
#
# (1) 记录 E1 的故障：现象、证据（日志行、文件内容、命令输出）、每个问题的根因、修复操作、修复后的验证；
# (2) 给这个服务写一份 6–8 项的日常巡检清单：每项检查什么、怎么查（命令或文件）、正常范围、异常时怎么办。
# (1) Record E1's incident: symptoms, evidence (log lines, file contents, command output), the root cause of each fault, what you changed, how you verified the repair;
# (2) write a daily inspection checklist of 6–8 items for this service: what, how (command or file), the normal range, what to do when out of range.

# %% [markdown] nbgrader={"grade_id": "e3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
