# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}
# # 人工智能工程技术人员（自然语言及语音处理方向）高级 · 实操考试
# # AI engineering technician, NLP and speech direction, senior level · practical exam
#
# 满分 100 分，60 分合格，时长 120 分钟（以页面顶部的服务器倒计时为准）。
# Total 100 points, pass at 60, 120 minutes (by the server countdown at the top of the page).
#
# 场景：你是一家智能家居企业的语音技术负责人。公司要把现有基于规则的助手升级为“端侧命令词识别 → 决策 → 动作”的中英双语语音助手，部署到只有 120 KB 模型存储的低成本音箱芯片上，并面向家庭（含老人、儿童）推广。
# Scenario: you lead speech technology at a smart-home company. Today's rule-based assistant becomes a bilingual (Chinese/English) voice assistant, "on-device command recognition → decision → action", deployed on a low-cost speaker chip with 120 KB of model storage, for households including the elderly and children.
#
# | 部分 Part | 内容 Content | 工作领域 Work areas | 分值 Points |
# |---|---|---|---|
# | 1 | 需求分析 Requirements | 需求分析 requirements | 20 |
# | 2 | 多任务语音模型 A multi-task speech model | 共性技术 common technology | 15 |
# | 3 | 架构与公共组件 Architecture and shared components | 设计开发 design and development | 10 |
# | 4 | 性能测试、自动化测试、压缩交付、培训 Performance and automated tests, compressed delivery, training | 测试验证 testing, 交付 delivery | 10 + 15 |
# | 5 | 自动化优化 Automated optimisation | 运维 operations | 5 |
# | 6 | 咨询 Consulting | 咨询 consulting | 25 |
#
# - 在 `# YOUR CODE HERE` 处作答并删除 `raise NotImplementedError()`；论述题写在“在此作答”的单元格里（中文或英文均可），要点清楚即可。
#   Answer where it says `# YOUR CODE HERE` and remove `raise NotImplementedError()`; write the essays in the answer cells (Chinese or English); clear points matter, not length.
# - 测试单元格只含部分测试，评分时还会运行隐藏测试，并在看不到的测试集（新说话人与口音、更强噪声与混响）上评估你的模型。
#   Test cells hold only some of the tests; grading adds hidden ones and evaluates your models on a test set you never see (new speakers and accents, more noise and reverberation).
# - 交付物：本笔记本，以及笔记本写入 `deploy/kws/` 的模型文件。不要改名或移动。评分时会从头运行整个笔记本：训练单元格在 2 个 CPU 核上应在 60 秒内完成。
#   Deliverables: this notebook and the model files it writes under `deploy/kws/`. Do not rename or move them. Grading runs the whole notebook from the top: the training cell must finish within 60 s on 2 CPU cores.
# - 作答每 10 秒自动保存；完成后点击页面顶部的 **提交 / Submit**，可多次提交，以最后一次为准。
#   Work is saved every 10 seconds; press **提交 / Submit** at the top when done. You may submit more than once; the last one counts.

# %%
import json, math, os, re, sys, time
from collections import Counter, OrderedDict
from pathlib import Path

import numpy as np
import paddle
from labkit import metrics, plots
from labkit.audio import log_mel

paddle.seed(0)
np.random.seed(0)


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


SPEECH = Path("data/speech_commands")
SMETA = json.loads((SPEECH / "train" / "meta.json").read_text(encoding="utf-8"))
CLASSES, SR = SMETA["classes"], SMETA["sample_rate"]
W_train, y_train = np.load(SPEECH / "train" / "waves.npy"), np.load(SPEECH / "train" / "labels.npy")
W_val, y_val = np.load(SPEECH / "val" / "waves.npy"), np.load(SPEECH / "val" / "labels.npy")
info_train, info_val = read_jsonl(SPEECH / "train" / "info.jsonl"), read_jsonl(SPEECH / "val" / "info.jsonl")
F_val = log_mel(W_val, SR)  # the fixed front end: float32 [N, 40 mel bands, 98 frames]
usage = read_jsonl("logs/usage.jsonl")
sys.path.insert(0, os.getcwd())
from assistant.decision import decide  # the given decision rule (part C2)
print(W_train.shape, F_val.shape, CLASSES)
print(info_train[0])
print(len(usage), "requests in the usage log, e.g.", usage[0])


# %% [markdown] nbgrader={"grade_id": "part1", "grade": false, "solution": false, "locked": true}
# ## 第 1 部分 · 需求分析（20 分）/ Part 1 · Requirements analysis (20 points)
#
# `logs/usage.jsonl` 是现有规则助手四周的请求日志：`ts`（ISO 时间）、`channel`（`speaker` 音箱 / `app`）、`lang`、`intent`（`out_of_scope` 表示不支持的请求）、`latency_ms`、`ok`（请求是否成功完成）。
# `logs/usage.jsonl` is four weeks of requests to today's rule-based assistant: `ts` (ISO time), `channel` (`speaker` / `app`), `lang`, `intent` (`out_of_scope` = an unsupported request), `latency_ms`, `ok` (whether the request succeeded).

# %% [markdown] nbgrader={"grade_id": "r1_text", "grade": false, "solution": false, "locked": true}
# ### R1 · 从运行数据量化效率需求（6 分，需求分析）/ R1 · Quantified efficiency requirements from usage data (6 points, requirements)
#
# 1. `traffic_profile(records)` 返回字典：`requests` 请求数；`days` 不同日期数（`ts` 前 10 个字符）；`peak_hour_requests` 同一小时（`ts` 前 13 个字符）内的最大请求数；
#    `peak_qps` = `peak_hour_requests / 3600`；`lang_share`、`channel_share` 各取值所占比例；`out_of_scope_rate`；`p95_latency_ms`（`np.percentile`，默认线性插值）；`success_rate`（`ok` 的比例）。比例均为 float。
#    `traffic_profile(records)` returns a dict: `requests`; `days` distinct dates (`ts`'s first 10 characters); `peak_hour_requests` the most requests within one hour (`ts`'s first 13 characters);
#    `peak_qps` = `peak_hour_requests / 3600`; `lang_share`, `channel_share` the share of each value; `out_of_scope_rate`; `p95_latency_ms` (`np.percentile`, default linear interpolation); `success_rate` (the share with `ok`). Shares are floats.
# 2. `instances_needed(peak_qps, per_instance_qps, headroom=0.3, redundancy=1)` = `math.ceil(peak_qps * (1 + headroom) / per_instance_qps) + redundancy`（int）。

# %% nbgrader={"grade_id": "r1_code", "grade": false, "solution": true, "locked": false}
def traffic_profile(records):
    ### BEGIN SOLUTION
    n = len(records)
    hours = Counter(r["ts"][:13] for r in records)
    return {
        "requests": n,
        "days": len({r["ts"][:10] for r in records}),
        "peak_hour_requests": max(hours.values()) if hours else 0,
        "peak_qps": (max(hours.values()) if hours else 0) / 3600,
        "lang_share": {k: v / n for k, v in Counter(r["lang"] for r in records).items()},
        "channel_share": {k: v / n for k, v in Counter(r["channel"] for r in records).items()},
        "out_of_scope_rate": sum(r["intent"] == "out_of_scope" for r in records) / n,
        "p95_latency_ms": float(np.percentile([r["latency_ms"] for r in records], 95)),
        "success_rate": sum(bool(r["ok"]) for r in records) / n,
    }
    ### END SOLUTION


def instances_needed(peak_qps, per_instance_qps, headroom=0.3, redundancy=1):
    ### BEGIN SOLUTION
    return int(math.ceil(peak_qps * (1 + headroom) / per_instance_qps)) + redundancy
    ### END SOLUTION


profile = traffic_profile(usage)
print(json.dumps(profile, indent=1))
print("instances for 10x growth at 0.5 requests/s per instance:", instances_needed(10 * profile["peak_qps"], 0.5))

