"""Writes the notebooks of the chip practice lab (run: .venv/bin/python labs/chip-practice/author_notebooks.py).

source/practice/README.ipynb is the lab's front page; 01..05 are one exercise each (spec, files,
feedback cells calling hardware_sim.practice). The graded deliverables are files (rtl/*.v,
test_my_requant.py), graded by practicum/grading/hdl.py as exam.yaml says; the notebooks hold no graded cell.
"""

from pathlib import Path

from practicum.authoring.notebook import code, text, write

HERE = Path(__file__).parent
SRC = HERE / "source" / "practice"

EXERCISES = [
    ("01_mac_int8", "mac_int8", "INT8 乘累加单元", "INT8 multiply-accumulate unit", 10),
    ("02_requant_int8", "requant_int8", "INT32 到 INT8 重量化 + 自己的测试平台",
     "INT32 to INT8 requantisation + your own bench", 15),
    ("03_fp32_to_bf16", "fp32_to_bf16", "FP32 到 BF16 转换", "FP32 to BF16 conversion", 15),
    ("04_sync_fifo", "sync_fifo", "同步 FIFO", "Synchronous FIFO", 20),
    ("05_systolic_pe", "systolic_pe", "脉动阵列处理单元", "Systolic array processing element", 15),
]

README = """
# 人工智能芯片 · 练习实验 / AI chip · practice lab

这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都可以反复修改、反复运行，结果立即显示。
This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun each
exercise as often as you like; the feedback is instant.

| 练习 Exercise | 模块 Block | 你要写的文件 Your file | 公开测试平台 Visible bench |
|---|---|---|---|
| [01 · INT8 乘累加 / multiply-accumulate](01_mac_int8.ipynb) | `mac_int8` | `rtl/mac_int8.v` | `benches/test_mac_int8.py` |
| [02 · 重量化 / requantisation](02_requant_int8.ipynb) | `requant_int8` | `rtl/requant_int8.v`, `test_my_requant.py` | `benches/test_requant_int8.py` |
| [03 · FP32 → BF16](03_fp32_to_bf16.ipynb) | `fp32_to_bf16` | `rtl/fp32_to_bf16.v` | `benches/test_fp32_to_bf16.py` |
| [04 · 同步 FIFO / synchronous FIFO](04_sync_fifo.ipynb) | `sync_fifo` | `rtl/sync_fifo.v` | `benches/test_sync_fifo.py` |
| [05 · 脉动阵列 PE / systolic PE](05_systolic_pe.ipynb) | `systolic_pe` | `rtl/systolic_pe.v` | `benches/test_systolic_pe.py` |

## 怎样得到反馈 / How the feedback works

每个练习笔记本都有“运行”单元格，调用 `hardware_sim.practice.run`：它编译你的 Verilog，用 cocotb 运行测试平台，然后显示
A "run" cell in each exercise calls `hardware_sim.practice.run`: it compiles your Verilog, runs the cocotb bench and shows

1. **测试结果表**：每个测试是否通过、仿真时间、用时和失败信息 / **a table of the tests**: pass or fail, simulated time, time taken and the failure message;
2. **波形图**：顶层端口的时序图。有失败的测试时，画出失败前的最后若干个周期 / **a waveform** of the top module's ports: when a test fails, the last cycles before the failure;
3. **覆盖率**（用 Verilator 时）：行、分支、表达式和翻转覆盖率，并在源代码中标出没有覆盖到的行 / **coverage** (with Verilator): line, branch, expression and toggle coverage, with the uncovered source lines highlighted.

```python
from hardware_sim import practice
r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches")             # Icarus：快 / fast
r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches",
                 sim="verilator", coverage=True)                                                  # 覆盖率 / coverage
r = practice.run([...], ..., test="random_with_gaps", cycles=40, signals=["clk", "en", "acc"])    # 选波形 / choose the waveform
r.passed, r.failed, r.coverage.percent("line"), r.waves_png                                       # 在代码中使用 / use it in code
```

- Verilator 第一次编译约需 20–30 秒；设计没有改动时会复用上次的编译结果。Icarus 每次只需一两秒。
  Verilator's first build takes 20–30 s; it is reused while the design is unchanged. Icarus takes a second or two.
- 仿真超过 60 秒（`timeout=`）会被停止，并提示可能的原因（例如组合环路）；编译错误会显示编译器的原话。
  A simulation that runs longer than 60 s (`timeout=`) is stopped with the likely cause (e.g. a combinational loop); a
  compile error shows the compiler's own lines.
- 编译和仿真的文件放在 `.cache/practice/` 下，不会随作答提交。
  Builds and simulation files go to `.cache/practice/`, which is never part of what you submit.

## 提交后怎样评分 / What is graded when you submit

提交后，讲师可以用隐藏的测试平台对你的文件评分（与正式考试相同的方式），作为练习反馈：
After you submit, the trainer can grade your files with hidden benches (the same way as a real exam), as feedback:

| 内容 Item | 分值 Points | 怎样评分 How |
|---|---|---|
| `rtl/mac_int8.v` | 10 | 隐藏测试平台，结果与参考设计逐项比较 / a hidden bench; results compared with the reference design's |
| `rtl/requant_int8.v` | 15 | 同上 / as above |
| `rtl/fp32_to_bf16.v` | 15 | 同上 / as above |
| `rtl/sync_fifo.v` | 20 | 同上 / as above |
| `rtl/systolic_pe.v` | 15 | 同上 / as above |
| `rtl/sync_fifo.v` 书写规则 / lint | 5 | `verilator --lint-only -Wall` 无警告 / no warning |
| `test_my_requant.py` | 20 | 在正确设计上通过后，每发现一个植入缺陷的设计得分 / after passing on the correct design, points for each planted bug it catches |

文件名和模块名不要改动。/ Keep the file and module names as they are.
"""

