# %% [markdown] nbgrader={"grade_id": "p3_intro", "grade": false, "solution": false, "locked": true}
# # 练习 03 · 语音特征 / Exercise 03 · Speech features
#
# 目标：从波形一步步算出对数梅尔谱和 MFCC，并通过图看懂它们：分帧、加窗、短时傅里叶变换、梅尔滤波器组、取对数、离散余弦变换。
# Goals: compute log-mel spectrograms and MFCCs from a waveform step by step and understand them through pictures: framing, windowing, the short-time Fourier transform, the mel filterbank, the logarithm, the discrete cosine transform.

# %%
import json
import os

import numpy as np
from labkit import audio, metrics, plots

np.random.seed(0)
S, SR = "data/speech_commands", 8000

# %%
from IPython.display import Audio, display

train_wav = np.load(f"{S}/train/waves.npy")     # int16 [720, 8000]: 1 s at 8 kHz
train_kw = np.load(f"{S}/train/labels.npy")
train_info = [json.loads(line) for line in open(f"{S}/train/info.jsonl", encoding="utf-8")]
KEYWORDS = json.load(open(f"{S}/train/meta.json", encoding="utf-8"))["classes"]
print(KEYWORDS)
print(train_info[0])
audio.show_waveform(train_wav[0], SR, f"{KEYWORDS[train_kw[0]]} ({train_info[0]['lang']}, {train_info[0].get('noise')})");
display(Audio(train_wav[0] / 32768, rate=SR))   # 点击播放 / press play

# %% [markdown] nbgrader={"grade_id": "p3_feat_text", "grade": false, "solution": false, "locked": true}
# ## 3.1 分帧、对数梅尔谱、MFCC / Frames, log-mel, MFCC
#
# 实现与 `labkit.audio` 相同的三个函数（可以用它核对，但不要直接调用它们；`audio.mel_filterbank` 可以用）：
# Implement the same three functions as `labkit.audio` (check against it, but do not call those; `audio.mel_filterbank` may be used):
#
# 1. `frames(x, win, hop)`：float64 [n, win]，`n = 1 + (len(x) - win) // hop`，第 i 帧是 `x[i*hop : i*hop + win]`；int16 输入先除以 32768。
#    float64 [n, win] with `n = 1 + (len(x) - win) // hop`, frame i is `x[i*hop : i*hop + win]`; int16 input is divided by 32768 first.
# 2. `log_mel(wave, sr, n_mels=40)`：帧长 25 ms、帧移 10 ms（`win = round(0.025 sr)`、`hop = round(0.010 sr)`），每帧乘汉宁窗 `np.hanning(win + 2)[1:-1]`，`n_fft` 为不小于 `win` 的最小 2 的幂，
#    功率谱 `|rfft|²`，梅尔能量 = `audio.mel_filterbank(sr, n_fft, n_mels)` @ 功率谱，返回 `np.log(梅尔能量 + 1e-6)`，float32 [n_mels, 帧数]。
#    25 ms frames every 10 ms, each multiplied by the Hann window `np.hanning(win + 2)[1:-1]`, `n_fft` the smallest power of two ≥ `win`, power spectrum `|rfft|²`,
#    mel energies = `audio.mel_filterbank(sr, n_fft, n_mels)` @ power spectrum; return `np.log(mel energies + 1e-6)`, float32 [n_mels, frames].
# 3. `mfcc(wave, sr, n=13)`：对 `log_mel` 的结果沿梅尔频带做正交 DCT-II（`scipy.fft.dct(..., type=2, axis=0, norm="ortho")`），取前 `n` 个，float32 [n, 帧数]。
#    The orthonormal DCT-II of `log_mel`'s result along the mel bands (`scipy.fft.dct(..., type=2, axis=0, norm="ortho")`), the first `n` coefficients, float32 [n, frames].

# %% nbgrader={"grade_id": "p3_feat", "grade": false, "solution": true, "locked": false}
from scipy.fft import dct


def frames(x, win, hop):
    ### BEGIN SOLUTION
    x = np.asarray(x)
    x = x.astype(np.float64) / 32768.0 if x.dtype == np.int16 else x.astype(np.float64)
    n = 1 + (len(x) - win) // hop
    return np.stack([x[i * hop:i * hop + win] for i in range(n)])
    ### END SOLUTION


def log_mel(wave, sr, n_mels=40):
    ### BEGIN SOLUTION
    win, hop = int(round(0.025 * sr)), int(round(0.010 * sr))
    n_fft = 1 << (win - 1).bit_length()
    power = np.abs(np.fft.rfft(frames(wave, win, hop) * np.hanning(win + 2)[1:-1], n_fft, axis=1)) ** 2
    return np.log(audio.mel_filterbank(sr, n_fft, n_mels) @ power.T + 1e-6).astype(np.float32)
    ### END SOLUTION


def mfcc(wave, sr, n=13):
    ### BEGIN SOLUTION
    return dct(log_mel(wave, sr).astype(np.float64), type=2, axis=0, norm="ortho")[:n].astype(np.float32)
    ### END SOLUTION


# %% nbgrader={"grade_id": "test_p3_features", "grade": true, "solution": false, "locked": true}
if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass

assert frames(np.arange(10.0), 4, 3).tolist() == [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]], "frames: 1 + (10 - 4) // 3 = 3 frames"
assert np.allclose(frames(train_wav[0], 200, 80), audio.frames(train_wav[0], 200, 80)), "frames differ from labkit.audio.frames"
_mine, _ref = log_mel(train_wav[0], SR), audio.log_mel(train_wav[0], SR)
assert np.shape(_mine) == (40, 98), f"log_mel shape {np.shape(_mine)}, expected (40, 98)"
assert np.allclose(_mine, _ref, atol=1e-4), f"log_mel differs from labkit.audio.log_mel by up to {np.abs(_mine - _ref).max():.3g}"
assert np.allclose(mfcc(train_wav[0], SR), audio.mfcc(train_wav[0], SR), atol=1e-3), "mfcc differs from labkit.audio.mfcc"
print("3.1 ✓")
### BEGIN HIDDEN TESTS
_rng = np.random.default_rng(304)
check("frames_random", np.asarray(frames(_rng.normal(size=333), 50, 20), dtype=float), tol=1e-12)
_hw = np.load(f"/run/practicum/hidden/speech_commands/waves.npy")[:4]
check("log_mel_hidden", [np.asarray(log_mel(w, SR), dtype=float) for w in _hw], weight=3, tol=1e-4)
check("log_mel_16k", np.asarray(log_mel(_rng.normal(0, 0.1, 8000), 16000, n_mels=26), dtype=float), tol=1e-4)
check("mfcc_hidden", [np.asarray(mfcc(w, SR, n=13), dtype=float) for w in _hw], weight=3, tol=1e-3)
check("mfcc_n20", np.asarray(mfcc(_hw[0], SR, n=20), dtype=float), tol=1e-3)
### END HIDDEN TESTS

# %% [markdown] nbgrader={"grade_id": "p3_pictures_text", "grade": false, "solution": false, "locked": true}
# ## 3.2 看图说话 / Reading the pictures
#
# 下面同一个命令的英文和中文说法、一段安静和一段嘈杂的录音、`_silence_` 和 `_unknown_` 的对数梅尔谱放在一起。注意：元音是横向的能量带（共振峰），噪声是整片铺开的能量，混响让能量在时间上拖尾。
# Below: the same command in English and in Mandarin, a quiet and a noisy clip, `_silence_` and `_unknown_`, as log-mel spectrograms. Vowels are horizontal bands of energy (formants), noise spreads energy everywhere, reverberation smears it in time.

# %%
def first(pred):
    return next(i for i, info in enumerate(train_info) if pred(i, info))


if os.environ.get("PRACTICUM_GRADING") != "1":  # 评分时跳过 / skipped when graded
    picks = [
        ("open, English", first(lambda i, f: KEYWORDS[train_kw[i]] == "open" and f["lang"] == "en")),
        ("open, 中文", first(lambda i, f: KEYWORDS[train_kw[i]] == "open" and f["lang"] == "zh")),
        ("quiet / 安静 (SNR > 25 dB)", first(lambda i, f: f.get("snr_db", 0) > 25)),
        ("noisy / 嘈杂 (SNR < 12 dB)", first(lambda i, f: 0 < f.get("snr_db", 99) < 12)),
        ("_silence_", first(lambda i, f: KEYWORDS[train_kw[i]] == "_silence_")),
        ("_unknown_", first(lambda i, f: KEYWORDS[train_kw[i]] == "_unknown_")),
    ]
    for title, i in picks:
        audio.show_spectrogram(train_wav[i], SR, f"{title}: {train_info[i].get('word')} ({train_info[i].get('noise')})");
        display(Audio(train_wav[i] / 32768, rate=SR))

# %% [markdown] nbgrader={"grade_id": "p3_mean_text", "grade": false, "solution": false, "locked": true}
# ## 3.3 每类的平均 MFCC / Mean MFCCs per class
#
# 每类样本 MFCC 的平均值（前 13 维 × 时间）。不同命令的平均图样差别明显吗？这说明了什么？
# The mean MFCC of each class (13 coefficients × time). Do the commands' mean patterns differ much? What does that tell you?

# %%
import matplotlib.pyplot as plt

if os.environ.get("PRACTICUM_GRADING") != "1":
    feats = audio.mfcc(train_wav, SR)          # labkit 的批量版本 / labkit's batch version: [N, 13, 98]
    fig, axes = plt.subplots(3, 4, figsize=(10, 6), sharex=True, sharey=True)
    for c, ax in enumerate(axes.ravel()):
        ax.imshow(feats[train_kw == c].mean(axis=0)[1:], origin="lower", aspect="auto", cmap="coolwarm")
        ax.set_title(KEYWORDS[c], fontsize=9)
    fig.suptitle("平均 MFCC（不含第 0 维）/ mean MFCC per class (without c0)")
    fig.tight_layout()

# %% [markdown] nbgrader={"grade_id": "p3_more", "grade": false, "solution": false, "locked": true}
# ## 3.4 自己试试（不计分）/ Try it yourself (not graded)
#
# - 把帧长改成 50 ms 或 10 ms，频谱图有什么变化（时间分辨率与频率分辨率的取舍）？/ Use 50 ms or 10 ms frames: what changes (time against frequency resolution)?
# - 不取对数直接看梅尔能量，为什么几乎只看得见最响的部分？/ Look at the mel energies without the log: why is only the loudest part visible?
# - 在一段录音上加不同强度的白噪声（`np.random.normal`），看 MFCC 怎样变化。/ Add white noise of different strengths to a clip and see how the MFCCs change.
