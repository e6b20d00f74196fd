# %% [markdown] nbgrader={"grade_id": "accel_intro", "grade": false, "solution": false, "locked": true}
# # 练习 06 · 加速器子系统的测试平台
# # Exercise 06 · A test bench for the accelerator subsystem
#
# `accel` 是一个挂在寄存器总线上的小加速器：INT8 点积（`dot_int8`）→ 重量化（`requant_int8`）→ 激活（`act_unit`）。
# 四个文件都在 [`accel/`](accel/) 中，给定且正确；寄存器表和时序写在 [`accel/accel.v`](accel/accel.v) 的开头。
# 你要写的是测试平台 [`test_my_accel.py`](test_my_accel.py)（20 分）。
# `accel` is a small accelerator behind a register bus: INT8 dot product (`dot_int8`) → requantisation (`requant_int8`) →
# activation (`act_unit`). Its four files are in [`accel/`](accel/), given and correct; the register map and the timing are at the
# top of [`accel/accel.v`](accel/accel.v). What you write is the bench [`test_my_accel.py`](test_my_accel.py) (20 points).

# %% [markdown] nbgrader={"grade_id": "accel_spec", "grade": false, "solution": false, "locked": true}
# ## 被测设计 / The design under test
#
# 总线 Bus: `addr[5:0]`（字节地址 / byte address）, `wdata[31:0]`, `we`, `re`, `rdata[31:0]`；每个时钟一次传输，没有等待 /
# one transfer per clock, no wait states. `we` 在上升沿写入；`re` 在上升沿把寄存器**沿之前**的值装入 `rdata`，`rdata` 保持到下一次读 /
# `we` writes at the rising edge; `re` loads `rdata` at the rising edge with the register's value from **before** that edge, and
# `rdata` holds until the next read. 只有字对齐的地址有效：未对齐或未映射的地址读出 0、写入被忽略 / only word-aligned addresses are
# mapped: misaligned and unmapped ones read 0 and ignore writes. **忙时的所有写入都被忽略** / **every write while busy is ignored**.
#
# | 地址 Address | 寄存器 Register | 访问 Access | 含义 Meaning | 复位值 Reset |
# |---|---|---|---|---|
# | `0x00` | CTRL | rw | bit 0 START（写 1 启动，读出 0 / write 1 to start, reads 0）；bits 2:1 ACT，`act_unit` 的 mode | 0 |
# | `0x04` | STATUS | r / w1c | bit 0 BUSY；bit 1 DONE：运算结束时置位，下一次 START 或写 1 清除 / set when an operation ends, cleared by the next START or by writing 1 | 0 |
# | `0x08` | A | rw | 四个有符号 INT8 `a[i]`，在 bits `8i+7:8i` / four signed int8 | 0 |
# | `0x0C` | B | rw | 四个有符号 INT8 `b[i]` / four signed int8 | 0 |
# | `0x10` | QPARAM | rw | bits 15:0 MULT（无符号 / unsigned），bits 20:16 SHIFT；其他位读出 0 / other bits read 0 | `0x00000001` |
# | `0x14` | RESULT | r | `act(requant(ACC, MULT, SHIFT), ACT)`，INT8 符号扩展到 32 位 / sign-extended to 32 bits | 0 |
# | `0x18` | ACC | r | INT32 点积 `sum a[i]*b[i]` / the dot product | 0 |
# | `0x1C` | ID | r | `0x41434331`（"ACC1"） | |
#
# 运算 / Arithmetic: `requant` 与练习一的 `requant_int8` 相同 / as lab 1's `requant_int8`: `p = ACC × MULT`，
# `SHIFT > 0` 时 `(p + 2^(SHIFT−1)) >>> SHIFT`（四舍五入，恰好一半向 +∞）/ round half up, 再饱和到 −128…127 / then saturate;
# `act` 与练习 01 相同 / as in exercise 01（0 恒等 identity、1 ReLU、2 ReLU6 = 夹到 0…96 / clamp to 0..96、3 泄漏 leaky `x >>> 3`）。
#
# 时序 / Timing: 不忙时写 CTRL 且 START = 1，在第 0 个上升沿被采样（同时写入 ACT）；第 1 个沿装入 ACC，第 2 个沿装入 RESULT，
# 同时 BUSY 变低、DONE 变高。启动后紧接着轮询 STATUS：第 1、2 次读到 BUSY，第 3 次读到 DONE。`rst` 同步复位所有寄存器（`rdata` 也清零）。
# A CTRL write with START while not busy is sampled at rising edge 0 (ACT is written at the same edge); ACC is loaded at edge 1,
# RESULT at edge 2, where BUSY falls and DONE rises. Polling STATUS right after the start reads BUSY twice, then DONE. `rst`
# (synchronous) restores every reset value, `rdata` too.
#
# ## 你的测试平台要发现什么 / What your bench should find
#
# 评分时先在正确的设计上运行（必须全部通过），再在 9 个植入缺陷的设计上运行，每发现一个得分。缺陷涉及：地址译码、
# DONE 的置位与清除（新的 START、写 1 清除）、ACT 是否生效、RESULT 的符号扩展、QPARAM 的位域、忙时写入、复位值、STATUS 的位。
# Graded: it must pass on the correct design, then each of 9 designs with a planted bug that it fails on earns points. The bugs are
# about: the address decode, setting and clearing DONE (a new START, write-1-to-clear), whether ACT takes effect, the sign
# extension of RESULT, the QPARAM fields, writes while busy, reset values, the STATUS bits.
#
# 建议 / Suggestions: 复位后读遍全部 64 个地址；每个寄存器写随机值再读回（未映射、未对齐、只读的地址也写）；定向运算覆盖每种 ACT、
# 正负结果、饱和、舍入的恰好一半、SHIFT 0 和 31、MULT 0 和 65535；忙时写入；带种子的随机程序。最强的做法是写一个**逐周期模型**：
# 每个时钟都用同样的输入推进模型，并比较 `rdata`。
# Read all 64 addresses after reset; write random values to every register and read them back (unmapped, misaligned and read-only
# addresses too); directed operations for every ACT, negative and positive results, saturation, exact rounding ties, SHIFT 0 and
# 31, MULT 0 and 65535; writes while busy; seeded random programs. Strongest of all is a **cycle model**: step it with the same
# inputs on every clock and compare `rdata`.
#
# ### 可选：用 pyuvm / Optional: pyuvm
#
# 环境里装有 pyuvm，可以搭建 UVM 风格的面向对象环境：`uvm_sequence_item`（一次总线传输）、`uvm_sequence`（定向和随机序列）、
# `uvm_driver`、`uvm_monitor`、参考模型和 `uvm_subscriber` 形式的 scoreboard，再用 `@pyuvm.test()` 装饰 `uvm_test` 类。
# 注意 `self.logger.error()` 不会让测试失败：要在 scoreboard 的 `check_phase` 里 `assert`。普通 cocotb 同样得分。
# pyuvm is installed, for a UVM-style object-oriented environment: a `uvm_sequence_item` (one bus transfer), `uvm_sequence`s
# (directed and random), a `uvm_driver`, a `uvm_monitor`, a reference model and a scoreboard as a `uvm_subscriber`, with the
# `uvm_test` class decorated by `@pyuvm.test()`. Note that `self.logger.error()` does not fail a test: `assert` in the scoreboard's
# `check_phase`. Plain cocotb scores the same.

