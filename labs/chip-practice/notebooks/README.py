# %% [markdown] nbgrader={"grade_id": "readme", "grade": false, "solution": false, "locked": true}
# # 人工智能芯片 · 练习实验 / AI chip · practice lab
#
# 这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都可以反复修改、反复运行，结果立即显示。
# This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun each
# exercise as often as you like; the feedback is instant.
#
# | 练习 Exercise | 模块 Block | 你要写的文件 Your file | 公开测试平台 Visible bench |
# |---|---|---|---|
# | [01 · INT8 乘累加 / multiply-accumulate](01_mac_int8.ipynb) | `mac_int8` | `rtl/mac_int8.v` | `benches/test_mac_int8.py` |
# | [02 · 重量化 / requantisation](02_requant_int8.ipynb) | `requant_int8` | `rtl/requant_int8.v`, `test_my_requant.py` | `benches/test_requant_int8.py` |
# | [03 · FP32 → BF16](03_fp32_to_bf16.ipynb) | `fp32_to_bf16` | `rtl/fp32_to_bf16.v` | `benches/test_fp32_to_bf16.py` |
# | [04 · 同步 FIFO / synchronous FIFO](04_sync_fifo.ipynb) | `sync_fifo` | `rtl/sync_fifo.v` | `benches/test_sync_fifo.py` |
# | [05 · 脉动阵列 PE / systolic PE](05_systolic_pe.ipynb) | `systolic_pe` | `rtl/systolic_pe.v` | `benches/test_systolic_pe.py` |
#
# ## 怎样得到反馈 / How the feedback works
#
# 每个练习笔记本都有“运行”单元格，调用 `hardware_sim.practice.run`：它编译你的 Verilog，用 cocotb 运行测试平台，然后显示
# A "run" cell in each exercise calls `hardware_sim.practice.run`: it compiles your Verilog, runs the cocotb bench and shows
#
# 1. **测试结果表**：每个测试是否通过、仿真时间、用时和失败信息 / **a table of the tests**: pass or fail, simulated time, time taken and the failure message;
# 2. **波形图**：顶层端口的时序图。有失败的测试时，画出失败前的最后若干个周期 / **a waveform** of the top module's ports: when a test fails, the last cycles before the failure;
# 3. **覆盖率**（用 Verilator 时）：行、分支、表达式和翻转覆盖率，并在源代码中标出没有覆盖到的行 / **coverage** (with Verilator): line, branch, expression and toggle coverage, with the uncovered source lines highlighted.
#
# ```python
# from hardware_sim import practice
# r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches")             # Icarus：快 / fast
# r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches",
#                  sim="verilator", coverage=True)                                                  # 覆盖率 / coverage
# r = practice.run([...], ..., test="random_with_gaps", cycles=40, signals=["clk", "en", "acc"])    # 选波形 / choose the waveform
# r.passed, r.failed, r.coverage.percent("line"), r.waves_png                                       # 在代码中使用 / use it in code
# ```
#
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
# 提交后，讲师可以用隐藏的测试平台对你的文件评分（与正式考试相同的方式），作为练习反馈：
# After you submit, the trainer can grade your files with hidden benches (the same way as a real exam), as feedback:
#
# | 内容 Item | 分值 Points | 怎样评分 How |
# |---|---|---|
# | `rtl/mac_int8.v` | 10 | 隐藏测试平台，结果与参考设计逐项比较 / a hidden bench; results compared with the reference design's |
# | `rtl/requant_int8.v` | 15 | 同上 / as above |
# | `rtl/fp32_to_bf16.v` | 15 | 同上 / as above |
# | `rtl/sync_fifo.v` | 20 | 同上 / as above |
# | `rtl/systolic_pe.v` | 15 | 同上 / as above |
# | `rtl/sync_fifo.v` 书写规则 / lint | 5 | `verilator --lint-only -Wall` 无警告 / no warning |
# | `test_my_requant.py` | 20 | 在正确设计上通过后，每发现一个植入缺陷的设计得分 / after passing on the correct design, points for each planted bug it catches |
#
# 文件名和模块名不要改动。/ Keep the file and module names as they are.

# %%
from hardware_sim import practice  # 反馈模块 / the feedback module

help(practice.run)
