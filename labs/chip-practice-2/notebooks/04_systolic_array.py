# %% [markdown] nbgrader={"grade_id": "systolic_array_intro", "grade": false, "solution": false, "locked": true}
# # 练习 04 · 脉动阵列
# # Exercise 04 · Systolic array
#
# 在 [`rtl/systolic_array.v`](rtl/systolic_array.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_systolic_array.py`](benches/test_systolic_array.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（20 分）。
# Complete the `TODO`s in [`rtl/systolic_array.v`](rtl/systolic_array.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_systolic_array.py`](benches/test_systolic_array.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (20 points).
#
# [`rtl/systolic_pe.v`](rtl/systolic_pe.v) 已给出且正确，仿真和评分时与你的文件一起编译（先列出它）。
# [`rtl/systolic_pe.v`](rtl/systolic_pe.v) is given and correct; it is compiled with your file for simulation and grading (listed first).

# %% [markdown] nbgrader={"grade_id": "systolic_array_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# N × N 输出驻留脉动阵列计算 `C = A × B`（A、B 为有符号 INT8，C 为 INT32）。PE `(r, c)` 累加 `C[r][c]`：
# `A` 的第 `r` 行从西边进入第 `r` 行，`B` 的第 `c` 列从北边进入第 `c` 列，操作数每拍向东、向南移动一个 PE。
# An N × N output-stationary systolic array computes `C = A × B` (A and B signed INT8, C INT32). PE `(r, c)` accumulates `C[r][c]`:
# row `r` of `A` enters grid row `r` from the west, column `c` of `B` enters grid column `c` from the north, and the operands move
# one PE east or south per cycle.
#
# ```
#               B[.][0]   B[.][1]   B[.][2]   B[.][3]     (列 c 比列 0 晚 c 拍 / column c starts c cycles late)
#                  ↓         ↓         ↓         ↓
# A[0][.] → [PE 0,0] → [PE 0,1] → [PE 0,2] → [PE 0,3]
# A[1][.] → [PE 1,0] → [PE 1,1] → ...                     (行 r 比行 0 晚 r 拍 / row r starts r cycles late)
# ```
#
# 参数 Parameter: `N = 4`。`rtl/systolic_pe.v` 已给出且正确（练习一的练习 5）/ is given and correct (lab 1, exercise 5).
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `clk`, `rst` | in | 1 | 时钟；同步复位：空闲，`busy = done = 0`，累加器清零 / clock; synchronous reset: idle, `busy = done = 0`, accumulators zero |
# | `start` | in | 1 | 开始一次乘法 / start a multiply |
# | `a`, `b` | in | 8·N·N | `A[r][k]` 在 `a[8*(N*r+k) +: 8]`，`B[k][c]` 在 `b[8*(N*k+c) +: 8]`（按行展开 / row-major） |
# | `busy`, `done` | out | 1 | 忙 / busy；结果有效 / result valid |
# | `c` | out | 32·N·N | `C[r][c]` 在 `c[32*(N*r+c) +: 32]` |
#
# 时序（把采样到 `start` 的上升沿记为第 0 个沿）/ Timing (the rising edge that samples `start` is edge 0):
#
# - 第 0 个沿：不忙时的 `start` 被接受：锁存 `a`、`b`，所有累加器清零（PE 的 `clear`），`busy` 变高；忙时的 `start` 被忽略。
#   Edge 0: a `start` while not busy is accepted: `a` and `b` are latched, every accumulator cleared (the PEs' `clear`), `busy` goes
#   high. A `start` while busy is ignored.
# - 之后每拍计数 `step = 0, 1, 2, …`：在 `step` 这一拍，第 `r` 行送入 `A[r][step − r]`（`0 ≤ step − r < N` 时，`valid` 为 1，否则送 0），
#   第 `c` 列送入 `B[step − c][c]`。于是 `A[r][k]` 和 `B[k][c]` 在 `step = r + k + c` 时同时到达 PE `(r, c)`。
#   Then count `step = 0, 1, 2, …`: during `step`, row `r` gets `A[r][step − r]` (with `valid` 1 while `0 ≤ step − r < N`, else 0),
#   column `c` gets `B[step − c][c]`. So `A[r][k]` and `B[k][c]` meet at PE `(r, c)` during `step = r + k + c`.
# - 最后一对操作数在 `step = 3N − 3` 到达 PE `(N−1, N−1)`，在第 `3N − 2` 个沿（N = 4 时为第 10 个）被累加：同一个沿 `busy` 变低、
#   `done` 变高。`done` 保持为高、`c` 保持 `C`，直到下一次被接受的 `start`（它在自己的沿上把 `done` 拉低）。
#   The last pair reaches PE `(N−1, N−1)` during `step = 3N − 3` and is accumulated at edge `3N − 2` (10 for N = 4): at that edge
#   `busy` falls and `done` rises. `done` stays high and `c` holds `C` until the next accepted `start` (which drops `done` at its edge).
#
# 提示 Hints: 起始文件已经声明了网格的连线 `a_h`、`v_h`、`b_v`（见注释）/ the starter declares the grid's wires (see the comments);
# `step − r` 用无符号数计算时，小于 0 会回绕成很大的数，所以一个比较 `k < N` 就够了（计数器位宽 `$clog2(4*N)`）/ computed unsigned,
# `step − r` below zero wraps to a large value, so one comparison `k < N` is enough (a counter of `$clog2(4*N)` bits).

# %% [markdown] nbgrader={"grade_id": "systolic_array_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/systolic_pe.v", "rtl/systolic_array.v"], "systolic_array", "test_systolic_array", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "systolic_array_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/systolic_pe.v", "rtl/systolic_array.v"], "systolic_array", "test_systolic_array", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "systolic_array_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "systolic_array_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 为什么结果要等 3N − 2 拍？N = 16 时一次乘法要多少拍？如果连续做很多次乘法，怎样让下一次的数据提前流入以隐藏这个延迟？
#    Why does the result take 3N − 2 cycles? How many for N = 16? With many multiplies in a row, how would the next operands
#    start flowing in early to hide this latency?
# 2. 如果第 `r` 行没有延迟 `r` 拍就送入，会算出什么？用 `test="identity"` 的波形看一看。
#    What would the array compute if row `r` entered without its `r`-cycle delay? Look at the waveform with `test="identity"`.
