# %% [markdown] nbgrader={"grade_id": "dot_int8_intro", "grade": false, "solution": false, "locked": true}
# # 练习 02 · INT8 点积
# # Exercise 02 · INT8 dot product
#
# 在 [`rtl/dot_int8.v`](rtl/dot_int8.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_dot_int8.py`](benches/test_dot_int8.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（10 分）。
# Complete the `TODO`s in [`rtl/dot_int8.v`](rtl/dot_int8.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_dot_int8.py`](benches/test_dot_int8.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (10 points).

# %% [markdown] nbgrader={"grade_id": "dot_int8_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# 点积是矩阵乘法和卷积的基本运算：`y = a[0]*b[0] + a[1]*b[1] + … + a[N-1]*b[N-1]`。
# The dot product is the core of matrix multiplication and convolution.
#
# 参数 Parameter: `N = 4`（元素个数 / elements）。
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `a`, `b` | in | 8·N | 两个向量，元素 `i` 在 `[8*i+7 : 8*i]`，有符号 INT8 / two vectors, element `i` in `[8*i+7 : 8*i]`, signed INT8 |
# | `y` | out | 32, signed | 点积 / the dot product |
#
# 组合逻辑。每个乘积都是精确的 16 位有符号数，**符号扩展**到 32 位后相加；N 不大于 2¹⁷ 时和不会溢出。
# Combinational. Each product is the exact 16-bit signed value, **sign-extended** to 32 bits and added; for N up to 2¹⁷ the sum
# never overflows.
#
# 例 Example: `a = [1, 2, 3, 4]`, `b = [5, 6, 7, 8]` → `y = 70`（端口值 port values `a = 32'h04030201`, `b = 32'h08070605`）；
# `a = b = [-128, -128, -128, -128]` → `y = 65536`（超过 16 位 / beyond 16 bits）。
#
# 提示 Hints:
#
# ```verilog
# genvar i;
# generate
#     for (i = 0; i < N; i = i + 1) begin : g_term
#         wire signed [7:0]  ai = a[8*i +: 8];   // +: 取出从 8*i 开始的 8 位 / 8 bits from bit 8*i up
#         ...
#     end
# endgenerate
# ```
#
# 在 generate 循环里不能给同一个变量反复赋值：用一条“部分和”的链，每一项一个 32 位片段
# （`partial[32*(i+1) +: 32] = partial[32*i +: 32] + ...`）。
# A generate loop cannot add to one variable again and again: use a chain of partial sums, one 32-bit slice per lane.
# 公开测试平台也可以用别的 N 运行 / The visible bench runs with another N too: `practice.run(..., parameters={"N": 8})`。

# %% [markdown] nbgrader={"grade_id": "dot_int8_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/dot_int8.v"], "dot_int8", "test_dot_int8", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "dot_int8_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/dot_int8.v"], "dot_int8", "test_dot_int8", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "dot_int8_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "dot_int8_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 如果把乘积零扩展（`{16'd0, product}`）而不是符号扩展，哪个测试先失败？在表格里找到第一个错误的值。
#    If the product were zero-extended (`{16'd0, product}`) instead of sign-extended, which test fails first? Find the first wrong value.
# 2. 这个加法链有 N 级加法器串联。N = 64 时组合路径会很长：怎样改成加法树？流水线又该插在哪里？
#    The chain puts N adders in series. For N = 64 the combinational path is long: how would an adder tree look, and where
#    would pipeline registers go?
