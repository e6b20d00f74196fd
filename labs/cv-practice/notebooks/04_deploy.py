# %% [markdown] nbgrader={"grade_id": "p4_intro", "grade": false, "solution": false, "locked": true}
# # 练习 04 · 部署：ONNX 与 ONNX Runtime / Exercise 04 · Deployment: ONNX and ONNX Runtime
#
# 目标：把练习 01 导出的 Paddle 模型转换为 ONNX，用 ONNX Runtime 推理，核对两者输出一致，并比较延迟。
# Goals: convert exercise 01's Paddle export to ONNX, run it with ONNX Runtime, check that both give the same outputs, and compare their latency.

# %%
# %include ../cells/setup.py

# %%
import subprocess
import sys

val_x = np.load(f"{D}/val/single_images.npy")
val_y = np.load(f"{D}/val/single_labels.npy")
assert os.path.isfile("models/shape_cls.pdiparams"), "run exercise 01 first: it exports models/shape_cls"
paddle_model = paddle.jit.load("models/shape_cls")   # 导出的静态图模型 / the exported static-graph model
paddle_model.eval()
with paddle.no_grad():
    paddle_logits = paddle_model(paddle.to_tensor(val_x.astype(np.float32))).numpy()
print("Paddle export: validation accuracy", metrics.accuracy(val_y, paddle_logits.argmax(1)))

# %% [markdown] nbgrader={"grade_id": "p4_convert_text", "grade": false, "solution": false, "locked": true}
# ## 4.1 转换 / Conversion
#
# 用 paddle2onnx 转换到 **`models/shape_cls.onnx`**（opset 13；本环境离线，加 `--optimize_tool None`）。
# Convert to **`models/shape_cls.onnx`** with paddle2onnx (opset 13; offline here, so pass `--optimize_tool None`).
#
# `paddle2onnx --model_dir models --model_filename shape_cls.json --params_filename shape_cls.pdiparams --save_file models/shape_cls.onnx --opset_version 13 --optimize_tool None`
#
# 评分：隐藏测试集上的准确率（阈值同练习 01）。/ Graded: accuracy on the hidden test set (thresholds as in exercise 01).

# %% nbgrader={"grade_id": "p4_convert", "grade": false, "solution": true, "locked": false}
### BEGIN SOLUTION
conv = subprocess.run([sys.executable, "-m", "paddle2onnx.command", "--model_dir", "models",
                       "--model_filename", "shape_cls.json", "--params_filename", "shape_cls.pdiparams",
                       "--save_file", "models/shape_cls.onnx", "--opset_version", "13", "--optimize_tool", "None"],
                      capture_output=True, text=True, timeout=300)
print(conv.stdout[-400:], conv.stderr[-800:] if conv.returncode else "")
### END SOLUTION
assert os.path.isfile("models/shape_cls.onnx"), "models/shape_cls.onnx is missing"
import onnx

_m = onnx.load("models/shape_cls.onnx")
print("opset", _m.opset_import[0].version, "| inputs", [(i.name, [d.dim_value or d.dim_param for d in i.type.tensor_type.shape.dim])
                                             for i in _m.graph.input], "| nodes", len(_m.graph.node))

# %% [markdown] nbgrader={"grade_id": "p4_predict_text", "grade": false, "solution": false, "locked": true}
# ## 4.2 用 ONNX Runtime 推理 / Inference with ONNX Runtime
#
# 实现 `onnx_predict(path, images)`：`onnxruntime.InferenceSession`（CPUExecutionProvider），`images` 转 float32 作为第一个输入，返回第一个输出（logits）。
# 下面的单元格检查：最大绝对误差 < 1e-4，类别完全一致，以及验证集准确率。
#
# Implement `onnx_predict(path, images)`: an `onnxruntime.InferenceSession` (CPUExecutionProvider), `images` as float32 into the first input, the first output (logits) returned.
# The cell below checks: largest absolute difference < 1e-4, identical classes, and the validation accuracy.

