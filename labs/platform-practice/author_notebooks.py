"""Writes the notebooks of the AI platform practice lab and its template
(run: .venv/bin/python labs/platform-practice/author_notebooks.py).

source/practice/README.ipynb is the front page; 01..04 follow a model from export to a running,
inspected service, each with instant feedback (visible asserts, validation accuracy, a latency
table and histogram, the service's answers to malformed requests). Graded on submission
(exam.yaml): the Paddle and ONNX exports on the hidden split, test cells against the reference on
hidden cases (a given model's outputs, graph optimisation and INT8 quantisation of given graphs, the
verification report, an inspection of a hidden site started in the grading sandbox), and the
learner's own service started from deploy/start.sh and probed with hidden requests.
Shared cell sources come from labs/platform-junior/author_notebook.py (loaded by path).
"""

import importlib.util
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from practicum.authoring.notebook import FALLBACK, code, solution, test, text, write  # noqa: E402

HERE = Path(__file__).parent
SRC = HERE / "source" / "practice"
HIDDEN = "/run/practicum/hidden"
_spec = importlib.util.spec_from_file_location("platform_junior_author", HERE.parent / "platform-junior" / "author_notebook.py")
J = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(J)

README = """
# 人工智能平台 · 练习实验：从导出到上线巡检 / AI platform · practice lab: from export to an inspected service

这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示。
This is **practice**, not an exam: nothing here counts toward a certificate and there is no hurry. Change and rerun as often as you like; the feedback is instant.

数据 Data: `data/digits/{train,val}/x.npy` float32 [N, 1, 8, 8]（0–1 = 灰度值 / 16 grey level / 16），`y.npy` 0–9；评分用的测试集不公开 / the test split is hidden.

| 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
|---|---|---|
| [01 · 导出 / export](01_export.ipynb) | 训练、`paddle.jit.save`、paddle2onnx、ONNX Runtime 核对 / training, export, conversion, checking | `models/digits.*`, `deploy/model/digits.onnx` |
| [02 · 优化 / optimise](02_optimise.ipynb) | ONNX Runtime 图优化、动态 INT8 量化、延迟对比 / graph optimisation, dynamic INT8, latency | `02_optimise.ipynb` |
| [03 · 服务 / serve](03_serve.ipynb) | HTTP 推理服务、启动脚本、错误请求、延迟直方图 / an HTTP service, start script, malformed requests, latency | `deploy/serve.py`, `deploy/start.sh` |
| [04 · 验证与巡检 / verify and inspect](04_inspect.ipynb) | 线上线下一致性报告、对运行中的现场巡检 / consistency report, inspecting a running site | `04_inspect.ipynb` |

按顺序做：03 的服务加载 01 导出的 `deploy/model/digits.onnx`。/ Work in order: 03's service loads `deploy/model/digits.onnx` from 01.

## 提交后怎样评分 / What is graded when you submit

| 内容 Item | 分值 Points | 怎样评分 How |
|---|---|---|
| 01 `models/digits` | 15 | 隐藏测试集准确率 / hidden-split accuracy（≥ 0.95 满分 full） |
| 01 `deploy/model/digits.onnx` | 10 | 隐藏请求上的准确率 / accuracy on the hidden requests |
| 01 `onnx_predict` | 5 | 给定模型在隐藏输入上的输出 / a given model's outputs on hidden inputs |
| 02 `optimise`, `op_counts` | 10 | 给定图在各优化级别下的算子 / a given graph's operators per optimisation level |
| 02 `quantise` | 5 | 给定 MLP 的 INT8 图、大小与一致性 / the given MLP's INT8 graph, size and agreement |
| 03 `preprocess` | 10 | 隐藏用例 / hidden cases |
| 03 服务 service | 20 | 评分程序用 `deploy/start.sh` 启动：隐藏请求准确率、与 01 的 ONNX 一致、P95 延迟、错误请求 / started from `deploy/start.sh`: accuracy, agreement with 01's ONNX, p95, malformed requests |
| 04 `verify_report` | 10 | 隐藏数据 / hidden data |
| 04 `inspect_site` | 15 | 评分时启动另一个现场并巡检 / another site started and inspected during grading |
"""