ENV_CHECK = """
from hardware_sim import practice  # 反馈模块 / the feedback module

help(practice.run)
"""

SPECS = {
    "mac_int8": """
## 规格 / Specification

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `clk` | in | 1 | 时钟，上升沿有效 / clock, rising edge |
| `rst` | in | 1 | 同步复位，高有效：`acc` 清零 / synchronous reset, active high: clears `acc` |
| `en` | in | 1 | 使能：为 1 时累加 / enable: accumulate when 1 |
| `a`, `b` | in | 8, signed | INT8 操作数 / INT8 operands |
| `acc` | out | 32, signed | 累加和 / the running sum |

每个时钟上升沿 / On every rising clock edge:

- `rst = 1`：`acc <= 0`（优先于 `en` / wins over `en`）；
- 否则 `en = 1`：`acc <= acc + a * b`。乘积是精确的 16 位有符号数，**符号扩展**到 32 位后相加，和按 32 位回绕。
  otherwise, when `en = 1`: `acc <= acc + a * b`. The product is the exact 16-bit signed value, **sign-extended** to 32 bits; the sum wraps at 32 bits.
- `en = 0`：`acc` 保持 / `acc` holds.

例 Example: `a = -128, b = -128` → `acc = 16384`；再来 then `a = -128, b = 127` → `acc = 16384 - 16256 = 128`。

提示 Hint: `wire signed [15:0] product = a * b;` —— 两个操作数都是 `signed` 时乘法才是有符号的 / the product is signed only when both operands are.
""",
    "requant_int8": """
## 规格 / Specification

神经网络加速器把 INT32 累加结果乘以一个定点比例因子再右移，得到下一层的 INT8 输入。
An accelerator turns each INT32 accumulator into the next layer's INT8 input by a fixed-point multiplier and a shift.

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `acc` | in | 32, signed | 累加结果 / accumulator |
| `mult` | in | 16, **unsigned** | 定点乘数 0..65535 / fixed-point multiplier |
| `shift` | in | 5 | 右移位数 0..31 / right shift |
| `q` | out | 8, signed | 结果 / result |

组合逻辑 / Combinational:

1. `p = acc * mult`，精确（有符号 32 位 × 无符号 16 位，结果最多 48 位）/ exact (signed 32 × unsigned 16 fits 48 bits);
2. `shift > 0`：`r = (p + 2**(shift-1)) >>> shift`，即四舍五入，恰好一半时向 +∞（2.5 → 3，−2.5 → −2，−0.5 → 0）；
   `shift > 0`: round to nearest, exact halves toward +∞ (2.5 → 3, −2.5 → −2, −0.5 → 0); `shift = 0`：`r = p`；
3. `q = min(max(r, -128), 127)`：饱和到 INT8 / saturate to INT8.

例 Examples: `acc=1000, mult=3, shift=5` → 3000 / 32 = 93.75 → `q = 94`；`acc=-5, mult=1, shift=1` → −2.5 → `q = -2`；
`acc=300, mult=1, shift=0` → `q = 127`。

提示 Hints: `$signed({1'b0, mult})` 把 `mult` 变成正的有符号数 / makes `mult` a positive signed number; 加舍入常数时保留 49 位，
不会溢出 / keep 49 bits for the sum so the rounding constant never overflows; `>>>` 只有在有符号表达式上才是算术右移 /
`>>>` is arithmetic only on a signed expression.
""",
    "fp32_to_bf16": """
## 规格 / Specification

bfloat16 是 FP32 的高 16 位：1 位符号、8 位指数（与 FP32 相同）、7 位尾数。AI 芯片常用它存储权重和激活值。
bfloat16 is the top half of FP32: 1 sign, 8 exponent (as FP32), 7 mantissa bits. AI chips use it for weights and activations.

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `f` | in | 32 | IEEE-754 binary32 位模式 / bit pattern |
| `h` | out | 16 | bfloat16 位模式 / bit pattern |

组合逻辑，就近舍入、恰好一半时取偶 / Combinational, round to nearest, ties to even:

- 有限数和无穷大：保留 `f[31:16]`，被丢弃的 `f[15:0]` 大于 `16'h8000` 时加一；等于 `16'h8000` 时，只有保留部分的最低位 `f[16]` 为 1 才加一。
  进位可以一直传到指数：最大的有限数可能变成无穷大，非规格化数照常舍入（不清零）。
  Finite and infinite values: keep `f[31:16]` and add one when the dropped `f[15:0]` is above `16'h8000`, or exactly `16'h8000`
  with an odd kept lsb `f[16]`. The carry may ripple into the exponent: the largest finite values can become infinity, and
  subnormals round like any value (no flush to zero).
- NaN（指数全 1 且尾数非零）：`h = {f[31], 8'hFF, 1'b1, f[21:16]}`，同符号的静默 NaN。
  NaN (exponent all ones, mantissa non-zero): `h = {f[31], 8'hFF, 1'b1, f[21:16]}`, a quiet NaN of the same sign.

| `f` | `h` | |
|---|---|---|
| `3F80_0000` (1.0) | `3F80` | |
| `3F80_8000` | `3F80` | 恰好一半，保留偶数 / tie, stays even |
| `3F81_8000` | `3F82` | 恰好一半，奇数进位 / tie, odd rounds up |
| `3F80_8001` | `3F81` | 超过一半 / above half |
| `7F7F_8000` | `7F80` | 溢出为 +∞ / overflows to +inf |
| `7F80_0001` | `7FC0` | 信号 NaN → 静默 NaN / signalling NaN → quiet NaN |
""",
    "sync_fifo": """
## 规格 / Specification

参数 Parameters: `WIDTH = 8`, `DEPTH = 8`（2 的幂，至少 2 / a power of two, at least 2）。

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `clk`, `rst` | in | 1 | 时钟；同步复位，清空 FIFO / clock; synchronous reset, empties the FIFO |
| `push`, `din` | in | 1, WIDTH | 写请求和数据 / write request and data |
| `pop` | in | 1 | 读请求 / read request |
| `dout` | out | WIDTH | 队首（最早写入的数据），`empty = 1` 时无意义 / the head (oldest entry); meaningless while `empty` |
| `full`, `empty` | out | 1 | `count == DEPTH`，`count == 0` |
| `count` | out | $clog2(DEPTH)+1 | 当前数据个数 0..DEPTH / number of entries |

**首字直通 / first-word fall-through**：`empty = 0` 时 `dout` 就是队首，`pop` 在下一个上升沿把它移走。
While `empty` is 0, `dout` already shows the head; `pop` removes it at the next rising edge.

每个上升沿（都按沿之前的状态判断）/ At each rising edge, judged on the state before the edge:

- `full` 时的 `push` 被忽略，`empty` 时的 `pop` 被忽略 / a push while full and a pop while empty are ignored;
- `push` 和 `pop` 同时：满时只有 pop 生效，空时只有 push 生效，其他情况两者都生效且 `count` 不变。
  push and pop together: only the pop on a full FIFO, only the push on an empty one, otherwise both, `count` unchanged.

提示 Hints: 读写指针取 `$clog2(DEPTH)` 位，自然回绕 / pointers of `$clog2(DEPTH)` bits wrap by themselves;
`assign dout = mem[rd_ptr];`。这个文件还要通过 `verilator --lint-only -Wall`（见下方单元格）/ this file must also pass
`verilator --lint-only -Wall` (see the cell below).
""",
    "systolic_pe": """
## 规格 / Specification

输出驻留脉动阵列由许多 PE 组成：`a` 从西向东流动，`b` 从北向南流动，每个 PE 累加自己的一个输出元素。
An output-stationary systolic array is a grid of PEs: `a` flows east, `b` flows south, and each PE accumulates one output element.

```
        b ↓            b ↓
a → [ PE ] → a → [ PE ] →
        ↓ b            ↓ b
```

| 端口 Port | 方向 Dir | 位宽 Width | 说明 Meaning |
|---|---|---|---|
| `clk`, `rst` | in | 1 | 时钟；同步复位，所有输出清零 / clock; synchronous reset, clears every output |
| `clear` | in | 1 | 清零累加器（开始新的输出元素）/ clears the accumulator (a new output element) |
| `valid_in` | in | 1 | 本周期的操作数有效 / this cycle's operands are valid |
| `a_in`, `b_in` | in | 8, signed | 操作数 / operands |
| `a_out`, `b_out`, `valid_out` | out | 8, 8, 1 | 打一拍后传给东边和南边的 PE / passed east and south one cycle later |
| `acc` | out | 32, signed | 累加器 / accumulator |

每个上升沿 / At every rising edge:

- `rst`：所有输出为 0 / every output becomes 0;
- 否则：`a_out <= a_in`、`b_out <= b_in`、`valid_out <= valid_in`（不管 `valid_in` 是多少都传递）；并且
  otherwise: `a_out <= a_in`, `b_out <= b_in`, `valid_out <= valid_in` (passed on whatever `valid_in` is); and
  - `clear`：`acc <= 0`（优先于 `valid_in`，这一拍的乘积丢弃 / beats `valid_in`: that cycle's product is dropped）；
  - 否则 `valid_in`：`acc <= acc + a_in * b_in`（有符号，32 位回绕 / signed, wraps at 32 bits）；否则保持 / else holds.
""",
}

