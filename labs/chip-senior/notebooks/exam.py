# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能芯片方向）高级 · 实操考试
# # AI engineering technician, AI chip direction, senior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverable |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 20 | 本笔记本 this notebook |
# | B | 人工智能设计开发 Design and development | 30 | 本笔记本 + `rtl/systolic_array.v` |
# | C | 人工智能测试验证 Testing and verification | 25 | `test_async_fifo_bench.py` + C2 |
# | D | 人工智能咨询服务 Consulting | 25 | D1, D2 |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；书面题写在“在此作答”的单元格里（由考评员评分）。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; written answers go in the answer cells (scored by the examiners).
# - 评分时另有隐藏测试、隐藏的 cocotb 测试平台和植入缺陷的设计。工具：Icarus、Verilator、Yosys（`yosys` 命令）。
#   Grading adds hidden tests, hidden cocotb benches and designs with planted bugs. Tools: Icarus, Verilator, Yosys (the `yosys` command).
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**（可多次提交，以最后一次为准）。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done (the last submission counts).

# %%
import math

import numpy as np
import paddle
import paddle.nn.functional as F

paddle.seed(0)
X = np.load("data/digits_train_x.npy")   # (1347, 64) float32 in [0, 1]
y = np.load("data/digits_train_y.npy")   # (1347,) int64, 0..9
X_train, y_train, X_val, y_val = X[:1100], y[:1100], X[1100:], y[1100:]