SETUP = """
import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
from labkit import metrics, plots

D = "data/digits"
val_x, val_y = np.load(f"{D}/val/x.npy"), np.load(f"{D}/val/y.npy")
os.makedirs("deploy/model", exist_ok=True)
os.makedirs("models", exist_ok=True)
if not os.path.exists("deploy/serve.py"):  # 服务模板，只复制一次 / the service template, copied once
    shutil.copy("templates/serve.py", "deploy/serve.py")
PORT = int(os.environ.get("PORT", "8080"))
import onnxruntime as ort

ort.set_default_logger_severity(3)
"""

# ------------------------------------------------------------------ 01 export

P1_INTRO = """
# 练习 01 · 训练、导出与转换 / Exercise 01 · Train, export and convert

1. 完成 `DigitNet` 和 `train`，用 `paddle.jit.save` 导出到 `models/digits`（`InputSpec([None, 1, 8, 8], "float32", "image")`）。
2. 用 paddle2onnx 转换为 `deploy/model/digits.onnx`（opset 13，`--optimize_tool None`）。
3. 实现 `onnx_predict(path, x)`：用 ONNX Runtime（CPUExecutionProvider）加载 `path`，把 `x` 作为 float32 喂给第一个输入，返回第一个输出。

1. Complete `DigitNet` and `train`, export with `paddle.jit.save` to `models/digits` (`InputSpec([None, 1, 8, 8], "float32", "image")`).
2. Convert with paddle2onnx to `deploy/model/digits.onnx` (opset 13, `--optimize_tool None`).
3. Implement `onnx_predict(path, x)`: load `path` with ONNX Runtime (CPUExecutionProvider), feed `x` as float32 to the first input, return the first output.
"""

P1_TRAIN = """
import paddle

paddle.seed(0)
train_x, train_y = np.load(f"{D}/train/x.npy"), np.load(f"{D}/train/y.npy")
""" + J.A2_SOLUTION.replace('"models/digits"', '"models/digits"')

P1_FEEDBACK = J.A2_FEEDBACK

P1_CONVERT = J.B1_SOLUTION

P1_PREDICT = """
def onnx_predict(path, x):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: np.asarray(x, dtype=np.float32)})[0]
    ### END SOLUTION


mine = onnx_predict("deploy/model/digits.onnx", val_x)
given = onnx_predict("data/given/linear.onnx", val_x)
print("your ONNX model:", metrics.accuracy(val_y, mine.argmax(1)), " the given linear model:", metrics.accuracy(val_y, given.argmax(1)))
"""

P1_TEST = FALLBACK + """
assert onnx_predict("data/given/linear.onnx", val_x[:3]).shape == (3, 10)
assert np.abs(onnx_predict("deploy/model/digits.onnx", val_x[:50]) - paddle_val[:50]).max() < 1e-4, "ONNX and Paddle disagree"
### BEGIN HIDDEN TESTS
_hx = np.load("{HIDDEN}/service/x.npy")[:100]
check("given_logits", np.asarray(onnx_predict("data/given/linear.onnx", _hx), dtype=np.float32), tol=1e-4, weight=2)
check("given_ints", np.asarray(onnx_predict("data/given/linear.onnx", (_hx * 16).astype(np.int64) / 16.0), dtype=np.float32), tol=1e-4)
### END HIDDEN TESTS
""".replace("{HIDDEN}", HIDDEN)

# ------------------------------------------------------------------ 02 optimise

P2_INTRO = """
# 练习 02 · 图优化与 INT8 量化 / Exercise 02 · Graph optimisation and INT8 quantisation

ONNX Runtime 在加载模型时会改写计算图：删除 `Identity`、折叠常量子图、把 `BatchNormalization` 合并进 `Conv`、把 `MatMul + Add` 合并为 `Gemm` 等。
`data/given/unoptimised.onnx` 是一个带这些冗余的小 CNN。
ONNX Runtime rewrites the graph when it loads a model: it drops `Identity`, folds constant subgraphs, merges `BatchNormalization` into `Conv`, fuses `MatMul + Add` into `Gemm` and so on.
`data/given/unoptimised.onnx` is a small CNN with such redundancy.

1. `optimise(src, dst, level)`：`level` 为 `"disable"`、`"basic"`、`"extended"`、`"all"` 之一，对应 `ort.GraphOptimizationLevel.ORT_DISABLE_ALL / ORT_ENABLE_BASIC / ORT_ENABLE_EXTENDED / ORT_ENABLE_ALL`；
   用 `SessionOptions.optimized_model_filepath = dst` 把优化后的图写到 `dst`，返回会话。
2. `op_counts(path)`：用 `onnx.load` 读取模型，返回 `{算子类型: 个数}`（按名称排序的字典）。
3. `quantise(src, dst)`：`onnxruntime.quantization.quantize_dynamic(src, dst, weight_type=QuantType.QInt8)`，返回 `(原大小字节, 量化后大小字节)`。

1. `optimise(src, dst, level)`: `level` is `"disable"`, `"basic"`, `"extended"` or `"all"` for `ort.GraphOptimizationLevel.ORT_DISABLE_ALL / ORT_ENABLE_BASIC / ORT_ENABLE_EXTENDED / ORT_ENABLE_ALL`;
   write the optimised graph to `dst` with `SessionOptions.optimized_model_filepath = dst` and return the session.
2. `op_counts(path)`: load the model with `onnx.load` and return `{op type: count}` (a dict sorted by name).
3. `quantise(src, dst)`: `onnxruntime.quantization.quantize_dynamic(src, dst, weight_type=QuantType.QInt8)`; return `(size before, size after)` in bytes.
"""

