# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（人工智能应用集成方向）中级 · 实操考试
# # AI engineering technician, AI application integration direction, intermediate level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# **场景 Scenario**：工厂的托盘质检。相机拍下每个托盘（64×64 RGB），两个现成组件——分割器 `components/segmenter.onnx`（逐像素：零件/背景）和分类器 `components/classifier.onnx`（零件裁剪图 → 圆形垫圈 circle、方形螺母 square、三角形异物 triangle）——由你集成为“图像 → 检测 → 质检报告”的服务。
# Tray inspection in a factory. A camera photographs each tray (64×64 RGB); you integrate two given components — the segmenter `components/segmenter.onnx` (per pixel: part or background) and the classifier `components/classifier.onnx` (a part's crop → circle washer, square nut, triangle foreign object) — into an "image → detections → inspection report" service.
#
# | 部分 Part | 工作领域 Work area | 分值 Points | 交付物 Deliverables |
# |---|---|---|---|
# | A | 人工智能共性技术应用 Common AI technology | 15 | 本笔记本 this notebook |
# | R | 需求分析 Requirements analysis | 15 | 本笔记本 |
# | B | 设计开发 Design and development | 25 | `app/inspector.py`、本笔记本 |
# | D | 产品交付 Delivery | 20 | `app/serve.py`、`app/start.sh`、本笔记本 |
# | E | 运维 Operations | 10 | `ops/line2`（就地修复 repaired in place）、本笔记本 |
# | C | 技术咨询 Consulting | 15 | 本笔记本 |
#
# 文件 Files: `components/`（组件与模型卡，不要修改 / components and model cards, do not change）、`config/inspection.yaml`（质检规则 inspection rules）、`app/inspector.py`（要完成 to complete）、`data/shapes/val/`（验证数据 validation data：`images.npy` uint8 [150, 64, 64, 3]、`boxes.npy` [M, 6]：图像序号 image index、类别 class (1 circle, 2 square, 3 triangle)、x1, y1, x2, y2、`masks.npy` [150, 64, 64] 0 = 背景 background）、`ops/line2/`（E 部分 part E）。
#
# - 测试单元格只含部分测试；评分时还会用隐藏数据运行隐藏测试。服务类题目在评分时由系统用你的启动脚本在隔离环境中启动（考试文件夹位于 `/home/exam`，没有网络），再发送隐藏请求。
#   Test cells hold only some tests; grading adds hidden tests on hidden data. Service tasks are graded by starting your start script in an isolated sandbox (the exam folder at `/home/exam`, no network) and sending hidden requests.
# - 修改 `app/inspector.py` 后重新运行单元格即可（会自动重新加载）。作答每 10 秒自动保存；完成后点击 **提交 / Submit**。
#   After editing `app/inspector.py`, rerun the cells (they reload it). Work is saved every 10 seconds; press **提交 / Submit** when done.

# %%
import base64
import importlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import onnxruntime as ort
import yaml
from labkit import metrics

sys.path.insert(0, os.path.abspath("app"))
SEG_CARD = json.load(open("components/segmenter.json", encoding="utf-8"))
CLS_CARD = json.load(open("components/classifier.json", encoding="utf-8"))
VAL_IMAGES = np.load("data/shapes/val/images.npy")
VAL_BOXES = np.load("data/shapes/val/boxes.npy")
VAL_MASKS = np.load("data/shapes/val/masks.npy")
GRADING = bool(os.environ.get("PRACTICUM_GRADING"))


def reload_inspector():
    """app/inspector.py, freshly imported (after you edit it)."""
    import inspector
    return importlib.reload(inspector)


def image_request(image):
    return {"image": base64.b64encode(np.ascontiguousarray(image, dtype=np.uint8).tobytes()).decode()}


# %include ../../_shared/integration/cells/start_service.py


# %include ../../_shared/integration/cells/service_client.py


print(json.dumps({"segmenter": SEG_CARD["input"], "classifier": CLS_CARD["input"]}, ensure_ascii=False, indent=1))

# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ## A · 人工智能共性技术应用（15 分）/ Common AI technology (15 points)
#
# ### A1 · 按模型卡调用组件（6 分）/ A1 · Call the components by their model cards (6 points)
#
# 1. 用 ONNX Runtime 对验证集全部图像运行分割器，逐像素取 argmax 得到 `val_fg`（bool `[150, 64, 64]`，True = 零件），`seg_miou` = `metrics.miou(VAL_MASKS > 0, val_fg, 2)`。
#    Run the segmenter on every validation image with ONNX Runtime; the per-pixel argmax gives `val_fg` (bool `[150, 64, 64]`, True = part); `seg_miou` = `metrics.miou(VAL_MASKS > 0, val_fg, 2)`.
# 2. 对 `VAL_BOXES` 的每个真值框用 `crop_patch`（在 `app/inspector.py` 中，分类器的输入约定）裁剪，运行分类器，得到 `cls_pred`（0 circle、1 square、2 triangle）与准确率 `cls_acc`（真值为类别 − 1）。
#    Crop every ground-truth box of `VAL_BOXES` with `crop_patch` (in `app/inspector.py`, the classifier's input contract), run the classifier for `cls_pred` (0 circle, 1 square, 2 triangle) and its accuracy `cls_acc` (the truth is class − 1).

# %% nbgrader={"grade_id": "a1_solution", "grade": false, "solution": true, "locked": false}
from inspector import crop_patch

### BEGIN SOLUTION
_seg = ort.InferenceSession("components/segmenter.onnx", providers=["CPUExecutionProvider"])
val_fg = _seg.run(None, {"images": VAL_IMAGES.astype(np.float32)})[0].argmax(1).astype(bool)
seg_miou = metrics.miou(VAL_MASKS > 0, val_fg, 2)
_cls = ort.InferenceSession("components/classifier.onnx", providers=["CPUExecutionProvider"])
_crops = np.stack([crop_patch(VAL_IMAGES[int(b[0])], b[2:6]) for b in VAL_BOXES]).astype(np.float32)
cls_pred = _cls.run(None, {"crops": _crops})[0].argmax(1)
cls_acc = float((cls_pred == VAL_BOXES[:, 1].astype(int) - 1).mean())
### END SOLUTION
print(f"segmenter mIoU {seg_miou:.3f}, classifier accuracy on true boxes {cls_acc:.3f}")