# %% nbgrader={"grade_id": "test_r1_traffic", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_p = traffic_profile(usage)
assert _p["requests"] == len(usage) and _p["days"] == 28 and abs(sum(_p["lang_share"].values()) - 1) < 1e-9
assert instances_needed(1.0, 0.5) == 4 and instances_needed(0.0, 1.0, redundancy=2) == 2
### BEGIN HIDDEN TESTS
check("usage_profile", traffic_profile(usage), weight=3)
_rng = np.random.default_rng(17)
_recs = [{"ts": f"2026-05-{1 + d:02d}T{h:02d}:{m:02d}:00", "channel": ["speaker", "app", "car"][int(_rng.integers(3))],
          "lang": ["zh", "en"][int(_rng.integers(2))], "intent": ["turn_on", "out_of_scope", "refund"][int(_rng.integers(3))],
          "latency_ms": float(_rng.integers(50, 900)), "ok": bool(_rng.random() < 0.9)}
         for d, h, m in zip(_rng.integers(0, 3, 200), _rng.integers(0, 24, 200), _rng.integers(0, 60, 200))]
check("hidden_profile", traffic_profile(_recs), weight=2)
check("instances", [instances_needed(q, c, *a) for q, c, a in [(2.0, 0.8, ()), (0.5, 0.5, (0.0, 0)), (12.3, 1.5, (0.5, 2)), (0.01, 5.0, ())]])
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "r2_text", "grade": false, "solution": false, "locked": true}
# ### R2 · 全面定制化需求分析（8 分，人工评分）/ R2 · A full customised requirements analysis (8 points, scored by examiners)
#
# 结合 R1 的数据（峰值、语言与渠道比例、不支持请求比例、时延、成功率）写出升级后语音助手的需求分析，覆盖：
# **效果**（各场景的准确率/误唤醒/拒识目标，按人群与语言分别给出）、**效率**（端侧时延、模型大小与功耗、云端容量，用 `instances_needed` 估算 10 倍增长）、
# **场景定制**（厨房/客厅噪声、老人与儿童、中英混说、离线可用）以及需求优先级和验收方法。
#
# With R1's figures (peak, language and channel shares, unsupported requests, latency, success rate) write the requirements of the upgraded assistant, covering:
# **effect** (accuracy / false-wake / rejection targets per scenario, per user group and language), **efficiency** (on-device latency, model size and power, cloud capacity, using `instances_needed` for 10× growth),
# **scenario-specific needs** (kitchen and living-room noise, elderly people and children, mixed Chinese–English, offline use), with priorities and how each requirement is accepted.

# %% [markdown] nbgrader={"grade_id": "r2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "r3_text", "grade": false, "solution": false, "locked": true}
# ### R3 · 语音应用场景解决方案（6 分，人工评分）/ R3 · Solutions for voice application scenarios (6 points, scored by examiners)
#
# 公司还收到三项需求：(1) 海外酒店客房的多语种语音控制与前台语音翻译；(2) 客服热线通话转写，并在客户情绪激动时提醒主管；(3) 家庭成员用声纹区分身份，儿童不能下单购物。
# 为每项给出解决方案：技术路线（语音识别/翻译/情感识别/声纹识别等模块如何组合）、数据与模型选择、关键指标、主要风险与对策。
#
# The company also received three requests: (1) multilingual voice control in hotel rooms abroad and speech translation at the front desk; (2) transcribing customer-service calls and alerting a supervisor when a caller gets upset; (3) telling family members apart by voiceprint so that children cannot place orders.
# For each, give a solution: the technical route (how speech recognition, translation, emotion recognition, voiceprint modules combine), data and model choices, key metrics, the main risks and counter-measures.

# %% [markdown] nbgrader={"grade_id": "r3_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part2", "grade": false, "solution": false, "locked": true}
# ## 第 2 部分 · 多任务语音模型（15 分）/ Part 2 · A multi-task speech model (15 points)
#
# 数据 `data/speech_commands/`：`waves.npy` int16 `[N, 8000]`（8 kHz、1 秒），`labels.npy`（12 类：10 个中英文命令词、`_unknown_`、`_silence_`），`info.jsonl`（每条的语言 `lang`、说话人、信噪比等）。
# **固定前端**：`labkit.audio.log_mel(waves, 8000)` → float32 `[N, 40, 98]`，模型的输入就是它，归一化放在模型内部。测试集的说话人和口音从未出现，噪声和混响更强。
#
# Data `data/speech_commands/`: `waves.npy` int16 `[N, 8000]` (8 kHz, 1 s), `labels.npy` (12 classes: 10 command words in Chinese or English, `_unknown_`, `_silence_`), `info.jsonl` (each clip's `lang`, voice, SNR, ...).
# **Fixed front end**: `labkit.audio.log_mel(waves, 8000)` → float32 `[N, 40, 98]` is the model's input; put normalisation inside the model. The test set's speakers and accents never occur in training, with more noise and reverberation.

# %% [markdown] nbgrader={"grade_id": "a1_text", "grade": false, "solution": false, "locked": true}
# ### A1 · 命令词 + 语种的多任务模型（10 分，共性技术）/ A1 · A command + language multi-task model (10 points, common technology)
#
# 产品要根据说话的语种选择回复语言，因此模型需要两个输出。
# The product answers in the language the user spoke, so the model needs two outputs.
#
# 1. `make_lang_labels(info, labels)`：int64 数组，`0` = 中文、`1` = 英文、`2` = 无语音（类别为 `_silence_` 的片段，不论 `info` 中写什么）。
#    `make_lang_labels(info, labels)`: an int64 array, `0` = Chinese, `1` = English, `2` = no speech (clips of class `_silence_`, whatever their `info` says).
# 2. 完成 `MultiTaskKWS` 与 `train_multitask`，设计并训练一个共享主干、两个输出头的 `paddle.nn` 模型（单元格中训练出的模型名为 `kws_model`）：`forward(self, x)` 输入 `[B, 40, 98]`，返回 `(命令词 logits [B, 12], 语种 logits [B, 3])`，组合数据增强（加噪、时移等）与多任务损失。
#    用 `paddle.jit.save` 导出到 `deploy/kws/model`（输入 `InputSpec([None, 40, 98], "float32")`）。模型在 INT8 量化后必须不超过 120 KB（参数约 10 万以内），见 D1。
#    Complete `MultiTaskKWS` and `train_multitask`: design and train a `paddle.nn` model with a shared trunk and two heads (the cell's trained model is `kws_model`): `forward(self, x)` takes `[B, 40, 98]` and returns `(command logits [B, 12], language logits [B, 3])`; combine augmentation (noise, shifts, ...) with a multi-task loss.
#    Export it with `paddle.jit.save` to `deploy/kws/model` (input `InputSpec([None, 40, 98], "float32")`). After INT8 quantisation it must fit in 120 KB (about 100 k parameters at most), see D1.
# 3. `predict_lang(model, feats)`：int64 语种编号 `[N]`。 / `predict_lang(model, feats)`: int64 language ids `[N]`.
#
# 评分：导出模型在隐藏测试集上的命令词准确率（6 分：≥ 0.62 满分，≥ 0.52 得 60%，≥ 0.40 得 30%）；`make_lang_labels` 与双输出形状（2 分）；隐藏测试集上的语种准确率（2 分：≥ 0.70 满分，≥ 0.60 得 60%，≥ 0.50 得 30%）。
# Scored by the export's command accuracy on the hidden test set (6 points: ≥ 0.62 full, ≥ 0.52 60 %, ≥ 0.40 30 %); `make_lang_labels` and the two outputs' shapes (2 points); language accuracy on the hidden test set (2 points: ≥ 0.70 full, ≥ 0.60 60 %, ≥ 0.50 30 %).

