"""Spoken commands, Mandarin and English, synthesised by espeak-ng with many voices, speeds and
pitches, then reverberated and mixed with noise ("speech_commands").

    <split>/waves.npy     int16 [N, 8000]: 1 s at 8 kHz, mono (float = waves / 32768)
    <split>/labels.npy    int64 [N], index into meta["classes"]     (test: test_labels/labels.npy)
    <split>/info.jsonl    one JSON per clip: lang, word, voice, speed, pitch, noise, snr_db, reverb
                          (test: test_labels/info.jsonl)
    <split>/meta.json     classes, words per class, sample_rate, length, voices of this split, version

Twelve classes: ten commands (open, close, up, down, stop, play, next, back, yes, no), each said in
English or in Mandarin (about half each), `_unknown_` (other words of both languages) and
`_silence_` (noise only). Splits: train 720, val 180, test 360, balanced. The voice variants of
the three splits are disjoint (val and test voices never occur in train); test also uses English
accents that train never uses, stronger reverberation and more noise (SNR 7..27 dB instead of
10..30 dB). Noise: white, pink, brown, mains hum and babble (other synthesised speech).

Mandarin is synthesised from tone-numbered pinyin with espeak-ng's `cmn-latn-pinyin` voice (the
`cmn` dictionary of Debian's espeak-ng reads many Hanzi as English digit names). espeak-ng output is
deterministic for the same arguments, so every byte follows from SEED and VERSION.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
from scipy import signal

VERSION = 1
SEED = 20340
SR = 8000
LENGTH = SR  # 1 s
SIZES = {"train": 720, "val": 180, "test": 360}

# class -> (English, Mandarin in Hanzi, Mandarin in tone-numbered pinyin)
COMMANDS = [
    ("open", "打开", "da3 kai1"), ("close", "关闭", "guan1 bi4"), ("up", "调高", "tiao2 gao1"),
    ("down", "调低", "tiao2 di1"), ("stop", "停止", "ting2 zhi3"), ("play", "播放", "bo1 fang4"),
    ("next", "下一首", "xia4 yi1 shou3"), ("back", "返回", "fan3 hui2"), ("yes", "是的", "shi4 de5"),
    ("no", "不要", "bu2 yao4"),
]
CLASSES = [c[0] for c in COMMANDS] + ["_unknown_", "_silence_"]
UNKNOWN = {
    "en": ["hello", "music", "weather", "seven", "light", "happy", "morning", "left", "right", "go",
           "house", "lemon"],
    "zh": [("你好", "ni3 hao3"), ("音乐", "yin1 yue4"), ("天气", "tian1 qi4"), ("七", "qi1"),
           ("灯", "deng1"), ("明天", "ming2 tian1"), ("左边", "zuo3 bian1"), ("空调", "kong1 tiao2"),
           ("谢谢", "xie4 xie5"), ("下雨", "xia4 yu3"), ("打电话", "da3 dian4 hua4"), ("高兴", "gao1 xing4")],
}

ENGLISH = {"train": ["en-us", "en-gb", "en-gb-x-rp", "en-029"],
           "val": ["en-us", "en-gb-scotland"],
           "test": ["en-gb-x-gbcwmd", "en-us-nyc", "en-gb-x-gbclan"]}
MANDARIN = "cmn-latn-pinyin"
VARIANTS = {
    "train": ["m1", "m2", "m3", "m4", "f1", "f2", "f3", "adam", "Alex", "Alicia", "Andy", "antonio",
              "belinda", "benjamin", "boris", "caleb", "david", "ed", "edward", "Gene", "gustave",
              "Henrique", "Hugo", "iven", "Jacky", "john", "linda", "Marco", "max", "Michael",
              "miguel", "Mike", "norbert", "pablo", "paul", "quincy", "rob", "steph", "travis",
              "victor", "klatt", "klatt2", "grandpa"],
    "val": ["m5", "f4", "Andrea", "Denis", "iven2", "Mario", "robert", "sandro", "steph2", "klatt3"],
    "test": ["m6", "m7", "f5", "Annie", "aunty", "Diogo", "Lee", "michel", "Nguyen", "pedro",
             "shelby", "zac", "anika", "grandma", "klatt4", "iven3", "Storm", "steph3"],
}
SNR_DB = {"train": (10.0, 30.0), "val": (10.0, 30.0), "test": (7.0, 27.0)}
REVERB = {"train": (0.3, 0.1, 0.4), "val": (0.3, 0.1, 0.4), "test": (0.5, 0.15, 0.5)}  # p, rt60 range
BABBLE = [("en-gb+m3", "the quick brown fox jumps over the lazy dog while people talk nearby"),
          ("en-us+f2", "please remember to buy milk bread and some fresh fruit on your way home"),
          ("cmn-latn-pinyin+m2", "jin1 tian1 wan3 shang4 wo3 men5 qu4 fan4 dian4 chi1 fan4 hao3 bu4 hao3"),
          ("cmn-latn-pinyin+f3", "ta1 shuo1 zhe4 ben3 shu1 hen3 you3 yi4 si5 wo3 men5 yi4 qi3 kan4 ba5"),
          ("en-029+m1", "the meeting has been moved to the large room on the second floor"),
          ("cmn-latn-pinyin+klatt", "zhe4 ge5 zhou1 mo4 de5 tian1 qi4 ying1 gai1 bu2 cuo4")]


def _espeak(voice: str, text: str, speed: int = 160, pitch: int = 50) -> np.ndarray:
    """espeak-ng's 22.05 kHz output resampled to 8 kHz, float64 in about [-1, 1]."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", text],
                         check=True, capture_output=True).stdout
    if wav[:4] != b"RIFF" or int.from_bytes(wav[24:28], "little") != 22050:
        raise RuntimeError(f"espeak-ng gave no 22.05 kHz WAV for {voice!r}")
    data = wav.index(b"data") + 8
    x = np.frombuffer(wav[data:data + (len(wav) - data) // 2 * 2], dtype="<i2").astype(np.float64) / 32768.0
    return signal.resample_poly(x, 160, 441)


def _trim(x: np.ndarray) -> np.ndarray:
    """The span between the first and last 10 ms frame above 5% of the peak frame energy."""
    frames = np.sqrt(np.mean(x[: len(x) // 80 * 80].reshape(-1, 80) ** 2, axis=1))
    on = np.flatnonzero(frames > 0.05 * frames.max())
    return x[on[0] * 80:(on[-1] + 1) * 80] if len(on) else x


def _colored(rng, n: int, exponent: float) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.arange(len(spec), dtype=np.float64)
    f[0] = 1.0
    y = np.fft.irfft(spec / f ** (exponent / 2), n)
    return y / (np.std(y) + 1e-12)


NOISES = ["white", "pink", "brown", "hum", "babble"]


def _noise(rng, babble: list[np.ndarray]) -> tuple[np.ndarray, str]:
    kind = int(rng.integers(5))
    if kind == 0:
        y = rng.standard_normal(LENGTH)
    elif kind == 1:
        y = _colored(rng, LENGTH, 1.0)
    elif kind == 2:
        y = _colored(rng, LENGTH, 2.0)
    elif kind == 3:
        t = np.arange(LENGTH) / SR
        base = 50.0 if rng.random() < 0.5 else 60.0
        y = sum(rng.uniform(0.2, 1.0) * np.sin(2 * np.pi * base * h * t + rng.uniform(0, 6.3)) for h in (1, 2, 3, 5))
        y = y + 0.3 * rng.standard_normal(LENGTH)
    else:
        src = babble[int(rng.integers(len(babble)))]
        start = int(rng.integers(len(src) - LENGTH))
        y = src[start:start + LENGTH] + 0.05 * rng.standard_normal(LENGTH)
    return y / (np.std(y) + 1e-12), NOISES[kind]


def _reverb(rng, x: np.ndarray, rt60: float) -> np.ndarray:
    n = int(rt60 * SR)
    t = np.arange(n) / SR
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60) * rng.uniform(0.2, 0.6)
    ir[0] = 1.0
    y = signal.fftconvolve(x, ir)[:LENGTH]
    return y * (np.std(x) / (np.std(y) + 1e-12))


def _clip(rng, split: str, label: int, babble: list[np.ndarray]) -> tuple[np.ndarray, dict]:
    lang = "zh" if rng.random() < 0.5 else "en"
    info = {"lang": lang}
    x = np.zeros(LENGTH)
    if CLASSES[label] != "_silence_":
        if CLASSES[label] == "_unknown_":
            w = UNKNOWN[lang][int(rng.integers(len(UNKNOWN[lang])))]
        else:
            w = COMMANDS[label][1:] if lang == "zh" else COMMANDS[label][0]
        word, spoken = (w if lang == "zh" else (w, w))
        variant = VARIANTS[split][int(rng.integers(len(VARIANTS[split])))]
        base = MANDARIN if lang == "zh" else ENGLISH[split][int(rng.integers(len(ENGLISH[split])))]
        voice = f"{base}+{variant}"
        speed, pitch = int(rng.integers(120, 231)), int(rng.integers(15, 86))
        speech = _trim(_espeak(voice, spoken, speed, pitch))[:LENGTH - 160]
        start = int(rng.integers(0, LENGTH - len(speech) + 1))
        x[start:start + len(speech)] = speech
        info.update(word=word, voice=voice, speed=speed, pitch=pitch)
        p, lo, hi = REVERB[split]
        if rng.random() < p:
            rt60 = float(rng.uniform(lo, hi))
            x = _reverb(rng, x, rt60)
            info["reverb"] = round(rt60, 3)
        active = x[np.abs(x) > 0.05 * np.abs(x).max()]
        level = np.sqrt(np.mean(active ** 2))
        snr = float(rng.uniform(*SNR_DB[split]))
        noise, info["noise"] = _noise(rng, babble)
        x = x + noise * level / 10 ** (snr / 20)
        info["snr_db"] = round(snr, 2)
    else:
        noise, info["noise"] = _noise(rng, babble)
        x = noise * rng.uniform(0.02, 0.3)
        info.update(word=None)
    peak = np.abs(x).max()
    x = x / (peak + 1e-12) * rng.uniform(0.1, 0.9)
    return np.clip(np.round(x * 32767), -32768, 32767).astype(np.int16), info


def build(out: Path) -> None:
    babble = [_espeak(v, t, 170, 50) for v, t in BABBLE]
    babble = [b / (np.std(b) + 1e-12) for b in babble]
    for k, split in enumerate(("train", "val", "test")):
        rng = np.random.default_rng([SEED, k])
        n = SIZES[split]
        labels = rng.permutation(np.arange(n) % len(CLASSES)).astype(np.int64)
        clips, infos = zip(*(_clip(rng, split, int(y), babble) for y in labels))
        (out / split).mkdir()
        answers = out / ("test_labels" if split == "test" else split)
        answers.mkdir(exist_ok=True)
        np.save(out / split / "waves.npy", np.stack(clips))
        np.save(answers / "labels.npy", labels)
        (answers / "info.jsonl").write_text(
            "".join(json.dumps(i, ensure_ascii=False, sort_keys=True) + "\n" for i in infos), encoding="utf-8")
        meta = {
            "classes": CLASSES, "sample_rate": SR, "length": LENGTH, "count": n, "version": VERSION,
            "words": {e: {"en": e, "zh": z, "pinyin": p} for e, z, p in COMMANDS},
            "unknown_words": {"en": UNKNOWN["en"], "zh": [z for z, _ in UNKNOWN["zh"]]},
            "voices": {"english": ENGLISH[split], "mandarin": MANDARIN, "variants": VARIANTS[split]},
            "dtype": "int16 (divide by 32768 for float)",
        }
        (out / split / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
