# %% [markdown] nbgrader={"grade_id": "p1_intro", "grade": false, "solution": false, "locked": true}
# # 练习 01 · 训练、导出与转换 / Exercise 01 · Train, export and convert
#
# 1. 完成 `DigitNet` 和 `train`，用 `paddle.jit.save` 导出到 `models/digits`（`InputSpec([None, 1, 8, 8], "float32", "image")`）。
# 2. 用 paddle2onnx 转换为 `deploy/model/digits.onnx`（opset 13，`--optimize_tool None`）。
# 3. 实现 `onnx_predict(path, x)`：用 ONNX Runtime（CPUExecutionProvider）加载 `path`，把 `x` 作为 float32 喂给第一个输入，返回第一个输出。
#
# 1. Complete `DigitNet` and `train`, export with `paddle.jit.save` to `models/digits` (`InputSpec([None, 1, 8, 8], "float32", "image")`).
# 2. Convert with paddle2onnx to `deploy/model/digits.onnx` (opset 13, `--optimize_tool None`).
# 3. Implement `onnx_predict(path, x)`: load `path` with ONNX Runtime (CPUExecutionProvider), feed `x` as float32 to the first input, return the first output.

# %%
# %include ../cells/setup.py

# %% nbgrader={"grade_id": "p1_train", "grade": false, "solution": true, "locked": false}
import paddle

paddle.seed(0)
train_x, train_y = np.load(f"{D}/train/x.npy"), np.load(f"{D}/train/y.npy")

# %include ../../_shared/platform/cells/train_digitnet.py

# %%
# %include ../../_shared/platform/cells/export_feedback.py

# %% nbgrader={"grade_id": "p1_convert", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/platform/cells/convert.py

# %% nbgrader={"grade_id": "p1_predict", "grade": false, "solution": true, "locked": false}
def onnx_predict(path, x):
    ### BEGIN SOLUTION
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: np.asarray(x, dtype=np.float32)})[0]
    ### END SOLUTION


mine = onnx_predict("deploy/model/digits.onnx", val_x)
given = onnx_predict("data/given/linear.onnx", val_x)
print("your ONNX model:", metrics.accuracy(val_y, mine.argmax(1)), " the given linear model:", metrics.accuracy(val_y, given.argmax(1)))

# %% nbgrader={"grade_id": "test_p1_predict", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert onnx_predict("data/given/linear.onnx", val_x[:3]).shape == (3, 10)
assert np.abs(onnx_predict("deploy/model/digits.onnx", val_x[:50]) - paddle_val[:50]).max() < 1e-4, "ONNX and Paddle disagree"
### BEGIN HIDDEN TESTS
_hx = np.load("/run/practicum/hidden/service/x.npy")[:100]
check("given_logits", np.asarray(onnx_predict("data/given/linear.onnx", _hx), dtype=np.float32), tol=1e-4, weight=2)
check("given_ints", np.asarray(onnx_predict("data/given/linear.onnx", (_hx * 16).astype(np.int64) / 16.0), dtype=np.float32), tol=1e-4)
### END HIDDEN TESTS
