"""Writes the notebooks of the second chip practice lab (run: .venv/bin/python labs/chip-practice-2/author_notebooks.py).

source/practice/README.ipynb is the lab's front page; 01..06 are one exercise each (spec, files,
feedback cells calling hardware_sim.practice). 01-04 are designs (rtl/*.v, graded against hidden
benches), 05-06 are benches of given, correct designs (test_my_async_fifo.py, test_my_accel.py, graded
against the library's seeded mutants); practicum/grading/hdl.py grades the files as exam.yaml says, the notebooks
hold no graded cell.
"""

from pathlib import Path

from practicum.authoring.notebook import code, text, write

HERE = Path(__file__).parent
SRC = HERE / "source" / "practice"

# (notebook, block, title zh, title en, points of the hidden bench)
RTL_EXERCISES = [
    ("01_act_unit", "act_unit", "激活单元", "Activation unit", 10),
    ("02_dot_int8", "dot_int8", "INT8 点积", "INT8 dot product", 10),
    ("03_fp32_to_fp16", "fp32_to_fp16", "FP32 到 FP16 转换", "FP32 to FP16 conversion", 15),
    ("04_systolic_array", "systolic_array", "脉动阵列", "Systolic array", 20),
]

SOURCES = {
    "act_unit": '["rtl/act_unit.v"]',
    "dot_int8": '["rtl/dot_int8.v"]',
    "fp32_to_fp16": '["rtl/fp32_to_fp16.v"]',
    "systolic_array": '["rtl/systolic_pe.v", "rtl/systolic_array.v"]',
}
ACCEL_SOURCES = '["accel/dot_int8.v", "accel/requant_int8.v", "accel/act_unit.v", "accel/accel.v"]'

README = """
# 人工智能芯片 · 练习实验二 / AI chip · practice lab 2

这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都可以反复修改、反复运行，结果立即显示。
This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun each
exercise as often as you like; the feedback is instant.

练习一（`chip-practice`）练的是乘累加、重量化、BF16、同步 FIFO 和脉动阵列的一个 PE；这里是考试中用到的其余模块：
前四个练习写设计，后两个练习为给定的正确设计写测试平台。
Lab 1 (`chip-practice`) covers the MAC, requantisation, BF16, the synchronous FIFO and one systolic PE; this lab has the other
blocks the exams use: in the first four exercises you write the design, in the last two a bench for a given, correct design.

| 练习 Exercise | 模块 Block | 你要写的文件 Your file | 公开测试平台 / 给定设计 Visible bench / given design |
|---|---|---|---|
| [01 · 激活单元 / activation unit](01_act_unit.ipynb) | `act_unit` | `rtl/act_unit.v` | `benches/test_act_unit.py` |
| [02 · INT8 点积 / dot product](02_dot_int8.ipynb) | `dot_int8` | `rtl/dot_int8.v` | `benches/test_dot_int8.py` |
| [03 · FP32 → FP16](03_fp32_to_fp16.ipynb) | `fp32_to_fp16` | `rtl/fp32_to_fp16.v` | `benches/test_fp32_to_fp16.py` |
| [04 · 脉动阵列 / systolic array](04_systolic_array.ipynb) | `systolic_array` | `rtl/systolic_array.v` | `benches/test_systolic_array.py`; `rtl/systolic_pe.v`（给定 / given） |
| [05 · 异步 FIFO 的测试平台 / async FIFO bench](05_async_fifo.ipynb) | `async_fifo` | `test_my_async_fifo.py` | `rtl/async_fifo.v`（给定 / given） |
| [06 · 加速器子系统的测试平台 / accelerator bench](06_accel.ipynb) | `accel` | `test_my_accel.py` | `accel/*.v`（给定 / given） |

`accel/` 中有 `act_unit.v` 和 `dot_int8.v` 的正确版本（加速器要用到）：先独立完成练习 01 和 02，再去看它们。
`accel/` holds correct versions of `act_unit.v` and `dot_int8.v` (the accelerator needs them): do exercises 01 and 02 on your
own before you look at them.

## 怎样得到反馈 / How the feedback works

每个练习笔记本都有“运行”单元格，调用 `hardware_sim.practice.run`：它编译 Verilog，用 cocotb 运行测试平台，然后显示
A "run" cell in each exercise calls `hardware_sim.practice.run`: it compiles the Verilog, runs the cocotb bench and shows

1. **测试结果表**：每个测试是否通过、仿真时间、用时和失败信息 / **a table of the tests**: pass or fail, simulated time, time taken and the failure message;
2. **波形图**：顶层端口的时序图。有失败的测试时，画出失败前的最后若干个周期 / **a waveform** of the top module's ports: when a test fails, the last cycles before the failure;
3. **覆盖率**（用 Verilator 时）：行、分支、表达式和翻转覆盖率，并在源代码中标出没有覆盖到的行 / **coverage** (with Verilator): line, branch, expression and toggle coverage, with the uncovered source lines highlighted.

```python
from hardware_sim import practice
r = practice.run(["rtl/act_unit.v"], "act_unit", "test_act_unit", test_dir="benches")                 # Icarus：快 / fast
r = practice.run(["rtl/act_unit.v"], "act_unit", "test_act_unit", test_dir="benches",
                 sim="verilator", coverage=True)                                                      # 覆盖率 / coverage
r = practice.run(["rtl/systolic_pe.v", "rtl/systolic_array.v"], "systolic_array", "test_systolic_array",
                 test_dir="benches", test="identity", cycles=30, signals=["clk", "start", "busy", "done"])  # 选波形 / choose the waveform
r.passed, r.failed, r.coverage.percent("line"), r.waves_png                                           # 在代码中使用 / use it in code
```

- 由几个文件组成的设计，按依赖顺序列出全部文件：被例化的模块在前，顶层模块在后（例如 `systolic_pe.v` 在 `systolic_array.v` 之前）。
  A design made of several files lists all of them, dependencies first and the top module last (e.g. `systolic_pe.v` before
  `systolic_array.v`).
- Verilator 第一次编译约需 20–30 秒；设计没有改动时会复用上次的编译结果。Icarus 每次只需一两秒。
  Verilator's first build takes 20–30 s; it is reused while the design is unchanged. Icarus takes a second or two.
- 仿真超过 60 秒（`timeout=`）会被停止，并提示可能的原因（例如组合环路）；编译错误会显示编译器的原话。
  A simulation that runs longer than 60 s (`timeout=`) is stopped with the likely cause (e.g. a combinational loop); a
  compile error shows the compiler's own lines.
- 编译和仿真的文件放在 `.cache/practice/` 下，不会随作答提交。
  Builds and simulation files go to `.cache/practice/`, which is never part of what you submit.

## 提交后怎样评分 / What is graded when you submit

提交后，讲师可以用与正式考试相同的方式给你的文件评分，作为练习反馈：
After you submit, the trainer can grade your files the same way as a real exam, as feedback:

| 内容 Item | 分值 Points | 怎样评分 How |
|---|---|---|
| `rtl/act_unit.v` | 10 | 隐藏测试平台，结果与参考设计逐项比较 / a hidden bench; results compared with the reference design's |
| `rtl/dot_int8.v` | 10 | 同上 / as above |
| `rtl/fp32_to_fp16.v` | 15 | 同上 / as above |
| `rtl/fp32_to_fp16.v` 书写规则 / lint | 5 | `verilator --lint-only -Wall` 无警告 / no warning |
| `rtl/systolic_array.v`（与 with `rtl/systolic_pe.v`） | 20 | 隐藏测试平台 / a hidden bench |
| `test_my_async_fifo.py` | 20 | 在正确设计上通过后，每发现一个植入缺陷的设计得分（共 6 个）/ after passing on the correct design, points for each of 6 planted bugs it catches |
| `test_my_accel.py` | 20 | 同上（共 9 个）/ as above (9 planted bugs) |

文件名和模块名不要改动。/ Keep the file and module names as they are.
"""

