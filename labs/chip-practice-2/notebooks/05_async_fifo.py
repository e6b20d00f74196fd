# %% [markdown] nbgrader={"grade_id": "async_intro", "grade": false, "solution": false, "locked": true}
# # 练习 05 · 异步 FIFO 的测试平台
# # Exercise 05 · A test bench for the asynchronous FIFO
#
# 这次设计是给定的、正确的：[`rtl/async_fifo.v`](rtl/async_fifo.v)（开头的注释就是它的规格）。你要写的是测试平台
# [`test_my_async_fifo.py`](test_my_async_fifo.py)，它要能发现异步 FIFO 的常见错误（20 分）。
# This time the design is given and correct: [`rtl/async_fifo.v`](rtl/async_fifo.v) (its header comment is the spec). What you
# write is the bench [`test_my_async_fifo.py`](test_my_async_fifo.py), which should find the usual mistakes of an asynchronous
# FIFO (20 points).

# %% [markdown] nbgrader={"grade_id": "async_spec", "grade": false, "solution": false, "locked": true}
# ## 被测设计 / The design under test
#
# 参数 Parameters: `WIDTH = 8`, `DEPTH = 8`。两个时钟域，各有自己的同步复位 / two clock domains, each with its own synchronous reset:
#
# | 端口 Port | 时钟域 Domain | 说明 Meaning |
# |---|---|---|
# | `wclk`, `wrst`, `push`, `din[7:0]` | 写 / write | `full = 0` 时，`push` 在 `wclk` 上升沿写入 `din`；满时的 `push` 被忽略 / a push at a `wclk` edge is accepted while `full` is low; a push while full is ignored |
# | `full` | 写 / write | 满 / full |
# | `rclk`, `rrst`, `pop` | 读 / read | `empty = 0` 时，`pop` 在 `rclk` 上升沿移走队首；空时的 `pop` 被忽略 / a pop removes the head at an `rclk` edge while `empty` is low; a pop while empty is ignored |
# | `dout[7:0]`, `empty` | 读 / read | 首字直通：`empty = 0` 时 `dout` 就是最早写入、尚未读出的字 / first-word fall-through: while `empty` is low, `dout` is the oldest unread word |
#
# 指针用格雷码跨时钟域，各经过一个**两级触发器同步器**。所以标志是“保守”的，并且有确定的延迟：
# The pointers cross the clock domains as Gray code, each through a **two-flop synchroniser**. So the flags are pessimistic, with a
# definite latency:
#
# - 安全方向一定成立 / the safe direction always holds: FIFO 里有 DEPTH 个未读的字时 `full` 一定为 1（不会覆盖未读数据），
#   没有未读的字时 `empty` 一定为 1（不会读出没写过的数据）/ `full` is 1 whenever DEPTH words are unread (no unread word is ever
#   overwritten), `empty` is 1 whenever none is (no unwritten word is ever read);
# - 在第 `n` 个 `wclk` 上升沿写入的字，要在它之后的第 2 个 `rclk` 上升沿之后才可读（`empty` 变低）；
#   读出后腾出的空位，要在之后的第 2 个 `wclk` 上升沿之后才可写（`full` 变低）。更早释放说明同步器有问题；
#   评分用的正确设计正好是 2 个沿，你的测试平台可以容许多一个沿（2 或 3）。
#   A word pushed at a `wclk` edge becomes poppable (`empty` low) only after the 2nd `rclk` rising edge after the push; a slot freed
#   by a pop becomes writable (`full` low) only after the 2nd `wclk` edge after the pop. Released earlier means a broken
#   synchroniser; the correct design takes exactly 2 edges, your bench may tolerate one more (2 or 3).
# - 复位：`wrst` 和 `rrst` 同时有效，各保持至少两个本时钟的沿，期间不要 push/pop / resets: assert `wrst` and `rrst` together,
#   each for at least two edges of its clock, with no push or pop meanwhile（起始文件的 `start()` 已经做好 / the starter's
#   `start()` does this）。
#
# ## 你的测试平台要发现什么 / What your bench should find
#
# 评分时先在正确的设计上运行（必须全部通过），再在 6 个植入缺陷的设计上运行，每发现一个得分：
# Graded: it must pass on the correct design, then each of 6 designs with a planted bug that it fails on earns points:
#
# - 标志只经过一级同步器 / the flags use a one-flop synchroniser；
# - 完全没有同步器 / no synchroniser at all；
# - 指针用二进制而不是格雷码跨时钟域 / the pointers cross in binary, not Gray code；
# - `full` 的格雷码判断写错（只取反最高位）/ a wrong `full` test on the Gray pointers (only the top bit inverted)；
# - 满时的 `push` 也被接受（覆盖未读数据）/ a push while full is accepted (overwriting unread data)；
# - 空时的 `pop` 也被接受 / a pop while empty is accepted.
#
# 前两个在零延迟的 RTL 仿真里不会弄错数据，只会让标志释放得**太早**：要抓住它们，测试平台必须检查上面的标志延迟。
# In zero-delay RTL simulation the first two never corrupt data; they only release the flags **too early**: to catch them your
# bench must check the flag latency above.
#
# 建议的结构 / A suggested structure:
#
# 1. 两个周期不相关的时钟（例如 10 ns 和 17 ns，以及读得更快、更慢的组合），相位错开，避免两个时钟的上升沿重合；
#    two clocks with unrelated periods (e.g. 10 ns and 17 ns, plus a faster and a much slower reader), out of phase so that no two
#    rising edges coincide;
# 2. 每个时钟一个“上升沿监视器”协程：在每个上升沿把被接受的 push/pop 提交给参考模型，并记下此刻另一侧的指针；
#    one "rising-edge monitor" coroutine per clock: at each rising edge it commits the accepted push or pop to the reference model
#    and records the other side's pointer at that moment;
# 3. 写、读两个协程在各自时钟的下降沿检查标志和 `dout`、决定下一拍的 push/pop，按阶段改变概率（写满、读空、满速、空闲）；
#    a writer and a reader coroutine that, at the falling edges of their clocks, check the flags and `dout` and choose the next push
#    or pop, with probabilities changing by phase (fill, drain, full rate, idle);
# 4. 最后检查读出的正好是写入的序列 / at the end, check that exactly the pushed words came out, in order.

