# %% [markdown] nbgrader={"grade_id": "readme", "grade": false, "solution": false, "locked": true}
# # 自然语言及语音处理 · 练习实验 / NLP and speech · practice lab
#
# 这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示（断言、验证集指标和图）。
# This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun every
# exercise as often as you like; the feedback is instant (asserts, validation metrics and pictures).
#
# 数据（合成 / synthetic；`train/` 训练 training，`val/` 验证 validation；评分用的测试集不公开 / the test split used for grading is hidden）：
# - `data/commands_text/`：智能家居与客服的中英文语句，带意图和 BIO 槽位标签 / Chinese and English smart-home and customer-service utterances with intents and BIO slot tags。测试集含训练中没有的说法 / the test split has phrasings never seen in training。
# - `data/speech_commands/`：8 kHz、1 秒的中英文语音命令，12 类，有噪声和混响 / 1 s spoken commands at 8 kHz, Mandarin and English, 12 classes, with noise and reverberation。测试集的发音人在训练集中没有出现过 / the test split has unseen voices。
#
# | 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
# |---|---|---|
# | [01 · 意图识别 / intents](01_intent.ipynb) | 词表与编码、词袋基线、Embedding 模型、P/R/F1 / vocabulary and encoding, a bag-of-words baseline, an embedding model, P/R/F1 | `nlu.py`, `models/intent.*`, `models/vocab.json` |
# | [02 · 槽位填充 / slots](02_slots.ipynb) | BIO 实体、槽位 F1、词典基线、BiGRU 标注器 / BIO entities, slot F1, a dictionary baseline, a BiGRU tagger | `models/slots.*` |
# | [03 · 语音特征 / speech features](03_features.ipynb) | 分帧、对数梅尔谱、MFCC、频谱图 / framing, log-mel, MFCC, spectrograms | `03_features.ipynb` |
# | [04 · 命令词识别 / keyword spotting](04_kws.ipynb) | 基线、卷积网络、按语言和噪声分析错误 / a baseline, a CNN, errors per language and noise | `models/kws.*` |
# | [05 · 部署 / deployment](05_deploy.ipynb) | paddle2onnx、ONNX Runtime、一致性与延迟 / paddle2onnx, ONNX Runtime, agreement and latency | `models/kws.onnx` |
#
# 按顺序做：02 用到 01 的 `nlu.py` 和词表，05 用到 04 导出的模型。/ Work in order: 02 uses 01's `nlu.py` and vocabulary, 05 the model exported in 04.
#
# ## 怎样得到反馈 / How the feedback works
#
# - 每个练习的单元格里有**可见断言**（很多是和 `labkit` 的参考实现比较）：通过时打印 ✓，不通过时给出原因。/ **Visible asserts** in each exercise (many compare with `labkit`'s reference implementations): a ✓ when they pass, a reason when they fail.
# - **验证集指标**：准确率、宏平均 F1、槽位 F1 与评分时使用的是同一套实现（`labkit.metrics`）。/ **Validation metrics**: accuracy, macro F1 and slot F1 come from the same implementation the grader uses (`labkit.metrics`).
# - **挑战集**：练习 01 有 20 句训练数据里没有的说法，看模型能否举一反三。/ **A challenge set**: exercise 01 has 20 phrasings the training data never uses, to see whether the model generalises.
# - **图**：`labkit.plots`（损失曲线、混淆矩阵）和 `labkit.audio`（波形、对数梅尔谱）；语音可以直接播放。/ **Pictures**: `labkit.plots` (loss curves, confusion matrices) and `labkit.audio` (waveforms, log-mel spectrograms); clips play in the notebook.
#
# ```python
# from labkit import audio, metrics, plots
# metrics.accuracy(y, p); metrics.macro_f1(y, p); metrics.slot_f1(gold_tags, pred_tags, TAGS)
# audio.log_mel(waves, 8000); audio.mfcc(waves, 8000); audio.show_spectrogram(wave, 8000, "title")
# plots.loss_curve({"train loss": losses, "val acc": accs}); plots.confusion(y_true, y_pred, names)
# ```
#
# 在行末加 `;` 可避免图显示两次。/ End a line with `;` so a picture shows once.
#
# ## 提交后怎样评分 / What is graded when you submit
#
# | 内容 Item | 分值 Points | 怎样评分 How |
# |---|---|---|
# | 01 `nlu.py`（规范化、词表、编码 / normalize, vocabulary, encode） | 5 | 隐藏用例，与参考答案比较 / hidden cases, compared with the reference |
# | 01 `per_class_prf`, `macro_f1` | 10 | 隐藏用例 / hidden cases |
# | 01 `predict_intent.py` + `models/intent` | 15 | 隐藏测试集准确率 / accuracy on the hidden split（≥ 0.78 满分 full） |
# | 02 `bio_spans`, `slot_f1` | 10 | 隐藏用例 / hidden cases |
# | 02 `predict_slots.py` + `models/slots` | 10 | 隐藏测试集槽位 F1 / slot F1 on the hidden split（≥ 0.80 满分 full） |
# | 03 `frames`, `log_mel`, `mfcc` | 10 | 隐藏音频，与参考答案比较 / hidden clips, compared with the reference |
# | 04 `models/kws` | 15 | 隐藏测试集准确率 / accuracy on the hidden split（≥ 0.60 满分 full） |
# | 04 `accuracy_by` | 5 | 隐藏用例 / hidden cases |
# | 05 `models/kws.onnx` | 10 | 隐藏测试集准确率 / accuracy on the hidden split |
# | 05 `onnx_predict` | 10 | 与 Paddle 输出一致 / agrees with Paddle's outputs |
#
# 文件名不要改动。/ Keep the file names as they are.