# %% nbgrader={"grade_id": "a1_code", "grade": false, "solution": true, "locked": false}
def make_lang_labels(info, labels):
    ### BEGIN SOLUTION
    silence = CLASSES.index("_silence_")
    return np.array([2 if int(c) == silence else (0 if i["lang"] == "zh" else 1) for i, c in zip(info, labels)],
                    dtype=np.int64)
    ### END SOLUTION


def predict_lang(model, feats):
    ### BEGIN SOLUTION
    model.eval()
    with paddle.no_grad():
        return model(paddle.to_tensor(np.asarray(feats, dtype=np.float32)))[1].numpy().argmax(1).astype(np.int64)
    ### END SOLUTION


lang_train, lang_val = make_lang_labels(info_train, y_train), make_lang_labels(info_val, y_val)


class MultiTaskKWS(paddle.nn.Layer):
    def __init__(self, n_mels=40):
        super().__init__()
        ### BEGIN SOLUTION
        ch = 64
        self.norm = paddle.nn.BatchNorm1D(n_mels)
        self.c1, self.b1 = paddle.nn.Conv1D(n_mels, ch, 5, padding=2), paddle.nn.BatchNorm1D(ch)
        self.c2, self.b2 = paddle.nn.Conv1D(ch, ch, 5, padding=2), paddle.nn.BatchNorm1D(ch)
        self.c3, self.b3 = paddle.nn.Conv1D(ch, ch, 5, padding=2), paddle.nn.BatchNorm1D(ch)
        self.pool = paddle.nn.MaxPool1D(2)
        self.drop = paddle.nn.Dropout(0.3)
        self.command = paddle.nn.Linear(2 * ch, len(CLASSES))
        self.language = paddle.nn.Linear(2 * ch, 3)
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = self.norm(x - x.mean(axis=2, keepdim=True))  # per-utterance mean normalisation
        x = self.pool(paddle.nn.functional.relu(self.b1(self.c1(x))))
        x = self.pool(paddle.nn.functional.relu(self.b2(self.c2(x))))
        x = paddle.nn.functional.relu(self.b3(self.c3(x)))
        h = self.drop(paddle.concat([x.mean(axis=2), x.max(axis=2)], axis=1))
        return self.command(h), self.language(h)
        ### END SOLUTION


def train_multitask(epochs=16, lr=3e-3, batch=32, lang_weight=0.5, seed=0):
    """A trained MultiTaskKWS in eval mode (augmented waves -> log_mel(..., SR) -> two losses)."""
    ### BEGIN SOLUTION
    def mix_at_snr(speech, noise, snr_db):
        s = np.asarray(speech, dtype=np.float64)
        n = np.resize(np.asarray(noise, dtype=np.float64), s.shape)
        ps, pn = np.mean(s ** 2), np.mean(n ** 2)
        return s.astype(np.float32) if ps == 0 or pn == 0 else (s + np.sqrt(ps / (pn * 10 ** (snr_db / 10))) * n).astype(np.float32)

    def shift(wave, k):
        out = np.zeros_like(wave)
        if k >= 0:
            out[k:] = wave[:len(wave) - k]
        else:
            out[:k] = wave[-k:]
        return out

    noise_bank = W_train[y_train == CLASSES.index("_silence_")]

    def augment(waves):
        out = np.empty(waves.shape, dtype=np.float32)
        for i, w in enumerate(waves):
            w = shift(w.astype(np.float32), int(rng.integers(-1200, 1201)))
            if rng.random() < 0.8:
                noise = noise_bank[rng.integers(len(noise_bank))] if rng.random() < 0.7 else rng.standard_normal(len(w))
                w = mix_at_snr(w, noise, rng.uniform(0, 20))
            out[i] = w * rng.uniform(0.5, 1.5) / 32768
        return out

    paddle.seed(seed)
    rng = np.random.default_rng(seed)
    model = MultiTaskKWS()
    opt = paddle.optimizer.Adam(learning_rate=lr, parameters=model.parameters())
    loss_fn = paddle.nn.CrossEntropyLoss()
    for _ in range(epochs):
        model.train()
        feats = log_mel(augment(W_train), SR)
        order = rng.permutation(len(feats))
        for i in range(0, len(order), batch):
            b = order[i:i + batch]
            cmd, lang = model(paddle.to_tensor(feats[b]))
            loss = loss_fn(cmd, paddle.to_tensor(y_train[b])) + lang_weight * loss_fn(lang, paddle.to_tensor(lang_train[b]))
            loss.backward()
            opt.step()
            opt.clear_grad()
    model.eval()
    return model
    ### END SOLUTION


t0 = time.time()
kws_model = train_multitask()
print(f"trained in {time.time() - t0:.1f} s;", sum(int(np.prod(p.shape)) for p in kws_model.parameters()), "parameters")
### BEGIN SOLUTION
Path("deploy/kws").mkdir(parents=True, exist_ok=True)
paddle.jit.save(kws_model, "deploy/kws/model", input_spec=[paddle.static.InputSpec([None, 40, 98], "float32")])
### END SOLUTION
with paddle.no_grad():
    val_cmd = kws_model(paddle.to_tensor(F_val))[0].numpy()
print("val command accuracy", round(metrics.accuracy(y_val, val_cmd.argmax(1)), 3),
      "language accuracy", round(metrics.accuracy(lang_val, predict_lang(kws_model, F_val)), 3))

# %% nbgrader={"grade_id": "test_a1_multitask", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert make_lang_labels(info_val, y_val).shape == y_val.shape and set(np.unique(lang_val)) <= {0, 1, 2}
assert predict_lang(kws_model, F_val[:4]).dtype == np.int64
### BEGIN HIDDEN TESTS
_info = [{"lang": "zh"}, {"lang": "en"}, {"lang": "en"}, {"lang": "zh"}, {"lang": "en"}]
_lab = np.array([0, 11, 10, 11, 3])
check("lang_labels", [make_lang_labels(_info, _lab).tolist(), make_lang_labels(info_val, y_val).tolist(),
                      str(make_lang_labels(_info, _lab).dtype)])
_outs = kws_model(paddle.to_tensor(F_val[:5]))
check("two_heads", [len(_outs), list(_outs[0].shape), list(_outs[1].shape)])
import os as _os
_HIDDEN = Path(_os.environ.get("PRACTICUM_HIDDEN_DIR", "/run/practicum/hidden"))

check("lang_hidden", predict_lang(kws_model, np.load(_HIDDEN / "kws" / "features.npy")), weight=2,
      scorer={"kind": "accuracy", "labels": "kws/lang.npy", "thresholds": [[0.70, 1.0], [0.60, 0.6], [0.50, 0.3]]})
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "a2_text", "grade": false, "solution": false, "locked": true}
# ### A2 · 把业务需求转化为机器学习问题（5 分，人工评分）/ A2 · From a business need to a machine learning problem (5 points, scored by examiners)
#
# 产品经理说：“音箱只对我们的 10 个命令有反应，电视里的声音绝不能触发；奶奶说话慢、孙子说英文，都要能用。”
# 把这句话转化为机器学习语言：任务类型（含开放集拒识）、标签与负样本、数据采集与增强、损失与类别权重、模型与端侧约束、离线与在线评价指标（如每小时误唤醒次数、分人群的拒识率），并说明 A1 的多任务设计为什么有帮助或有什么局限。
#
# The product manager says: "The speaker reacts only to our 10 commands, never to the TV; grandma speaks slowly, the grandson speaks English, both must work."
# Turn this into machine learning terms: the task type (incl. open-set rejection), labels and negatives, data collection and augmentation, loss and class weights, model and on-device constraints, offline and online metrics (e.g. false wakes per hour, rejection rate per user group); say why A1's multi-task design helps or where it falls short.

