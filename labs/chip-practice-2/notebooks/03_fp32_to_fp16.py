# %% [markdown] nbgrader={"grade_id": "fp32_to_fp16_intro", "grade": false, "solution": false, "locked": true}
# # 练习 03 · FP32 到 FP16 转换
# # Exercise 03 · FP32 to FP16 conversion
#
# 在 [`rtl/fp32_to_fp16.v`](rtl/fp32_to_fp16.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_fp32_to_fp16.py`](benches/test_fp32_to_fp16.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（15 分）。
# Complete the `TODO`s in [`rtl/fp32_to_fp16.v`](rtl/fp32_to_fp16.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_fp32_to_fp16.py`](benches/test_fp32_to_fp16.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (15 points).

# %% [markdown] nbgrader={"grade_id": "fp32_to_fp16_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# binary16（FP16，半精度）：1 位符号、5 位指数（偏置 15）、10 位尾数；最大有限数 65504，最小规格化数 2⁻¹⁴，
# 非规格化数是 2⁻²⁴ 的整数倍。binary32：1 位符号、8 位指数 `e`（偏置 127）、23 位尾数 `m`。
# binary16 (FP16, half precision): 1 sign, 5 exponent (bias 15), 10 mantissa bits; largest finite value 65504, smallest normal
# 2⁻¹⁴, subnormals are multiples of 2⁻²⁴. binary32: 1 sign, 8 exponent bits `e` (bias 127), 23 mantissa bits `m`.
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `f` | in | 32 | binary32 位模式 / bit pattern |
# | `h` | out | 16 | binary16 位模式 / bit pattern |
#
# 组合逻辑，就近舍入、恰好一半时取偶；`h[15] = f[31]`，低 15 位按 `e = f[30:23]` 分五种情况：
# Combinational, round to nearest, ties to even; `h[15] = f[31]` and the low 15 bits by `e = f[30:23]`:
#
# | `e` | 情况 Case | 低 15 位 Low 15 bits |
# |---|---|---|
# | 255, `m ≠ 0` | NaN | `{5'h1F, 1'b1, m[21:13]}`：静默 NaN，保留尾数高位 / a quiet NaN keeping the top mantissa bits |
# | 255, `m = 0` | 无穷大 / infinity | `15'h7C00` |
# | 143…254 | 溢出（\|f\| ≥ 65536）/ overflow | `15'h7C00`（无穷大 / infinity） |
# | 113…142 | 规格化数 / normal | `{e − 112, m[22:13]}`，再按 guard `m[12]`、sticky `\|m[11:0]`、lsb `m[13]` 舍入；进位可以一直传到指数（65520 起变成无穷大）/ then rounded on guard `m[12]`, sticky `\|m[11:0]` and lsb `m[13]`; the carry may ripple into the exponent (infinity from 65520 on) |
# | 102…112 | 非规格化数 / subnormal | `{1, m}` 右移 `126 − e` 位，按移出的位舍入；最大的非规格化数可能进位成最小规格化数 `0x0400` / `{1, m}` shifted right by `126 − e`, rounded on the bits shifted out; the largest ones may round up to the smallest normal `0x0400` |
# | 0…101 | 太小 / too small (\|f\| < 2⁻²⁵) | 0（带符号 / signed zero） |
#
# | `f` | `h` | |
# |---|---|---|
# | `3F80_0000` (1.0) | `3C00` | |
# | `3F80_1000` | `3C00` | 恰好一半，保留偶数 / tie, stays even |
# | `3F80_3000` | `3C02` | 恰好一半，奇数进位 / tie, odd rounds up |
# | `477F_E000` (65504) | `7BFF` | 最大有限数 / largest finite |
# | `477F_F000` (65520) | `7C00` | 舍入后溢出 / rounds up to infinity |
# | `3380_0000` (2⁻²⁴) | `0001` | 最小非规格化数 / smallest subnormal |
# | `3300_0000` (2⁻²⁵) | `0000` | 与 0 和 2⁻²⁴ 等距，取偶数 0 / a tie between 0 and 2⁻²⁴: even, 0 |
# | `387F_E000` | `0400` | 非规格化数进位成规格化数 / a subnormal rounding up to a normal |
# | `7F80_0001` | `7E00` | 信号 NaN → 静默 NaN / signalling NaN → quiet NaN |
# | `FFC0_2000` | `FE01` | |
#
# 所有非 NaN 输入的结果都和 NumPy 的 `np.float32(x).astype(np.float16)` 相同，可以用它核对。
# For every non-NaN input the result equals NumPy's `np.float32(x).astype(np.float16)`: use it to check yourself.
#
# 提示 Hints: 规格化数的新指数是 `e − 112`，只用于 113…142，可以写成 `e[4:0] + 5'd16`（模 32 相等）/ the new exponent
# `e − 112`, used only for 113…142, is `e[4:0] + 5'd16` (equal modulo 32); 非规格化数可以在 `{1'b1, m}` 后面补 0 再右移，
# 这样移出的位都保留下来用于舍入 / append zeros below `{1'b1, m}` before the shift so that every bit shifted out is kept for the
# rounding. 这个文件还要通过 `verilator --lint-only -Wall`（见下方单元格）/ this file must also pass `verilator --lint-only -Wall`.

# %% [markdown] nbgrader={"grade_id": "fp32_to_fp16_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/fp32_to_fp16.v"], "fp32_to_fp16", "test_fp32_to_fp16", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "fp32_to_fp16_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/fp32_to_fp16.v"], "fp32_to_fp16", "test_fp32_to_fp16", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "fp16_lint_title", "grade": false, "solution": false, "locked": true}
# ## 书写规则检查 / Lint
#
# 评分还要求 `verilator --lint-only -Wall` 没有任何警告（5 分）：未使用的信号、位宽不一致等都会报出来。
# 确实用不到的位可以不声明，或者用 `/* verilator lint_off UNUSEDSIGNAL */ … /* verilator lint_on UNUSEDSIGNAL */` 说明是有意的。
# Grading also wants `verilator --lint-only -Wall` to print no warning (5 points): unused signals, width mismatches and the like.
# Bits you really do not need can stay undeclared, or be marked as intended with
# `/* verilator lint_off UNUSEDSIGNAL */ … /* verilator lint_on UNUSEDSIGNAL */`.

# %%
practice.lint(["rtl/fp32_to_fp16.v"])

# %% [markdown] nbgrader={"grade_id": "fp32_to_fp16_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "fp32_to_fp16_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. FP16 的最大有限数是 65504，为什么从 65520 开始才变成无穷大，而不是从 65505 开始？
#    The largest finite half is 65504: why does infinity start at 65520 and not at 65505?
# 2. 训练时常用 BF16 而不是 FP16，推理时两者都用。和 BF16（练习一的练习 3）相比，FP16 的范围和精度各有什么不同？
#    Training prefers BF16 to FP16; inference uses both. How do FP16's range and precision differ from BF16's (lab 1, exercise 3)?