P2_SOLUTION = """
import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic

LEVELS = {"disable": ort.GraphOptimizationLevel.ORT_DISABLE_ALL, "basic": ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
          "extended": ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED, "all": ort.GraphOptimizationLevel.ORT_ENABLE_ALL}


def optimise(src, dst, level):
    ### BEGIN SOLUTION
    options = ort.SessionOptions()
    options.graph_optimization_level = LEVELS[level]
    options.optimized_model_filepath = dst
    return ort.InferenceSession(src, options, providers=["CPUExecutionProvider"])
    ### END SOLUTION


def op_counts(path):
    ### BEGIN SOLUTION
    counts = {}
    for node in onnx.load(path).graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    return dict(sorted(counts.items()))
    ### END SOLUTION


def quantise(src, dst):
    ### BEGIN SOLUTION
    quantize_dynamic(src, dst, weight_type=QuantType.QInt8)
    return os.path.getsize(src), os.path.getsize(dst)
    ### END SOLUTION


os.makedirs("opt", exist_ok=True)
for level in LEVELS:
    optimise("data/given/unoptimised.onnx", f"opt/given_{level}.onnx", level)
    print(f"{level:9s}", op_counts(f"opt/given_{level}.onnx"))
print("INT8 sizes:", quantise("data/given/mlp.onnx", "opt/mlp_int8.onnx"))
"""

P2_FEEDBACK = """
# 即时反馈：结果是否不变、延迟表 / instant feedback: same answers? latency table
import logging
logging.getLogger().setLevel(logging.ERROR)


def median_ms(session, x, repeats=200):
    name = session.get_inputs()[0].name
    session.run(None, {name: x})
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        session.run(None, {name: x})
        times.append((time.perf_counter() - t) * 1000)
    return float(np.median(times))


x1 = val_x[:1]
rows = []
base = ort.InferenceSession("data/given/mlp.onnx", providers=["CPUExecutionProvider"])
int8 = ort.InferenceSession("opt/mlp_int8.onnx", providers=["CPUExecutionProvider"])
for name, s in [("mlp fp32", base), ("mlp int8", int8)] + [(f"cnn {lv} (untrained)", ort.InferenceSession(f"opt/given_{lv}.onnx", providers=["CPUExecutionProvider"])) for lv in ("disable", "basic")]:
    out = s.run(None, {s.get_inputs()[0].name: val_x})[0]
    rows.append((name, metrics.accuracy(val_y, out.argmax(1)), median_ms(s, x1)))
print(f"{'model':24s} {'val acc':>8s} {'median ms (batch 1)':>20s}")
for name, acc, ms in rows:
    print(f"{name:24s} {acc:8.3f} {ms:20.4f}")
fp = base.run(None, {"image": val_x})[0].argmax(1); q = int8.run(None, {"image": val_x})[0].argmax(1)
print("INT8 agrees with fp32 on", float(np.mean(fp == q)))
"""