# %% [markdown] nbgrader={"grade_id": "a2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part3", "grade": false, "solution": false, "locked": true}
# ## 第 3 部分 · 架构与公共组件（10 分）/ Part 3 · Architecture and shared components (10 points)
#
# 语音与文本两条处理链都由“组件”串成流水线；特征缓存与按长度分桶的批处理由两条链共用。
# Both the voice and the text path are pipelines of components; a feature cache and length-bucketed batching are shared by both.

# %% [markdown] nbgrader={"grade_id": "b1_text", "grade": false, "solution": false, "locked": true}
# ### B1 · 公共组件的抽象与性能优化（6 分，设计开发）/ B1 · Shared components and performance (6 points, design and development)
#
# 1. `Pipeline(components)`：组件是可调用对象，有属性 `name`，输入一个 dict、返回一个 dict（新增或修改的字段）。`run(item)` 依次调用组件，把每个组件的返回合并进当前结果（不修改传入的 `item`），
#    返回 `{"ok", "item"（合并后的结果）, "trace"（已运行组件的名字，含出错的那个）, "failed"（出错组件名或 None）, "error"（异常类名或 None）}`；组件抛出异常时立即停止，`ok` 为 False，`item` 为出错前的结果。
#    `Pipeline(components)`: a component is a callable with a `name` attribute that takes a dict and returns a dict (new or changed fields). `run(item)` calls them in order, merging each return into the current result (without changing the `item` passed in),
#    and returns `{"ok", "item" (the merged result), "trace" (names of the components that ran, including one that failed), "failed" (the failing component's name or None), "error" (the exception's class name or None)}`; on an exception it stops at once with `ok` False and `item` as it was before that component.
# 2. `LRUCache(capacity)`：`get(key, default=None)`（命中计入 `hits` 并设为最近使用，否则计入 `misses`）、`put(key, value)`（超出容量时淘汰最久未使用的）、`len()`。
#    `LRUCache(capacity)`: `get(key, default=None)` (a hit counts in `hits` and becomes most recent, otherwise `misses`), `put(key, value)` (evicts the least recently used beyond capacity), `len()`.
# 3. `bucket_batches(lengths, max_tokens)`：下标按长度降序排列（长度相同按下标升序），依次装入当前批：若加入后“批大小 × 批内最大长度” ≤ `max_tokens` 就加入，否则开始新批（单个超长样本独占一批）。返回下标列表的列表。
#    `bucket_batches(lengths, max_tokens)`: indices sorted by length, longest first (ties by index); each goes into the current batch if then "batch size × longest length in the batch" ≤ `max_tokens`, otherwise it starts a new batch (an item longer than the budget gets a batch of its own). Returns a list of index lists.

# %% nbgrader={"grade_id": "b1_code", "grade": false, "solution": true, "locked": false}
class Pipeline:
    def __init__(self, components):
        self.components = list(components)

    def run(self, item):
        ### BEGIN SOLUTION
        current, trace = dict(item), []
        for comp in self.components:
            trace.append(comp.name)
            try:
                update = comp(dict(current))
            except Exception as exc:  # noqa: BLE001 - a failing stage is reported, not raised
                return {"ok": False, "item": current, "trace": trace, "failed": comp.name, "error": type(exc).__name__}
            current = {**current, **update}
        return {"ok": True, "item": current, "trace": trace, "failed": None, "error": None}
        ### END SOLUTION


class LRUCache:
    def __init__(self, capacity):
        ### BEGIN SOLUTION
        self.capacity, self.data, self.hits, self.misses = capacity, OrderedDict(), 0, 0
        ### END SOLUTION

    def get(self, key, default=None):
        ### BEGIN SOLUTION
        if key in self.data:
            self.hits += 1
            self.data.move_to_end(key)
            return self.data[key]
        self.misses += 1
        return default
        ### END SOLUTION

    def put(self, key, value):
        ### BEGIN SOLUTION
        self.data[key] = value
        self.data.move_to_end(key)
        while len(self.data) > self.capacity:
            self.data.popitem(last=False)
        ### END SOLUTION

    def __len__(self):
        ### BEGIN SOLUTION
        return len(self.data)
        ### END SOLUTION


def bucket_batches(lengths, max_tokens):
    ### BEGIN SOLUTION
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches, current, longest = [], [], 0
    for i in order:
        top = max(longest, lengths[i])
        if current and (len(current) + 1) * top > max_tokens:
            batches.append(current)
            current, top = [], lengths[i]
        current.append(i)
        longest = top
    if current:
        batches.append(current)
    return batches
    ### END SOLUTION


# The voice path as components (the ONNX model of D1 can replace the Paddle one without other changes).
class FrontEnd:
    name = "frontend"

    def __init__(self, cache):
        self.cache = cache

    def __call__(self, item):
        key = hash(item["wave"].tobytes())
        feats = self.cache.get(key)
        if feats is None:
            feats = log_mel(item["wave"], SR)
            self.cache.put(key, feats)
        return {"features": feats}


class Recognizer:
    name = "recognizer"

    def __init__(self, model):
        self.model = model

    def __call__(self, item):
        with paddle.no_grad():
            logits = self.model(paddle.to_tensor(item["features"][None]))[0].numpy()[0]
        e = np.exp(logits - logits.max())
        return {"probs": (e / e.sum()).tolist()}


class Decider:
    name = "decider"

    def __call__(self, item):
        return {"action": decide(item["probs"])}


feature_cache = LRUCache(256)
voice = Pipeline([FrontEnd(feature_cache), Recognizer(kws_model), Decider()])
result = voice.run({"wave": W_val[0]})
print(result["ok"], result["trace"], result["item"]["action"], "truth:", CLASSES[y_val[0]])
voice.run({"wave": W_val[0]})
print("cache hits/misses", feature_cache.hits, feature_cache.misses, "| buckets:", bucket_batches([5, 9, 3, 9, 12, 1], 20))

# %% nbgrader={"grade_id": "test_b1_components", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

class _Add:
    def __init__(self, name, **fields):
        self.name, self.fields = name, fields

    def __call__(self, item):
        return dict(self.fields)


class _Boom:
    name = "boom"

    def __call__(self, item):
        raise KeyError("x")


_r = Pipeline([_Add("a", x=1), _Add("b", y=2, x=3)]).run({"x": 0, "z": 9})
assert _r == {"ok": True, "item": {"x": 3, "z": 9, "y": 2}, "trace": ["a", "b"], "failed": None, "error": None}
_c = LRUCache(2)
_c.put("a", 1); _c.put("b", 2); _c.get("a"); _c.put("c", 3)
assert _c.get("b") is None and _c.get("a") == 1 and len(_c) == 2
assert bucket_batches([5, 9, 3, 9, 12, 1], 20) == [[4], [1, 3], [0, 2, 5]]
### BEGIN HIDDEN TESTS
_in = {"k": [1]}
_r1 = Pipeline([_Add("p", a=1), _Boom(), _Add("q", b=2)]).run(_in)
check("pipeline_fail", [_r1, _in])


class _Count:
    name = "count"

    def __call__(self, item):
        item["n"] = item.get("n", 0) + 1  # changes its own copy only
        return {"n": item["n"]}


check("pipeline_chain", Pipeline([_Count(), _Count(), _Add("s", done=True), _Count()]).run({}))
check("pipeline_empty", Pipeline([]).run({"a": 1}))
_c = LRUCache(3)
_log = []
for _op in ["p1", "p2", "g1", "p3", "p4", "g2", "g1", "g3", "p5", "g4", "g1", "p1", "g5"]:
    if _op[0] == "p":
        _c.put(_op[1], int(_op[1]) * 10)
    else:
        _log.append(_c.get(_op[1], -1))
