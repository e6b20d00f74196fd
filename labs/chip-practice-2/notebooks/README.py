# %% [markdown] nbgrader={"grade_id": "readme", "grade": false, "solution": false, "locked": true}
# # 人工智能芯片 · 练习实验二 / AI chip · practice lab 2
#
# 这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都可以反复修改、反复运行，结果立即显示。
# This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun each
# exercise as often as you like; the feedback is instant.
#
# 练习一（`chip-practice`）练的是乘累加、重量化、BF16、同步 FIFO 和脉动阵列的一个 PE；这里是考试中用到的其余模块：
# 前四个练习写设计，后两个练习为给定的正确设计写测试平台。
# Lab 1 (`chip-practice`) covers the MAC, requantisation, BF16, the synchronous FIFO and one systolic PE; this lab has the other
# blocks the exams use: in the first four exercises you write the design, in the last two a bench for a given, correct design.
#
# | 练习 Exercise | 模块 Block | 你要写的文件 Your file | 公开测试平台 / 给定设计 Visible bench / given design |
# |---|---|---|---|
# | [01 · 激活单元 / activation unit](01_act_unit.ipynb) | `act_unit` | `rtl/act_unit.v` | `benches/test_act_unit.py` |
# | [02 · INT8 点积 / dot product](02_dot_int8.ipynb) | `dot_int8` | `rtl/dot_int8.v` | `benches/test_dot_int8.py` |
# | [03 · FP32 → FP16](03_fp32_to_fp16.ipynb) | `fp32_to_fp16` | `rtl/fp32_to_fp16.v` | `benches/test_fp32_to_fp16.py` |
# | [04 · 脉动阵列 / systolic array](04_systolic_array.ipynb) | `systolic_array` | `rtl/systolic_array.v` | `benches/test_systolic_array.py`; `rtl/systolic_pe.v`（给定 / given） |
# | [05 · 异步 FIFO 的测试平台 / async FIFO bench](05_async_fifo.ipynb) | `async_fifo` | `test_my_async_fifo.py` | `rtl/async_fifo.v`（给定 / given） |
# | [06 · 加速器子系统的测试平台 / accelerator bench](06_accel.ipynb) | `accel` | `test_my_accel.py` | `accel/*.v`（给定 / given） |
#
# `accel/` 中有 `act_unit.v` 和 `dot_int8.v` 的正确版本（加速器要用到）：先独立完成练习 01 和 02，再去看它们。
# `accel/` holds correct versions of `act_unit.v` and `dot_int8.v` (the accelerator needs them): do exercises 01 and 02 on your
# own before you look at them.
#
# ## 怎样得到反馈 / How the feedback works
#
# 每个练习笔记本都有“运行”单元格，调用 `hardware_sim.practice.run`：它编译 Verilog，用 cocotb 运行测试平台，然后显示
# A "run" cell in each exercise calls `hardware_sim.practice.run`: it compiles the Verilog, runs the cocotb bench and shows
#
# 1. **测试结果表**：每个测试是否通过、仿真时间、用时和失败信息 / **a table of the tests**: pass or fail, simulated time, time taken and the failure message;
# 2. **波形图**：顶层端口的时序图。有失败的测试时，画出失败前的最后若干个周期 / **a waveform** of the top module's ports: when a test fails, the last cycles before the failure;
# 3. **覆盖率**（用 Verilator 时）：行、分支、表达式和翻转覆盖率，并在源代码中标出没有覆盖到的行 / **coverage** (with Verilator): line, branch, expression and toggle coverage, with the uncovered source lines highlighted.
#
# ```python
# from hardware_sim import practice
# r = practice.run(["rtl/act_unit.v"], "act_unit", "test_act_unit", test_dir="benches")                 # Icarus：快 / fast
# r = practice.run(["rtl/act_unit.v"], "act_unit", "test_act_unit", test_dir="benches",
#                  sim="verilator", coverage=True)                                                      # 覆盖率 / coverage
# r = practice.run(["rtl/systolic_pe.v", "rtl/systolic_array.v"], "systolic_array", "test_systolic_array",
#                  test_dir="benches", test="identity", cycles=30, signals=["clk", "start", "busy", "done"])  # 选波形 / choose the waveform
# r.passed, r.failed, r.coverage.percent("line"), r.waves_png                                           # 在代码中使用 / use it in code
# ```
#
# - 由几个文件组成的设计，按依赖顺序列出全部文件：被例化的模块在前，顶层模块在后（例如 `systolic_pe.v` 在 `systolic_array.v` 之前）。
#   A design made of several files lists all of them, dependencies first and the top module last (e.g. `systolic_pe.v` before
#   `systolic_array.v`).
# - Verilator 第一次编译约需 20–30 秒；设计没有改动时会复用上次的编译结果。Icarus 每次只需一两秒。
#   Verilator's first build takes 20–30 s; it is reused while the design is unchanged. Icarus takes a second or two.
# - 仿真超过 60 秒（`timeout=`）会被停止，并提示可能的原因（例如组合环路）；编译错误会显示编译器的原话。
#   A simulation that runs longer than 60 s (`timeout=`) is stopped with the likely cause (e.g. a combinational loop); a
#   compile error shows the compiler's own lines.
# - 编译和仿真的文件放在 `.cache/practice/` 下，不会随作答提交。
#   Builds and simulation files go to `.cache/practice/`, which is never part of what you submit.
#
# ## 提交后怎样评分 / What is graded when you submit
#
# 提交后，讲师可以用与正式考试相同的方式给你的文件评分，作为练习反馈：
# After you submit, the trainer can grade your files the same way as a real exam, as feedback:
#
# | 内容 Item | 分值 Points | 怎样评分 How |
# |---|---|---|
# | `rtl/act_unit.v` | 10 | 隐藏测试平台，结果与参考设计逐项比较 / a hidden bench; results compared with the reference design's |
# | `rtl/dot_int8.v` | 10 | 同上 / as above |
# | `rtl/fp32_to_fp16.v` | 15 | 同上 / as above |
# | `rtl/fp32_to_fp16.v` 书写规则 / lint | 5 | `verilator --lint-only -Wall` 无警告 / no warning |
# | `rtl/systolic_array.v`（与 with `rtl/systolic_pe.v`） | 20 | 隐藏测试平台 / a hidden bench |
# | `test_my_async_fifo.py` | 20 | 在正确设计上通过后，每发现一个植入缺陷的设计得分（共 6 个）/ after passing on the correct design, points for each of 6 planted bugs it catches |
# | `test_my_accel.py` | 20 | 同上（共 9 个）/ as above (9 planted bugs) |
#
# 文件名和模块名不要改动。/ Keep the file and module names as they are.

# %%
from hardware_sim import practice  # 反馈模块 / the feedback module

help(practice.run)
