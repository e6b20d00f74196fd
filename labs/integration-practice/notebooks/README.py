# %% [markdown] nbgrader={"grade_id": "readme", "grade": false, "solution": false, "locked": true}
# # 人工智能应用集成 · 练习实验 / AI application integration · practice lab
#
# 这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示。
# This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun every exercise as often as you like; the feedback is instant.
#
# **场景 Scenario**：两个现成组件——命令词识别 `components/kws.onnx`（语音）和意图分类 `components/intent.onnx`（文本），各带一张模型卡（`kws.json`、`intent.json`）——集成为一个智能家居语音助手，并以 HTTP 服务交付。
# Two given components — keyword recognition `components/kws.onnx` (speech) and intent classification `components/intent.onnx` (text), each with a model card (`kws.json`, `intent.json`) — become one smart-home voice assistant, delivered as an HTTP service.
#
# | 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
# |---|---|---|
# | [01 · 调用组件 / calling components](01_components.ipynb) | 按模型卡调用 ONNX 组件，逐类与逐语言的准确率 / call the ONNX components by their model cards, accuracy per class and language | `01_components.ipynb` |
# | [02 · 集成代码 / the glue](02_glue.ipynb) | 词 id、语音特征、请求 → 动作、按配置工作 / token ids, audio features, request → action, driven by the configuration | `app/pipeline.py` |
# | [03 · 集成测试 / integration tests](03_tests.ipynb) | 写测试并看它们能发现哪些植入的缺陷 / write tests and see which planted bugs they catch | `tests/test_pipeline.py` |
# | [04 · 服务 / the service](04_serve.ipynb) | HTTP 服务、启动脚本、延迟与错误处理 / an HTTP service, its start script, latency and error handling | `app/serve.py`, `app/start.sh` |
#
# 按顺序做：03 和 04 会用到 02 的 `app/pipeline.py`。/ Work in order: 03 and 04 use `app/pipeline.py` from 02.
#
# ## 提交后怎样评分 / What is graded when you submit
#
# | 内容 Item | 分值 Points | 怎样评分 How |
# |---|---|---|
# | 01 命令词组件 / keyword component | 10 | 与参考答案比较 / compared with the reference |
# | 01 意图组件 / intent component | 10 | 与参考答案比较 / compared with the reference |
# | 02 词 id 与特征 / token ids and features | 15 | 隐藏数据 / hidden data |
# | 02 请求 → 动作 / request → action | 15 | 隐藏数据 / hidden data |
# | 02 按配置工作 / driven by the configuration | 10 | 隐藏配置 / hidden configurations |
# | 03 集成测试 / integration tests | 15 | 8 个植入缺陷的实现 / 8 implementations with planted bugs |
# | 04 服务 / the service | 25 | 启动 `app/start.sh`，发送隐藏请求 / `app/start.sh` started, hidden requests sent |
#
# 文件名不要改动。/ Keep the file names as they are.