check("lru", [_log, _c.hits, _c.misses, len(_c)], weight=2)
check("buckets", [bucket_batches(l, m) for l, m in [([4, 4, 4, 4], 8), ([30, 2, 2], 10), ([], 5), ([3, 7, 7, 2, 5, 1, 6], 21), ([1] * 5, 100)]], weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "b2_text", "grade": false, "solution": false, "locked": true}
# ### B2 · 语音助手技术架构（4 分，人工评分）/ B2 · Technical architecture of the voice assistant (4 points, scored by examiners)
#
# 画出（文字或列表即可）端—云语音助手的架构：端侧（唤醒/命令词、前端特征、决策）、云端（ASR、NLU、对话与业务接口）、两条链共用的抽象（组件接口、缓存、批处理、监控埋点）、
# 模型格式与推理引擎的选择（Paddle Inference、ONNX Runtime、INT8）、离线降级与故障隔离、如何扩展到 R3 的新场景。
#
# Describe (text or lists) the device–cloud architecture: on device (wake word / commands, front end, decision), in the cloud (ASR, NLU, dialogue and business interfaces), the abstractions shared by both paths (component interface, cache, batching, monitoring hooks),
# the choice of model formats and inference engines (Paddle Inference, ONNX Runtime, INT8), offline fallback and fault isolation, and how it extends to R3's new scenarios.

# %% [markdown] nbgrader={"grade_id": "b2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part4", "grade": false, "solution": false, "locked": true}
# ## 第 4 部分 · 测试验证与交付（25 分）/ Part 4 · Testing, verification and delivery (25 points)

# %% [markdown] nbgrader={"grade_id": "c1_text", "grade": false, "solution": false, "locked": true}
# ### C1 · 性能测试脚本（5 分，测试验证）/ C1 · A performance test script (5 points, testing and verification)
#
# 1. `latency_stats(samples_ms)`：`{"n"（int）, "mean", "p50", "p95", "p99", "max"}`，百分位用 `np.percentile`（线性插值），都是 float。
#    `latency_stats(samples_ms)`: `{"n" (int), "mean", "p50", "p95", "p99", "max"}`, percentiles by `np.percentile` (linear interpolation), all floats.
# 2. `benchmark(fn, batches, warmup=2, clock=time.perf_counter)`：先用 `batches[0]` 调用 `fn` `warmup` 次（不计时、不调用 `clock`）；然后对每个批次：`t0 = clock()`，`fn(batch)`，`t1 = clock()`（每批恰好调用两次 `clock`）。
#    返回 `{"latencies_ms": 每批 (t1 - t0) * 1000 的列表, "items": 样本总数, "seconds": 各批耗时之和, "throughput": items / seconds}`。
#    `benchmark(fn, batches, warmup=2, clock=time.perf_counter)`: first calls `fn(batches[0])` `warmup` times (untimed, no `clock` calls); then for every batch: `t0 = clock()`, `fn(batch)`, `t1 = clock()` (exactly two `clock` calls per batch).
#    Returns `{"latencies_ms": [(t1 - t0) * 1000 per batch], "items": total samples, "seconds": the sum of the batch times, "throughput": items / seconds}`.
# 3. 用它比较 Paddle Inference、ONNX Runtime FP32 与 INT8（D1）在批大小 1 和 32 时的时延与吞吐，把结果表写进 D2 的交付文档。
#    Use it to compare Paddle Inference, ONNX Runtime FP32 and INT8 (D1) at batch sizes 1 and 32, and put the table into D2's delivery document.

