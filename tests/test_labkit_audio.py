"""labkit.audio (log-mel, MFCC, spectrogram pictures) in the ml lab env it is installed into: run in
a subprocess with .envs/ml's Python (the platform venv has no SciPy)."""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ML_PYTHON = ROOT / ".envs" / "ml" / "bin" / "python"

CHECKS = textwrap.dedent("""
    import matplotlib
    matplotlib.use("Agg")
    import numpy as np
    from scipy.fft import dct
    from labkit import audio

    sr = 8000
    t = np.arange(sr) / sr
    rng = np.random.default_rng(0)
    for freq in (300.0, 1000.0, 2500.0):
        lm = audio.log_mel(0.5 * np.sin(2 * np.pi * freq * t), sr, n_mels=40)
        assert lm.shape == (40, 98) and lm.dtype == np.float32, lm.shape
        centres = audio.mel_to_hz(np.linspace(0, audio.hz_to_mel(sr / 2), 42)[1:-1])
        peak = int(np.argmax(lm.mean(axis=1)))
        assert abs(peak - int(np.argmin(abs(centres - freq)))) <= 1, (freq, peak)

    # a louder clip only shifts the log energies: log(4 x^2) = log(x^2) + log 4
    noise = rng.standard_normal(sr) * 0.1
    diff = audio.log_mel(2 * noise, sr) - audio.log_mel(noise, sr)
    assert np.allclose(diff, np.log(4), atol=1e-3), diff.std()

    # int16 waves are scaled by 1/32768; a batch gives the per-clip features
    waves = (rng.standard_normal((3, sr)) * 3000).astype(np.int16)
    batch = audio.log_mel(waves, sr)
    assert batch.shape == (3, 40, 98)
    assert np.allclose(batch[1], audio.log_mel(waves[1].astype(np.float64) / 32768, sr), atol=1e-5)

    m = audio.mfcc(waves, sr, n=13)
    assert m.shape == (3, 13, 98)
    assert np.allclose(m[2], dct(batch[2].astype(np.float64), type=2, axis=0, norm="ortho")[:13], atol=1e-4)

    # the filterbank: 40 triangles covering 0..sr/2, each peaking at 1
    fb = audio.mel_filterbank(sr, 256, 40)
    assert fb.shape == (40, 129) and np.all(fb.max(axis=1) > 0.6) and np.all(fb.max(axis=1) <= 1)
    centres = audio.mel_to_hz(np.linspace(0, audio.hz_to_mel(sr / 2), 42)[1:-1])
    bins = np.fft.rfftfreq(256, 1 / sr)
    inner = (bins >= centres[0]) & (bins <= centres[-1])
    assert np.allclose(fb.sum(0)[inner], 1, atol=1e-9)  # neighbouring triangles sum to one
    assert audio.frame_params(16000) == (400, 160, 512)

    fig = audio.show_spectrogram(waves[0], sr, "测试 / test")
    assert len(fig.axes) == 3
    fig = audio.show_waveform(waves[0], sr)
    assert len(fig.axes) == 1
    print("ok")
""")


def test_labkit_audio_features():
    result = subprocess.run([str(ML_PYTHON), "-c", CHECKS], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"})
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stdout + result.stderr