ENV_CHECK = """
from hardware_sim import practice  # 反馈模块 / the feedback module

help(practice.run)
"""

SPECS = {
    "act_unit": """
## 规格 / Specification

神经网络每一层的输出都要经过激活函数。这个单元作用在 INT8 数据上，数据按 Q4.4 定点数理解（4 位整数、4 位小数，
所以 6.0 = 6 × 16 = 96）。
Every layer's output goes through an activation. This unit works on INT8 data read as Q4.4 fixed point (4 integer and
4 fraction bits, so 6.0 = 6 × 16 = 96).

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `x` | in | 8, signed | 输入 / input |
| `mode` | in | 2 | 激活函数 / the activation |
| `y` | out | 8, signed | 输出 / output |

组合逻辑 / Combinational:

| `mode` | 函数 Function | `y` |
|---|---|---|
| 0 | 恒等 / identity | `x` |
| 1 | ReLU | `max(x, 0)` |
| 2 | ReLU6（Q4.4） | `min(max(x, 0), 96)` |
| 3 | 泄漏 ReLU / leaky ReLU，斜率 slope 1/8 | `x >= 0` 时 `x`，否则 `x >>> 3`（算术右移 / arithmetic shift） |

算术右移向 −∞ 取整 / An arithmetic shift rounds toward −∞: `-1 → -1`, `-8 → -1`, `-9 → -2`, `-128 → -16`。
ReLU6：`97 → 96`, `127 → 96`, `-5 → 0`。所有结果都在 INT8 范围内，不需要另外饱和 / every result fits INT8, no other saturation.

提示 Hints: `always @* case (mode) ... endcase`，每个分支都给 `y` 赋值 / assign `y` in every branch (else a latch);
`>>>` 只有在有符号的操作数上才是算术右移 / `>>>` is arithmetic only on a signed operand; 比较 `x > 96` 时两边都要是有符号数
/ both sides of `x > 96` must be signed (`8'sd96`).
""",
    "dot_int8": """
## 规格 / Specification

点积是矩阵乘法和卷积的基本运算：`y = a[0]*b[0] + a[1]*b[1] + … + a[N-1]*b[N-1]`。
The dot product is the core of matrix multiplication and convolution.

参数 Parameter: `N = 4`（元素个数 / elements）。

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `a`, `b` | in | 8·N | 两个向量，元素 `i` 在 `[8*i+7 : 8*i]`，有符号 INT8 / two vectors, element `i` in `[8*i+7 : 8*i]`, signed INT8 |
| `y` | out | 32, signed | 点积 / the dot product |

组合逻辑。每个乘积都是精确的 16 位有符号数，**符号扩展**到 32 位后相加；N 不大于 2¹⁷ 时和不会溢出。
Combinational. Each product is the exact 16-bit signed value, **sign-extended** to 32 bits and added; for N up to 2¹⁷ the sum
never overflows.

例 Example: `a = [1, 2, 3, 4]`, `b = [5, 6, 7, 8]` → `y = 70`（端口值 port values `a = 32'h04030201`, `b = 32'h08070605`）；
`a = b = [-128, -128, -128, -128]` → `y = 65536`（超过 16 位 / beyond 16 bits）。

提示 Hints:

```verilog
genvar i;
generate
    for (i = 0; i < N; i = i + 1) begin : g_term
        wire signed [7:0]  ai = a[8*i +: 8];   // +: 取出从 8*i 开始的 8 位 / 8 bits from bit 8*i up
        ...
    end
endgenerate
```

在 generate 循环里不能给同一个变量反复赋值：用一条“部分和”的链，每一项一个 32 位片段
（`partial[32*(i+1) +: 32] = partial[32*i +: 32] + ...`）。
A generate loop cannot add to one variable again and again: use a chain of partial sums, one 32-bit slice per lane.
公开测试平台也可以用别的 N 运行 / The visible bench runs with another N too: `practice.run(..., parameters={"N": 8})`。
""",
    "fp32_to_fp16": """
## 规格 / Specification

binary16（FP16，半精度）：1 位符号、5 位指数（偏置 15）、10 位尾数；最大有限数 65504，最小规格化数 2⁻¹⁴，
非规格化数是 2⁻²⁴ 的整数倍。binary32：1 位符号、8 位指数 `e`（偏置 127）、23 位尾数 `m`。
binary16 (FP16, half precision): 1 sign, 5 exponent (bias 15), 10 mantissa bits; largest finite value 65504, smallest normal
2⁻¹⁴, subnormals are multiples of 2⁻²⁴. binary32: 1 sign, 8 exponent bits `e` (bias 127), 23 mantissa bits `m`.

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `f` | in | 32 | binary32 位模式 / bit pattern |
| `h` | out | 16 | binary16 位模式 / bit pattern |

组合逻辑，就近舍入、恰好一半时取偶；`h[15] = f[31]`，低 15 位按 `e = f[30:23]` 分五种情况：
Combinational, round to nearest, ties to even; `h[15] = f[31]` and the low 15 bits by `e = f[30:23]`:

| `e` | 情况 Case | 低 15 位 Low 15 bits |
|---|---|---|
| 255, `m ≠ 0` | NaN | `{5'h1F, 1'b1, m[21:13]}`：静默 NaN，保留尾数高位 / a quiet NaN keeping the top mantissa bits |
| 255, `m = 0` | 无穷大 / infinity | `15'h7C00` |
| 143…254 | 溢出（\\|f\\| ≥ 65536）/ overflow | `15'h7C00`（无穷大 / infinity） |
| 113…142 | 规格化数 / normal | `{e − 112, m[22:13]}`，再按 guard `m[12]`、sticky `\\|m[11:0]`、lsb `m[13]` 舍入；进位可以一直传到指数（65520 起变成无穷大）/ then rounded on guard `m[12]`, sticky `\\|m[11:0]` and lsb `m[13]`; the carry may ripple into the exponent (infinity from 65520 on) |
| 102…112 | 非规格化数 / subnormal | `{1, m}` 右移 `126 − e` 位，按移出的位舍入；最大的非规格化数可能进位成最小规格化数 `0x0400` / `{1, m}` shifted right by `126 − e`, rounded on the bits shifted out; the largest ones may round up to the smallest normal `0x0400` |
| 0…101 | 太小 / too small (\\|f\\| < 2⁻²⁵) | 0（带符号 / signed zero） |

| `f` | `h` | |
|---|---|---|
| `3F80_0000` (1.0) | `3C00` | |
| `3F80_1000` | `3C00` | 恰好一半，保留偶数 / tie, stays even |
| `3F80_3000` | `3C02` | 恰好一半，奇数进位 / tie, odd rounds up |
| `477F_E000` (65504) | `7BFF` | 最大有限数 / largest finite |
| `477F_F000` (65520) | `7C00` | 舍入后溢出 / rounds up to infinity |
| `3380_0000` (2⁻²⁴) | `0001` | 最小非规格化数 / smallest subnormal |
| `3300_0000` (2⁻²⁵) | `0000` | 与 0 和 2⁻²⁴ 等距，取偶数 0 / a tie between 0 and 2⁻²⁴: even, 0 |
| `387F_E000` | `0400` | 非规格化数进位成规格化数 / a subnormal rounding up to a normal |
| `7F80_0001` | `7E00` | 信号 NaN → 静默 NaN / signalling NaN → quiet NaN |
| `FFC0_2000` | `FE01` | |

所有非 NaN 输入的结果都和 NumPy 的 `np.float32(x).astype(np.float16)` 相同，可以用它核对。
For every non-NaN input the result equals NumPy's `np.float32(x).astype(np.float16)`: use it to check yourself.

提示 Hints: 规格化数的新指数是 `e − 112`，只用于 113…142，可以写成 `e[4:0] + 5'd16`（模 32 相等）/ the new exponent
`e − 112`, used only for 113…142, is `e[4:0] + 5'd16` (equal modulo 32); 非规格化数可以在 `{1'b1, m}` 后面补 0 再右移，
这样移出的位都保留下来用于舍入 / append zeros below `{1'b1, m}` before the shift so that every bit shifted out is kept for the
rounding. 这个文件还要通过 `verilator --lint-only -Wall`（见下方单元格）/ this file must also pass `verilator --lint-only -Wall`.
""",
    "systolic_array": """
## 规格 / Specification

N × N 输出驻留脉动阵列计算 `C = A × B`（A、B 为有符号 INT8，C 为 INT32）。PE `(r, c)` 累加 `C[r][c]`：
`A` 的第 `r` 行从西边进入第 `r` 行，`B` 的第 `c` 列从北边进入第 `c` 列，操作数每拍向东、向南移动一个 PE。
An N × N output-stationary systolic array computes `C = A × B` (A and B signed INT8, C INT32). PE `(r, c)` accumulates `C[r][c]`:
row `r` of `A` enters grid row `r` from the west, column `c` of `B` enters grid column `c` from the north, and the operands move
one PE east or south per cycle.

```
              B[.][0]   B[.][1]   B[.][2]   B[.][3]     (列 c 比列 0 晚 c 拍 / column c starts c cycles late)
                 ↓         ↓         ↓         ↓
A[0][.] → [PE 0,0] → [PE 0,1] → [PE 0,2] → [PE 0,3]
A[1][.] → [PE 1,0] → [PE 1,1] → ...                     (行 r 比行 0 晚 r 拍 / row r starts r cycles late)
```

参数 Parameter: `N = 4`。`rtl/systolic_pe.v` 已给出且正确（练习一的练习 5）/ is given and correct (lab 1, exercise 5).

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `clk`, `rst` | in | 1 | 时钟；同步复位：空闲，`busy = done = 0`，累加器清零 / clock; synchronous reset: idle, `busy = done = 0`, accumulators zero |
| `start` | in | 1 | 开始一次乘法 / start a multiply |
| `a`, `b` | in | 8·N·N | `A[r][k]` 在 `a[8*(N*r+k) +: 8]`，`B[k][c]` 在 `b[8*(N*k+c) +: 8]`（按行展开 / row-major） |
| `busy`, `done` | out | 1 | 忙 / busy；结果有效 / result valid |
| `c` | out | 32·N·N | `C[r][c]` 在 `c[32*(N*r+c) +: 32]` |

时序（把采样到 `start` 的上升沿记为第 0 个沿）/ Timing (the rising edge that samples `start` is edge 0):

- 第 0 个沿：不忙时的 `start` 被接受：锁存 `a`、`b`，所有累加器清零（PE 的 `clear`），`busy` 变高；忙时的 `start` 被忽略。
  Edge 0: a `start` while not busy is accepted: `a` and `b` are latched, every accumulator cleared (the PEs' `clear`), `busy` goes
  high. A `start` while busy is ignored.
- 之后每拍计数 `step = 0, 1, 2, …`：在 `step` 这一拍，第 `r` 行送入 `A[r][step − r]`（`0 ≤ step − r < N` 时，`valid` 为 1，否则送 0），
  第 `c` 列送入 `B[step − c][c]`。于是 `A[r][k]` 和 `B[k][c]` 在 `step = r + k + c` 时同时到达 PE `(r, c)`。
  Then count `step = 0, 1, 2, …`: during `step`, row `r` gets `A[r][step − r]` (with `valid` 1 while `0 ≤ step − r < N`, else 0),
  column `c` gets `B[step − c][c]`. So `A[r][k]` and `B[k][c]` meet at PE `(r, c)` during `step = r + k + c`.
- 最后一对操作数在 `step = 3N − 3` 到达 PE `(N−1, N−1)`，在第 `3N − 2` 个沿（N = 4 时为第 10 个）被累加：同一个沿 `busy` 变低、
  `done` 变高。`done` 保持为高、`c` 保持 `C`，直到下一次被接受的 `start`（它在自己的沿上把 `done` 拉低）。
  The last pair reaches PE `(N−1, N−1)` during `step = 3N − 3` and is accumulated at edge `3N − 2` (10 for N = 4): at that edge
  `busy` falls and `done` rises. `done` stays high and `c` holds `C` until the next accepted `start` (which drops `done` at its edge).

提示 Hints: 起始文件已经声明了网格的连线 `a_h`、`v_h`、`b_v`（见注释）/ the starter declares the grid's wires (see the comments);
`step − r` 用无符号数计算时，小于 0 会回绕成很大的数，所以一个比较 `k < N` 就够了（计数器位宽 `$clog2(4*N)`）/ computed unsigned,
`step − r` below zero wraps to a large value, so one comparison `k < N` is enough (a counter of `$clog2(4*N)` bits).
""",
}