# %% nbgrader={"grade_id": "c1_code", "grade": false, "solution": true, "locked": false}
def latency_stats(samples_ms):
    ### BEGIN SOLUTION
    a = np.asarray(samples_ms, dtype=np.float64)
    return {"n": int(a.size), "mean": float(a.mean()), "p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max())}
    ### END SOLUTION


def benchmark(fn, batches, warmup=2, clock=time.perf_counter):
    ### BEGIN SOLUTION
    for _ in range(warmup):
        fn(batches[0])
    latencies, items = [], 0
    for batch in batches:
        t0 = clock()
        fn(batch)
        t1 = clock()
        latencies.append((t1 - t0) * 1000)
        items += len(batch)
    seconds = sum(latencies) / 1000
    return {"latencies_ms": latencies, "items": items, "seconds": seconds, "throughput": items / seconds}
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_c1_perf", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert latency_stats([1, 2, 3, 4])["p50"] == 2.5 and latency_stats([5.0])["n"] == 1
_ticks = iter([0.0, 0.010, 1.0, 1.030])
_b = benchmark(lambda b: None, [[1, 2], [3, 4, 5, 6]], clock=lambda: next(_ticks))
assert np.allclose(_b["latencies_ms"], [10, 30]) and _b["items"] == 6 and abs(_b["throughput"] - 150) < 1e-6
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(5)
check("stats", [latency_stats(_rng.lognormal(3, 0.6, 997)), latency_stats([7, 1, 3]), latency_stats(np.arange(100))], weight=2)
_calls = []
_clock_vals = iter(np.cumsum(_rng.uniform(0.001, 0.05, 40)).tolist())
_res = benchmark(lambda b: _calls.append(len(b)), [[0] * k for k in (1, 4, 32, 7, 16)], warmup=3, clock=lambda: next(_clock_vals))
check("benchmark", [_res, _calls], weight=3, tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "c2_text", "grade": false, "solution": false, "locked": true}
# ### C2 · 自动化测试用例（5 分，测试验证）/ C2 · Automated test cases (5 points, testing and verification)
#
# `assistant/decision.py` 中的 `decide(probs, ...)` 决定对一句话“执行、确认、拒识还是忽略”（规则见它的文档字符串，运行 `help(decide)`）。
# 为它写自动化测试用例 `CASES`：每条是 `(probs, kwargs, expected)`，`expected` 为期望返回的字符串，或 `"ValueError"`（期望抛出 ValueError）。`run_cases(impl, CASES)` 用给定实现运行全部用例。
# 评分：用例在正确实现上必须全部通过且不少于 6 条；随后在 9 个植入缺陷的实现上运行，发现（至少一条用例失败）的越多得分越高。
#
# `decide(probs, ...)` in `assistant/decision.py` decides whether to execute, confirm, reject or ignore an utterance (the rules are in its docstring: run `help(decide)`).
# Write automated test cases `CASES` for it: each is `(probs, kwargs, expected)`, `expected` being the string it must return or `"ValueError"` (it must raise ValueError). `run_cases(impl, CASES)` runs them all against an implementation.
# Scoring: the cases must all pass on the correct implementation, at least 6 of them; they are then run against 9 implementations with planted bugs: the more they catch (at least one case fails), the more points.

# %%
def run_cases(impl, cases):
    """True if impl passes every case."""
    for probs, kwargs, expected in cases:
        try:
            got = impl(probs, **kwargs)
        except ValueError:
            got = "ValueError"
        except Exception as exc:  # noqa: BLE001 - any other failure fails the case
            got = "error:" + type(exc).__name__
        if got != expected:
            return False
    return True


help(decide)


# %% nbgrader={"grade_id": "c2_code", "grade": false, "solution": true, "locked": false}
def one_hot_like(top, p_top, second=None, p_second=0.0):
    """12 probabilities: p_top at top, p_second at second, the rest shared equally."""
    probs = [0.0] * 12
    probs[top] = p_top
    if second is not None:
        probs[second] = p_second
    rest = [i for i in range(12) if i != top and i != second]
    for i in rest:
        probs[i] = max(0.0, (1.0 - p_top - p_second) / len(rest))
    return probs


### BEGIN SOLUTION
CASES = [
    (one_hot_like(3, 0.9), {}, "execute:3"),
    (one_hot_like(11, 0.9), {}, "ignore"),
    (one_hot_like(10, 0.9), {}, "reject"),
    (one_hot_like(11, 0.3, 2, 0.2), {}, "ignore"),
    (one_hot_like(2, 0.5), {}, "confirm:2"),
    (one_hot_like(2, 0.6), {}, "execute:2"),
    (one_hot_like(4, 0.55, 5, 0.45), {"threshold": 0.5}, "confirm:4"),
    (one_hot_like(4, 0.75, 5, 0.25), {"margin": 0.5}, "execute:4"),
    (one_hot_like(4, 0.75, 5, 0.25), {"margin": 0.51}, "confirm:4"),
    (one_hot_like(6, 0.45, 1, 0.45), {"threshold": 0.4, "margin": 0.0}, "execute:1"),
    (one_hot_like(6, 0.45, 1, 0.45), {"threshold": 0.4}, "confirm:1"),
    (one_hot_like(7, 0.9), {"unknown": 7}, "reject"),
    (one_hot_like(0, 0.9), {"silence": 0}, "ignore"),
    (one_hot_like(8, 0.9)[:11], {}, "ValueError"),
    ([0.5] * 12, {}, "ValueError"),
    ([1.2, -0.2] + [0.0] * 10, {}, "ValueError"),
    (one_hot_like(9, 0.6, 3, 0.4), {"threshold": 0.5, "margin": 0.25}, "confirm:9"),
]
### END SOLUTION
print(len(CASES), "cases; all pass on decide:", run_cases(decide, CASES))

# %% nbgrader={"grade_id": "test_c2_cases", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert len(CASES) >= 6 and run_cases(decide, CASES), "every case must pass on the correct decide()"
### BEGIN HIDDEN TESTS
def _mk(threshold_le=False, margin_le=False, last_on_tie=False, swap=False, no_sum=False, second_mean=False, no_margin=False,
        check_order=False, bare_confirm=False, no_len=False):
    def impl(probs, threshold=0.6, margin=0.15, unknown=10, silence=11):
        probs = [float(p) for p in probs]
        if (not no_len and len(probs) != 12) or min(probs) < 0 or (not no_sum and abs(sum(probs) - 1.0) > 1e-3):
            raise ValueError("bad probs")
        if last_on_tie:
            top = max(range(len(probs)), key=lambda i: (probs[i], i))
        else:
            top = max(range(len(probs)), key=lambda i: (probs[i], -i))
        p_top = probs[top]
        p_second = (sum(probs) - p_top) / (len(probs) - 1) if second_mean else sorted(probs, reverse=True)[1]
        sil, unk = (unknown, silence) if swap else (silence, unknown)
        low = (p_top <= threshold) if threshold_le else (p_top < threshold)
        close = False if no_margin else ((p_top - p_second <= margin) if margin_le else (p_top - p_second < margin))
        if check_order and not (low or close):
            return f"execute:{top}"
        if top == sil:
            return "ignore"
        if top == unk:
            return "reject"
        if low or close:
            return "confirm" if bare_confirm else f"confirm:{top}"
        return f"execute:{top}"
    return impl


_valid = len(CASES) >= 6 and run_cases(decide, CASES)
check("valid_suite", _valid)
for _name, _kw in [("threshold_inclusive", {"threshold_le": True}), ("margin_inclusive", {"margin_le": True}),
                   ("tie_takes_last", {"last_on_tie": True}), ("swapped_classes", {"swap": True}),
                   ("no_sum_check", {"no_sum": True}), ("second_is_mean", {"second_mean": True}),
                   ("margin_ignored", {"no_margin": True}), ("execute_first", {"check_order": True}),
                   ("bare_confirm", {"bare_confirm": True})]:
    check("catches_" + _name, bool(_valid and not run_cases(_mk(**_kw), CASES)))
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "d1_text", "grade": false, "solution": false, "locked": true}
# ### D1 · INT8 压缩交付（8 分，交付）/ D1 · INT8 compressed delivery (8 points, delivery)
#
# 用 paddle2onnx 把 `deploy/kws/model` 转为 `deploy/kws/model.onnx`，再用 `onnxruntime.quantization`（动态或带校准数据的静态量化）得到 `deploy/kws/model_int8.onnx`。
# 交付要求：文件不超过 120 KB；第一个输出为命令词 logits；准确率损失在 2 个百分点以内（在验证集上自查）。
# 评分：ONNX Runtime 运行 `deploy/kws/model_int8.onnx` 在隐藏测试集上的命令词准确率（≥ 0.60 满分，≥ 0.50 得 60%，≥ 0.38 得 30%）；超过 120 KB 得 0 分。
#
# Convert `deploy/kws/model` to `deploy/kws/model.onnx` with paddle2onnx, then make `deploy/kws/model_int8.onnx` with `onnxruntime.quantization` (dynamic, or static with calibration data).
# Delivery requirements: at most 120 KB; the first output is the command logits; at most 2 points of accuracy lost (check on the validation set).
# Scored by the command accuracy of `deploy/kws/model_int8.onnx` under ONNX Runtime on the hidden test set (≥ 0.60 full, ≥ 0.50 60 %, ≥ 0.38 30 %); over 120 KB scores 0.

# %% nbgrader={"grade_id": "d1_code", "grade": false, "solution": true, "locked": false}
import onnxruntime as ort
from onnxruntime import quantization as oq

### BEGIN SOLUTION
import paddle2onnx

paddle2onnx.export("deploy/kws/model.json", "deploy/kws/model.pdiparams", "deploy/kws/model.onnx", opset_version=13)


class Calibration(oq.CalibrationDataReader):
    def __init__(self, feats, name):
        self.batches = iter([{name: feats[i:i + 24]} for i in range(0, len(feats), 24)])

    def get_next(self):
        return next(self.batches, None)


_name = ort.InferenceSession("deploy/kws/model.onnx", providers=["CPUExecutionProvider"]).get_inputs()[0].name
oq.quantize_static("deploy/kws/model.onnx", "deploy/kws/model_int8.onnx", Calibration(log_mel(W_train[:240], SR), _name),
                   quant_format=oq.QuantFormat.QDQ, weight_type=oq.QuantType.QInt8, activation_type=oq.QuantType.QUInt8)
### END SOLUTION
for path in ("deploy/kws/model.onnx", "deploy/kws/model_int8.onnx"):
    _s = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    _acc = metrics.accuracy(y_val, _s.run(None, {_s.get_inputs()[0].name: F_val})[0].argmax(1))
    print(f"{path}: {os.path.getsize(path) / 1024:.1f} KB, val command accuracy {_acc:.3f}")

# %%
# 真实测量（不评分，结果用于 D2）/ the real measurement (not scored; its table goes into D2)
import onnxruntime as ort
import paddle.inference as pi

_cfg = pi.Config("deploy/kws/model.json", "deploy/kws/model.pdiparams")
_cfg.disable_gpu()
_cfg.disable_glog_info()
_cfg.set_cpu_math_library_num_threads(1)
_pred = pi.create_predictor(_cfg)


def run_paddle(x):
    h = _pred.get_input_handle(_pred.get_input_names()[0])
    h.reshape(list(x.shape))
    h.copy_from_cpu(np.ascontiguousarray(x))
    _pred.run()
    return _pred.get_output_handle(_pred.get_output_names()[0]).copy_to_cpu()


_opts = ort.SessionOptions()
_opts.intra_op_num_threads = 1
engines = {"paddle": run_paddle}
for name, path in (("onnx_fp32", "deploy/kws/model.onnx"), ("onnx_int8", "deploy/kws/model_int8.onnx")):
    if Path(path).exists():
        _s = ort.InferenceSession(path, _opts, providers=["CPUExecutionProvider"])
        engines[name] = (lambda s: lambda x: s.run(None, {s.get_inputs()[0].name: x})[0])(_s)