P2_TEST = FALLBACK + """
assert op_counts("data/given/unoptimised.onnx")["Identity"] == 1
assert "BatchNormalization" not in op_counts("opt/given_basic.onnx")
assert os.path.getsize("opt/mlp_int8.onnx") < os.path.getsize("data/given/mlp.onnx") / 2
### BEGIN HIDDEN TESTS
import tempfile
with tempfile.TemporaryDirectory() as _t:
    for _lv in ("disable", "basic", "extended"):
        optimise("data/given/unoptimised.onnx", f"{_t}/{_lv}.onnx", _lv)
        check(f"ops_{_lv}", op_counts(f"{_t}/{_lv}.onnx"), weight=2)
    check("ops_mlp", op_counts("data/given/mlp.onnx"))
    _sizes = quantise("data/given/mlp.onnx", f"{_t}/q.onnx")
    check("int8_ops", op_counts(f"{_t}/q.onnx"), weight=2)
    check("int8_ratio", round(_sizes[1] / _sizes[0], 2), tol=0.02)
    _s = ort.InferenceSession(f"{_t}/q.onnx", providers=["CPUExecutionProvider"])
    _hx = np.load("{HIDDEN}/service/x.npy")
    check("int8_classes", _s.run(None, {_s.get_inputs()[0].name: _hx})[0].argmax(1).astype(np.int64), weight=2)
### END HIDDEN TESTS
""".replace("{HIDDEN}", HIDDEN)

# ------------------------------------------------------------------ 03 serve

P3_INTRO = """
# 练习 03 · 推理服务 / Exercise 03 · An inference service

在 **`deploy/serve.py`**（从 `templates/serve.py` 复制）中完成 `preprocess(doc)`、`load_session()` 和 `do_POST`，再写 **`deploy/start.sh`**（进入脚本目录，用 `${PORT:-8080}` 前台启动）。
接口：`POST /predict {"pixels": [64 个灰度值 0–16]}` → `200 {"label": 整数}`；错误请求 → `400 {"error": ...}`；`GET /health` → 200。

Complete `preprocess(doc)`, `load_session()` and `do_POST` in **`deploy/serve.py`** (copied from `templates/serve.py`), then write **`deploy/start.sh`** (change to its folder, run in the foreground on `${PORT:-8080}`).
API: `POST /predict {"pixels": [64 grey levels 0–16]}` → `200 {"label": int}`; a malformed request → `400 {"error": ...}`; `GET /health` → 200.

`preprocess(doc)`：返回 float32 [1, 1, 8, 8]（灰度值 / 16）；以下情况抛出 `ValueError`：不是对象（dict）、缺少 `pixels`、不是列表或长度不是 64、
含非数字（`true`/`false`、`null`、字符串、嵌套列表）、NaN/无穷、超出 0–16。
`preprocess(doc)`: return float32 [1, 1, 8, 8] (grey level / 16); raise `ValueError` when the body is not an object (dict), `pixels` is missing, not a list or not 64 long,
holds a non-number (`true`/`false`, `null`, strings, nested lists), NaN/infinity, or a value outside 0–16.

评分：评分程序用你的 `deploy/start.sh` 启动服务，发送 200 个隐藏请求：准确率、与 01 的 `deploy/model/digits.onnx` 离线结果一致（≥ 99%）、P95 延迟（≤ 50 ms）、错误请求都返回 4xx。
Grading: the grader starts your service with `deploy/start.sh` and sends 200 hidden requests: accuracy, agreement with 01's `deploy/model/digits.onnx` offline (≥ 99 %), p95 latency (≤ 50 ms), a 4xx for every malformed request.
"""

P3_TEST = J.B2_TEST

P3_RUN = J.C_START.split("svc = start_service")[0] + """
svc = start_service("deploy/start.sh", PORT)
try:
    val_req = np.rint(val_x.reshape(len(val_x), -1) * 16).astype(int)
    online, ms = [], []
    for row in val_req:
        status, doc, sec = post(f"http://127.0.0.1:{PORT}/predict", {"pixels": row.tolist()})
        online.append(doc["label"] if status == 200 else -1)
        ms.append(sec * 1000)
    online = np.array(online)
    sess = ort.InferenceSession("deploy/model/digits.onnx", providers=["CPUExecutionProvider"])
    offline = sess.run(None, {sess.get_inputs()[0].name: val_x})[0].argmax(1)
    print(f"online accuracy {metrics.accuracy(val_y, online):.3f}; agreement with ONNX offline {np.mean(online == offline):.3f}")
    print(f"p50 {np.percentile(ms, 50):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms")
    counts, edges = np.histogram(ms, bins=10)
    for c, lo, hi in zip(counts, edges, edges[1:]):
        print(f"{lo:7.2f}–{hi:7.2f} ms {'#' * int(60 * c / max(counts.max(), 1))} {c}")
    print("\\n错误请求 / malformed requests:")
    for bad in [b"not json", b"[1, 2]", b"{}", {"pixels": "abc"}, {"pixels": [1] * 63}, {"pixels": [17] * 64}, {"pixels": [None] * 64}]:
        status, doc, _ = post(f"http://127.0.0.1:{PORT}/predict", bad)
        print(f"  {str(bad)[:32]:34s} -> {status} {'ok' if 400 <= status < 500 else '<-- should be 4xx'}")
finally:
    stop_service(svc)
"""