# %% nbgrader={"grade_id": "p4_predict", "grade": false, "solution": true, "locked": false}
import onnxruntime as ort

ort.set_default_logger_severity(3)


# %include ../../_shared/cv/cells/onnx_predict.py


# %% nbgrader={"grade_id": "test_p4_onnx", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

onnx_logits = onnx_predict("models/shape_cls.onnx", val_x)
_diff = float(np.abs(np.asarray(onnx_logits) - paddle_logits).max())
print(f"max |onnx - paddle| = {_diff:.2e}; validation accuracy (ONNX) = {metrics.accuracy(val_y, np.asarray(onnx_logits).argmax(1)):.3f}")
assert np.shape(onnx_logits) == (len(val_x), 3), "onnx_predict returns [N, 3] logits"
assert _diff < 1e-4, "ONNX and Paddle disagree: was the conversion made from the latest export?"
assert (np.asarray(onnx_logits).argmax(1) == paddle_logits.argmax(1)).all()
### BEGIN HIDDEN TESTS
_hx = np.load(f"/run/practicum/hidden/shapes/single_images.npy")[:200]
_o = np.asarray(onnx_predict("models/shape_cls.onnx", _hx))
with paddle.no_grad():
    _pl = paddle_model(paddle.to_tensor(_hx.astype(np.float32))).numpy()
check("onnx_shape", [list(_o.shape), str(_o.dtype)])
check("onnx_matches_paddle", bool(np.abs(_o - _pl).max() < 1e-3), weight=2)
check("onnx_same_classes", bool((_o.argmax(1) == _pl.argmax(1)).all()))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p4_latency_text", "grade": false, "solution": false, "locked": true}
# ## 4.3 延迟（不计分）/ Latency (not graded)
#
# 同一个模型，Paddle（`paddle.jit.load`）和 ONNX Runtime 各推理 1 张和 64 张图像，比较中位延迟。交付文档里应写明在目标硬件上测得的延迟。
# The same model, one image and a batch of 64, with Paddle (`paddle.jit.load`) and ONNX Runtime: compare the median latencies. A delivery document states the latency measured on the target hardware.

# %%
# %include ../../_shared/deploy/cells/median_ms.py


if os.environ.get("PRACTICUM_GRADING") != "1":
    session = ort.InferenceSession("models/shape_cls.onnx", providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    for batch in (1, 64):
        xb = val_x[:batch].astype(np.float32)
        with paddle.no_grad():
            p_ms = median_ms(lambda: paddle_model(paddle.to_tensor(xb)).numpy())
        o_ms = median_ms(lambda: session.run(None, {name: xb}))
        print(f"batch {batch:3d}: Paddle {p_ms:7.2f} ms, ONNX Runtime {o_ms:7.2f} ms")

# %% [markdown] nbgrader={"grade_id": "p4_more", "grade": false, "solution": false, "locked": true}
# ## 4.4 交付清单（不计分）/ Delivery list (not graded)
#
# 写一个 `manifest.json`：每个交付文件的 sha256 和字节数、模型的输入输出说明、运行环境版本（`onnxruntime.__version__`、`np.__version__`）。现场安装后，先核对校验值再上线。
# Write a `manifest.json`: sha256 and size of each delivered file, the model's input and output, the runtime versions (`onnxruntime.__version__`, `np.__version__`). After installing on site, verify the checksums before going live.

# %%
import hashlib

manifest = {
    "files": {p: {"sha256": hashlib.sha256(open(p, "rb").read()).hexdigest(), "bytes": os.path.getsize(p)}
              for p in ("models/shape_cls.onnx",)},
    "input": {"name": "image", "dtype": "float32", "shape": ["N", 32, 32, 3], "range": "0..255 RGB"},
    "output": {"classes": NAMES},
    "runtime": {"onnxruntime": ort.__version__, "numpy": np.__version__},
}
print(json.dumps(manifest, indent=1))
