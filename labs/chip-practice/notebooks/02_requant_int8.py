# %% [markdown] nbgrader={"grade_id": "requant_int8_intro", "grade": false, "solution": false, "locked": true}
# # 练习 02 · INT32 到 INT8 重量化 + 自己的测试平台
# # Exercise 02 · INT32 to INT8 requantisation + your own bench
#
# 在 [`rtl/requant_int8.v`](rtl/requant_int8.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_requant_int8.py`](benches/test_requant_int8.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（15 分）。
# Complete the `TODO`s in [`rtl/requant_int8.v`](rtl/requant_int8.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_requant_int8.py`](benches/test_requant_int8.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (15 points).

# %% [markdown] nbgrader={"grade_id": "requant_int8_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# 神经网络加速器把 INT32 累加结果乘以一个定点比例因子再右移，得到下一层的 INT8 输入。
# An accelerator turns each INT32 accumulator into the next layer's INT8 input by a fixed-point multiplier and a shift.
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `acc` | in | 32, signed | 累加结果 / accumulator |
# | `mult` | in | 16, **unsigned** | 定点乘数 0..65535 / fixed-point multiplier |
# | `shift` | in | 5 | 右移位数 0..31 / right shift |
# | `q` | out | 8, signed | 结果 / result |
#
# 组合逻辑 / Combinational:
#
# 1. `p = acc * mult`，精确（有符号 32 位 × 无符号 16 位，结果最多 48 位）/ exact (signed 32 × unsigned 16 fits 48 bits);
# 2. `shift > 0`：`r = (p + 2**(shift-1)) >>> shift`，即四舍五入，恰好一半时向 +∞（2.5 → 3，−2.5 → −2，−0.5 → 0）；
#    `shift > 0`: round to nearest, exact halves toward +∞ (2.5 → 3, −2.5 → −2, −0.5 → 0); `shift = 0`：`r = p`；
# 3. `q = min(max(r, -128), 127)`：饱和到 INT8 / saturate to INT8.
#
# 例 Examples: `acc=1000, mult=3, shift=5` → 3000 / 32 = 93.75 → `q = 94`；`acc=-5, mult=1, shift=1` → −2.5 → `q = -2`；
# `acc=300, mult=1, shift=0` → `q = 127`。
#
# 提示 Hints: `$signed({1'b0, mult})` 把 `mult` 变成正的有符号数 / makes `mult` a positive signed number; 加舍入常数时保留 49 位，
# 不会溢出 / keep 49 bits for the sum so the rounding constant never overflows; `>>>` 只有在有符号表达式上才是算术右移 /
# `>>>` is arithmetic only on a signed expression.

# %% [markdown] nbgrader={"grade_id": "requant_int8_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/requant_int8.v"], "requant_int8", "test_requant_int8", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "requant_int8_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/requant_int8.v"], "requant_int8", "test_requant_int8", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "requant_bench_title", "grade": false, "solution": false, "locked": true}
# ## B 部分：你自己的测试平台 / Part B: your own bench
#
# 在 [`test_my_requant.py`](test_my_requant.py) 中写一个能发现 `requant_int8` 常见错误的 cocotb 测试平台（20 分）。
# 评分时，它先在正确的设计上运行（必须全部通过），再在 6 个植入了真实缺陷的设计上运行：截断而不舍入、舍入常数错位、
# 不饱和、对称饱和（-127）、逻辑右移、把 `mult` 当成有符号数。每发现一个（你的测试失败）得分。
# Write a cocotb bench in [`test_my_requant.py`](test_my_requant.py) that finds the usual mistakes of `requant_int8` (20 points).
# For grading it first runs on the correct design (it must pass), then on 6 designs with planted bugs: truncation instead of
# rounding, the rounding constant one bit off, no saturation, symmetric saturation (-127), a logical shift, `mult` taken as
# signed. Each one your bench catches (fails on) earns points.
#
# 先让你的设计通过公开测试，再用它检查你的测试平台；覆盖率告诉你哪些情况还没有测到。
# Get your design through the visible bench first, then use it to try your bench; coverage shows what you have not tested yet.

# %%
r = practice.run(["rtl/requant_int8.v"], "requant_int8", "test_my_requant", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "requant_int8_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["clk", "..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "requant_int8_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. `-2.5` 应该舍入成 `-2` 还是 `-3`？用 `>>` 代替 `>>>` 时会发生什么？
#    Should `-2.5` round to `-2` or `-3`? What happens with `>>` instead of `>>>`?
# 2. 负数的饱和边界是 `-128` 不是 `-127`：你的测试平台能发现这个区别吗？
#    The negative bound is `-128`, not `-127`: would your bench notice the difference?
