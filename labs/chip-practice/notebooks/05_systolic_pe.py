# %% [markdown] nbgrader={"grade_id": "systolic_pe_intro", "grade": false, "solution": false, "locked": true}
# # 练习 05 · 脉动阵列处理单元
# # Exercise 05 · Systolic array processing element
#
# 在 [`rtl/systolic_pe.v`](rtl/systolic_pe.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_systolic_pe.py`](benches/test_systolic_pe.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（15 分）。
# Complete the `TODO`s in [`rtl/systolic_pe.v`](rtl/systolic_pe.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_systolic_pe.py`](benches/test_systolic_pe.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (15 points).

# %% [markdown] nbgrader={"grade_id": "systolic_pe_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# 输出驻留脉动阵列由许多 PE 组成：`a` 从西向东流动，`b` 从北向南流动，每个 PE 累加自己的一个输出元素。
# An output-stationary systolic array is a grid of PEs: `a` flows east, `b` flows south, and each PE accumulates one output element.
#
# ```
#         b ↓            b ↓
# a → [ PE ] → a → [ PE ] →
#         ↓ b            ↓ b
# ```
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `clk`, `rst` | in | 1 | 时钟；同步复位，所有输出清零 / clock; synchronous reset, clears every output |
# | `clear` | in | 1 | 清零累加器（开始新的输出元素）/ clears the accumulator (a new output element) |
# | `valid_in` | in | 1 | 本周期的操作数有效 / this cycle's operands are valid |
# | `a_in`, `b_in` | in | 8, signed | 操作数 / operands |
# | `a_out`, `b_out`, `valid_out` | out | 8, 8, 1 | 打一拍后传给东边和南边的 PE / passed east and south one cycle later |
# | `acc` | out | 32, signed | 累加器 / accumulator |
#
# 每个上升沿 / At every rising edge:
#
# - `rst`：所有输出为 0 / every output becomes 0;
# - 否则：`a_out <= a_in`、`b_out <= b_in`、`valid_out <= valid_in`（不管 `valid_in` 是多少都传递）；并且
#   otherwise: `a_out <= a_in`, `b_out <= b_in`, `valid_out <= valid_in` (passed on whatever `valid_in` is); and
#   - `clear`：`acc <= 0`（优先于 `valid_in`，这一拍的乘积丢弃 / beats `valid_in`: that cycle's product is dropped）；
#   - 否则 `valid_in`：`acc <= acc + a_in * b_in`（有符号，32 位回绕 / signed, wraps at 32 bits）；否则保持 / else holds.

# %% [markdown] nbgrader={"grade_id": "systolic_pe_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/systolic_pe.v"], "systolic_pe", "test_systolic_pe", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "systolic_pe_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/systolic_pe.v"], "systolic_pe", "test_systolic_pe", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "systolic_pe_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["clk", "..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "systolic_pe_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. `clear` 和 `valid_in` 同时为 1 时，这一拍的乘积为什么要丢弃？（提示：新的输出元素从哪一拍开始？）
#    Why is the product dropped when `clear` and `valid_in` are 1 together? (Hint: where does the next output element start?)
# 2. 2×2 的阵列里，`a` 和 `b` 要错开几拍送入，才能让每个 PE 在同一拍拿到配对的操作数？
#    In a 2×2 array, how many cycles apart must `a` and `b` enter so that each PE gets matching operands in the same cycle?
