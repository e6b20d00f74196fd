# %% [markdown] nbgrader={"grade_id": "p5_intro", "grade": false, "solution": false, "locked": true}
# # 练习 05 · 部署 / Exercise 05 · Deployment
#
# 目标：把练习 04 导出的命令词模型转换为 ONNX，用 ONNX Runtime 推理，核对与 Paddle 的一致性，比较延迟，并把“波形 → 特征 → 模型 → 结果”串成一个可交付的函数。
# Goals: convert exercise 04's keyword model to ONNX, run it with ONNX Runtime, check it agrees with Paddle, compare latencies, and chain "waveform → features → model → result" into a deliverable function.

# %%
# %include ../cells/setup.py

# %%
val_wav, val_kw = np.load(f"{S}/val/waves.npy"), np.load(f"{S}/val/labels.npy")
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
val_lm = audio.log_mel(val_wav, SR)
paddle_model = paddle.jit.load("models/kws")   # 导出的静态图模型 / the exported static-graph model
paddle_model.eval()

# %% [markdown] nbgrader={"grade_id": "p5_convert_text", "grade": false, "solution": false, "locked": true}
# ## 5.1 转换为 ONNX / Convert to ONNX
#
# 用 paddle2onnx 把 `models/kws`（`kws.json` + `kws.pdiparams`）转换为 **`models/kws.onnx`**，opset 13；本环境离线，请加 `--optimize_tool None`。
# Convert `models/kws` (`kws.json` + `kws.pdiparams`) to **`models/kws.onnx`** with paddle2onnx, opset 13; this environment is offline, so pass `--optimize_tool None`.
#
# 评分：`models/kws.onnx` 在隐藏测试集上的准确率（阈值同练习 04）。/ Graded: `models/kws.onnx`'s accuracy on the hidden test split (thresholds as in exercise 04).

# %% nbgrader={"grade_id": "p5_convert", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/nlp/cells/convert_kws.py
assert os.path.isfile("models/kws.onnx"), "models/kws.onnx is missing"
print("5.1 ✓")

# %% [markdown] nbgrader={"grade_id": "p5_predict_text", "grade": false, "solution": false, "locked": true}
# ## 5.2 ONNX Runtime 推理与一致性 / ONNX Runtime inference and agreement
#
# 实现 `onnx_predict(path, feats)`：用 `onnxruntime.InferenceSession`（CPUExecutionProvider）加载，把 `feats` 转为 float32 送入第一个输入，返回第一个输出（logits [N, 12]）。
# 与 Paddle 的输出相比，最大绝对误差应小于 1e-4，类别完全一致。
# Implement `onnx_predict(path, feats)`: load with `onnxruntime.InferenceSession` (CPUExecutionProvider), feed `feats` as float32 to the first input and return the first output (logits [N, 12]).
# Compared with Paddle's outputs, the largest absolute difference should be under 1e-4 and the classes identical.

# %% nbgrader={"grade_id": "p5_predict", "grade": false, "solution": true, "locked": false}
# %include ../../_shared/nlp/cells/onnx_predict.py


with paddle.no_grad():
    paddle_logits = paddle_model(paddle.to_tensor(val_lm)).numpy()
onnx_logits = onnx_predict("models/kws.onnx", val_lm)
print("max |onnx - paddle| =", float(np.abs(onnx_logits - paddle_logits).max()))

# %% nbgrader={"grade_id": "test_p5_onnx", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert np.shape(onnx_predict("models/kws.onnx", val_lm[:3])) == (3, 12), "onnx_predict returns logits [N, 12]"
assert np.abs(onnx_logits - paddle_logits).max() < 1e-4, "ONNX and Paddle outputs differ by more than 1e-4"
assert (onnx_logits.argmax(1) == paddle_logits.argmax(1)).all(), "ONNX and Paddle give different classes"
print("5.2 ✓ validation accuracy (ONNX):", metrics.accuracy(val_kw, onnx_logits.argmax(1)))
### BEGIN HIDDEN TESTS
_hx = audio.log_mel(np.load(f"/run/practicum/hidden/speech_commands/waves.npy")[:120], SR)
_o = np.asarray(onnx_predict("models/kws.onnx", _hx))
with paddle.no_grad():
    _pl = paddle_model(paddle.to_tensor(_hx)).numpy()
