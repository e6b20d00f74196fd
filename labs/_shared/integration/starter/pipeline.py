"""智能家居语音助手的集成代码 / Glue code of the smart-home voice assistant.

    文本 text  ─ encode() ─▶ components/intent.onnx ─▶ 意图 intent  ─┐
                                                                  ├─ 配置的动作表 action table ─▶ action
    音频 audio ─ features() ─▶ components/kws.onnx ─▶ 命令词 keyword ─┘   (置信度低于阈值 → fallback)

Assistant(config_path).handle(request) -> {"action", "source", "label", "confidence"}; a malformed
request raises ValueError (the service answers it with 400).
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import yaml
from labkit.audio import log_mel

ROOT = Path(__file__).resolve().parent.parent  # the exam folder: components/, config/
PUNCT = ",.!?;:，。！？；：、\"'"


def tokenize(text: str, lang: str) -> list[str]:
    """The intent component's tokenisation (components/intent.json)."""
    # YOUR CODE HERE / 在此作答
    raise NotImplementedError()


def encode(text: str, lang: str, vocab: dict, max_tokens: int = 32) -> np.ndarray:
    """Token ids int64 [max_tokens]: unknown tokens 1, padding 0 after the last token."""
    # YOUR CODE HERE / 在此作答（没有词的句子：raise ValueError）
    raise NotImplementedError()


def features(wave: np.ndarray, sample_rate: int) -> np.ndarray:
    """The keyword component's front end: int16 [8000] at 8 kHz -> log-mel float32 [40, 98]."""
    # YOUR CODE HERE / 在此作答（采样率或长度不对：raise ValueError）
    raise NotImplementedError()


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def decode_audio(data) -> np.ndarray:
    if not isinstance(data, str):
        raise ValueError("audio must be a base64 string")
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError(f"audio is not base64: {exc}") from None
    if len(raw) % 2:
        raise ValueError("audio must be 16-bit PCM (an even number of bytes)")
    return np.frombuffer(raw, dtype="<i2")


class Assistant:
    def __init__(self, config_path="config/assistant.yaml"):
        path = Path(config_path)
        if not path.is_absolute() and not path.exists():
            path = ROOT / path
        with open(path, encoding="utf-8") as f:
            self.config = yaml.safe_load(f)
        comp = ROOT / "components"
        self.kws_card = json.loads((comp / "kws.json").read_text(encoding="utf-8"))
        self.intent_card = json.loads((comp / "intent.json").read_text(encoding="utf-8"))
        self.vocab = json.loads((comp / "intent_vocab.json").read_text(encoding="utf-8"))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        self.kws = ort.InferenceSession(str(comp / "kws.onnx"), opts, providers=["CPUExecutionProvider"])
        self.intent = ort.InferenceSession(str(comp / "intent.onnx"), opts, providers=["CPUExecutionProvider"])

    def decide(self, table: dict, label: str, confidence: float) -> str:
        """The action for a component's label by the configured table, threshold and fallback."""
        # YOUR CODE HERE / 在此作答
        raise NotImplementedError()

    def handle(self, request) -> dict:
        """{"text", "lang"} or {"audio", "sample_rate"} -> {"action", "source", "label", "confidence"};
        a malformed request raises ValueError."""
        # YOUR CODE HERE / 在此作答
        raise NotImplementedError()
