"""Speech features and pictures for the NLP and speech labs (NumPy/SciPy only, so a predict script
runs them without Paddle).

    log_mel(wave, sr, n_mels=40)   float32 [n_mels, frames] (or [N, n_mels, frames] for a batch)
    mfcc(wave, sr, n=13)           float32 [n, frames]      (or [N, n, frames])
    show_waveform(wave, sr, title) / show_spectrogram(wave, sr, title)   matplotlib Figures

A wave is int16 (as stored in offline_data's speech_commands, scaled by 1/32768) or float in about
[-1, 1]; [L] for one clip, [N, L] for a batch. Frames: 25 ms Hann windows every 10 ms, no padding:
frames = 1 + (L - win) // hop (98 for 1 s at 8 kHz or 16 kHz). Mel filters: HTK mel scale,
triangular, from 0 Hz to sr/2; log = natural log of (energy + 1e-6). MFCC: orthonormal DCT-II of
the log-mel bands, first n coefficients.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from scipy.fft import dct

from . import plots  # noqa: F401 - sets the CJK font for Chinese labels

EPS = 1e-6


def as_float(wave) -> np.ndarray:
    """float64 samples in about [-1, 1] (int16 is divided by 32768)."""
    w = np.asarray(wave)
    if w.dtype == np.int16:
        return w.astype(np.float64) / 32768.0
    return w.astype(np.float64)


def hz_to_mel(hz):
    return 2595.0 * np.log10(1.0 + np.asarray(hz, dtype=np.float64) / 700.0)


def mel_to_hz(mel):
    return 700.0 * (10.0 ** (np.asarray(mel, dtype=np.float64) / 2595.0) - 1.0)


def frame_params(sr: int, win_ms: float = 25.0, hop_ms: float = 10.0) -> tuple[int, int, int]:
    """(window, hop, n_fft) in samples: n_fft is the next power of two >= the window."""
    win = int(round(sr * win_ms / 1000))
    hop = int(round(sr * hop_ms / 1000))
    return win, hop, 1 << (win - 1).bit_length()


def frames(wave, win: int, hop: int) -> np.ndarray:
    """[..., frames, win] views of a wave [..., L] (no padding; L must be >= win)."""
    w = as_float(wave)
    if w.shape[-1] < win:
        raise ValueError(f"wave of {w.shape[-1]} samples is shorter than one window ({win})")
    n = 1 + (w.shape[-1] - win) // hop
    idx = np.arange(win)[None, :] + hop * np.arange(n)[:, None]
    return w[..., idx]


def power_spectrum(wave, sr: int, win_ms: float = 25.0, hop_ms: float = 10.0) -> np.ndarray:
    """|STFT|^2 with a Hann window: [..., n_fft // 2 + 1, frames]."""
    win, hop, n_fft = frame_params(sr, win_ms, hop_ms)
    f = frames(wave, win, hop) * np.hanning(win + 2)[1:-1]
    spec = np.abs(np.fft.rfft(f, n=n_fft, axis=-1)) ** 2
    return np.swapaxes(spec, -1, -2)


def mel_filterbank(sr: int, n_fft: int, n_mels: int = 40, fmin: float = 0.0, fmax: float | None = None) -> np.ndarray:
    """Triangular filters [n_mels, n_fft // 2 + 1], equally spaced on the HTK mel scale."""
    fmax = sr / 2 if fmax is None else fmax
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))
    bins = np.fft.rfftfreq(n_fft, 1.0 / sr)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    up = (bins[None, :] - lower) / (centre - lower)
    down = (upper - bins[None, :]) / (upper - centre)
    return np.maximum(0.0, np.minimum(up, down))


def log_mel(wave, sr: int, n_mels: int = 40, win_ms: float = 25.0, hop_ms: float = 10.0) -> np.ndarray:
    """Log mel energies, float32 [n_mels, frames] ([N, n_mels, frames] for a batch [N, L])."""
    spec = power_spectrum(wave, sr, win_ms, hop_ms)
    n_fft = 2 * (spec.shape[-2] - 1)
    mel = np.matmul(mel_filterbank(sr, n_fft, n_mels), spec)
    return np.log(mel + EPS).astype(np.float32)


def mfcc(wave, sr: int, n: int = 13, n_mels: int = 40, win_ms: float = 25.0, hop_ms: float = 10.0) -> np.ndarray:
    """MFCCs, float32 [n, frames] ([N, n, frames] for a batch): DCT-II (ortho) of the log mels."""
    lm = log_mel(wave, sr, n_mels, win_ms, hop_ms).astype(np.float64)
    return dct(lm, type=2, axis=-2, norm="ortho")[..., :n, :].astype(np.float32)


def show_waveform(wave, sr: int, title: str = "波形 / waveform"):
    w = as_float(wave)
    fig, ax = plt.subplots(figsize=(6, 2.2))
    ax.plot(np.arange(len(w)) / sr, w, linewidth=0.6)
    ax.set_xlabel("time / 时间 (s)")
    ax.set_ylabel("amplitude / 幅度")
    ax.set_xlim(0, len(w) / sr)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig


def show_spectrogram(wave, sr: int, title: str = "对数梅尔谱 / log-mel spectrogram", n_mels: int = 40):
    """Waveform above its log-mel spectrogram (mel band against time)."""
    w = as_float(wave)
    lm = log_mel(w, sr, n_mels)
    _, hop, _ = frame_params(sr)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6, 3.6), sharex=True,
                                      gridspec_kw={"height_ratios": [1, 2]})
    top.plot(np.arange(len(w)) / sr, w, linewidth=0.6)
    top.set_ylabel("amplitude")
    top.set_title(title, fontsize=9)
    image = bottom.imshow(lm, origin="lower", aspect="auto", cmap="magma",
                          extent=(0, lm.shape[1] * hop / sr, 0, n_mels))
    bottom.set_xlabel("time / 时间 (s)")
    bottom.set_ylabel("mel band / 梅尔频带")
    fig.colorbar(image, ax=[top, bottom], fraction=0.04, pad=0.02, label="log energy")
    return fig
