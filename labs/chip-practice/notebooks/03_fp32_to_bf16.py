# %% [markdown] nbgrader={"grade_id": "fp32_to_bf16_intro", "grade": false, "solution": false, "locked": true}
# # 练习 03 · FP32 到 BF16 转换
# # Exercise 03 · FP32 to BF16 conversion
#
# 在 [`rtl/fp32_to_bf16.v`](rtl/fp32_to_bf16.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_fp32_to_bf16.py`](benches/test_fp32_to_bf16.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（15 分）。
# Complete the `TODO`s in [`rtl/fp32_to_bf16.v`](rtl/fp32_to_bf16.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_fp32_to_bf16.py`](benches/test_fp32_to_bf16.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (15 points).

# %% [markdown] nbgrader={"grade_id": "fp32_to_bf16_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# bfloat16 是 FP32 的高 16 位：1 位符号、8 位指数（与 FP32 相同）、7 位尾数。AI 芯片常用它存储权重和激活值。
# bfloat16 is the top half of FP32: 1 sign, 8 exponent (as FP32), 7 mantissa bits. AI chips use it for weights and activations.
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `f` | in | 32 | IEEE-754 binary32 位模式 / bit pattern |
# | `h` | out | 16 | bfloat16 位模式 / bit pattern |
#
# 组合逻辑，就近舍入、恰好一半时取偶 / Combinational, round to nearest, ties to even:
#
# - 有限数和无穷大：保留 `f[31:16]`，被丢弃的 `f[15:0]` 大于 `16'h8000` 时加一；等于 `16'h8000` 时，只有保留部分的最低位 `f[16]` 为 1 才加一。
#   进位可以一直传到指数：最大的有限数可能变成无穷大，非规格化数照常舍入（不清零）。
#   Finite and infinite values: keep `f[31:16]` and add one when the dropped `f[15:0]` is above `16'h8000`, or exactly `16'h8000`
#   with an odd kept lsb `f[16]`. The carry may ripple into the exponent: the largest finite values can become infinity, and
#   subnormals round like any value (no flush to zero).
# - NaN（指数全 1 且尾数非零）：`h = {f[31], 8'hFF, 1'b1, f[21:16]}`，同符号的静默 NaN。
#   NaN (exponent all ones, mantissa non-zero): `h = {f[31], 8'hFF, 1'b1, f[21:16]}`, a quiet NaN of the same sign.
#
# | `f` | `h` | |
# |---|---|---|
# | `3F80_0000` (1.0) | `3F80` | |
# | `3F80_8000` | `3F80` | 恰好一半，保留偶数 / tie, stays even |
# | `3F81_8000` | `3F82` | 恰好一半，奇数进位 / tie, odd rounds up |
# | `3F80_8001` | `3F81` | 超过一半 / above half |
# | `7F7F_8000` | `7F80` | 溢出为 +∞ / overflows to +inf |
# | `7F80_0001` | `7FC0` | 信号 NaN → 静默 NaN / signalling NaN → quiet NaN |

# %% [markdown] nbgrader={"grade_id": "fp32_to_bf16_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/fp32_to_bf16.v"], "fp32_to_bf16", "test_fp32_to_bf16", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "fp32_to_bf16_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/fp32_to_bf16.v"], "fp32_to_bf16", "test_fp32_to_bf16", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "fp32_to_bf16_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["clk", "..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "fp32_to_bf16_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 为什么“恰好一半时取偶”比“恰好一半时进位”好？哪个测试能区分这两种做法？
#    Why is "ties to even" better than "ties away from zero", and which test tells them apart?
# 2. 最大的非规格化数 `007F_FFFF` 转换后是多少？为什么不是非规格化数？
#    What does the largest subnormal `007F_FFFF` become, and why is it no longer subnormal?
