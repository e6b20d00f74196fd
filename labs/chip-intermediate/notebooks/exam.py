# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能芯片方向）中级 · 实操考试
# # AI engineering technician, AI chip direction, intermediate level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverable |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 20 | 本笔记本 this notebook |
# | B | 人工智能设计开发 Design and development | 40 | `rtl/fp32_to_bf16.v`, `rtl/systolic_pe.v`, B4 |
# | C | 人工智能测试验证 Testing and verification | 25 | `test_accel_uvm.py`, C2 |
# | D | 人工智能咨询服务 Consulting | 15 | D1 |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；书面题写在“在此作答”的单元格里（由考评员评分）。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write the written answers in the answer cells (scored by the examiners).
# - 测试单元格只含部分测试；评分时另有隐藏测试、隐藏的 cocotb 测试平台和植入缺陷的设计。
#   Test cells hold only some of the tests; grading adds hidden tests, hidden cocotb benches and designs with planted bugs.
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**（可多次提交，以最后一次为准）。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done (the last submission counts).

# %%
import numpy as np
import paddle
import paddle.nn.functional as F

paddle.seed(0)
X = np.load("data/digits_train_x.npy")   # (1347, 64) float32 in [0, 1]: 8x8 images, row by row
y = np.load("data/digits_train_y.npy")   # (1347,) int64, 0..9
X_train, y_train, X_val, y_val = X[:1100], y[:1100], X[1100:], y[1100:]


# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A 部分 · 共性技术应用（20 分）/ Part A · Common AI technology (20 points)
#
# 数据同初级：8×8 手写数字（`data/`），评分用你看不到的 450 张测试图。
# The data: 8×8 handwritten digits (`data/`); grading uses 450 test images you never see.
#
# ### A1 · 用 `paddle.nn` 搭建卷积网络（8 分）/ A1 · Build a CNN with `paddle.nn` (8 points)
#
# 实现 `CNN`：输入 `(N, 64)` 在 `forward` 中变形为 `(N, 1, 8, 8)`，至少两层 `Conv2D`，输出 10 类的 logits。实现 `train(X, y)` 与 `predict(model, X)`（int64 类别）。训练在 2 个 CPU 核上不超过 60 秒。
# 评分：隐藏测试集准确率 ≥ 0.95 满分，≥ 0.90 得 60%，≥ 0.80 得 30%。
#
# Implement `CNN`: `forward` reshapes the `(N, 64)` input to `(N, 1, 8, 8)`, has at least two `Conv2D` layers and returns logits for 10 classes. Implement `train(X, y)` and `predict(model, X)` (int64 classes). Training takes at most 60 s on 2 CPU cores.
# Scored by accuracy on the hidden test set: ≥ 0.95 full marks, ≥ 0.90 60 %, ≥ 0.80 30 %.

