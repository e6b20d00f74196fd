# %% [markdown] nbgrader={"grade_id": "mac_int8_intro", "grade": false, "solution": false, "locked": true}
# # 练习 01 · INT8 乘累加单元
# # Exercise 01 · INT8 multiply-accumulate unit
#
# 在 [`rtl/mac_int8.v`](rtl/mac_int8.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_mac_int8.py`](benches/test_mac_int8.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（10 分）。
# Complete the `TODO`s in [`rtl/mac_int8.v`](rtl/mac_int8.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_mac_int8.py`](benches/test_mac_int8.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (10 points).

# %% [markdown] nbgrader={"grade_id": "mac_int8_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `clk` | in | 1 | 时钟，上升沿有效 / clock, rising edge |
# | `rst` | in | 1 | 同步复位，高有效：`acc` 清零 / synchronous reset, active high: clears `acc` |
# | `en` | in | 1 | 使能：为 1 时累加 / enable: accumulate when 1 |
# | `a`, `b` | in | 8, signed | INT8 操作数 / INT8 operands |
# | `acc` | out | 32, signed | 累加和 / the running sum |
#
# 每个时钟上升沿 / On every rising clock edge:
#
# - `rst = 1`：`acc <= 0`（优先于 `en` / wins over `en`）；
# - 否则 `en = 1`：`acc <= acc + a * b`。乘积是精确的 16 位有符号数，**符号扩展**到 32 位后相加，和按 32 位回绕。
#   otherwise, when `en = 1`: `acc <= acc + a * b`. The product is the exact 16-bit signed value, **sign-extended** to 32 bits; the sum wraps at 32 bits.
# - `en = 0`：`acc` 保持 / `acc` holds.
#
# 例 Example: `a = -128, b = -128` → `acc = 16384`；再来 then `a = -128, b = 127` → `acc = 16384 - 16256 = 128`。
#
# 提示 Hint: `wire signed [15:0] product = a * b;` —— 两个操作数都是 `signed` 时乘法才是有符号的 / the product is signed only when both operands are.

# %% [markdown] nbgrader={"grade_id": "mac_int8_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "mac_int8_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "mac_int8_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["clk", "..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "mac_int8_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 如果乘积用零扩展而不是符号扩展，哪个测试会失败？在波形里找到第一个错误的 `acc`。
#    If the product were zero-extended instead of sign-extended, which test fails? Find the first wrong `acc` in the waveform.
# 2. 用 Verilator 的覆盖率看看：只运行 `testcase="extremes"` 时，哪个分支没有走到？为什么？
#    With Verilator's coverage: which branch is never taken when only `testcase="extremes"` runs, and why?