perf = {}
for name, fn in engines.items():
    for bs in (1, 32):
        r = benchmark(fn, [F_val[i:i + bs] for i in range(0, 96, bs)][:24])
        perf[(name, bs)] = {**{k: round(v, 3) for k, v in latency_stats(r["latencies_ms"]).items() if k != "n"},
                            "throughput": round(r["throughput"], 1)}
for key, row in perf.items():
    print(key, row)


# %% [markdown] nbgrader={"grade_id": "d2_text", "grade": false, "solution": false, "locked": true}
# ### D2 · 交付文档与属地技术培训（7 分，人工评分）/ D2 · Delivery documents and training of local technicians (7 points, scored by examiners)
#
# 公司将在三个省的售后网点交付该语音助手。写出：(1) 交付物清单与验收标准（模型文件与校验值、C1 的性能表、D1 的精度对比、接口文档、回滚方案）；
# (2) 面向属地技术人员的培训计划（对象、目标、课程内容与课时、实操演练如模型升级与故障排查、考核方式）；(3) 对交付流程的改进建议（自动化打包与验收、问题反馈闭环）。
#
# The assistant will be delivered to after-sales sites in three provinces. Write: (1) the list of deliverables and acceptance criteria (model files and checksums, C1's performance table, D1's accuracy comparison, interface documents, rollback plan);
# (2) a training plan for local technicians (audience, goals, course content and hours, hands-on drills such as model upgrades and troubleshooting, assessment); (3) improvements to the delivery process (automated packaging and acceptance, a feedback loop for problems).

# %% [markdown] nbgrader={"grade_id": "d2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "part5", "grade": false, "solution": false, "locked": true}
# ## 第 5 部分 · 自动化优化（5 分）/ Part 5 · Automated optimisation (5 points)

# %% [markdown] nbgrader={"grade_id": "o1_text", "grade": false, "solution": false, "locked": true}
# ### O1 · 自动化优化决策（5 分，运维）/ O1 · Automated optimisation decisions (5 points, operations)
#
# 运维平台每天运行一次优化决策：
# The operations platform runs an optimisation decision once a day:
#
# 1. `psi(expected, actual, eps=1e-4)`：两个计数字典（键的并集）的群体稳定性指数：`p = count / total`，为 0 时用 `eps`，`PSI = Σ (a - e) * ln(a / e)`（float）。
#    `psi(expected, actual, eps=1e-4)`: the population stability index of two count dicts over the union of their keys: `p = count / total`, `eps` where it is 0, `PSI = Σ (a - e) * ln(a / e)` (float).
# 2. `next_action(state, policy)`：`state = {"prod": {"version", "accuracy", "p95_ms"}, "previous": 同结构或 None, "candidates": [同结构...], "psi": float}`，
#    `policy = {"min_accuracy", "max_p95_ms", "min_gain", "psi_retrain"}`。按顺序：
#    (a) 线上版本 `accuracy < min_accuracy` 或 `p95_ms > max_p95_ms`：若 previous 存在且两项都达标返回 `"rollback:<版本>"`，否则 `"page_oncall"`；
#    (b) 在 `p95_ms <= max_p95_ms` 的候选中取准确率最高者（相同取列表中靠前者），若其准确率 ≥ 线上准确率 + `min_gain`，返回 `"promote:<版本>"`；
#    (c) `psi >= psi_retrain` 返回 `"retrain"`；(d) 否则 `"keep"`。
#    `next_action(state, policy)`: `state = {"prod": {"version", "accuracy", "p95_ms"}, "previous": the same or None, "candidates": [the same...], "psi": float}`,
#    `policy = {"min_accuracy", "max_p95_ms", "min_gain", "psi_retrain"}`. In this order:
#    (a) production has `accuracy < min_accuracy` or `p95_ms > max_p95_ms`: `"rollback:<version>"` if previous exists and meets both, else `"page_oncall"`;
#    (b) among candidates with `p95_ms <= max_p95_ms`, the most accurate (the earlier in the list on ties): `"promote:<version>"` if its accuracy ≥ production's + `min_gain`;
#    (c) `"retrain"` if `psi >= psi_retrain`; (d) otherwise `"keep"`.

# %% nbgrader={"grade_id": "o1_code", "grade": false, "solution": true, "locked": false}
def psi(expected, actual, eps=1e-4):
    ### BEGIN SOLUTION
    keys = set(expected) | set(actual)
    te, ta = sum(expected.values()), sum(actual.values())
    total = 0.0
    for k in keys:
        e = expected.get(k, 0) / te or eps
        a = actual.get(k, 0) / ta or eps
        total += (a - e) * math.log(a / e)
    return float(total)
    ### END SOLUTION


def next_action(state, policy):
    ### BEGIN SOLUTION
    def healthy(m):
        return m["accuracy"] >= policy["min_accuracy"] and m["p95_ms"] <= policy["max_p95_ms"]

    prod = state["prod"]
    if not healthy(prod):
        prev = state.get("previous")
        return f"rollback:{prev['version']}" if prev and healthy(prev) else "page_oncall"
    best = None
    for c in state.get("candidates", []):
        if c["p95_ms"] <= policy["max_p95_ms"] and (best is None or c["accuracy"] > best["accuracy"]):
            best = c
    if best is not None and best["accuracy"] >= prod["accuracy"] + policy["min_gain"]:
        return f"promote:{best['version']}"
    if state.get("psi", 0.0) >= policy["psi_retrain"]:
        return "retrain"
    return "keep"
    ### END SOLUTION


week1 = Counter(r["intent"] for r in usage if r["ts"] < "2026-03-09")
week4 = Counter(r["intent"] for r in usage if r["ts"] >= "2026-03-23")
print("intent PSI week 1 -> week 4:", round(psi(week1, week4), 4))
print(next_action({"prod": {"version": "v3", "accuracy": 0.91, "p95_ms": 60}, "previous": None,
                   "candidates": [{"version": "v4", "accuracy": 0.93, "p95_ms": 70}], "psi": 0.05},
                  {"min_accuracy": 0.88, "max_p95_ms": 80, "min_gain": 0.01, "psi_retrain": 0.2}))

# %% nbgrader={"grade_id": "test_o1_optimise", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert abs(psi({"a": 1, "b": 1}, {"a": 1, "b": 1})) < 1e-12 and psi({"a": 9, "b": 1}, {"a": 1, "b": 9}) > 1
_pol = {"min_accuracy": 0.88, "max_p95_ms": 80, "min_gain": 0.01, "psi_retrain": 0.2}
assert next_action({"prod": {"version": "v1", "accuracy": 0.9, "p95_ms": 50}, "previous": None, "candidates": [], "psi": 0.0}, _pol) == "keep"
### BEGIN HIDDEN TESTS
check("psi", [psi({"a": 50, "b": 30, "c": 20}, {"a": 40, "b": 40, "c": 20}), psi({"x": 10}, {"x": 5, "y": 5}),
              psi({"x": 3, "y": 1}, {"y": 2, "z": 2}, eps=1e-3), psi(dict(week1), dict(week4))], weight=2, tol=1e-9)