# %% [markdown] nbgrader={"grade_id": "async_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：在正确的设计上 / Run: on the correct design
#
# 你的测试平台在正确的设计上必须全部通过 / Your bench must pass on the correct design. 没有时钟名为 `clk` 的设计，波形按信号变化
# 逐步画出，可以用 `cycles=` 多画一些 / With no clock named `clk` the waveform advances change by change: draw more with `cycles=`.

# %%
from hardware_sim import practice

r = practice.run(["rtl/async_fifo.v"], "async_fifo", "test_my_async_fifo", cycles=80)

# %% [markdown] nbgrader={"grade_id": "async_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率：你的激励走到了设计的哪些地方？/ Coverage: where does your stimulus take the design?
#
# 覆盖率衡量的是激励，不是检查：100% 的行覆盖率也可能什么错误都发现不了。但覆盖不到的地方，一定发现不了错误。
# Coverage measures stimulus, not checking: 100 % line coverage may still find no bug. But where it does not reach, no bug is found.

# %%
r = practice.run(["rtl/async_fifo.v"], "async_fifo", "test_my_async_fifo", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "async_bugs_title", "grade": false, "solution": false, "locked": true}
# ## 试一试：两个练习用的缺陷设计 / Try it: two practice bugs
#
# [`bugs/`](bugs/) 中有两个植入了缺陷的副本（与评分用的 6 个不同）。你的测试平台应该在它们上面**失败**。
# [`bugs/`](bugs/) holds two copies with a planted bug (not among the 6 graded ones). Your bench should **fail** on them.

# %%
for bug in ["bugs/async_fifo_bug_a.v", "bugs/async_fifo_bug_b.v"]:
    r = practice.run([bug], "async_fifo", "test_my_async_fifo", waves=False, show=False)
    if r.problem:
        print(bug, "->", r.problem.zh, "/", r.problem.en)
    else:
        print(bug, "->", f"发现了 / caught ({', '.join(r.failed)})" if r.failed else "没有发现 / NOT caught")

# %% [markdown] nbgrader={"grade_id": "async_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 为什么跨时钟域的指针要用格雷码？二进制指针从 `0111` 变到 `1000` 时，另一侧可能采样到什么值？
#    Why do the pointers cross as Gray code? When a binary pointer goes from `0111` to `1000`, what might the other side sample?
# 2. 标志“保守”会损失什么？FIFO 的深度应该怎样考虑同步延迟？
#    What does a pessimistic flag cost, and how should the FIFO's depth allow for the synchroniser latency?
#
# <details><summary>练习用的缺陷是什么（先自己找）/ What the practice bugs are (find them yourself first)</summary>
#
# - A：写地址用了格雷码指针 `wgray` 而不是二进制指针 `wbin` / the write address uses the Gray pointer `wgray` instead of the
#   binary `wbin`：数据写到了错误的位置 / words land in the wrong slots.
# - B：`dout` 被寄存了一拍，不再是首字直通 / `dout` is registered, no longer first-word fall-through：`empty` 变低时 `dout`
#   还是旧值 / when `empty` falls, `dout` still shows an old word.
#
# </details>