THINK = {
    "act_unit": """
## 想一想 / Think about it

1. 泄漏 ReLU 如果写成 `x / 8` 而不是 `x >>> 3`，哪些输入的结果不同？为什么？
   If leaky ReLU were `x / 8` instead of `x >>> 3`, which inputs would differ, and why?
2. 看 Verilator 的覆盖率：只运行 `testcase="edges_per_mode"` 时，`y` 的每一位都翻转过吗？
   In Verilator's coverage: with only `testcase="edges_per_mode"`, does every bit of `y` toggle?
""",
    "dot_int8": """
## 想一想 / Think about it

1. 如果把乘积零扩展（`{16'd0, product}`）而不是符号扩展，哪个测试先失败？在表格里找到第一个错误的值。
   If the product were zero-extended (`{16'd0, product}`) instead of sign-extended, which test fails first? Find the first wrong value.
2. 这个加法链有 N 级加法器串联。N = 64 时组合路径会很长：怎样改成加法树？流水线又该插在哪里？
   The chain puts N adders in series. For N = 64 the combinational path is long: how would an adder tree look, and where
   would pipeline registers go?
""",
    "fp32_to_fp16": """
## 想一想 / Think about it

1. FP16 的最大有限数是 65504，为什么从 65520 开始才变成无穷大，而不是从 65505 开始？
   The largest finite half is 65504: why does infinity start at 65520 and not at 65505?
2. 训练时常用 BF16 而不是 FP16，推理时两者都用。和 BF16（练习一的练习 3）相比，FP16 的范围和精度各有什么不同？
   Training prefers BF16 to FP16; inference uses both. How do FP16's range and precision differ from BF16's (lab 1, exercise 3)?
""",
    "systolic_array": """
## 想一想 / Think about it

1. 为什么结果要等 3N − 2 拍？N = 16 时一次乘法要多少拍？如果连续做很多次乘法，怎样让下一次的数据提前流入以隐藏这个延迟？
   Why does the result take 3N − 2 cycles? How many for N = 16? With many multiplies in a row, how would the next operands
   start flowing in early to hide this latency?
2. 如果第 `r` 行没有延迟 `r` 拍就送入，会算出什么？用 `test="identity"` 的波形看一看。
   What would the array compute if row `r` entered without its `r`-cycle delay? Look at the waveform with `test="identity"`.
""",
}