_P = lambda v, a, p: {"version": v, "accuracy": a, "p95_ms": p}
_states = [
    {"prod": _P("v5", 0.85, 40), "previous": _P("v4", 0.90, 60), "candidates": [_P("v6", 0.99, 10)], "psi": 0.5},
    {"prod": _P("v5", 0.90, 95), "previous": _P("v4", 0.90, 85), "candidates": [], "psi": 0.0},
    {"prod": _P("v5", 0.87, 40), "previous": None, "candidates": [], "psi": 0.0},
    {"prod": _P("v5", 0.90, 60), "previous": None, "candidates": [_P("v6", 0.95, 81), _P("v7", 0.915, 80), _P("v8", 0.915, 20)], "psi": 0.3},
    {"prod": _P("v5", 0.90, 60), "previous": None, "candidates": [_P("v6", 0.905, 50)], "psi": 0.2},
    {"prod": _P("v5", 0.90, 60), "previous": _P("v4", 0.80, 10), "candidates": [_P("v6", 0.95, 90)], "psi": 0.19},
    {"prod": _P("v5", 0.88, 80), "previous": None, "candidates": [_P("v6", 0.89, 79), _P("v7", 0.92, 79)], "psi": 0.0},
]
check("next_action", [next_action(s, _pol) for s in _states], weight=3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "part6", "grade": false, "solution": false, "locked": true}
# ## 第 6 部分 · 咨询（25 分）/ Part 6 · Consulting (25 points)
#
# 公司计划两年内把语音助手推广到 50 万户家庭，并向地产商和酒店输出整体方案。董事会要求你的团队给出咨询意见。
# The company plans to bring the assistant to 500,000 households within two years and to sell complete solutions to property developers and hotels. The board asks your team for advice.

# %% [markdown] nbgrader={"grade_id": "e1_text", "grade": false, "solution": false, "locked": true}
# ### E1 · 技术要素、产业成本与产业链分析（9 分，人工评分）/ E1 · Technical elements, industry cost and industry chain (9 points, scored by examiners)
#
# 分析项目的技术要素（芯片与麦克风阵列、前端信号处理、命令词/ASR/NLU 模型、云服务、数据）、成本结构（硬件 BOM、研发、数据采集与标注、云资源、运维与售后）以及产业链上下游（芯片与模组厂商、语音技术提供商、家电/地产/酒店渠道、内容与服务方），指出自研与外采的取舍。
# Analyse the project's technical elements (chip and microphone array, front-end signal processing, command/ASR/NLU models, cloud services, data), its cost structure (hardware BOM, R&D, data collection and labelling, cloud, operations and after-sales) and its industry chain (chip and module makers, speech technology vendors, appliance/property/hotel channels, content and service providers); say what to build in-house and what to buy.

# %% [markdown] nbgrader={"grade_id": "e1_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "e2_text", "grade": false, "solution": false, "locked": true}
# ### E2 · 人机、网络与社会作用的合理性及可持续发展评价（8 分，人工评分）/ E2 · Human–machine, network and social roles; sustainability (8 points, scored by examiners)
#
# 评价语音助手在家庭中的人机作用（便利与依赖、老人儿童的使用、误操作与安全）、网络作用（联网依赖、离线能力、网络安全与隐私）、社会作用（适老化、无障碍、方言与语言公平、就业影响）的合理性，
# 并从能耗与电子废弃物、数据合规、长期运营与可持续发展角度给出评价和建议。
# Assess whether the assistant's roles are reasonable: human–machine (convenience vs dependence, elderly and children, mistaken actions and safety), network (reliance on connectivity, offline ability, network security and privacy), social (ageing-friendly design, accessibility, dialect and language fairness, effects on jobs);
# then evaluate and advise on energy use and e-waste, data compliance, long-term operation and sustainable development.

# %% [markdown] nbgrader={"grade_id": "e2_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答

# %% [markdown] nbgrader={"grade_id": "e3_text", "grade": false, "solution": false, "locked": true}
# ### E3 · 运营经济性预测（4 分，咨询）/ E3 · Operating economics forecast (4 points, consulting)
#
# `forecast(months, users0, growth, revenue_per_user, fixed_cost, cost_per_1k_requests, requests_per_user, capex)`：第 m 月（m = 1..months）用户数 `users0 * (1 + growth) ** (m - 1)`，
# 收入 = 用户数 × `revenue_per_user`，成本 = `fixed_cost` + 用户数 × `requests_per_user` / 1000 × `cost_per_1k_requests`，利润 = 收入 − 成本；累计值从 `-capex` 开始。
# 返回 `{"monthly_profit": [...], "cumulative": [...]（每月末累计）, "break_even_month": 累计首次 ≥ 0 的月份（从 1 起）或 None}`（金额为 float）。
# 公司的估计：首月 2 万户，月增长 15%，每户每月服务费 3 元，固定成本每月 18 万元，每千次请求云成本 0.8 元，每户每月 900 次请求，初始投入 250 万元。
#
# `forecast(...)`: in month m (m = 1..months) there are `users0 * (1 + growth) ** (m - 1)` users; revenue = users × `revenue_per_user`; cost = `fixed_cost` + users × `requests_per_user` / 1000 × `cost_per_1k_requests`; profit = revenue − cost; the cumulative total starts at `-capex`.
# Returns `{"monthly_profit": [...], "cumulative": [...] (at each month's end), "break_even_month": the first month (from 1) whose cumulative total is ≥ 0, or None}` (amounts as floats).
# The company's estimates: 20,000 households in month 1, 15 % growth a month, a service fee of 3 CNY per household a month, fixed costs of 180,000 CNY a month, 0.8 CNY of cloud cost per thousand requests, 900 requests per household a month, 2.5 million CNY up front.

# %% nbgrader={"grade_id": "e3_code", "grade": false, "solution": true, "locked": false}
def forecast(months, users0, growth, revenue_per_user, fixed_cost, cost_per_1k_requests, requests_per_user, capex):
    ### BEGIN SOLUTION
    profits, cumulative, total, even = [], [], -float(capex), None
    for m in range(1, months + 1):
        users = users0 * (1 + growth) ** (m - 1)
        profit = users * revenue_per_user - (fixed_cost + users * requests_per_user / 1000 * cost_per_1k_requests)
        total += profit
        profits.append(float(profit))
        cumulative.append(float(total))
        if even is None and total >= 0:
            even = m
    return {"monthly_profit": profits, "cumulative": cumulative, "break_even_month": even}
    ### END SOLUTION


plan = forecast(24, 20000, 0.15, 3.0, 180000, 0.8, 900, 2500000)
print("break-even month:", plan["break_even_month"], "| cumulative after 24 months:", round(plan["cumulative"][-1]))

# %% nbgrader={"grade_id": "test_e3_forecast", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

_f = forecast(3, 100, 0.0, 10.0, 500.0, 1.0, 1000, 1000)
assert _f["monthly_profit"] == [400.0, 400.0, 400.0] and _f["break_even_month"] == 3
### BEGIN HIDDEN TESTS
check("forecast", [forecast(24, 20000, 0.15, 3.0, 180000, 0.8, 900, 2500000),
                   forecast(12, 5000, 0.05, 2.0, 20000, 1.2, 500, 100000),
                   forecast(6, 1000, -0.1, 1.0, 5000, 0.5, 200, 0),
                   forecast(10, 3000, 0.2, 0.5, 10000, 2.0, 300, 50000)], weight=4, tol=1e-9)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "e4_text", "grade": false, "solution": false, "locked": true}
# ### E4 · 组织协调、运营管理与持续改进（4 分，人工评分）/ E4 · Organisation, operations management and continuous improvement (4 points, scored by examiners)
#
# 根据 E3 的预测（可改变参数做敏感性分析：增长率、单用户收入、每千次请求成本），提出：运营计划的调整策略；项目的组织管理与跨部门协调机制（产品、算法、运维、售后、法务）；
# 运营过程的计划—组织—实施—控制要点；对系统持续改进的建议，以及面向运营团队的培训安排。
#
# Using E3's forecast (vary the parameters for a sensitivity analysis: growth, revenue per user, cost per thousand requests), propose: how to adjust the operating plan; the project's organisation and cross-department coordination (product, algorithms, operations, after-sales, legal);
# the plan–organise–implement–control points of running it; continuous-improvement recommendations for the system, and training for the operations team.

# %% [markdown] nbgrader={"grade_id": "e4_answer", "grade": true, "solution": true, "locked": false}
# YOUR ANSWER HERE / 在此作答
