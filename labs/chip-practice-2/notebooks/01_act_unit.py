# %% [markdown] nbgrader={"grade_id": "act_unit_intro", "grade": false, "solution": false, "locked": true}
# # 练习 01 · 激活单元
# # Exercise 01 · Activation unit
#
# 在 [`rtl/act_unit.v`](rtl/act_unit.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_act_unit.py`](benches/test_act_unit.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（10 分）。
# Complete the `TODO`s in [`rtl/act_unit.v`](rtl/act_unit.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_act_unit.py`](benches/test_act_unit.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (10 points).

# %% [markdown] nbgrader={"grade_id": "act_unit_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# 神经网络每一层的输出都要经过激活函数。这个单元作用在 INT8 数据上，数据按 Q4.4 定点数理解（4 位整数、4 位小数，
# 所以 6.0 = 6 × 16 = 96）。
# Every layer's output goes through an activation. This unit works on INT8 data read as Q4.4 fixed point (4 integer and
# 4 fraction bits, so 6.0 = 6 × 16 = 96).
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `x` | in | 8, signed | 输入 / input |
# | `mode` | in | 2 | 激活函数 / the activation |
# | `y` | out | 8, signed | 输出 / output |
#
# 组合逻辑 / Combinational:
#
# | `mode` | 函数 Function | `y` |
# |---|---|---|
# | 0 | 恒等 / identity | `x` |
# | 1 | ReLU | `max(x, 0)` |
# | 2 | ReLU6（Q4.4） | `min(max(x, 0), 96)` |
# | 3 | 泄漏 ReLU / leaky ReLU，斜率 slope 1/8 | `x >= 0` 时 `x`，否则 `x >>> 3`（算术右移 / arithmetic shift） |
#
# 算术右移向 −∞ 取整 / An arithmetic shift rounds toward −∞: `-1 → -1`, `-8 → -1`, `-9 → -2`, `-128 → -16`。
# ReLU6：`97 → 96`, `127 → 96`, `-5 → 0`。所有结果都在 INT8 范围内，不需要另外饱和 / every result fits INT8, no other saturation.
#
# 提示 Hints: `always @* case (mode) ... endcase`，每个分支都给 `y` 赋值 / assign `y` in every branch (else a latch);
# `>>>` 只有在有符号的操作数上才是算术右移 / `>>>` is arithmetic only on a signed operand; 比较 `x > 96` 时两边都要是有符号数
# / both sides of `x > 96` must be signed (`8'sd96`).

# %% [markdown] nbgrader={"grade_id": "act_unit_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/act_unit.v"], "act_unit", "test_act_unit", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "act_unit_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/act_unit.v"], "act_unit", "test_act_unit", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "act_unit_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "act_unit_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 泄漏 ReLU 如果写成 `x / 8` 而不是 `x >>> 3`，哪些输入的结果不同？为什么？
#    If leaky ReLU were `x / 8` instead of `x >>> 3`, which inputs would differ, and why?
# 2. 看 Verilator 的覆盖率：只运行 `testcase="edges_per_mode"` 时，`y` 的每一位都翻转过吗？
#    In Verilator's coverage: with only `testcase="edges_per_mode"`, does every bit of `y` toggle?
