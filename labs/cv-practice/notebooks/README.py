# %% [markdown] nbgrader={"grade_id": "readme", "grade": false, "solution": false, "locked": true}
# # 计算机视觉 · 练习实验 / Computer vision · practice lab
#
# 这是**练习**，不是考试：不计入任何认证成绩，也不用赶时间。每个练习都能反复修改、反复运行，结果立即显示（断言、验证集指标和图）。
# This is **practice**, not an exam: nothing here counts toward a certificate, and there is no hurry. Change and rerun every
# exercise as often as you like; the feedback is instant (asserts, validation metrics and pictures).
#
# 数据：`data/shapes/` 中的合成图像（圆、方、三角），`train/` 训练，`val/` 验证；评分用的测试集不公开。
# Data: synthetic images of circles, squares and triangles in `data/shapes/`: `train/` for training, `val/` for validation; the test split used for grading is hidden.
#
# | 练习 Exercise | 内容 Content | 你的交付物 Your deliverables |
# |---|---|---|
# | [01 · 分类 / classification](01_classify.ipynb) | 指标、预处理与数据增强、训练 CNN、导出 / metrics, preprocessing and augmentation, a CNN, export | `01_classify.ipynb`, `models/shape_cls.json` + `.pdiparams` |
# | [02 · 检测 / detection](02_detect.ipynb) | IoU、AP、检测流程、PR 曲线 / IoU, AP, a detection pipeline, PR curves | `02_detect.ipynb`, `detect.py` |
# | [03 · 分割 / segmentation](03_segment.ipynb) | mIoU、逐像素分割 / mIoU, per-pixel segmentation | `03_segment.ipynb`, `segment.py` |
# | [04 · 部署 / deployment](04_deploy.ipynb) | paddle2onnx、ONNX Runtime、一致性与延迟 / paddle2onnx, ONNX Runtime, agreement and latency | `04_deploy.ipynb`, `models/shape_cls.onnx` |
#
# 按顺序做：02–04 会用到 01 导出的模型。/ Work in order: 02–04 use the model exported in 01.
#
# ## 怎样得到反馈 / How the feedback works
#
# - 每个练习的单元格里有**可见断言**：通过时不输出，不通过时给出原因。/ **Visible asserts** in each exercise: silent when they pass, a reason when they fail.
# - **验证集指标**：准确率、mAP@0.5、mIoU 与评分时使用的是同一套实现（`labkit.metrics`）。/ **Validation metrics**: accuracy, mAP@0.5 and mIoU come from the same implementation the grader uses (`labkit.metrics`).
# - **图**：`labkit.plots`（损失曲线、混淆矩阵）和 `labkit.vision`（检测框、掩码、PR 曲线、分错的样本）。/ **Pictures**: `labkit.plots` (loss curves, confusion matrices) and `labkit.vision` (boxes, masks, PR curves, misclassified samples).
#
# ```python
# from labkit import metrics, plots, vision
# metrics.map50(detections, boxes); metrics.miou(masks, predicted, 4)
# plots.loss_curve({"train loss": losses, "val acc": accs}); plots.confusion(y_true, y_pred, names)
# vision.show_detections(image, detections, boxes, image_index=0); vision.show_masks(image, mask, predicted)
# vision.image_grid(images, labels, predictions); vision.detection_pr_curve(detections, boxes)
# ```
#
# 在行末加 `;` 可避免图显示两次。/ End a line with `;` so a picture shows once.
#
# ## 提交后怎样评分 / What is graded when you submit
#
# | 内容 Item | 分值 Points | 怎样评分 How |
# |---|---|---|
# | 01 指标函数 / metric functions | 10 | 隐藏用例，与参考答案比较 / hidden cases, compared with the reference |
# | 01 `models/shape_cls` | 15 | 隐藏测试集准确率 / accuracy on the hidden split（≥ 0.95 满分 full） |
# | 02 `box_iou` | 10 | 隐藏用例 / hidden cases |
# | 02 `average_precision` | 10 | 隐藏用例 / hidden cases |
# | 02 `detect.py` | 15 | 隐藏场景 mAP@0.5 / on hidden scenes（≥ 0.78 满分 full） |
# | 03 `mean_iou` | 10 | 隐藏用例 / hidden cases |
# | 03 `segment.py` | 10 | 隐藏场景 mIoU / on hidden scenes（≥ 0.75 满分 full） |
# | 04 `models/shape_cls.onnx` | 10 | 隐藏测试集准确率 / accuracy on the hidden split |
# | 04 `onnx_predict` | 10 | 与 Paddle 输出一致 / agrees with Paddle's outputs |
#
# 文件名不要改动。/ Keep the file names as they are.