# ------------------------------------------------------------------ 04 inspect

P4_INTRO = """
# 练习 04 · 验证与巡检 / Exercise 04 · Verify and inspect

1. 线上线下一致性报告 / an online/offline consistency report（`data/verify/`）。
2. 对运行中的现场巡检 / inspecting a running site（`site/`：一个正常运行的 digits-service 现场 / a healthy site of the digits-service）。
"""

P4_RUN_HELPERS = J.C_START.split("svc = start_service")[0]

P4_SITE = """
# 启动练习用的现场 / start the practice site
site_proc = start_service("site/start.sh", PORT)
print(inspect_site(f"http://127.0.0.1:{PORT}", "site"))
stop_service(site_proc)
"""

P4_INSPECT_TEST = J.E2_TEST.replace("/ops_b", "/site_b").replace('"ops"', '"site"').replace(
    '_r["version_config"] in ("v1", "v2")', '_r["version_config"] == "v1"').replace(
    'assert _r["bad_lines"] >= 3 and 0 < _r["error_rate"] < 0.1', 'assert 0 < _r["error_rate"] < 0.1')

P4_MORE = """
## 想一想 / Think about it
- 巡检发现 `checksum_mismatches` 不为空时，应该先做什么？谁来确认？/ What do you do first when `checksum_mismatches` is not empty? Who confirms?
- 哪些检查可以自动化并定时运行，哪些需要人工抽检？/ Which checks can run automatically on a schedule, which need human spot checks?
"""


def template() -> str:
    src = (HERE / "solution" / "deploy" / "serve.py").read_text()
    pattern = re.compile(r"^( *)### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", re.MULTILINE | re.DOTALL)
    return pattern.sub(lambda m: f"{m.group(1)}# YOUR CODE HERE\n{m.group(1)}raise NotImplementedError()\n", src)


def notebooks() -> dict[str, list]:
    return {
        "README.ipynb": [text(README, "readme")],
        "01_export.ipynb": [
            text(P1_INTRO, "p1_intro"), code(SETUP), solution(P1_TRAIN, "p1_train"), code(P1_FEEDBACK),
            solution(P1_CONVERT, "p1_convert"), solution(P1_PREDICT, "p1_predict"), test(P1_TEST, "test_p1_predict", 5),
        ],
        "02_optimise.ipynb": [
            text(P2_INTRO, "p2_intro"), code(SETUP), solution(P2_SOLUTION, "p2_optimise"), code(P2_FEEDBACK),
            test(P2_TEST, "test_p2_optimise", 15),
        ],
        "03_serve.ipynb": [
            text(P3_INTRO, "p3_intro"), code(SETUP), test(P3_TEST, "test_p3_preprocess", 10), code(P3_RUN),
        ],
        "04_inspect.ipynb": [
            text(P4_INTRO, "p4_intro"), code(SETUP), text(J.C2_TEXT.replace("### C2 · 验证报告函数（5 分）/ C2 · A verification report function (5 points)", "## 4.1 验证报告 / Verification report"), "p4_verify_text"),
            solution(J.C2_SOLUTION, "p4_verify"), test(J.C2_TEST, "test_p4_verify", 10),
            text(J.E2_TEXT.replace("### E2 · 日常巡检（8 分）/ E2 · Daily inspection (8 points)", "## 4.2 巡检 / Inspection"), "p4_inspect_text"),
            code(P4_RUN_HELPERS), solution(J.E2_SOLUTION.split("\n\n\nprint(inspect_site")[0], "p4_inspect"), code(P4_SITE),
            test(P4_INSPECT_TEST, "test_p4_inspect", 15), text(P4_MORE, "p4_more"),
        ],
    }


if __name__ == "__main__":
    for name, cells in notebooks().items():
        write(SRC / name, cells)
    (SRC / "templates").mkdir(exist_ok=True)
    (SRC / "templates" / "serve.py").write_text(template())