THINK = {
    "mac_int8": """
## 想一想 / Think about it

1. 如果乘积用零扩展而不是符号扩展，哪个测试会失败？在波形里找到第一个错误的 `acc`。
   If the product were zero-extended instead of sign-extended, which test fails? Find the first wrong `acc` in the waveform.
2. 用 Verilator 的覆盖率看看：只运行 `testcase="extremes"` 时，哪个分支没有走到？为什么？
   With Verilator's coverage: which branch is never taken when only `testcase="extremes"` runs, and why?
""",
    "requant_int8": """
## 想一想 / Think about it

1. `-2.5` 应该舍入成 `-2` 还是 `-3`？用 `>>` 代替 `>>>` 时会发生什么？
   Should `-2.5` round to `-2` or `-3`? What happens with `>>` instead of `>>>`?
2. 负数的饱和边界是 `-128` 不是 `-127`：你的测试平台能发现这个区别吗？
   The negative bound is `-128`, not `-127`: would your bench notice the difference?
""",
    "fp32_to_bf16": """
## 想一想 / Think about it

1. 为什么“恰好一半时取偶”比“恰好一半时进位”好？哪个测试能区分这两种做法？
   Why is "ties to even" better than "ties away from zero", and which test tells them apart?
2. 最大的非规格化数 `007F_FFFF` 转换后是多少？为什么不是非规格化数？
   What does the largest subnormal `007F_FFFF` become, and why is it no longer subnormal?
""",
    "sync_fifo": """
## 想一想 / Think about it

1. `full` 如果写成 `count == DEPTH-1`，FIFO 能存几个数？哪个测试会失败？
   If `full` were `count == DEPTH-1`, how many words would the FIFO hold, and which test fails?
2. 看覆盖率报告：有没有从来没有翻转过的信号位？需要什么样的激励才能覆盖它？
   In the coverage report: is there a signal bit that never toggled? What stimulus would cover it?
""",
    "systolic_pe": """
## 想一想 / Think about it

1. `clear` 和 `valid_in` 同时为 1 时，这一拍的乘积为什么要丢弃？（提示：新的输出元素从哪一拍开始？）
   Why is the product dropped when `clear` and `valid_in` are 1 together? (Hint: where does the next output element start?)
2. 2×2 的阵列里，`a` 和 `b` 要错开几拍送入，才能让每个 PE 在同一拍拿到配对的操作数？
   In a 2×2 array, how many cycles apart must `a` and `b` enter so that each PE gets matching operands in the same cycle?
""",
}