# %% nbgrader={"grade_id": "a1_cnn", "grade": false, "solution": true, "locked": false}
class CNN(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = paddle.nn.Conv2D(1, 16, 3, padding=1)
        self.conv2 = paddle.nn.Conv2D(16, 32, 3, padding=1)
        self.pool = paddle.nn.MaxPool2D(2)
        self.fc = paddle.nn.Linear(32 * 2 * 2, 10)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = x.reshape([-1, 1, 8, 8])
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        return self.fc(x.flatten(1))
        ### END SOLUTION


def train(X, y, epochs=25, lr=0.005, batch=64):
    ### BEGIN SOLUTION
    paddle.seed(0)
    model = CNN()
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

assert (predict(model, X_val) == y_val).mean() >= 0.90, "validation accuracy below 0.90"
### BEGIN HIDDEN TESTS
check("hidden_accuracy", predict(model, np.load("/run/practicum/hidden/digits_test_x.npy")),
      scorer={"kind": "accuracy", "labels": "digits_test_y.npy", "thresholds": [[0.95, 1.0], [0.90, 0.6], [0.80, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 导出并用导出的模型推理（4 分）/ A2 · Export and infer from the export (4 points)
#
# 实现 `export(model, path)`：用 `paddle.jit.save` 导出静态图模型（输入规格 `[None, 64]`，`float32`）；实现 `predict_exported(path, X)`：用 `paddle.jit.load` 载入后推理，返回 int64 类别。评分：导出模型在隐藏测试集上的准确率与 A1 相同阈值。
# Implement `export(model, path)`: save a static-graph model with `paddle.jit.save` (input spec `[None, 64]`, `float32`); and `predict_exported(path, X)`: load it with `paddle.jit.load` and return int64 classes. Scored by the exported model's accuracy on the hidden test set, with A1's thresholds.

# %% nbgrader={"grade_id": "a2_export", "grade": false, "solution": true, "locked": false}
def export(model, path):
    ### BEGIN SOLUTION
    model.eval()
    paddle.jit.save(model, path, input_spec=[paddle.static.InputSpec([None, 64], "float32", name="x")])
    ### END SOLUTION


def predict_exported(path, X):
    ### BEGIN SOLUTION
    loaded = paddle.jit.load(path)
    loaded.eval()
    return loaded(paddle.to_tensor(np.asarray(X, dtype=np.float32))).numpy().argmax(axis=1).astype(np.int64)
    ### END SOLUTION


export(model, "export/digits_cnn")
print("exported model, validation accuracy:", (predict_exported("export/digits_cnn", X_val) == y_val).mean())

# %% nbgrader={"grade_id": "test_a2_export", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

import os
assert os.path.exists("export/digits_cnn.pdiparams"), "export/digits_cnn.pdiparams is missing"
### BEGIN HIDDEN TESTS
check("exported_accuracy", predict_exported("export/digits_cnn", np.load("/run/practicum/hidden/digits_test_x.npy")),
      scorer={"kind": "accuracy", "labels": "digits_test_y.npy", "thresholds": [[0.95, 1.0], [0.90, 0.6], [0.80, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a3_text", "grade": false, "solution": false, "locked": true}
# ### A3 · 调参方案（8 分，人工评分）/ A3 · Tuning plan (8 points, scored by examiners)
#
# 在下面的空白代码单元格中对学习率做一次小规模扫描（例如 0.0005、0.005、0.05，各训练少量轮次），记录验证准确率。然后回答：结果说明了什么？如果把这个网络用于 16×16 的图像且数据少一半，你会优先调整哪些关键参数，为什么？
# In the empty code cell below, sweep the learning rate briefly (for example 0.0005, 0.005, 0.05, a few epochs each) and note the validation accuracy. Then answer: what do the results show? If this network were used on 16×16 images with half the data, which key parameters would you adjust first, and why?

# %%
# 学习率扫描 / learning-rate sweep

# %% [markdown] nbgrader={"grade_id": "a3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_b", "grade": false, "solution": false, "locked": true}
# ## B 部分 · 设计开发（40 分）/ Part B · Design and development (40 points)
#
# 在 `rtl/` 中完成两个模块（Verilog-2005，可综合，端口不变），按隐藏测试组给部分分。
# Complete two modules in `rtl/` (Verilog-2005, synthesizable, ports unchanged), graded per hidden test group.
#
# **B1 · `fp32_to_bf16`（14 分 + Verilator `-Wall` 检查 6 分）**：IEEE-754 binary32 → bfloat16，就近舍入、平局取偶。保留 `f[31:16]`，当丢弃的低 16 位大于 `16'h8000`，或等于 `16'h8000` 且保留部分最低位为 1 时加一（进位可进入指数：非规格化数照常舍入，不清零；超过最大有限值则变为无穷大）。NaN（指数全 1 且尾数非零）输出 `{sign, 8'hFF, 1'b1, f[21:16]}`（保持符号的静默 NaN）。
# IEEE-754 binary32 → bfloat16, round to nearest, ties to even. Keep `f[31:16]` and add one when the dropped low half is above `16'h8000`, or exactly `16'h8000` with an odd kept lsb (the carry may ripple into the exponent: subnormals round like any value, no flush to zero; values beyond the largest finite bfloat16 become infinity). NaN (exponent all ones, mantissa non-zero) gives `{sign, 8'hFF, 1'b1, f[21:16]}` (a quiet NaN with the same sign).
# 端口 Ports: `input [31:0] f`, `output [15:0] h`.
#
# **B2 · `systolic_pe`（12 分）**：把矩阵乘拆成可在 ASIC 上实现的基本单元：输出驻留脉动阵列的一个处理单元。每个时钟：`a_out <= a_in`，`b_out <= b_in`，`valid_out <= valid_in`（操作数向东、向南传递，与 `valid_in` 无关）。累加器：`rst` 或 `clear` 时清零（`clear` 优先于 `valid_in`，该周期的乘积丢弃）；否则 `valid_in` 为 1 时 `acc <= acc + a_in * b_in`（有符号 INT8 操作数，16 位精确乘积，32 位回绕累加）。`rst` 为同步复位，清零全部输出。
# Break a matrix multiply into a unit an ASIC can build: one processing element of an output-stationary systolic array. Every clock: `a_out <= a_in`, `b_out <= b_in`, `valid_out <= valid_in` (operands pass on east and south whatever `valid_in` says). The accumulator: `rst` or `clear` zeroes it (`clear` wins over `valid_in`: that cycle's product is dropped); otherwise `acc <= acc + a_in * b_in` when `valid_in` (signed INT8 operands, exact 16-bit product, 32-bit wrapping sum). `rst` is synchronous and clears every output.
# 端口 Ports: `input clk, rst, clear, valid_in`, `input signed [7:0] a_in, b_in`, `output reg signed [7:0] a_out, b_out`, `output reg valid_out`, `output reg signed [31:0] acc`.

# %%
from hardware_sim import practice

practice.run(["rtl/fp32_to_bf16.v"], "fp32_to_bf16", "test_bf16_visible", test_dir="tb")
practice.run(["rtl/systolic_pe.v"], "systolic_pe", "test_pe_visible", test_dir="tb")

# %% [markdown] nbgrader={"grade_id": "b4_text", "grade": false, "solution": false, "locked": true}
# ### B4 · 跨时钟域设计（8 分，人工评分）/ B4 · Clock-domain crossing design (8 points, scored by examiners)
#
# 一位同事把写时钟域的 4 位二进制写指针 `wptr` 直接用一级触发器 `always @(posedge rclk) wptr_r <= wptr;` 送到读时钟域，用来产生 `empty`。指出所有问题（亚稳态、多位同时变化、空标志何时可能出错），给出修改方案（格雷码、两级同步器、为什么空/满标志是“悲观”的），并说明综合/时序约束中对这条路径要做什么（例如 `set_max_delay` 或 false path 及其条件）。
# A colleague sends the write domain's 4-bit binary write pointer `wptr` to the read domain through one flop, `always @(posedge rclk) wptr_r <= wptr;`, and derives `empty` from it. Name every problem (metastability, several bits changing at once, when empty can be wrong), give the fix (Gray code, two-flop synchroniser, why the empty/full flags are pessimistic) and say what the synthesis/timing constraints must do with this path (e.g. `set_max_delay` or a false path, and under which condition).

# %% [markdown] nbgrader={"grade_id": "b4_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_c", "grade": false, "solution": false, "locked": true}
# ## C 部分 · 测试验证（25 分）/ Part C · Testing and verification (25 points)
#
# ### C1 · 面向对象的子系统验证（15 分）/ C1 · Object-oriented subsystem verification (15 points)
#
# `accel/accel.v`（及 `accel/` 中的子模块）是一个正确的小型加速器子系统，带寄存器接口（寄存器表见文件头部注释）。在 `test_accel_uvm.py` 中用 **pyuvm**（sequence item、sequence、driver、monitor、scoreboard、env、test）搭建验证环境：随机配置寄存器、启动计算、读取结果，并与参考模型比较。
# 评分：你的测试平台必须在正确设计上通过；然后在若干植入真实缺陷的设计上运行，每发现一个得相同的分数。测试平台只能通过端口观察设计。
#
# `accel/accel.v` (with its submodules in `accel/`) is a correct small accelerator subsystem with a register interface (the register map is in the file's header comment). In `test_accel_uvm.py`, build a **pyuvm** environment (sequence item, sequence, driver, monitor, scoreboard, env, test): program random register settings, start the computation, read the result back, and compare with a reference model.
# Scoring: your bench must pass on the correct design; it then runs on several designs with planted realistic bugs, each caught earns an equal share. The bench sees the design through its ports only.

# %%
practice.run(["accel/dot_int8.v", "accel/requant_int8.v", "accel/act_unit.v", "accel/accel.v"], "accel", "test_accel_uvm")

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 验证计划（10 分，人工评分）/ C2 · Verification plan (10 points, scored by examiners)
#
# 为 `accel` 子系统写一份验证计划：验证目标与范围；功能点列表（寄存器读写、计算、饱和与舍入、ReLU、复位、忙时写入等）及每点的检查方法；激励策略（定向 + 约束随机）；功能覆盖率模型（覆盖点、交叉覆盖）与代码覆盖率目标；通过/结束准则。
# Write a verification plan for the `accel` subsystem: goals and scope; the feature list (register access, computation, saturation and rounding, ReLU, reset, writes while busy, ...) with how each is checked; the stimulus strategy (directed + constrained random); the functional coverage model (cover points, crosses) and code coverage goals; the pass/sign-off criteria.

# %% [markdown] nbgrader={"grade_id": "c2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part_d", "grade": false, "solution": false, "locked": true}
# ## D 部分 · 咨询服务（15 分，人工评分）/ Part D · Consulting (15 points, scored by examiners)
#
# 一家做智能门禁的客户想在下一代产品中加入人脸识别，正在三种方案中选择：(a) 在现有 MCU 上用软件推理；(b) 采购带 INT8 NPU 的 SoC；(c) 自研一个基于本考试 `accel` 的小型加速 IP 集成进自己的 ASIC。
# 写一份一页的技术评估意见：比较三种方案的算力需求与可行性（给出估算过程）、开发周期与资源（人员、工具、IP、流片费用）、风险；涉及人脸数据时的隐私保护与数据安全要求；给出推荐方案与实施步骤。
#
# A smart door-access customer wants face recognition in its next product and is choosing between: (a) software inference on its current MCU; (b) buying a SoC with an INT8 NPU; (c) developing a small accelerator IP based on this exam's `accel` for its own ASIC.
# Write a one-page technical assessment: compare the options' compute needs and feasibility (show the estimate), development time and resources (staff, tools, IP, tape-out cost), risks; the privacy and data-security requirements that face data brings; and recommend an option with implementation steps.

# %% [markdown] nbgrader={"grade_id": "d1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