# %% [markdown] nbgrader={"grade_id": "accel_run_title", "grade": false, "solution": false, "locked": true}
# ## 运行：在正确的设计上 / Run: on the correct design
#
# 四个文件按依赖顺序列出，顶层 `accel.v` 在最后 / The four files, dependencies first, the top `accel.v` last.

# %%
from hardware_sim import practice

ACCEL = ["accel/dot_int8.v", "accel/requant_int8.v", "accel/act_unit.v", "accel/accel.v"]
r = practice.run(ACCEL, "accel", "test_my_accel", cycles=40)

# %% [markdown] nbgrader={"grade_id": "accel_cov_title", "grade": false, "solution": false, "locked": true}
# ## 覆盖率 / Coverage
#
# 哪些寄存器、哪些分支你的测试从来没有走到？/ Which registers and branches does your bench never reach?

# %%
r = practice.run(ACCEL, "accel", "test_my_accel", sim="verilator", coverage=True)

# %% [markdown] nbgrader={"grade_id": "accel_bugs_title", "grade": false, "solution": false, "locked": true}
# ## 试一试：两个练习用的缺陷设计 / Try it: two practice bugs
#
# [`bugs/`](bugs/) 中有两个植入了缺陷的 `accel.v`（与评分用的 9 个不同），与 `accel/` 中的另外三个文件一起编译。
# 你的测试平台应该在它们上面**失败**。
# [`bugs/`](bugs/) holds two copies of `accel.v` with a planted bug (not among the 9 graded ones), compiled with the other three
# files of `accel/`. Your bench should **fail** on them.

# %%
for bug in ["bugs/accel_bug_a.v", "bugs/accel_bug_b.v"]:
    r = practice.run(ACCEL[:-1] + [bug], "accel", "test_my_accel", waves=False, show=False)
    if r.problem:
        print(bug, "->", r.problem.zh, "/", r.problem.en)
    else:
        print(bug, "->", f"发现了 / caught ({', '.join(r.failed)})" if r.failed else "没有发现 / NOT caught")

# %% [markdown] nbgrader={"grade_id": "accel_think", "grade": false, "solution": false, "locked": true}
# ## 想一想 / Think about it
#
# 1. 只检查每次运算的 RESULT 和 ACC 的测试平台，能发现哪些缺陷？哪些缺陷只有检查寄存器读回、复位值或 `rdata` 的保持才能发现？
#    Which bugs does a bench that only checks RESULT and ACC of each operation find, and which need register read-back, reset
#    values or the holding of `rdata`?
# 2. 把你的测试写成验证计划：功能点、每点的检查方法、激励（定向/随机）、覆盖率目标。
#    Write your bench up as a verification plan: features, how each is checked, stimulus (directed / random), coverage goals.
#
# <details><summary>练习用的缺陷是什么（先自己找）/ What the practice bugs are (find them yourself first)</summary>
#
# - A：QPARAM 读回时丢掉了 SHIFT 字段 / reading QPARAM back drops the SHIFT field（运算仍然正确 / operations stay correct）。
# - B：`re` 为 0 时 `rdata` 被清零，而不是保持 / `rdata` is cleared when `re` is low instead of holding its value.
#
# </details>