def exercise(name: str, block: str, zh: str, en: str, points: int) -> list:
    num = name[:2]
    cells = [
        text(f"""
# 练习 {num} · {zh}
# Exercise {num} · {en}

在 [`rtl/{block}.v`](rtl/{block}.v) 中完成 `TODO`（双击左侧文件浏览器中的文件打开编辑器），保存后运行下面的“运行”单元格。
公开测试平台是 [`benches/test_{block}.py`](benches/test_{block}.py)，可以阅读，也可以添加自己的测试。提交后这个文件按隐藏测试平台评分（{points} 分）。
Complete the `TODO`s in [`rtl/{block}.v`](rtl/{block}.v) (double-click it in the file browser), save, then run the "run" cell below.
The visible bench is [`benches/test_{block}.py`](benches/test_{block}.py): read it, add tests of your own. After you submit, the
file is graded by a hidden bench ({points} points).
""", f"{block}_intro"),
        text(SPECS[block], f"{block}_spec"),
        text("""
## 运行：测试结果和波形（Icarus）/ Run: test results and waveform (Icarus)
""", f"{block}_run_title"),
        code(f"""
from hardware_sim import practice

r = practice.run(["rtl/{block}.v"], "{block}", "test_{block}", test_dir="benches")
"""),
        text("""
## 覆盖率（Verilator）/ Coverage (Verilator)

第一次编译约 20–30 秒。看看哪些行、分支和信号位从来没有被测试触及：红色是完全没有覆盖，黄色是部分覆盖。
The first build takes 20–30 s. See which lines, branches and signal bits the tests never reach: red is not covered at all,
yellow is partly covered.
""", f"{block}_cov_title"),
        code(f"""
r = practice.run(["rtl/{block}.v"], "{block}", "test_{block}", test_dir="benches", sim="verilator", coverage=True)
"""),
    ]
    if block == "requant_int8":
        cells += [
            text("""
## B 部分：你自己的测试平台 / Part B: your own bench

在 [`test_my_requant.py`](test_my_requant.py) 中写一个能发现 `requant_int8` 常见错误的 cocotb 测试平台（20 分）。
评分时，它先在正确的设计上运行（必须全部通过），再在 6 个植入了真实缺陷的设计上运行：截断而不舍入、舍入常数错位、
不饱和、对称饱和（-127）、逻辑右移、把 `mult` 当成有符号数。每发现一个（你的测试失败）得分。
Write a cocotb bench in [`test_my_requant.py`](test_my_requant.py) that finds the usual mistakes of `requant_int8` (20 points).
For grading it first runs on the correct design (it must pass), then on 6 designs with planted bugs: truncation instead of
rounding, the rounding constant one bit off, no saturation, symmetric saturation (-127), a logical shift, `mult` taken as
signed. Each one your bench catches (fails on) earns points.

先让你的设计通过公开测试，再用它检查你的测试平台；覆盖率告诉你哪些情况还没有测到。
Get your design through the visible bench first, then use it to try your bench; coverage shows what you have not tested yet.
""", "requant_bench_title"),
            code("""
r = practice.run(["rtl/requant_int8.v"], "requant_int8", "test_my_requant", sim="verilator", coverage=True)
"""),
        ]
    if block == "sync_fifo":
        cells += [
            text("""
## 书写规则检查 / Lint

评分还要求 `verilator --lint-only -Wall` 没有任何警告（5 分）：未使用的信号、位宽不一致等都会报出来。
Grading also wants `verilator --lint-only -Wall` to print no warning (5 points): unused signals, width mismatches and the like.
""", "fifo_lint_title"),
            code("""
practice.lint(["rtl/sync_fifo.v"])
"""),
        ]
    cells += [
        text("""
## 选择波形 / Choosing the waveform

默认画出第一个失败测试失败前的最后 24 个周期；都通过时画第一个测试的开头。也可以指定 / By default the last 24 cycles
before the first failure, or the start of the first test when all pass. You can choose:
`practice.run(..., test="<test name>", cycles=60, signals=["clk", "..."])`，`waves=False` 不记录波形 / records none.
返回值 `r` 可以在代码中使用 / The returned `r` can be used in code: `r.passed`, `r.failed`, `r.tests`, `r.waves_png`, `r.vcd`,
`r.coverage`.
""", f"{block}_waves_help"),
        text(THINK[block], f"{block}_think"),
    ]
    return cells


def main() -> None:
    write(SRC / "README.ipynb", [text(README, "readme"), code(ENV_CHECK)])
    for name, block, zh, en, points in EXERCISES:
        write(SRC / f"{name}.ipynb", exercise(name, block, zh, en, points))


if __name__ == "__main__":
    main()