class MLP(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.fc1 = paddle.nn.Linear(64, 64)
        self.fc2 = paddle.nn.Linear(64, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


def train(X, y, epochs=40, lr=0.01, batch=64):
    paddle.seed(0)
    model = MLP()
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    rng = np.random.default_rng(0)
    for _ in range(epochs):
        idx = rng.permutation(len(X))
        for i in range(0, len(X), batch):
            b = idx[i:i + batch]
            loss = F.cross_entropy(model(paddle.to_tensor(X[b])), paddle.to_tensor(y[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
    model.eval()
    return model


model = train(X_train, y_train)
W1, b1 = model.fc1.weight.numpy(), model.fc1.bias.numpy()   # (64, 64), (64,)  y = x @ W + b
W2, b2 = model.fc2.weight.numpy(), model.fc2.bias.numpy()   # (64, 10), (10,)
print("float validation accuracy:", (model(paddle.to_tensor(X_val)).numpy().argmax(1) == y_val).mean())


# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（20 分）/ Part A · Common AI technology (20 points)
#
# ### A1 · 按芯片的方式做纯整数推理（12 分）/ A1 · Integer-only inference, as the chip does it (12 points)
#
# 上面的单元格训练了一个浮点 MLP（64→64→10）。芯片只做整数运算：INT8 操作数、INT32 累加、再用 16 位乘数和右移做重量化（与 `requant_int8` 硬件一致）。实现：
# 1. `quantize_multiplier(s)`：对实数比例 `0 < s < 1`，返回 `(mult, shift)`，`shift` 取 0..31 中使 `mult = round(s · 2^shift) ≤ 65535` 成立的**最大**值（`round` 为 Python 内置的 `round`）。
# 2. `requantize(acc, mult, shift)`：与硬件逐位一致的 NumPy 版本：`p = acc · mult`；`shift > 0` 时 `r = (p + 2^(shift-1)) >> shift`（算术右移），否则 `r = p`；返回 `clip(r, -128, 127)` 的 int64 数组。
# 3. `predict_integer(X)`：输入量化为 `x_q = round(x · 127)`（比例 `s_x = 1/127`），权重按对称逐张量量化（`s_w = max|W| / 127`，`W_q = round(W / s_w)`），偏置量化为 INT32 `round(b / (s_x · s_w))`；第一层累加后用 `requantize` 换算到隐藏层比例 `s_h`（`s_h` = 训练集上第一层 ReLU 输出最大值 / 127），再做 ReLU（负数置 0）；第二层只累加（含偏置），取 argmax。
# 评分：函数的隐藏用例（各 3 分），整数推理在隐藏测试集上的准确率（6 分：≥ 0.92 满分，≥ 0.85 得一半）。
#
# The cell above trains a float MLP (64→64→10). The chip computes in integers only: INT8 operands, INT32 accumulation, then requantisation by a 16-bit multiplier and a right shift (as the `requant_int8` hardware). Implement:
# 1. `quantize_multiplier(s)`: for a real scale `0 < s < 1`, return `(mult, shift)` with the **largest** `shift` in 0..31 for which `mult = round(s · 2^shift) ≤ 65535` (Python's built-in `round`).
# 2. `requantize(acc, mult, shift)`: a NumPy version bit-exact with the hardware: `p = acc · mult`; `r = (p + 2^(shift-1)) >> shift` (arithmetic) for `shift > 0`, else `r = p`; return `clip(r, -128, 127)` as an int64 array.
# 3. `predict_integer(X)`: inputs quantised as `x_q = round(x · 127)` (scale `s_x = 1/127`), weights symmetric per tensor (`s_w = max|W| / 127`, `W_q = round(W / s_w)`), biases as INT32 `round(b / (s_x · s_w))`; the first layer's accumulator is requantised to the hidden scale `s_h` (`s_h` = the largest first-layer ReLU output on the training set / 127), then ReLU (negatives to 0); the second layer only accumulates (with its bias); take the argmax.
# Scored by hidden cases of the functions (3 points each) and the integer model's accuracy on the hidden test set (6 points: ≥ 0.92 full, ≥ 0.85 half).

# %% nbgrader={"grade_id": "a1_integer", "grade": false, "solution": true, "locked": false}
def quantize_multiplier(s):
    ### BEGIN SOLUTION
    for shift in range(31, -1, -1):
        mult = round(s * 2 ** shift)
        if mult <= 65535:
            return int(mult), shift
    raise ValueError("scale too large")
    ### END SOLUTION


def requantize(acc, mult, shift):
    ### BEGIN SOLUTION
    p = np.asarray(acc, dtype=np.int64) * int(mult)
    r = (p + (1 << (shift - 1))) >> shift if shift > 0 else p
    return np.clip(r, -128, 127).astype(np.int64)
    ### END SOLUTION


def predict_integer(X):
    ### BEGIN SOLUTION
    s_x = 1 / 127
    s_w1, s_w2 = np.abs(W1).max() / 127, np.abs(W2).max() / 127
    w1q, w2q = np.round(W1 / s_w1).astype(np.int64), np.round(W2 / s_w2).astype(np.int64)
    s_h = np.maximum(X_train @ W1 + b1, 0).max() / 127
    b1q = np.round(b1 / (s_x * s_w1)).astype(np.int64)
    b2q = np.round(b2 / (s_h * s_w2)).astype(np.int64)
    mult, shift = quantize_multiplier(s_x * s_w1 / s_h)
    xq = np.round(np.asarray(X) * 127).astype(np.int64)
    h = np.maximum(requantize(xq @ w1q + b1q, mult, shift), 0)
    return (h @ w2q + b2q).argmax(axis=1).astype(np.int64)
    ### END SOLUTION


print("integer validation accuracy:", (predict_integer(X_val) == y_val).mean())

# %% nbgrader={"grade_id": "test_a1_integer", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert quantize_multiplier(0.5) == (32768, 16)
assert list(requantize(np.array([5, -5, 1000]), 1, 1)) == [3, -2, 127]
### BEGIN HIDDEN TESTS
check("multipliers", [list(quantize_multiplier(s)) for s in (0.9999, 0.123456, 0.0031, 1.7e-5, 3e-9, 0.25)])
_rng = np.random.default_rng(5)
_acc = np.concatenate([_rng.integers(-2**31, 2**31, 200), _rng.integers(-5000, 5000, 200), [-2**31, 2**31 - 1, 0, -1]])
check("requantize", [requantize(_acc, m, s).tolist() for m, s in ((1, 0), (1, 1), (40000, 20), (65535, 31), (300, 9), (7, 3))])
check("integer_accuracy", predict_integer(np.load("/run/practicum/hidden/digits_test_x.npy")), weight=2,
      scorer={"kind": "accuracy", "labels": "digits_test_y.npy", "thresholds": [[0.92, 1.0], [0.85, 0.5]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 把业务需求转化为机器学习问题（8 分，人工评分）/ A2 · From a business need to an ML problem (8 points, scored by examiners)
#
# 一家风机厂希望在振动传感器旁的芯片上“提前一周发现轴承故障”，功耗预算 5 mW，每台风机每天只能上传 1 KB。把它转化为机器学习问题：输入与特征、标签从哪里来（故障样本很少时怎么办）、模型类型与规模、评价指标（漏报与误报的代价）、端侧与云侧如何分工。
#
# A wind-turbine maker wants the chip next to a vibration sensor to "spot bearing failures a week ahead", with a 5 mW power budget and 1 KB of upload per turbine per day. Turn this into a machine-learning problem: inputs and features, where labels come from (and what to do with very few failures), the kind and size of model, the metrics (the cost of misses versus false alarms), and the split between device and cloud.

# %% [markdown] nbgrader={"grade_id": "a2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "b1_text", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（30 分）/ Part B · Design and development (30 points)
#
# ### B1 · 脉动阵列的性能模型（10 分）/ B1 · A performance model of the systolic array (10 points)
#
# `rtl/systolic_array.v` 的规格（见 B2）：一个 n×n 输出驻留阵列，一次计算一个 n×n×n 的矩阵乘（INT8 输入，INT32 结果）；从采样到 start 的时钟沿起，到能够接受下一个 start，共需 `3n − 1` 个周期（不能重叠）。更大的矩阵乘 `(M×K)·(K×N)` 按 n×n 分块，共 `⌈M/n⌉·⌈K/n⌉·⌈N/n⌉` 次分块乘，部分和在阵列外相加（不计时间）。一次乘加算 2 次运算。实现：
# `peak_tops(n, f_mhz)`（每周期每个 PE 一次乘加时的峰值，TOPS）、`gemm_cycles(M, K, N, n)`、`utilisation(M, K, N, n)`（有用乘加数 / (n² × 周期数)）、`effective_tops(M, K, N, n, f_mhz)`。
#
# The spec of `rtl/systolic_array.v` (see B2): an n×n output-stationary array computing one n×n×n matrix product at a time (INT8 in, INT32 out); from the clock edge that samples start until it can accept the next start takes `3n − 1` cycles (no overlap). A larger product `(M×K)·(K×N)` is tiled n×n: `⌈M/n⌉·⌈K/n⌉·⌈N/n⌉` tile products, the partial sums added outside the array (free). One multiply-accumulate is 2 operations. Implement:
# `peak_tops(n, f_mhz)` (the peak with one MAC per PE per cycle, in TOPS), `gemm_cycles(M, K, N, n)`, `utilisation(M, K, N, n)` (useful MACs / (n² × cycles)), `effective_tops(M, K, N, n, f_mhz)`.

# %% nbgrader={"grade_id": "b1_perf", "grade": false, "solution": true, "locked": false}
def peak_tops(n, f_mhz):
    ### BEGIN SOLUTION
    return 2 * n * n * f_mhz * 1e6 / 1e12
    ### END SOLUTION


def gemm_cycles(M, K, N, n):
    ### BEGIN SOLUTION
    return math.ceil(M / n) * math.ceil(K / n) * math.ceil(N / n) * (3 * n - 1)
    ### END SOLUTION


def utilisation(M, K, N, n):
    ### BEGIN SOLUTION
    return M * K * N / (n * n * gemm_cycles(M, K, N, n))
    ### END SOLUTION


def effective_tops(M, K, N, n, f_mhz):
    ### BEGIN SOLUTION
    return 2 * M * K * N / (gemm_cycles(M, K, N, n) / (f_mhz * 1e6)) / 1e12
    ### END SOLUTION


print(peak_tops(4, 500), gemm_cycles(64, 64, 64, 4), utilisation(64, 64, 64, 4))

# %% nbgrader={"grade_id": "test_b1_perf", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(peak_tops(4, 500) - 0.016) < 1e-12
assert gemm_cycles(4, 4, 4, 4) == 11
### BEGIN HIDDEN TESTS
_cases = [(64, 64, 64, 4), (100, 30, 7, 4), (1, 1, 1, 8), (256, 1024, 512, 16), (33, 65, 17, 32)]
check("peak", [peak_tops(n, f) for n, f in ((4, 500), (16, 1000), (128, 1400))], tol=1e-9)
check("cycles", [gemm_cycles(*c) for c in _cases])
check("utilisation", [utilisation(*c) for c in _cases], tol=1e-9)
check("effective", [effective_tops(*c, 800) for c in _cases], tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 实现脉动阵列（12 分）/ B2 · Implement the systolic array (12 points)
#
# 在 `rtl/systolic_array.v` 中实现 `N = 4` 的输出驻留脉动阵列，使用给定的 `rtl/systolic_pe.v`（N×N 个实例）。规格见文件头部注释（端口、数据排布、A 的第 r 行延迟 r 个周期、B 的第 c 列延迟 c 个周期进入；start 在 busy 时被忽略；done 在 start 沿之后第 3N−2 个上升沿后变高并保持）。评分按隐藏测试组（极值、结构化矩阵、随机矩阵、忙时 start）给部分分。
#
# Implement the output-stationary systolic array for `N = 4` in `rtl/systolic_array.v`, with the given `rtl/systolic_pe.v` (N×N instances). The spec is the file's header comment (ports, data layout, row r of A delayed r cycles and column c of B delayed c cycles; start ignored while busy; done rises after the (3N−2)-th rising edge after the start edge and holds). Graded per hidden test group (extremes, structured matrices, random matrices, start while busy).

# %%
from hardware_sim import practice

practice.run(["rtl/systolic_pe.v", "rtl/systolic_array.v"], "systolic_array", "test_array_visible", test_dir="tb")

# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 用 Yosys 做早期 PPA 评估（8 分，人工评分）/ B3 · Early PPA with Yosys (8 points, scored by examiners)
#
# 在终端运行 `yosys -p "read_verilog rtl/systolic_pe.v; synth -top systolic_pe; stat" | tail -40`，记录单元数；把乘法改为 4 位操作数（或累加器改为 16 位）再综合一次并比较。据此估算 4×4 与 16×16 阵列的面积量级，并说明：在 500 MHz 下 16×16 阵列的峰值算力；为跑满阵列每周期需要多少字节的片上带宽；你会如何分配片上 SRAM（输入、权重、部分和）。
#
# In a terminal, run `yosys -p "read_verilog rtl/systolic_pe.v; synth -top systolic_pe; stat" | tail -40` and note the cell count; change the multiplier to 4-bit operands (or the accumulator to 16 bits), synthesise again and compare. From this, estimate the area order of 4×4 and 16×16 arrays and state: the 16×16 array's peak at 500 MHz; how many bytes of on-chip bandwidth per cycle keep it busy; how you would split on-chip SRAM (inputs, weights, partial sums).

# %% [markdown] nbgrader={"grade_id": "b3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "c1_text", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（25 分）/ Part C · Testing and verification (25 points)
#
# ### C1 · 异步 FIFO 的测试平台与覆盖率（15 分）/ C1 · Asynchronous FIFO bench and coverage (15 points)
#
# `rtl/async_fifo.v` 是一个正确的异步 FIFO（WIDTH=8，DEPTH=8，格雷码指针、两级同步器；规格见文件头部注释，包括空/满标志相对于同步器的时序）。在 `test_async_fifo_bench.py` 中编写 cocotb 测试平台：两个无关的时钟、随机的写入与读出、数据顺序与完整性、满与空时的行为，以及标志的同步时序（不早于两级同步器允许的时刻释放）。
# 评分：必须在正确设计上通过；之后在 6 个植入真实缺陷的设计上运行（包括 CDC 缺陷），每发现一个得 2 分；Verilator 行覆盖率 ≥ 90% 再得 3 分。
#
# `rtl/async_fifo.v` is a correct asynchronous FIFO (WIDTH=8, DEPTH=8, Gray pointers, two-flop synchronisers; its header comment is the spec, including the flags' timing relative to the synchronisers). In `test_async_fifo_bench.py`, write a cocotb bench: two unrelated clocks, random pushes and pops, data order and integrity, behaviour when full and empty, and the flags' synchroniser timing (never released earlier than a two-flop synchroniser allows).
# Scoring: it must pass on the correct design; it then runs on 6 designs with planted realistic bugs (CDC bugs among them), each caught earns 2 points; Verilator line coverage ≥ 90 % earns 3 more.

# %%
practice.run(["rtl/async_fifo.v"], "async_fifo", "test_async_fifo_bench", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 验证方法学与签核（10 分，人工评分）/ C2 · Methodology and sign-off (10 points, scored by examiners)
#
# 为一颗含 16×16 脉动阵列、DMA 和 RISC-V 控制核的推理芯片，确定验证工具链与方法学（模块级/子系统级/系统级各用什么，cocotb/pyuvm 与 SystemVerilog UVM 如何取舍，形式验证、仿真加速/FPGA 原型用在哪里），并列出你在验证报告签核前必须检查的 5 项以上内容。再说明如何用机器学习帮助验证（例如用覆盖率数据指导激励）。
#
# For an inference chip with a 16×16 systolic array, DMA and a RISC-V control core, choose the verification tool chain and methodology (what at block, subsystem and system level; cocotb/pyuvm versus SystemVerilog UVM; where formal, acceleration or FPGA prototyping belong), and list at least 5 things you must check before signing off the verification report. Then say how machine learning could help verification (e.g. coverage data steering stimulus).

# %% [markdown] nbgrader={"grade_id": "c2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 咨询服务（25 分，人工评分）/ Part D · Consulting (25 points, scored by examiners)
#
# **D1（13 分）**：一家地方政府拟投资建设“端侧 AI 芯片”产业项目。从技术要素（工艺节点、IP、EDA、人才）、产业成本（流片、掩膜、封测、良率、规模效应）、产业链上下游与国产化程度等方面给出分析，并评价项目的社会作用（就业、数据安全、能耗）与可持续性。
# **D2（12 分）**：项目投产后，为芯片量产与客户支持设计运营管理：计划、组织、实施与控制的关键环节和指标；给出第一年的运营经济性预测思路（收入、成本、盈亏平衡）以及当销量低于预期 30% 时的调整策略。
#
# **D1 (13 points)**: a local government plans to invest in an "edge AI chip" industrial project. Analyse the technical factors (process node, IP, EDA, talent), industrial costs (tape-out, masks, packaging and test, yield, economies of scale), the supply chain up- and downstream and its localisation, and assess the project's social role (jobs, data security, energy) and sustainability.
# **D2 (12 points)**: once in production, design the operations management for volume production and customer support: the key steps and indicators of planning, organising, executing and controlling; outline the first year's operating economics (revenue, costs, break-even) and the adjustment strategy if sales fall 30 % short.

# %% [markdown] nbgrader={"grade_id": "d1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "d2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
