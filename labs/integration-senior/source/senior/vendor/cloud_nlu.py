"""供应商的“云端”意图理解服务（本考试中的模拟）/ The vendor's "cloud" NLU service (simulated for this exam).

    POST /nlu {"text": str, "lang": "zh" | "en"} -> 200 {"intent": name, "confidence": p, "model": "cloud-nlu 3.4"}
    GET  /health -> 200

Model: a bag of words and bigrams (cloud_model.npz), stronger than the local component on new phrasings.
Behaviour measured in production and reproduced here (deterministic per text, see fault()):
about 20 % of requests fail with 503, 10 % take 1.5 s, 10 % answer 200 with {"intent": null}.
Do not change this file: it stands for a service you do not control.

Run: python cloud_nlu.py --port-file <file> (listens on a free port of 127.0.0.1 and writes it there).
"""

import argparse
import hashlib
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PUNCT = ",.!?;:，。！？；：、\"'"
_MODEL: tuple | None = None


def model() -> tuple:
    """(vocabulary index, weights, biases, intent names), loaded once."""
    global _MODEL
    if _MODEL is None:
        m = np.load(HERE / "cloud_model.npz", allow_pickle=False)
        _MODEL = ({t: i for i, t in enumerate(m["vocab"].tolist())}, m["w"], m["b"], m["intents"].tolist())
    return _MODEL


def features(text: str, lang: str) -> list[str]:
    if lang == "zh":
        toks = [c for c in text if not c.isspace() and c not in PUNCT]
    else:
        toks = [w for w in (t.strip(PUNCT) for t in text.lower().split()) if w]
    return toks + [a + "_" + b for a, b in zip(toks, toks[1:])]


def predict(text: str, lang: str) -> tuple[str, float]:
    """The cloud model without its faults: (intent, confidence)."""
    vocab, w, b, intents = model()
    z = b.astype(np.float64)
    for f in features(text, lang):
        if f in vocab:
            z = z + w[vocab[f]]
    p = np.exp(z - z.max())
    p /= p.sum()
    return intents[int(p.argmax())], round(float(p.max()), 4)


def fault(text: str):
    """None, "error" (503), "slow" (1.5 s) or "null" ({"intent": null}) for this text."""
    k = hashlib.sha256(text.encode("utf-8")).digest()[0] % 10
    return {0: "error", 1: "error", 2: "slow", 3: "null"}.get(k)


class Handler(BaseHTTPRequestHandler):
    def reply(self, code, doc):
        body = json.dumps(doc).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.reply(200 if self.path == "/health" else 404, {"status": "ok"})

    def do_POST(self):
        try:
            doc = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
            text, lang = doc["text"], doc["lang"]
            assert isinstance(text, str) and lang in ("zh", "en")
        except Exception:  # noqa: BLE001
            return self.reply(400, {"error": "bad request"})
        kind = fault(text)
        time.sleep(0.02)  # network and queueing
        if kind == "error":
            return self.reply(503, {"error": "service unavailable"})
        if kind == "slow":
            time.sleep(1.5)
        if kind == "null":
            return self.reply(200, {"intent": None, "confidence": None, "model": "cloud-nlu 3.4"})
        intent, confidence = predict(text, lang)
        self.reply(200, {"intent": intent, "confidence": confidence, "model": "cloud-nlu 3.4"})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    args = ap.parse_args()
    model()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    server.serve_forever()
