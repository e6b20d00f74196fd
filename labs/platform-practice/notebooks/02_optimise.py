# %% [markdown] nbgrader={"grade_id": "p2_intro", "grade": false, "solution": false, "locked": true}
# # 练习 02 · 图优化与 INT8 量化 / Exercise 02 · Graph optimisation and INT8 quantisation
#
# ONNX Runtime 在加载模型时会改写计算图：删除 `Identity`、折叠常量子图、把 `BatchNormalization` 合并进 `Conv`、把 `MatMul + Add` 合并为 `Gemm` 等。
# `data/given/unoptimised.onnx` 是一个带这些冗余的小 CNN。
# ONNX Runtime rewrites the graph when it loads a model: it drops `Identity`, folds constant subgraphs, merges `BatchNormalization` into `Conv`, fuses `MatMul + Add` into `Gemm` and so on.
# `data/given/unoptimised.onnx` is a small CNN with such redundancy.
#
# 1. `optimise(src, dst, level)`：`level` 为 `"disable"`、`"basic"`、`"extended"`、`"all"` 之一，对应 `ort.GraphOptimizationLevel.ORT_DISABLE_ALL / ORT_ENABLE_BASIC / ORT_ENABLE_EXTENDED / ORT_ENABLE_ALL`；
#    用 `SessionOptions.optimized_model_filepath = dst` 把优化后的图写到 `dst`，返回会话。
# 2. `op_counts(path)`：用 `onnx.load` 读取模型，返回 `{算子类型: 个数}`（按名称排序的字典）。
# 3. `quantise(src, dst)`：`onnxruntime.quantization.quantize_dynamic(src, dst, weight_type=QuantType.QInt8)`，返回 `(原大小字节, 量化后大小字节)`。
#
# 1. `optimise(src, dst, level)`: `level` is `"disable"`, `"basic"`, `"extended"` or `"all"` for `ort.GraphOptimizationLevel.ORT_DISABLE_ALL / ORT_ENABLE_BASIC / ORT_ENABLE_EXTENDED / ORT_ENABLE_ALL`;
#    write the optimised graph to `dst` with `SessionOptions.optimized_model_filepath = dst` and return the session.
# 2. `op_counts(path)`: load the model with `onnx.load` and return `{op type: count}` (a dict sorted by name).
# 3. `quantise(src, dst)`: `onnxruntime.quantization.quantize_dynamic(src, dst, weight_type=QuantType.QInt8)`; return `(size before, size after)` in bytes.

# %%
# %include ../cells/setup.py

# %% nbgrader={"grade_id": "p2_optimise", "grade": false, "solution": true, "locked": false}
import onnx
from onnxruntime.quantization import QuantType, quantize_dynamic

# %include ../../_shared/platform/cells/optimise.py

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

# %%
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

# %% nbgrader={"grade_id": "test_p2_optimise", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

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
    _hx = np.load("/run/practicum/hidden/service/x.npy")
    check("int8_classes", _s.run(None, {_s.get_inputs()[0].name: _hx})[0].argmax(1).astype(np.int64), weight=2)
### END HIDDEN TESTS
