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
# %include ../cells/setup.py

# %% nbgrader={"grade_id": "test_p3_preprocess", "grade": true, "solution": false, "locked": true}
# %include ../../_shared/platform/cells/test_preprocess.py

# %%
import urllib.request
import urllib.error


# %include ../../_shared/platform/cells/service_helpers.py



svc = start_service("deploy/start.sh", PORT)
try:
    # %include ../../_shared/platform/cells/online_predictions.py
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