check("onnx_shape", [list(_o.shape), str(_o.dtype)])
check("onnx_matches_paddle", bool(np.abs(_o - _pl).max() < 1e-3), weight=2)
check("onnx_same_classes", bool((_o.argmax(1) == _pl.argmax(1)).all()), weight=2)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p5_latency_text", "grade": false, "solution": false, "locked": true}
# ## 5.3 延迟 / Latency
#
# 同一个模型，Paddle（`paddle.jit.load`）和 ONNX Runtime 各推理 1 段和 32 段录音，比较中位延迟；再看特征提取（`audio.log_mel`）占多少时间。交付文档里应写明在目标硬件上测得的端到端延迟。
# The same model with Paddle (`paddle.jit.load`) and ONNX Runtime on 1 and 32 clips: compare the median latencies, and see how much the feature extraction (`audio.log_mel`) takes. A delivery document states the end-to-end latency measured on the target hardware.

# %%
# %include ../../_shared/deploy/cells/median_ms.py


if os.environ.get("PRACTICUM_GRADING") != "1":
    session = ort.InferenceSession("models/kws.onnx", providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    for batch in (1, 32):
        xb = val_lm[:batch]
        with paddle.no_grad():
            p_ms = median_ms(lambda: paddle_model(paddle.to_tensor(xb)).numpy())
        o_ms = median_ms(lambda: session.run(None, {name: xb}))
        f_ms = median_ms(lambda: audio.log_mel(val_wav[:batch], SR))
        print(f"batch {batch:2d}: features {f_ms:6.2f} ms, Paddle {p_ms:6.2f} ms, ONNX Runtime {o_ms:6.2f} ms")

# %% [markdown] nbgrader={"grade_id": "p5_e2e_text", "grade": false, "solution": false, "locked": true}
# ## 5.4 端到端 / End to end
#
# 交付给集成方的是一个函数：输入 8 kHz int16 的 1 秒录音，输出命令和置信度；置信度低于阈值时返回 `_unknown_`（让设备请用户再说一遍）。
# What the integrators get is one function: a 1 s, 8 kHz int16 clip in, the command and its confidence out; below a confidence threshold it returns `_unknown_` (the device asks the user to repeat).

# %%
session = ort.InferenceSession("models/kws.onnx", providers=["CPUExecutionProvider"])


def recognise(wave, threshold=0.5):
    logits = session.run(None, {session.get_inputs()[0].name: audio.log_mel(wave[None, :], SR)})[0][0]
    prob = np.exp(logits - logits.max())
    prob /= prob.sum()
    best = int(prob.argmax())
    return (KEYWORDS[best] if prob[best] >= threshold else "_unknown_"), float(prob[best])


if os.environ.get("PRACTICUM_GRADING") != "1":
    for i in range(4):
        word, p = recognise(val_wav[i])
        audio.show_spectrogram(val_wav[i], SR, f"true {KEYWORDS[val_kw[i]]} -> recognised {word} (p={p:.2f})");

# %% [markdown] nbgrader={"grade_id": "p5_more", "grade": false, "solution": false, "locked": true}
# ## 5.5 自己试试（不计分）/ Try it yourself (not graded)
#
# - 阈值从 0.3 调到 0.9，“拒识率”和“识别错误率”怎样此消彼长？画出这条曲线。/ Move the threshold from 0.3 to 0.9: how do the rejection rate and the error rate trade off? Plot the curve.
# - 为 `models/kws.onnx` 写一份交付清单：文件、sha256、输入输出、类别顺序、运行环境、验证集准确率和延迟。/ Write a delivery list for `models/kws.onnx`: files, sha256, inputs and outputs, class order, runtime, validation accuracy and latency.
