# %% [markdown] nbgrader={"grade_id": "sync_fifo_intro", "grade": false, "solution": false, "locked": true}
# # 练习 04 · 同步 FIFO
# # Exercise 04 · Synchronous FIFO
#
# 在 [`rtl/sync_fifo.v`](rtl/sync_fifo.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
# 公开测试平台是 [`benches/test_sync_fifo.py`](benches/test_sync_fifo.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（20 分）。
# Complete the `TODO`s in [`rtl/sync_fifo.v`](rtl/sync_fifo.v) (double-click it in the file browser), save, then run the "run" cell below.
# The visible bench is [`benches/test_sync_fifo.py`](benches/test_sync_fifo.py): read it, add tests of your own. After you submit, the
# file is graded by a hidden bench (20 points).

# %% [markdown] nbgrader={"grade_id": "sync_fifo_spec", "grade": false, "solution": false, "locked": true}
# ## 规格 / Specification
#
# 参数 Parameters: `WIDTH = 8`, `DEPTH = 8`（2 的幂，至少 2 / a power of two, at least 2）。
#
# | 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
# |---|---|---|---|
# | `clk`, `rst` | in | 1 | 时钟；同步复位，清空 FIFO / clock; synchronous reset, empties the FIFO |
# | `push`, `din` | in | 1, WIDTH | 写请求和数据 / write request and data |
# | `pop` | in | 1 | 读请求 / read request |
# | `dout` | out | WIDTH | 队首（最早写入的数据），`empty = 1` 时无意义 / the head (oldest entry); meaningless while `empty` |
# | `full`, `empty` | out | 1 | `count == DEPTH`，`count == 0` |
# | `count` | out | $clog2(DEPTH)+1 | 当前数据个数 0..DEPTH / number of entries |
#
# **首字直通 / first-word fall-through**：`empty = 0` 时 `dout` 就是队首，`pop` 在下一个上升沿把它移走。
# While `empty` is 0, `dout` already shows the head; `pop` removes it at the next rising edge.
#
# 每个上升沿（都按沿之前的状态判断）/ At each rising edge, judged on the state before the edge:
#
# - `full` 时的 `push` 被忽略，`empty` 时的 `pop` 被忽略 / a push while full and a pop while empty are ignored;
# - `push` 和 `pop` 同时：满时只有 pop 生效，空时只有 push 生效，其他情况两者都生效且 `count` 不变。
#   push and pop together: only the pop on a full FIFO, only the push on an empty one, otherwise both, `count` unchanged.
#
# 提示 Hints: 读写指针取 `$clog2(DEPTH)` 位，自然回绕 / pointers of `$clog2(DEPTH)` bits wrap by themselves;
# `assign dout = mem[rd_ptr];`。这个文件还要通过 `verilator --lint-only -Wall`（见下方单元格）/ this file must also pass
# `verilator --lint-only -Wall` (see the cell below).

# %% [markdown] nbgrader={"grade_id": "sync_fifo_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)

# %%
from hardware_sim import practice

r = practice.run(["rtl/sync_fifo.v"], "sync_fifo", "test_sync_fifo", test_dir="benches")

# %% [markdown] nbgrader={"grade_id": "sync_fifo_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率（Verilator）/ Coverage (Verilator)
#
# 第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
# The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
# yellow is partly covered.

# %%
r = practice.run(["rtl/sync_fifo.v"], "sync_fifo", "test_sync_fifo", test_dir="benches", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "fifo_lint_title", "grade": false, "solution": false, "locked": true}
# ## 书写规则检查 / Lint
#
# 评分还要求 `verilator --lint-only -Wall` 没有任何警告（5 分）：未使用的信号、位宽不一致等都会报出来。
# Grading also wants `verilator --lint-only -Wall` to print no warning (5 points): unused signals, width mismatches and the like.

# %%
practice.lint(["rtl/sync_fifo.v"])

# %% [markdown] nbgrader={"grade_id": "sync_fifo_waves_help", "grade": false, "solution": false, "locked": true}
# ## 选择波形 / Choosing the waveform
#
# 默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
# before the first failure, or the start of the first test when all pass. You can choose:
# `practice.run(..., test="<test name>", cycles=60, signals=["clk", "..."])`，`waves=False` 不记录波形 / records none.
# 返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
# `r.coverage`.

# %% [markdown] nbgrader={"grade_id": "sync_fifo_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. `full` 如果写成 `count == DEPTH-1`，FIFO 能存几个数？哪个测试会失败？
#    If `full` were `count == DEPTH-1`, how many words would the FIFO hold, and which test fails?
# 2. 看覆盖率报告：有没有从来没有翻转过的信号位？需要什么样的激励才能覆盖它？
#    In the coverage report: is there a signal bit that never toggled? What stimulus would cover it?
