# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能芯片方向）初级 · 实操考试
# # AI engineering technician, AI chip direction, junior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverable |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 30 | 本笔记本 this notebook |
# | B | 人工智能设计开发 Design and development | 40 | `rtl/requant_int8.v`, `rtl/act_unit.v` |
# | C | 人工智能测试验证 Testing and verification | 30 | `test_fifo_bench.py` |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；简答题写在“在此作答”的单元格里。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write short answers in the answer cells.
# - 测试单元格只含部分测试，评分时还会运行隐藏测试；B、C 两部分由隐藏的 cocotb 测试平台和带缺陷的设计评分。
#   Test cells hold only some of the tests; grading adds hidden ones. Parts B and C are graded by hidden cocotb benches and by designs with planted bugs.
# - 仿真器：Icarus Verilog（快）和 Verilator（覆盖率）。见 B、C 两部分的“运行”单元格。
#   Simulators: Icarus Verilog (fast) and Verilator (coverage); see the "run" cells of parts B and C.
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**，可多次提交，以最后一次为准。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done. You may submit more than once; the last one counts.

# %% [markdown] nbgrader={"grade_id": "part_a", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（30 分）/ Part A · Common AI technology (30 points)
#
# 数据：scikit-learn 自带的 8×8 手写数字，已缩放到 [0, 1]，每行 64 个像素。`data/` 中是训练集；评分使用你看不到的测试集（450 张）。
# Data: scikit-learn's bundled 8×8 handwritten digits, scaled to [0, 1], 64 pixels per row. `data/` holds the training set; grading uses a test set you never see (450 images).

# %%
import numpy as np
import paddle

paddle.seed(0)
np.random.seed(0)
X = np.load("data/digits_train_x.npy")   # (1347, 64) float32
y = np.load("data/digits_train_y.npy")   # (1347,) int64, 0..9
X_train, y_train, X_val, y_val = X[:1100], y[:1100], X[1100:], y[1100:]
print(X.shape, y.shape, "classes:", np.bincount(y))


# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ### A1 · 用 PaddlePaddle 训练分类器（12 分）/ A1 · Train a classifier with PaddlePaddle (12 points)
#
# 用 `paddle.nn` 搭建一个多层感知机 `MLP`：`Linear(64, 64)` → ReLU → `Linear(64, 10)`，属性名必须是 `fc1`、`fc2`（A2 会用到）。
# 实现 `train(X, y)`（返回训练好的模型）和 `predict(model, X)`（返回 int64 类别数组）。在 2 个 CPU 核上训练应在 30 秒内完成。
# 评分按隐藏测试集上的准确率：≥ 0.93 满分，≥ 0.85 得 60%，≥ 0.70 得 30%。
#
# Build a multilayer perceptron `MLP` with `paddle.nn`: `Linear(64, 64)` → ReLU → `Linear(64, 10)`, with the attributes named `fc1` and `fc2` (A2 uses them).
# Implement `train(X, y)` (returns the trained model) and `predict(model, X)` (returns an int64 array of classes). Training must finish within 30 s on 2 CPU cores.
# Scored by accuracy on the hidden test set: ≥ 0.93 full marks, ≥ 0.85 60 %, ≥ 0.70 30 %.