def rtl_exercise(name: str, block: str, zh: str, en: str, points: int) -> list:
    num = name[:2]
    sources = SOURCES[block]
    extra_file = ""
    if block == "systolic_array":
        extra_file = """
[`rtl/systolic_pe.v`](rtl/systolic_pe.v) 已给出且正确，仿真和评分时与你的文件一起编译（先列出它）。
[`rtl/systolic_pe.v`](rtl/systolic_pe.v) is given and correct; it is compiled with your file for simulation and grading (listed first).
"""
    cells = [
        text(f"""
# 练习 {num} · {zh}
# Exercise {num} · {en}

在 [`rtl/{block}.v`](rtl/{block}.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
公开测试平台是 [`benches/test_{block}.py`](benches/test_{block}.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（{points} 分）。
Complete the `TODO`s in [`rtl/{block}.v`](rtl/{block}.v) (double-click it in the file browser), save, then run the "run" cell below.
The visible bench is [`benches/test_{block}.py`](benches/test_{block}.py): read it, add tests of your own. After you submit, the
file is graded by a hidden bench ({points} points).
{extra_file}""", f"{block}_intro"),
        text(SPECS[block], f"{block}_spec"),
        text("""
## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)
""", f"{block}_run_title"),
        code(f"""
from hardware_sim import practice

r = practice.run({sources}, "{block}", "test_{block}", test_dir="benches")
"""),
        text("""
## 覆盖率（Verilator）/ Coverage (Verilator)

第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
yellow is partly covered.
""", f"{block}_cov_title"),
        code(f"""
r = practice.run({sources}, "{block}", "test_{block}", test_dir="benches", sim="verilator", coverage=True)
"""),
    ]
    if block == "fp32_to_fp16":
        cells += [
            text("""
## 书写规则检查 / Lint

评分还要求 `verilator --lint-only -Wall` 没有任何警告（5 分）：未使用的信号、位宽不一致等都会报出来。
确实用不到的位可以不声明，或者用 `/* verilator lint_off UNUSEDSIGNAL */ … /* verilator lint_on UNUSEDSIGNAL */` 说明是有意的。
Grading also wants `verilator --lint-only -Wall` to print no warning (5 points): unused signals, width mismatches and the like.
Bits you really do not need can stay undeclared, or be marked as intended with
`/* verilator lint_off UNUSEDSIGNAL */ … /* verilator lint_on UNUSEDSIGNAL */`.
""", "fp16_lint_title"),
            code("""
practice.lint(["rtl/fp32_to_fp16.v"])
"""),
        ]
    cells += [
        text("""
## 选择波形 / Choosing the waveform

默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
before the first failure, or the start of the first test when all pass. You can choose:
`practice.run(..., test="<test name>", cycles=60, signals=["..."])`，`waves=False` 不记录波形 / records none.
返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
`r.coverage`.
""", f"{block}_waves_help"),
        text(THINK[block], f"{block}_think"),
    ]
    return cells


