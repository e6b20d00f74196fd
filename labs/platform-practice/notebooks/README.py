# %% [markdown] nbgrader={"grade_id": "readme", "grade": false, "solution": false, "locked": true}
# # 人工智能平台 · 练习实验：从导出到上线巡检 / AI platform · practice lab: from export to an inspected service
#
# 这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示。
# This is **practice**, not an exam: nothing here counts toward a certificate and there is no hurry. Change and rerun as often as you like; the feedback is instant.
#
# 数据 Data: `data/digits/{train,val}/x.npy` float32 [N, 1, 8, 8]（0–1 = 灰度值 / 16 grey level / 16），`y.npy` 0–9；评分用的测试集不公开 / the test split is hidden.
#
# | 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
# |---|---|---|
# | [01 · 导出 / export](01_export.ipynb) | 训练、`paddle.jit.save`、paddle2onnx、ONNX Runtime 核对 / training, export, conversion, checking | `models/digits.*`, `deploy/model/digits.onnx` |
# | [02 · 优化 / optimise](02_optimise.ipynb) | ONNX Runtime 图优化、动态 INT8 量化、延迟对比 / graph optimisation, dynamic INT8, latency | `02_optimise.ipynb` |
# | [03 · 服务 / serve](03_serve.ipynb) | HTTP 推理服务、启动脚本、错误请求、延迟直方图 / an HTTP service, start script, malformed requests, latency | `deploy/serve.py`, `deploy/start.sh` |
# | [04 · 验证与巡检 / verify and inspect](04_inspect.ipynb) | 线上线下一致性报告、对运行中的现场巡检 / consistency report, inspecting a running site | `04_inspect.ipynb` |
#
# 按顺序做：03 的服务加载 01 导出的 `deploy/model/digits.onnx`。/ Work in order: 03's service loads `deploy/model/digits.onnx` from 01.
#
# ## 提交后怎样评分 / What is graded when you submit
#
# | 内容 Item | 分值 Points | 怎样评分 How |
# |---|---|---|
# | 01 `models/digits` | 15 | 隐藏测试集准确率 / hidden-split accuracy（≥ 0.95 满分 full） |
# | 01 `deploy/model/digits.onnx` | 10 | 隐藏请求上的准确率 / accuracy on the hidden requests |
# | 01 `onnx_predict` | 5 | 给定模型在隐藏输入上的输出 / a given model's outputs on hidden inputs |
# | 02 `optimise`, `op_counts` | 10 | 给定图在各优化级别下的算子 / a given graph's operators per optimisation level |
# | 02 `quantise` | 5 | 给定 MLP 的 INT8 图、大小与一致性 / the given MLP's INT8 graph, size and agreement |
# | 03 `preprocess` | 10 | 隐藏用例 / hidden cases |
# | 03 服务 service | 20 | 评分程序用 `deploy/start.sh` 启动：隐藏请求准确率、与 01 的 ONNX 一致、P95 延迟、错误请求 / started from `deploy/start.sh`: accuracy, agreement with 01's ONNX, p95, malformed requests |
# | 04 `verify_report` | 10 | 隐藏数据 / hidden data |
# | 04 `inspect_site` | 15 | 评分时启动另一个现场并巡检 / another site started and inspected during grading |
