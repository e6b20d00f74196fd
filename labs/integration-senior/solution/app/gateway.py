"""意图网关：云端 NLU 优先，超时、失败、违约或低置信度时降级到本地组件。
Intent gateway: the cloud NLU first; on a timeout, a failure, a broken contract or low confidence it
degrades to the local component.

Gateway(config_path).route({"text", "lang"}) -> {"intent", "source": "cloud" | "local", "confidence",
"route": "<source>:<intent>", "reason": "ok" | "error" | "timeout" | "contract" | "low_confidence"};
a malformed request raises ValueError (the service answers 400).
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import onnxruntime as ort
import yaml

ROOT = Path(__file__).resolve().parent.parent
PUNCT = ",.!?;:，。！？；：、\"'"


class CloudFailure(Exception):
    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason


def encode(text: str, lang: str, vocab: dict) -> np.ndarray:
    if lang == "zh":
        toks = [c for c in text if not c.isspace() and c not in PUNCT]
    else:
        toks = [w for w in (t.strip(PUNCT) for t in text.lower().split()) if w]
    ids = [vocab.get(t, 1) for t in toks][:32]
    if not ids:
        raise ValueError("text has no tokens")
    return np.array(ids + [0] * (32 - len(ids)), dtype=np.int64)


class Gateway:
    def __init__(self, config_path="config/gateway.yaml", cloud=None):
        path = Path(config_path)
        if not path.is_absolute() and not path.exists():
            path = ROOT / path
        with open(path, encoding="utf-8") as f:
            self.config = yaml.safe_load(f)
        local = self.config["local"]
        self.card = json.loads((ROOT / local["card"]).read_text(encoding="utf-8"))
        self.vocab = json.loads((ROOT / local["vocab"]).read_text(encoding="utf-8"))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        self.session = ort.InferenceSession(str(ROOT / local["model"]), opts, providers=["CPUExecutionProvider"])
        self.cloud = cloud or self.cloud_http

    def local(self, text: str, lang: str) -> tuple[str, float]:
        z = self.session.run(None, {"ids": encode(text, lang, self.vocab)[None]})[0][0]
        p = np.exp(z - z.max())
        p /= p.sum()
        return self.card["intents"][int(p.argmax())], float(p.max())

    def cloud_http(self, text: str, lang: str) -> dict:
        cfg = self.config["cloud"]
        try:
            port = int((ROOT / cfg["port_file"]).read_text().strip())
        except (OSError, ValueError) as exc:
            raise CloudFailure("error", f"no cloud port: {exc}") from None
        req = urllib.request.Request(f"http://127.0.0.1:{port}{cfg['path']}",
                                     data=json.dumps({"text": text, "lang": lang}).encode(),
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=cfg["timeout_ms"] / 1000) as r:
                return json.loads(r.read())
        except (socket.timeout, TimeoutError) as exc:
            raise CloudFailure("timeout", str(exc)) from None
        except urllib.error.URLError as exc:
            if isinstance(getattr(exc, "reason", None), (socket.timeout, TimeoutError)):
                raise CloudFailure("timeout", str(exc)) from None
            raise CloudFailure("error", str(exc)) from None
        except (OSError, ValueError) as exc:
            raise CloudFailure("error", str(exc)) from None

    def ask_cloud(self, text: str, lang: str) -> tuple[str, float]:
        doc = self.cloud(text, lang)
        intent, confidence = (doc.get("intent"), doc.get("confidence")) if isinstance(doc, dict) else (None, None)
        if intent not in self.card["intents"] or isinstance(confidence, bool) or \
                not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
            raise CloudFailure("contract", f"answer {str(doc)[:100]}")
        return intent, float(confidence)

    def route(self, request) -> dict:
        if not isinstance(request, dict):
            raise ValueError("the request must be a JSON object")
        text, lang = request.get("text"), request.get("lang")
        if not isinstance(text, str) or not text.strip():
            raise ValueError("text must be a non-empty string")
        if lang not in ("zh", "en"):
            raise ValueError('lang must be "zh" or "en"')
        encode(text, lang, self.vocab)  # refuses a text without tokens before any component is asked
        try:
            intent, confidence = self.ask_cloud(text, lang)
            reason = "ok" if confidence >= self.config["cloud"]["min_confidence"] else "low_confidence"
        except CloudFailure as exc:
            reason = exc.reason
        if reason == "ok":
            source = "cloud"
        else:
            source = "local"
            intent, confidence = self.local(text, lang)
        return {"intent": intent, "source": source, "confidence": round(confidence, 4),
                "route": f"{source}:{intent}", "reason": reason}