# %% nbgrader={"grade_id": "test_a1_components", "grade": true, "solution": false, "locked": true}
assert val_fg.shape == (150, 64, 64) and val_fg.dtype == bool
assert seg_miou > 0.7 and cls_acc > 0.7
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("fg_pixels", int(val_fg.sum()), tol=50)
check("miou", round(float(seg_miou), 4), tol=2e-3, weight=2)
check("cls_pred", [int(v) for v in cls_pred], weight=2)
check("cls_acc", round(float(cls_acc), 4), tol=2e-3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 调整区域参数（5 分）/ A2 · Tune the region parameters (5 points)
#
# 连通区域的数目应等于托盘上的零件数。对每个 `t` ∈ `T_GRID`、`m` ∈ `M_GRID`：把分割器的零件概率（softmax 的通道 1）`> t` 的像素取 4-连通区域（`scipy.ndimage.label`），只保留像素数 `>= m` 的区域；`count_acc[(t, m)]` = 区域数等于真值框数的验证图像比例。`best` = 比例最高的 `(t, m)`（并列时取在 `T_GRID`、`M_GRID` 中靠前的）。
# The number of connected regions should equal the number of parts on the tray. For every `t` in `T_GRID` and `m` in `M_GRID`: take the 4-connected regions (`scipy.ndimage.label`) of the pixels whose part probability (channel 1 of the softmax) is `> t`, keep those of `>= m` pixels; `count_acc[(t, m)]` = the share of validation images whose region count equals their number of true boxes. `best` = the `(t, m)` with the highest share (ties: the earliest in `T_GRID`, then `M_GRID`).

# %% nbgrader={"grade_id": "a2_solution", "grade": false, "solution": true, "locked": false}
from scipy import ndimage

T_GRID, M_GRID = [0.3, 0.5, 0.7], [4, 12, 30]
### BEGIN SOLUTION
_z = _seg.run(None, {"images": VAL_IMAGES.astype(np.float32)})[0]
_p = np.exp(_z - _z.max(1, keepdims=True))
_prob = (_p / _p.sum(1, keepdims=True))[:, 1]
_truth = np.bincount(VAL_BOXES[:, 0].astype(int), minlength=150)
count_acc = {}
for t in T_GRID:
    for m in M_GRID:
        _n = []
        for i in range(150):
            _lab, _k = ndimage.label(_prob[i] > t)
            _n.append(int((np.bincount(_lab.ravel())[1:] >= m).sum()))
        count_acc[(t, m)] = float((np.array(_n) == _truth).mean())
best = max(count_acc, key=lambda k: (count_acc[k], -T_GRID.index(k[0]), -M_GRID.index(k[1])))
### END SOLUTION
for k, v in count_acc.items():
    print(k, round(v, 3))
print("best", best)

# %% nbgrader={"grade_id": "test_a2_regions", "grade": true, "solution": false, "locked": true}
assert set(count_acc) == {(t, m) for t in T_GRID for m in M_GRID}
assert best in count_acc
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

check("grid", [round(count_acc[(t, m)], 4) for t in T_GRID for m in M_GRID], tol=0.014, weight=2)
check("best", list(best), weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a3_text", "grade": false, "solution": false, "locked": true}
# ### A3 · 换相机后的关键参数（4 分，人工评分）/ A3 · Key parameters after a camera change (4 points, marked by examiners)
#
# 3 号线将换用一台更暗、噪声更大的相机。集成方不能重新训练组件，但可以调整集成参数，也可以请供应商调整模型。说明：你会先检查哪些指标（用什么数据），先调哪些参数（`segmenter_threshold`、`min_pixels`、`min_score` 各自的作用与风险），什么情况下要请供应商重新训练或微调，以及需要提供什么数据。
# Line 3 is switching to a darker, noisier camera. The integrator cannot retrain the components but can tune the integration's parameters, and can ask the vendor to adjust the models. Explain which metrics you check first (on what data), which parameters you tune first (what `segmenter_threshold`, `min_pixels` and `min_score` each do, and their risks), when to ask the vendor to retrain or fine-tune, and what data to provide.

# %% [markdown] nbgrader={"grade_id": "a3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r1_text", "grade": false, "solution": false, "locked": true}
# ## R · 需求分析（15 分，人工评分）/ Requirements analysis (15 points, marked by examiners)
#
# ### R1 · 把客户诉求整理为集成需求（8 分）/ R1 · From the customer's wishes to integration requirements (8 points)
#
# 客户邮件 / The customer's email：
# > 我们有三条包装线，每分钟过 40 个托盘。每个托盘应该有不超过两个垫圈和两个螺母，绝不能有异物。现在是人工抽检，漏检的异物去年造成两次客户投诉。希望“AI 自动检查”，有问题的托盘要能被拦下来，但不能因为误报让线停太多。检查结果要能进我们的 MES 系统，质量部要能查历史记录。车间网络不稳定。
# > We run three packing lines, 40 trays per minute each. A tray should hold at most two washers and two nuts, and never a foreign object. Today people spot-check; missed foreign objects caused two customer complaints last year. We want "AI checking": bad trays must be stopped, but false alarms must not stop the line too often. Results must reach our MES, and the quality department must be able to query the history. The shop-floor network is unreliable.
#
# 把它整理为人工智能应用集成需求：集成目标与范围、业务流程（托盘到达 → 拍照 → 质检 → 拦截/放行 → MES）、功能需求、可度量的非功能需求（吞吐、延迟、漏检率与误报率、可用性）、与 MES/PLC 的接口需求、异常与降级（组件失败、网络中断）、验收标准。
# Turn it into AI application integration requirements: the integration goal and scope, the business flow (tray arrives → photo → inspection → stop/pass → MES), functional requirements, measurable non-functional requirements (throughput, latency, miss and false-alarm rates, availability), interface requirements towards the MES/PLC, exceptions and degradation (component failures, network outages), acceptance criteria.

# %% [markdown] nbgrader={"grade_id": "r1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 指导初级人员（7 分）/ R2 · Guiding a junior colleague (7 points)
#
# 一位初级同事为 3 号线写的需求分析如下，请写出你的审阅意见（问题、为什么重要、怎样改），以及给他的写作建议。
# A junior colleague wrote this requirements analysis for line 3; write your review (problems, why they matter, how to fix them) and advice on writing such documents.
#
# > **3 号线 AI 质检需求**：系统要准确识别所有零件，速度要快，界面友好。使用 YOLOv8 模型。识别错误时人工处理。上线后运行稳定。
# > **Line 3 AI inspection requirements**: the system must recognise all parts accurately, be fast and have a friendly interface. Use the YOLOv8 model. Errors are handled by people. Runs stably after going live.

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "b_text", "grade": false, "solution": false, "locked": true}
# ## B · 设计开发（25 分）/ Design and development (25 points)
#
# 在 `app/inspector.py` 中完成 `regions`、`make_report`、`Inspector.part_probability`、`Inspector.classify`、`Inspector.inspect`（约定见各自的文档字符串和文件开头）。`crop_patch`、`check_image`、`ContractError`、`ComponentError`、`onnx_component` 已给出。
# In `app/inspector.py`, complete `regions`, `make_report`, `Inspector.part_probability`, `Inspector.classify` and `Inspector.inspect` (contracts in their docstrings and the file's header). `crop_patch`, `check_image`, `ContractError`, `ComponentError` and `onnx_component` are given.
#
# `Inspector(config_path, segmenter=None, classifier=None)` 可以注入组件（任何把 float32 批次映射为输出数组的可调用对象），测试就是这样模拟组件故障的。
# `Inspector(config_path, segmenter=None, classifier=None)` accepts injected components (any callable from a float32 batch to an output array); that is how tests simulate failing components.
#
# ### B1 · 图像 → 检测（9 分）/ B1 · Image → detections (9 points)

# %% nbgrader={"grade_id": "test_b1_detections", "grade": true, "solution": false, "locked": true}
ins_mod = reload_inspector()
inspector = ins_mod.Inspector("config/inspection.yaml")
_prob = np.zeros((64, 64))
_prob[2:6, 3:9] = 0.9
_prob[40:50, 40:41] = 0.8
_prob[60, 60] = 0.99
assert ins_mod.regions(_prob, 0.5, 5) == [(3, 2, 9, 6), (40, 40, 41, 50)]
assert ins_mod.regions(_prob, 0.85, 1) == [(3, 2, 9, 6), (60, 60, 61, 61)]
rep = inspector.inspect(VAL_IMAGES[0])
print(rep)
assert set(rep) >= {"detections", "counts", "summary", "verdict", "errors"}
assert all(set(d) >= {"class", "score", "box"} for d in rep["detections"])
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_hx = np.load("/run/practicum/hidden/shapes/images.npy")
for _k in range(4):
    check(f"detections{_k}", [[(d["class"], round(float(d["score"]), 2), [int(v) for v in d["box"]]) for d in inspector.inspect(_hx[i])["detections"]]
                               for i in range(300 + 10 * _k, 310 + 10 * _k)], tol=0.011, weight=2)
_pr = np.random.default_rng(3).random((64, 64))
check("regions_random", [list(b) for b in ins_mod.regions(_pr, 0.8, 3)])
check("prob", np.round(inspector.part_probability(_hx[5]), 3), tol=2e-3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 质检报告（6 分）/ B2 · The inspection report (6 points)
#
# `make_report` 必须完全按配置工作（隐藏测试会用别的规则）。/ `make_report` must follow the configuration entirely (hidden tests use other rules).

# %% nbgrader={"grade_id": "test_b2_report", "grade": true, "solution": false, "locked": true}
ins_mod = reload_inspector()
cfg = yaml.safe_load(open("config/inspection.yaml", encoding="utf-8"))
_d = [{"class": "circle", "score": 0.9, "box": [1, 1, 9, 9]}, {"class": "triangle", "score": 0.95, "box": [20, 20, 30, 30]}]
rep = ins_mod.make_report(_d, cfg)
assert rep["counts"] == {"circle": 1, "square": 0, "triangle": 1} and rep["summary"] == "circle=1 square=0 triangle=1"
assert rep["verdict"] == "reject" and rep["errors"] == []
assert ins_mod.make_report(_d[:1], cfg)["verdict"] == "pass"
assert ins_mod.make_report([{"class": "square", "score": 0.5, "box": [0, 0, 5, 5]}], cfg)["verdict"] == "review"
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_rng = np.random.default_rng(11)
_cases = [[{"class": ["circle", "square", "triangle"][int(_rng.integers(3))], "score": round(float(_rng.uniform(0.3, 1.0)), 3),
            "box": [0, 0, 4, 4]} for _ in range(int(_rng.integers(0, 6)))] for _ in range(30)]
_cfgs = {"base": cfg,
         "strict": {**cfg, "min_score": 0.95, "tray": {"circle": [1, 1], "square": [0, 1], "triangle": [0, 0]}},
         "loose": {**cfg, "min_score": 0.0, "tray": {"circle": [0, 5], "square": [0, 5], "triangle": [0, 2]}}}
for _name, _c in _cfgs.items():
    _reps = [ins_mod.make_report(d, _c) for d in _cases]
    check(_name + "_verdicts", [r["verdict"] for r in _reps])
    check(_name + "_summaries", [r["summary"] for r in _reps])
check("errors_review", ins_mod.make_report([], cfg, ["classifier failed"])["verdict"])
check("errors_kept", ins_mod.make_report([], cfg, ["x"])["errors"])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b3_text", "grade": false, "solution": false, "locked": true}
# ### B3 · 接口契约与错误处理（5 分）/ B3 · Interface contracts and error handling (5 points)
#
# - 输入不合约定（不是 uint8 `[64, 64, 3]`）→ `ContractError`；分割器抛出异常或输出不是有限的 `[1, 2, 64, 64]` → `ComponentError`；
#   分类器抛出异常或输出不是有限的 `[K, 3]` → 报告降级：检测的 class 为 None、score 为 0.0，`errors` 记录原因，`verdict` 为 "review"。
#   Input off the contract (not uint8 `[64, 64, 3]`) → `ContractError`; the segmenter raising or returning anything but finite `[1, 2, 64, 64]` → `ComponentError`;
#   the classifier raising or returning anything but finite `[K, 3]` → a degraded report: detections with class None and score 0.0, the reason in `errors`, `verdict` "review".

# %% nbgrader={"grade_id": "test_b3_contracts", "grade": true, "solution": false, "locked": true}
ins_mod = reload_inspector()


def _boom(x):
    raise TimeoutError("component timed out")


try:
    ins_mod.Inspector("config/inspection.yaml", segmenter=_boom).inspect(VAL_IMAGES[0])
    raise AssertionError("a failing segmenter must raise ComponentError")
except ins_mod.ComponentError:
    pass
rep = ins_mod.Inspector("config/inspection.yaml", classifier=_boom).inspect(VAL_IMAGES[0])
print(rep)
assert rep["verdict"] == "review" and rep["errors"]
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_img = VAL_IMAGES[3]
_good = ins_mod.Inspector("config/inspection.yaml")


def _seg_shape(x):
    return np.zeros((1, 2, 32, 32), np.float32)


def _seg_nan(x):
    return np.full((1, 2, 64, 64), np.nan, np.float32)


def _cls_shape(x):
    return np.zeros((len(x), 4), np.float32)


def _cls_nan(x):
    return np.full((len(x), 3), np.nan, np.float32)


for _name, _seg in [("boom", _boom), ("shape", _seg_shape), ("nan", _seg_nan)]:
    check("seg_" + _name, raises(ins_mod.ComponentError, ins_mod.Inspector("config/inspection.yaml", segmenter=_seg).inspect, _img))
for _name, _cls in [("boom", _boom), ("shape", _cls_shape), ("nan", _cls_nan)]:
    _r = ins_mod.Inspector("config/inspection.yaml", classifier=_cls).inspect(_img)
    check("cls_" + _name, [_r["verdict"], len(_r["errors"]) > 0, _r["summary"], [(d["class"], d["score"]) for d in _r["detections"]]])
for _name, _bad in [("float", _img.astype(np.float32)), ("gray", _img[..., 0]), ("big", np.zeros((65, 64, 3), np.uint8)),
                    ("list", _img.tolist())]:
    check("contract_" + _name, raises(ins_mod.ContractError, _good.inspect, _bad))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b4_text", "grade": false, "solution": false, "locked": true}
# ### B4 · 集成设计（5 分，人工评分）/ B4 · Integration design (5 points, marked by examiners)
#
# 写出这套质检应用的集成设计：数据流与各环节的数据格式、组件之间的接口契约表（输入、输出、前置条件、失败时的行为）、配置项、与 MES/PLC 的集成关系、性能预算（每条线 40 托盘/分钟）。
# Write the inspection application's integration design: the data flow and each step's data format, a table of the interface contracts between components (inputs, outputs, preconditions, behaviour on failure), the configuration items, how it integrates with the MES/PLC, a performance budget (40 trays per minute per line).

# %% [markdown] nbgrader={"grade_id": "b4_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "d1_text", "grade": false, "solution": false, "locked": true}
# ## D · 产品交付（20 分）/ Delivery (20 points)
#
# ### D1 · 质检服务（14 分）/ D1 · The inspection service (14 points)
#
# 写 `app/serve.py` 和启动脚本 `app/start.sh`（bash；标准库 http.server 或 FastAPI + uvicorn 均可）：`bash app/start.sh` 在端口 `$PORT`（没有时 8080）上提供
# Write `app/serve.py` and the start script `app/start.sh` (bash; the standard library's http.server or FastAPI + uvicorn): `bash app/start.sh` serves on port `$PORT` (8080 if unset)
# - `GET /health` → 200；
# - `POST /inspect`，请求体 body `{"image": base64 of the raw RGB bytes of a uint8 [64, 64, 3] image (row-major, 12288 bytes)}` → 200 与 `Inspector.inspect()` 的报告（JSON）/ 200 with `Inspector.inspect()`'s report (JSON)；
# - 违反契约的请求（JSON 错误、字段缺失或类型不对、不是 base64、字节数不对）→ 400；分割器失败 → 503。
#   Requests breaking the contract (bad JSON, missing or mistyped fields, not base64, wrong byte count) → 400; the segmenter failing → 503.
#
# 评分 Scoring（隐藏托盘图像 hidden tray images）：D1a（10 分）启动、`summary` 与正确集成的系统一致（≥ 97 % 满分，≥ 90 % 60 %，≥ 75 % 30 %）、P95 延迟 ≤ 60 ms、违反契约的请求得到 4xx；D1b（4 分）`verdict` 一致（≥ 97 % 满分，≥ 90 % 一半）。
# D1a (10 points): starts; `summary` equals the correctly integrated system's (≥ 97 % full, ≥ 90 % 60 %, ≥ 75 % 30 %); p95 latency ≤ 60 ms; contract-breaking requests get a 4xx. D1b (4 points): `verdict` agrees (≥ 97 % full, ≥ 90 % half).

# %%
# 试运行（评分时跳过）/ Try it (skipped in grading)
if not GRADING and os.path.exists("app/start.sh"):
    proc, port = start_service("app/start.sh", timeout=60)
    try:
        expected = reload_inspector().Inspector("config/inspection.yaml")
        lat, same = [], 0
        for img in VAL_IMAGES[:40]:
            t = time.perf_counter()
            status, doc = post(port, "/inspect", image_request(img))
            lat.append((time.perf_counter() - t) * 1000)
            same += status == 200 and doc.get("summary") == expected.inspect(img)["summary"]
        print(f"{same} of 40 summaries equal the inspector run here; p50 {np.percentile(lat, 50):.1f} ms, p95 {np.percentile(lat, 95):.1f} ms")
        for what, body in {"not JSON": b"{x", "{}": {}, "short image": {"image": base64.b64encode(b"abc").decode()},
                           "not base64": {"image": "%%%"}}.items():
            print(f"  {what:12s} -> {post(port, '/inspect', body)[0]}")
    finally:
        stop_service(proc)

# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · 从测试环境到正式环境的交付方案（6 分，人工评分）/ D2 · Delivery plan from test to production (6 points, marked by examiners)
#
# 写出把质检服务交付到 1 号线正式环境的方案：运行环境搭建（硬件、操作系统、Python 与依赖的版本、组件文件与校验）、与 MES/PLC 的联调测试（用例、数据、通过标准）、切换步骤（试运行、并行人工抽检、正式启用）、回退方案、交付文档清单与签收。
# Write the plan to deliver the inspection service into line 1's production environment: setting up the runtime (hardware, OS, Python and dependency versions, component files and checksums), joint testing with the MES/PLC (cases, data, pass criteria), the cut-over (trial run, parallel manual spot checks, going live), the rollback plan, the list of delivery documents and sign-off.

# %% [markdown] nbgrader={"grade_id": "d2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "e1_text", "grade": false, "solution": false, "locked": true}
# ## E · 运维（10 分）/ Operations (10 points)
#
# ### E1 · 修复 2 号线的计数服务（5 分）/ E1 · Repair line 2's tray counter (5 points)
#
# 2 号线的托盘计数服务 `ops/line2`（`counter.py`，接口见文件开头）在升级组件后不再工作。阅读 `logs/service.log`、`config/counter.yaml` 和 `models/` 中的模型卡，找出原因并就地修复（只改配置；不要改 `counter.py` 或模型文件；客户要求保留 2.0.0）。评分：用 `bash ops/line2/start.sh` 启动，发送隐藏的托盘图像（`POST /count`），`count` 与正确部署的结果一致（≥ 95 %）得分。
# Line 2's tray counter `ops/line2` (`counter.py`, interface in its header) stopped working after a component upgrade. Read `logs/service.log`, `config/counter.yaml` and the model cards in `models/`, find the cause and repair it in place (the configuration only; do not change `counter.py` or the model files; the customer keeps 2.0.0). Scored by starting `bash ops/line2/start.sh` and sending hidden tray images (`POST /count`): `count` must match the correctly deployed service (≥ 95 %).

# %%
# 检查 2 号线（评分时跳过）/ Check line 2 (skipped in grading)
if not GRADING:
    try:
        proc, port = start_service("ops/line2/start.sh", timeout=60)
        try:
            for img, i in zip(VAL_IMAGES[:6], range(6)):
                print("true parts:", int((VAL_BOXES[:, 0] == i).sum()), "->", post(port, "/count", image_request(img)))
        finally:
            stop_service(proc)
    except RuntimeError as exc:
        print(exc)

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 运维规程（5 分，人工评分）/ E2 · Operations procedure (5 points, marked by examiners)
#
# 为三条线的质检服务制订运维规程：日常巡检项目与阈值（服务与组件版本、延迟、503/400 比例、“review”比例、拦截率）、组件升级流程（对照模型卡检查接口变化、在测试环境回放样例、灰度、回退）、故障排查步骤（以 2 号线为例）、运维记录与交接要求。
# Write the operations procedure of the inspection service on the three lines: daily checks and thresholds (service and component versions, latency, 503/400 shares, the "review" share, the stop rate), the component upgrade process (checking interface changes against the model card, replaying samples in a test environment, canary, rollback), troubleshooting steps (line 2 as the example), operations records and hand-over.

# %% [markdown] nbgrader={"grade_id": "e2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "c1_text", "grade": false, "solution": false, "locked": true}
# ## C · 技术咨询（15 分，人工评分）/ Consulting (15 points, marked by examiners)
#
# ### C1 · 三个工厂的推广规划（8 分）/ C1 · Rollout plan for three factories (8 points)
#
# 集团希望把这套质检推广到三个工厂（各有 3 条线、不同的相机和 MES）。写一份项目建议书要点：项目工作流程与阶段（调研、试点、推广、运营）及各阶段的交付物和决策点、技术架构（边缘/中心部署、组件与版本管理、数据回流）、可行性分析（收益如投诉与人工成本、成本、风险）、实施规划（里程碑、人员）。
# The group wants this inspection in three factories (3 lines each, different cameras and MES). Write the key points of a project proposal: the project workflow and phases (survey, pilot, rollout, operation) with each phase's deliverables and decision points, the technical architecture (edge/central deployment, component and version management, data feedback), a feasibility analysis (benefits such as complaints and labour costs, costs, risks), an implementation plan (milestones, staffing).

# %% [markdown] nbgrader={"grade_id": "c1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 资源评估与数据安全（7 分）/ C2 · Resources, privacy and data security (7 points)
#
# 评估该项目所需资源（算力：每条线每分钟 40 托盘的推理负载与余量；存储：图像与报告的保存量和期限；人员与技能），并就人机交互（操作员如何处理 review、拦截与放行的确认）、隐私保护（相机可能拍到员工）与数据安全（图像与质检记录的访问控制、传输与保存、供应商访问）提出建议。
# Assess the project's resources (compute: the inference load of 40 trays per minute per line and headroom; storage: how many images and reports are kept and for how long; people and skills), and advise on human-machine interaction (how operators handle "review", confirming stops and releases), privacy (the cameras may capture workers) and data security (access control, transfer and storage of images and inspection records, vendor access).

# %% [markdown] nbgrader={"grade_id": "c2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
