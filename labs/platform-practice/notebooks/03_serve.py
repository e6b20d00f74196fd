# %% [markdown] nbgrader={"grade_id": "p3_intro", "grade": false, "solution": false, "locked": true}
# # 练习 03 · 推理服务 / Exercise 03 · An inference service
#
# 在 **`deploy/serve.py`**（从 `templates/serve.py` 复制）中完成 `preprocess(doc)`、`load_session()` 和 `do_POST`，再写 **`deploy/start.sh`**（进入脚本目录，用 `${PORT:-8080}` 前台启动）。
# 接口：`POST /predict {"pixels": [64 个灰度值 0–16]}` → `200 {"label": 整数}`；错误请求 → `400 {"error": ...}`；`GET /health` → 200。
#
# Complete `preprocess(doc)`, `load_session()` and `do_POST` in **`deploy/serve.py`** (copied from `templates/serve.py`), then write **`deploy/start.sh`** (change to its folder, run in the foreground on `${PORT:-8080}`).
# API: `POST /predict {"pixels": [64 grey levels 0–16]}` → `200 {"label": int}`; a malformed request → `400 {"error": ...}`; `GET /health` → 200.
#
# `preprocess(doc)`：返回 float32 [1, 1, 8, 8]（灰度值 / 16）；以下情况抛出 `ValueError`：不是对象（dict）、缺少 `pixels`、不是列表或长度不是 64、
# 含非数字（`true`/`false`、`null`、字符串、嵌套列表）、NaN/无穷、超出 0–16。
# `preprocess(doc)`: return float32 [1, 1, 8, 8] (grey level / 16); raise `ValueError` when the body is not an object (dict), `pixels` is missing, not a list or not 64 long,
# holds a non-number (`true`/`false`, `null`, strings, nested lists), NaN/infinity, or a value outside 0–16.
#
# 评分：评分程序用你的 `deploy/start.sh` 启动服务，发送 200 个隐藏请求：准确率、与 01 的 `deploy/model/digits.onnx` 离线结果一致（≥ 99%）、P95 延迟（≤ 50 ms）、错误请求都返回 4xx。
# Grading: the grader starts your service with `deploy/start.sh` and sends 200 hidden requests: accuracy, agreement with 01's `deploy/model/digits.onnx` offline (≥ 99 %), p95 latency (≤ 50 ms), a 4xx for every malformed request.

# %%
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

# %% nbgrader={"grade_id": "test_p3_preprocess", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import importlib.util

def load_serve():
    spec = importlib.util.spec_from_file_location("serve", "deploy/serve.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # 读取你最新的 deploy/serve.py / loads your latest deploy/serve.py
    return mod

serve = load_serve()
_x = serve.preprocess({"pixels": list(range(16)) * 4})
assert _x.shape == (1, 1, 8, 8) and _x.dtype == np.float32 and abs(float(_x.max()) - 15 / 16) < 1e-7
try:
    serve.preprocess({"pixels": [1] * 63})
    raise AssertionError("63 pixels should raise ValueError")
except ValueError:
    pass
### BEGIN HIDDEN TESTS
_row = np.rint(val_x[:5].reshape(5, -1) * 16).astype(int)
check("valid_ints", [serve.preprocess({"pixels": r.tolist()}) for r in _row], tol=1e-7, weight=2)
check("valid_floats", serve.preprocess({"pixels": [float(v) / 4 for v in range(64)]}), tol=1e-7)
check("edge_values", serve.preprocess({"pixels": [0] * 32 + [16] * 32, "id": "x"}), tol=1e-7)
_bad = [[1, 2], {"pixel": [0] * 64}, {"pixels": "0" * 64}, {"pixels": [0] * 65}, {"pixels": [[0] * 8] * 8},
        {"pixels": [0] * 63 + [17]}, {"pixels": [-1] + [0] * 63}, {"pixels": [None] * 64}, {"pixels": [True] * 64},
        {"pixels": [0] * 63 + ["3"]}, {"pixels": [float("nan")] * 64}, {"pixels": [float("inf")] + [0] * 63}, None]
check("refuses", [raises(ValueError, serve.preprocess, b) for b in _bad], weight=3)
### END HIDDEN TESTS

# %%
import urllib.request
import urllib.error


def start_service(script, port, timeout=30):
    """（已给出 / given）runs `bash script` with PORT=port; waits until GET /health answers 200.
    On failure everything the script launched is stopped and the end of its output is shown."""
    import tempfile
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(["bash", script], env=dict(os.environ, PORT=str(port)),
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    proc.log = log
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                if r.status == 200:
                    return proc
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    stop_service(proc)
    log.seek(0)
    tail = log.read().decode(errors="replace")[-800:]
    raise RuntimeError(f"{script}: no answer 200 on GET /health, port {port}; its output ends:\n{tail}")


def stop_service(proc):
    """（已给出 / given）stops the service and everything its start script launched."""
    import signal
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def post(url, body, timeout=5):
    """（已给出 / given）POST a JSON body (or raw bytes); returns (status, parsed JSON or None, seconds)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, raw = r.status, r.read()
    except urllib.error.HTTPError as e:
        status, raw = e.code, e.read()
    seconds = time.perf_counter() - started
    try:
        return status, json.loads(raw), seconds
    except ValueError:
        return status, None, seconds



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
    print("\n错误请求 / malformed requests:")
    for bad in [b"not json", b"[1, 2]", b"{}", {"pixels": "abc"}, {"pixels": [1] * 63}, {"pixels": [17] * 64}, {"pixels": [None] * 64}]:
        status, doc, _ = post(f"http://127.0.0.1:{PORT}/predict", bad)
        print(f"  {str(bad)[:32]:34s} -> {status} {'ok' if 400 <= status < 500 else '<-- should be 4xx'}")
finally:
    stop_service(svc)