ASYNC_FIFO = [
    text("""
# 练习 05 · 异步 FIFO 的测试平台
# Exercise 05 · A test bench for the asynchronous FIFO

这次设计是给定的、正确的：[`rtl/async_fifo.v`](rtl/async_fifo.v)（开头的注释就是它的规格）。你要写的是测试平台
[`test_my_async_fifo.py`](test_my_async_fifo.py)，它要能发现异步 FIFO 的常见错误（20 分）。
This time the design is given and correct: [`rtl/async_fifo.v`](rtl/async_fifo.v) (its header comment is the spec). What you
write is the bench [`test_my_async_fifo.py`](test_my_async_fifo.py), which should find the usual mistakes of an asynchronous
FIFO (20 points).
""", "async_intro"),
    text("""
## 被测设计 / The design under test

参数 Parameters: `WIDTH = 8`, `DEPTH = 8`。两个时钟域，各有自己的同步复位 / two clock domains, each with its own synchronous reset:

| 端口 Port | 时钟域 Domain | 说明 Meaning |
|---|---|---|
| `wclk`, `wrst`, `push`, `din[7:0]` | 写 / write | `full = 0` 时，`push` 在 `wclk` 上升沿写入 `din`；满时的 `push` 被忽略 / a push at a `wclk` edge is accepted while `full` is low; a push while full is ignored |
| `full` | 写 / write | 满 / full |
| `rclk`, `rrst`, `pop` | 读 / read | `empty = 0` 时，`pop` 在 `rclk` 上升沿移走队首；空时的 `pop` 被忽略 / a pop removes the head at an `rclk` edge while `empty` is low; a pop while empty is ignored |
| `dout[7:0]`, `empty` | 读 / read | 首字直通：`empty = 0` 时 `dout` 就是最早写入、尚未读出的字 / first-word fall-through: while `empty` is low, `dout` is the oldest unread word |

指针用格雷码跨时钟域，各经过一个**两级触发器同步器**。所以标志是“保守”的，并且有确定的延迟：
The pointers cross the clock domains as Gray code, each through a **two-flop synchroniser**. So the flags are pessimistic, with a
definite latency:

- 安全方向一定成立 / the safe direction always holds: FIFO 里有 DEPTH 个未读的字时 `full` 一定为 1（不会覆盖未读数据），
  没有未读的字时 `empty` 一定为 1（不会读出没写过的数据）/ `full` is 1 whenever DEPTH words are unread (no unread word is ever
  overwritten), `empty` is 1 whenever none is (no unwritten word is ever read);
- 在第 `n` 个 `wclk` 上升沿写入的字，要在它之后的第 2 个 `rclk` 上升沿之后才可读（`empty` 变低）；
  读出后腾出的空位，要在之后的第 2 个 `wclk` 上升沿之后才可写（`full` 变低）。更早释放说明同步器有问题；
  评分用的正确设计正好是 2 个沿，你的测试平台可以容许多一个沿（2 或 3）。
  A word pushed at a `wclk` edge becomes poppable (`empty` low) only after the 2nd `rclk` rising edge after the push; a slot freed
  by a pop becomes writable (`full` low) only after the 2nd `wclk` edge after the pop. Released earlier means a broken
  synchroniser; the correct design takes exactly 2 edges, your bench may tolerate one more (2 or 3).
- 复位：`wrst` 和 `rrst` 同时有效，各保持至少两个本时钟的沿，期间不要 push/pop / resets: assert `wrst` and `rrst` together,
  each for at least two edges of its clock, with no push or pop meanwhile（起始文件的 `start()` 已经做好 / the starter's
  `start()` does this）。

## 你的测试平台要发现什么 / What your bench should find

评分时先在正确的设计上运行（必须全部通过），再在 6 个植入缺陷的设计上运行，每发现一个得分：
Graded: it must pass on the correct design, then each of 6 designs with a planted bug that it fails on earns points:

- 标志只经过一级同步器 / the flags use a one-flop synchroniser；
- 完全没有同步器 / no synchroniser at all；
- 指针用二进制而不是格雷码跨时钟域 / the pointers cross in binary, not Gray code；
- `full` 的格雷码判断写错（只取反最高位）/ a wrong `full` test on the Gray pointers (only the top bit inverted)；
- 满时的 `push` 也被接受（覆盖未读数据）/ a push while full is accepted (overwriting unread data)；
- 空时的 `pop` 也被接受 / a pop while empty is accepted.

前两个在零延迟的 RTL 仿真里不会弄错数据，只会让标志释放得**太早**：要抓住它们，测试平台必须检查上面的标志延迟。
In zero-delay RTL simulation the first two never corrupt data; they only release the flags **too early**: to catch them your
bench must check the flag latency above.

建议的结构 / A suggested structure:

1. 两个周期不相关的时钟（例如 10 ns 和 17 ns，以及读得更快、更慢的组合），相位错开，避免两个时钟的上升沿重合；
   two clocks with unrelated periods (e.g. 10 ns and 17 ns, plus a faster and a much slower reader), out of phase so that no two
   rising edges coincide;
2. 每个时钟一个“上升沿监视器”协程：在每个上升沿把被接受的 push/pop 提交给参考模型，并记下此刻另一侧的指针；
   one "rising-edge monitor" coroutine per clock: at each rising edge it commits the accepted push or pop to the reference model
   and records the other side's pointer at that moment;
3. 写、读两个协程在各自时钟的下降沿检查标志和 `dout`、决定下一拍的 push/pop，按阶段改变概率（写满、读空、满速、空闲）；
   a writer and a reader coroutine that, at the falling edges of their clocks, check the flags and `dout` and choose the next push
   or pop, with probabilities changing by phase (fill, drain, full rate, idle);
4. 最后检查读出的正好是写入的序列 / at the end, check that exactly the pushed words came out, in order.
""", "async_spec"),
    text("""
## 运行：在正确的设计上 / Run: on the correct design

你的测试平台在正确的设计上必须全部通过 / Your bench must pass on the correct design. 没有时钟名为 `clk` 的设计，波形按信号变化
逐步画出，可以用 `cycles=` 多画一些 / With no clock named `clk` the waveform advances change by change: draw more with `cycles=`.
""", "async_run_title"),
    code("""
from hardware_sim import practice

r = practice.run(["rtl/async_fifo.v"], "async_fifo", "test_my_async_fifo", cycles=80)
"""),
    text("""
## 覆盖率：你的激励走到了设计的哪些地方？/ Coverage: where does your stimulus take the design?

覆盖率衡量的是激励，不是检查：100% 的行覆盖率也可能什么错误都发现不了。但覆盖不到的地方，一定发现不了错误。
Coverage measures stimulus, not checking: 100 % line coverage may still find no bug. But where it does not reach, no bug is found.
""", "async_cov_title"),
    code("""
r = practice.run(["rtl/async_fifo.v"], "async_fifo", "test_my_async_fifo", sim="verilator", coverage=True)
"""),
    text("""
## 试一试：两个练习用的缺陷设计 / Try it: two practice bugs

[`bugs/`](bugs/) 中有两个植入了缺陷的副本（与评分用的 6 个不同）。你的测试平台应该在它们上面**失败**。
[`bugs/`](bugs/) holds two copies with a planted bug (not among the 6 graded ones). Your bench should **fail** on them.
""", "async_bugs_title"),
    code("""
for bug in ["bugs/async_fifo_bug_a.v", "bugs/async_fifo_bug_b.v"]:
    r = practice.run([bug], "async_fifo", "test_my_async_fifo", waves=False, show=False)
    if r.problem:
        print(bug, "->", r.problem.zh, "/", r.problem.en)
    else:
        print(bug, "->", f"发现了 / caught ({', '.join(r.failed)})" if r.failed else "没有发现 / NOT caught")
"""),
    text("""
## 想一想 / Think about it

1. 为什么跨时钟域的指针要用格雷码？二进制指针从 `0111` 变到 `1000` 时，另一侧可能采样到什么值？
   Why do the pointers cross as Gray code? When a binary pointer goes from `0111` to `1000`, what might the other side sample?
2. 标志“保守”会损失什么？FIFO 的深度应该怎样考虑同步延迟？
   What does a pessimistic flag cost, and how should the FIFO's depth allow for the synchroniser latency?

<details><summary>练习用的缺陷是什么（先自己找）/ What the practice bugs are (find them yourself first)</summary>

- A：写地址用了格雷码指针 `wgray` 而不是二进制指针 `wbin` / the write address uses the Gray pointer `wgray` instead of the
  binary `wbin`：数据写到了错误的位置 / words land in the wrong slots.
- B：`dout` 被寄存了一拍，不再是首字直通 / `dout` is registered, no longer first-word fall-through：`empty` 变低时 `dout`
  还是旧值 / when `empty` falls, `dout` still shows an old word.

</details>
""", "async_think"),
]