# %% nbgrader={"grade_id": "a1_mlp", "grade": false, "solution": true, "locked": false}
class MLP(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.fc1 = paddle.nn.Linear(64, 64)
        self.fc2 = paddle.nn.Linear(64, 10)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        return self.fc2(paddle.nn.functional.relu(self.fc1(x)))
        ### END SOLUTION


def train(X, y, epochs=40, lr=0.01, batch=64):
    ### BEGIN SOLUTION
    paddle.seed(0)
    model = MLP()
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss()
    order = np.random.default_rng(0)
    for _ in range(epochs):
        idx = order.permutation(len(X))
        for i in range(0, len(X), batch):
            b = idx[i:i + batch]
            loss = loss_fn(model(paddle.to_tensor(X[b])), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
    return model
    ### END SOLUTION


def predict(model, X):
    ### BEGIN SOLUTION
    model.eval()
    with paddle.no_grad():
        return model(paddle.to_tensor(np.asarray(X, dtype=np.float32))).numpy().argmax(axis=1).astype(np.int64)
    ### END SOLUTION


model = train(X_train, y_train)
print("validation accuracy:", (predict(model, X_val) == y_val).mean())

# %% nbgrader={"grade_id": "test_a1_accuracy", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert predict(model, X_val).shape == y_val.shape
assert (predict(model, X_val) == y_val).mean() >= 0.85, "validation accuracy below 0.85"
### BEGIN HIDDEN TESTS
_hidden = np.load("/run/practicum/hidden/digits_test_x.npy")
check("hidden_accuracy", predict(model, _hidden),
      scorer={"kind": "accuracy", "labels": "digits_test_y.npy", "thresholds": [[0.93, 1.0], [0.85, 0.6], [0.70, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · INT8 权重量化（10 分）/ A2 · INT8 weight quantisation (10 points)
#
# 芯片上的乘加单元使用 INT8。实现对称、逐张量的量化：
# `scale = max(|w|) / 127`（全零张量时 `scale = 1.0`），`q = clip(round(w / scale), -127, 127)` 的 `int8` 数组（`np.round`，即四舍六入五取偶）。
# `dequantize(q, scale)` 返回 `float32` 的 `q * scale`。`predict_int8(model, X)` 用 NumPy 计算与 A1 相同的网络，但两层权重都先量化再反量化（偏置保持 float32）。
# 评分：量化函数的隐藏用例（6 分），以及量化模型在隐藏测试集上的准确率（4 分：≥ 0.92 满分，≥ 0.85 得一半）。
#
# The chip's multiply-accumulate units work in INT8. Implement symmetric per-tensor quantisation:
# `scale = max(|w|) / 127` (`scale = 1.0` for an all-zero tensor), `q = clip(round(w / scale), -127, 127)` as an `int8` array (`np.round`, ties to even).
# `dequantize(q, scale)` returns `q * scale` as `float32`. `predict_int8(model, X)` computes A1's network with NumPy, with both layers' weights quantised then dequantised (biases stay float32).
# Scored by hidden cases of the quantisation functions (6 points) and the quantised model's accuracy on the hidden test set (4 points: ≥ 0.92 full, ≥ 0.85 half).

# %% nbgrader={"grade_id": "a2_quantize", "grade": false, "solution": true, "locked": false}
def quantize_int8(w):
    """(q, scale): symmetric per-tensor INT8 quantisation of the array w."""
    ### BEGIN SOLUTION
    w = np.asarray(w, dtype=np.float32)
    peak = float(np.abs(w).max()) if w.size else 0.0
    scale = peak / 127 if peak > 0 else 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return q, scale
    ### END SOLUTION


def dequantize(q, scale):
    ### BEGIN SOLUTION
    return (np.asarray(q, dtype=np.float32) * np.float32(scale)).astype(np.float32)
    ### END SOLUTION


def predict_int8(model, X):
    ### BEGIN SOLUTION
    w1 = dequantize(*quantize_int8(model.fc1.weight.numpy()))
    w2 = dequantize(*quantize_int8(model.fc2.weight.numpy()))
    h = np.maximum(np.asarray(X, dtype=np.float32) @ w1 + model.fc1.bias.numpy(), 0)
    return (h @ w2 + model.fc2.bias.numpy()).argmax(axis=1).astype(np.int64)
    ### END SOLUTION


print("INT8 validation accuracy:", (predict_int8(model, X_val) == y_val).mean())

# %% nbgrader={"grade_id": "test_a2_quantize", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_q, _s = quantize_int8(np.array([0.5, -1.0, 0.25, 0.0], dtype=np.float32))
assert _q.dtype == np.int8 and list(_q) == [64, -127, 32, 0] and abs(_s - 1.0 / 127) < 1e-9
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(11)
_w = _rng.normal(0, 0.3, (64, 10)).astype(np.float32)
check("quantize_values", quantize_int8(_w)[0].astype(int))
check("quantize_scale", float(quantize_int8(_w)[1]), tol=1e-6)
check("ties_to_even", quantize_int8(np.array([127.0, 0.5, 1.5, -2.5, 3.5], dtype=np.float32))[0].astype(int))
check("all_zero", [quantize_int8(np.zeros(5, np.float32))[0].astype(int), float(quantize_int8(np.zeros(5, np.float32))[1])])
check("roundtrip_error", float(np.abs(dequantize(*quantize_int8(_w)) - _w).max() <= quantize_int8(_w)[1] / 2 + 1e-7))
check("dtype", [str(quantize_int8(_w)[0].dtype), str(dequantize(*quantize_int8(_w)).dtype)])
check("int8_accuracy", predict_int8(model, np.load("/run/practicum/hidden/digits_test_x.npy")), weight=4,
      scorer={"kind": "accuracy", "labels": "digits_test_y.npy", "thresholds": [[0.92, 1.0], [0.85, 0.5]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a3_text", "grade": false, "solution": false, "locked": true}
# ### A3 · 是否适合用机器学习（8 分，人工评分）/ A3 · Is machine learning the right tool? (8 points, scored by examiners)
#
# 对下面三个任务分别判断是否适合用机器学习解决，并各用一两句话说明理由（数据、规则是否明确、出错代价）：
# (1) 根据摄像头图像判断流水线上的芯片封装是否有划痕；(2) 计算一个 INT8 矩阵乘法的结果；(3) 根据历史仿真日志预测一次回归测试的运行时间。
#
# For each of the three tasks below, say whether machine learning suits it, with one or two sentences of reasons (data, whether exact rules exist, the cost of errors):
# (1) telling from camera images whether a chip package on the line is scratched; (2) computing the result of an INT8 matrix multiply; (3) predicting a regression run's duration from past simulation logs.

# %% [markdown] nbgrader={"grade_id": "a3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（40 分）/ Part B · Design and development (40 points)
#
# 在 `rtl/` 中完成两个模块（Verilog-2005，可综合，不得改动端口）。评分用隐藏的 cocotb 测试平台和 NumPy 黄金模型，按测试组给部分分；`rtl/requant_int8.v` 还要求通过 Verilator `-Wall` 检查（无任何警告）。
#
# Complete two modules in `rtl/` (Verilog-2005, synthesizable, ports unchanged). They are graded by hidden cocotb benches against NumPy golden models, with partial credit per test group; `rtl/requant_int8.v` must also pass Verilator's `-Wall` lint with no warning at all.
#
# **B1 · `requant_int8`（20 分 + 可综合检查 6 分）**：组合逻辑，把 INT32 累加值重新量化为 INT8：
# `p = acc * mult`（有符号 32 位 × 无符号 16 位，精确）；`shift > 0` 时 `r = (p + 2^(shift-1)) >>> shift`（向 +∞ 舍入半数），`shift = 0` 时 `r = p`；`q = clamp(r, -128, 127)`。
# Combinational; requantises an INT32 accumulator to INT8: `p = acc * mult` (signed 32 × unsigned 16 bits, exact); `r = (p + 2^(shift-1)) >>> shift` for `shift > 0` (halves round toward +∞), `r = p` for `shift = 0`; `q = clamp(r, -128, 127)`.
# 端口 Ports: `input signed [31:0] acc`, `input [15:0] mult`, `input [4:0] shift`, `output signed [7:0] q`.
#
# **B2 · `act_unit`（14 分）**：组合逻辑激活单元，输入输出均为有符号 INT8（Q4.4 定点）。`mode`：0 恒等；1 ReLU；2 ReLU6，即 `min(max(x, 0), 96)`（6.0 = 96/16）；3 Leaky ReLU，`x >= 0` 时为 `x`，否则为 `x >>> 3`（算术右移，向 −∞ 取整）。
# Combinational activation unit on signed INT8 (Q4.4 fixed point). `mode`: 0 identity; 1 ReLU; 2 ReLU6, i.e. `min(max(x, 0), 96)` (6.0 = 96/16); 3 leaky ReLU: `x` for `x >= 0`, else `x >>> 3` (arithmetic shift, rounds toward −∞).
# 端口 Ports: `input signed [7:0] x`, `input [1:0] mode`, `output signed [7:0] y`.
#
# 下面的单元格用公开的测试平台（`tb/test_requant_visible.py`、`tb/test_act_visible.py`）运行你的设计，显示每个测试的结果和波形。
# The cells below run your designs with the public benches (`tb/test_requant_visible.py`, `tb/test_act_visible.py`) and show each test's result and the waveform.

# %%
from hardware_sim import practice

practice.run(["rtl/requant_int8.v"], "requant_int8", "test_requant_visible", test_dir="tb")

# %%
practice.run(["rtl/act_unit.v"], "act_unit", "test_act_visible", test_dir="tb")

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（30 分）/ Part C · Testing and verification (30 points)
#
# `rtl/sync_fifo.v` 是一个正确的同步 FIFO（WIDTH=8，DEPTH=8，首字直通：`empty` 为 0 时 `dout` 就是队首；满时写入被忽略，空时读出被忽略；同时读写时：满时只读、空时只写、其他情况两者都发生且 `count` 不变；`rst` 同步复位）。
# 在 `test_fifo_bench.py` 中编写 cocotb 测试平台，检查这些行为。
#
# `rtl/sync_fifo.v` is a correct synchronous FIFO (WIDTH=8, DEPTH=8, first-word fall-through: while `empty` is 0, `dout` is the head; a push while full and a pop while empty are ignored; a push and pop together do only the pop when full, only the push when empty, and both otherwise with `count` unchanged; `rst` is synchronous).
# Write a cocotb bench in `test_fifo_bench.py` that checks this behaviour.
#
# 评分 Scoring: 你的测试平台必须在正确的设计上通过；随后在 5 个植入了真实缺陷（差一错误、溢出、复位等）的设计上运行，每发现一个（即测试失败）得 5 分；在正确设计上的 Verilator 行覆盖率 ≥ 95% 再得 5 分（测试平台只能通过端口观察设计）。
# Your bench must pass on the correct design; it is then run on 5 designs with planted realistic bugs (off-by-one, overrun, reset, …): each one it catches (i.e. fails on) earns 5 points; line coverage ≥ 95 % (Verilator) on the correct design earns 5 more. The bench sees the design through its ports only.

# %%
practice.run(["rtl/sync_fifo.v"], "sync_fifo", "test_fifo_bench", sim="verilator", coverage=True)