ACCEL = [
    text("""
# 练习 06 · 加速器子系统的测试平台
# Exercise 06 · A test bench for the accelerator subsystem

`accel` 是一个挂在寄存器总线上的小加速器：INT8 点积（`dot_int8`）→ 重量化（`requant_int8`）→ 激活（`act_unit`）。
四个文件都在 [`accel/`](accel/) 中，给定且正确；寄存器表和时序写在 [`accel/accel.v`](accel/accel.v) 的开头。
你要写的是测试平台 [`test_my_accel.py`](test_my_accel.py)（20 分）。
`accel` is a small accelerator behind a register bus: INT8 dot product (`dot_int8`) → requantisation (`requant_int8`) →
activation (`act_unit`). Its four files are in [`accel/`](accel/), given and correct; the register map and the timing are at the
top of [`accel/accel.v`](accel/accel.v). What you write is the bench [`test_my_accel.py`](test_my_accel.py) (20 points).
""", "accel_intro"),
    text("""
## 被测设计 / The design under test

总线 Bus: `addr[5:0]`（字节地址 / byte address）, `wdata[31:0]`, `we`, `re`, `rdata[31:0]`；每个时钟一次传输，没有等待 /
one transfer per clock, no wait states. `we` 在上升沿写入；`re` 在上升沿把寄存器**沿之前**的值装入 `rdata`，`rdata` 保持到下一次读 /
`we` writes at the rising edge; `re` loads `rdata` at the rising edge with the register's value from **before** that edge, and
`rdata` holds until the next read. 只有字对齐的地址有效：未对齐或未映射的地址读出 0、写入被忽略 / only word-aligned addresses are
mapped: misaligned and unmapped ones read 0 and ignore writes. **忙时的所有写入都被忽略** / **every write while busy is ignored**.

| 地址 Address | 寄存器 Register | 访问 Access | 含义 Meaning | 复位值 Reset |
|---|---|---|---|---|
| `0x00` | CTRL | rw | bit 0 START（写 1 启动，读出 0 / write 1 to start, reads 0）；bits 2:1 ACT，`act_unit` 的 mode | 0 |
| `0x04` | STATUS | r / w1c | bit 0 BUSY；bit 1 DONE：运算结束时置位，下一次 START 或写 1 清除 / set when an operation ends, cleared by the next START or by writing 1 | 0 |
| `0x08` | A | rw | 四个有符号 INT8 `a[i]`，在 bits `8i+7:8i` / four signed int8 | 0 |
| `0x0C` | B | rw | 四个有符号 INT8 `b[i]` / four signed int8 | 0 |
| `0x10` | QPARAM | rw | bits 15:0 MULT（无符号 / unsigned），bits 20:16 SHIFT；其他位读出 0 / other bits read 0 | `0x00000001` |
| `0x14` | RESULT | r | `act(requant(ACC, MULT, SHIFT), ACT)`，INT8 符号扩展到 32 位 / sign-extended to 32 bits | 0 |
| `0x18` | ACC | r | INT32 点积 `sum a[i]*b[i]` / the dot product | 0 |
| `0x1C` | ID | r | `0x41434331`（"ACC1"） | |

运算 / Arithmetic: `requant` 与练习一的 `requant_int8` 相同 / as lab 1's `requant_int8`: `p = ACC × MULT`，
`SHIFT > 0` 时 `(p + 2^(SHIFT−1)) >>> SHIFT`（四舍五入，恰好一半向 +∞）/ round half up, 再饱和到 −128…127 / then saturate;
`act` 与练习 01 相同 / as in exercise 01（0 恒等 identity、1 ReLU、2 ReLU6 = 夹到 0…96 / clamp to 0..96、3 泄漏 leaky `x >>> 3`）。

时序 / Timing: 不忙时写 CTRL 且 START = 1，在第 0 个上升沿被采样（同时写入 ACT）；第 1 个沿装入 ACC，第 2 个沿装入 RESULT，
同时 BUSY 变低、DONE 变高。启动后紧接着轮询 STATUS：第 1、2 次读到 BUSY，第 3 次读到 DONE。`rst` 同步复位所有寄存器（`rdata` 也清零）。
A CTRL write with START while not busy is sampled at rising edge 0 (ACT is written at the same edge); ACC is loaded at edge 1,
RESULT at edge 2, where BUSY falls and DONE rises. Polling STATUS right after the start reads BUSY twice, then DONE. `rst`
(synchronous) restores every reset value, `rdata` too.

## 你的测试平台要发现什么 / What your bench should find

评分时先在正确的设计上运行（必须全部通过），再在 9 个植入缺陷的设计上运行，每发现一个得分。缺陷涉及：地址译码、
DONE 的置位与清除（新的 START、写 1 清除）、ACT 是否生效、RESULT 的符号扩展、QPARAM 的位域、忙时写入、复位值、STATUS 的位。
Graded: it must pass on the correct design, then each of 9 designs with a planted bug that it fails on earns points. The bugs are
about: the address decode, setting and clearing DONE (a new START, write-1-to-clear), whether ACT takes effect, the sign
extension of RESULT, the QPARAM fields, writes while busy, reset values, the STATUS bits.

建议 / Suggestions: 复位后读遍全部 64 个地址；每个寄存器写随机值再读回（未映射、未对齐、只读的地址也写）；定向运算覆盖每种 ACT、
正负结果、饱和、舍入的恰好一半、SHIFT 0 和 31、MULT 0 和 65535；忙时写入；带种子的随机程序。最强的做法是写一个**逐周期模型**：
每个时钟都用同样的输入推进模型，并比较 `rdata`。
Read all 64 addresses after reset; write random values to every register and read them back (unmapped, misaligned and read-only
addresses too); directed operations for every ACT, negative and positive results, saturation, exact rounding ties, SHIFT 0 and
31, MULT 0 and 65535; writes while busy; seeded random programs. Strongest of all is a **cycle model**: step it with the same
inputs on every clock and compare `rdata`.

### 可选：用 pyuvm / Optional: pyuvm

环境里装有 pyuvm，可以搭建 UVM 风格的面向对象环境：`uvm_sequence_item`（一次总线传输）、`uvm_sequence`（定向和随机序列）、
`uvm_driver`、`uvm_monitor`、参考模型和 `uvm_subscriber` 形式的 scoreboard，再用 `@pyuvm.test()` 装饰 `uvm_test` 类。
注意 `self.logger.error()` 不会让测试失败：要在 scoreboard 的 `check_phase` 里 `assert`。普通 cocotb 同样得分。
pyuvm is installed, for a UVM-style object-oriented environment: a `uvm_sequence_item` (one bus transfer), `uvm_sequence`s
(directed and random), a `uvm_driver`, a `uvm_monitor`, a reference model and a scoreboard as a `uvm_subscriber`, with the
`uvm_test` class decorated by `@pyuvm.test()`. Note that `self.logger.error()` does not fail a test: `assert` in the scoreboard's
`check_phase`. Plain cocotb scores the same.
""", "accel_spec"),
    text("""
## 运行：在正确的设计上 / Run: on the correct design

四个文件按依赖顺序列出，顶层 `accel.v` 在最后 / The four files, dependencies first, the top `accel.v` last.
""", "accel_run_title"),
    code(f"""
from hardware_sim import practice

ACCEL = {ACCEL_SOURCES}
r = practice.run(ACCEL, "accel", "test_my_accel", cycles=40)
"""),
    text("""
## 覆盖率 / Coverage

哪些寄存器、哪些分支你的测试从来没有走到？/ Which registers and branches does your bench never reach?
""", "accel_cov_title"),
    code("""
r = practice.run(ACCEL, "accel", "test_my_accel", sim="verilator", coverage=True)
"""),
    text("""
## 试一试：两个练习用的缺陷设计 / Try it: two practice bugs

[`bugs/`](bugs/) 中有两个植入了缺陷的 `accel.v`（与评分用的 9 个不同），与 `accel/` 中的另外三个文件一起编译。
你的测试平台应该在它们上面**失败**。
[`bugs/`](bugs/) holds two copies of `accel.v` with a planted bug (not among the 9 graded ones), compiled with the other three
files of `accel/`. Your bench should **fail** on them.
""", "accel_bugs_title"),
    code("""
for bug in ["bugs/accel_bug_a.v", "bugs/accel_bug_b.v"]:
    r = practice.run(ACCEL[:-1] + [bug], "accel", "test_my_accel", waves=False, show=False)
    if r.problem:
        print(bug, "->", r.problem.zh, "/", r.problem.en)
    else:
        print(bug, "->", f"发现了 / caught ({', '.join(r.failed)})" if r.failed else "没有发现 / NOT caught")
"""),
    text("""
## 想一想 / Think about it

1. 只检查每次运算的 RESULT 和 ACC 的测试平台，能发现哪些缺陷？哪些缺陷只有检查寄存器读回、复位值或 `rdata` 的保持才能发现？
   Which bugs does a bench that only checks RESULT and ACC of each operation find, and which need register read-back, reset
   values or the holding of `rdata`?
2. 把你的测试写成验证计划：功能点、每点的检查方法、激励（定向/随机）、覆盖率目标。
   Write your bench up as a verification plan: features, how each is checked, stimulus (directed / random), coverage goals.

<details><summary>练习用的缺陷是什么（先自己找）/ What the practice bugs are (find them yourself first)</summary>

- A：QPARAM 读回时丢掉了 SHIFT 字段 / reading QPARAM back drops the SHIFT field（运算仍然正确 / operations stay correct）。
- B：`re` 为 0 时 `rdata` 被清零，而不是保持 / `rdata` is cleared when `re` is low instead of holding its value.

</details>
""", "accel_think"),
]


def main() -> None:
    write(SRC / "README.ipynb", [text(README, "readme"), code(ENV_CHECK)])
    for name, block, zh, en, points in RTL_EXERCISES:
        write(SRC / f"{name}.ipynb", rtl_exercise(name, block, zh, en, points))
    write(SRC / "05_async_fifo.ipynb", ASYNC_FIFO)
    write(SRC / "06_accel.ipynb", ACCEL)


if __name__ == "__main__":
    main()
