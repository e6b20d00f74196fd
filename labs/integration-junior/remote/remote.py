"""语音遥控器服务 voice-remote 1.4 / The voice-remote service.

POST /command {"audio": base64 of 16-bit PCM (little-endian), "sample_rate": 8000}
    -> {"command": "light.on", "keyword": "open", "confidence": 0.93}
GET  /health -> {"status": "ok", "model": ...}

Run: python remote.py --config config/remote.yaml (paths in the config are relative to this folder).
"""

import argparse
import base64
import binascii
import json
import logging
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import onnxruntime as ort
import yaml
from labkit.audio import log_mel, mfcc

HERE = Path(__file__).resolve().parent
FRONT_ENDS = {
    "logmel40": lambda wave, sr: log_mel(wave, sr),        # float32 [40, 98] for 1 s at 8 kHz
    "mfcc13": lambda wave, sr: mfcc(wave, sr, n=13),       # float32 [13, 98]
}
log = logging.getLogger("voice-remote")


class Remote:
    def __init__(self, config_path):
        with open(HERE / config_path, encoding="utf-8") as f:
            self.cfg = yaml.safe_load(f)
        self.session = ort.InferenceSession(str(HERE / self.cfg["model"]), providers=["CPUExecutionProvider"])
        self.labels = json.loads((HERE / self.cfg["labels"]).read_text(encoding="utf-8"))["classes"]
        self.front_end = FRONT_ENDS[self.cfg["features"]]
        self.rate = int(self.cfg["sample_rate"])
        log.info("model %s, %d classes, features %s, %d Hz", self.cfg["model"], len(self.labels),
                 self.cfg["features"], self.rate)

    def handle(self, doc) -> dict:
        if not isinstance(doc, dict) or not isinstance(doc.get("audio"), str):
            raise ValueError('expected {"audio": base64, "sample_rate": int}')
        if doc.get("sample_rate") != self.rate:
            raise ValueError(f"sample_rate {doc.get('sample_rate')} != {self.rate} Hz")
        try:
            wave = np.frombuffer(base64.b64decode(doc["audio"], validate=True), dtype="<i2")
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"audio is not base64 PCM: {exc}") from None
        if len(wave) != self.rate:
            raise ValueError(f"expected 1 s of audio ({self.rate} samples), got {len(wave)}")
        feats = self.front_end(wave, self.rate)
        logits = self.session.run(None, {self.session.get_inputs()[0].name: feats[None]})[0][0]
        p = np.exp(logits - logits.max())
        p /= p.sum()
        keyword = self.labels[int(p.argmax())]
        confidence = float(p.max())
        command = self.cfg["commands"].get(keyword, "none") if confidence >= self.cfg["threshold"] else "none"
        return {"command": command, "keyword": keyword, "confidence": round(confidence, 4)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    remote = Remote(args.config)

    class Handler(BaseHTTPRequestHandler):
        def reply(self, code, doc):
            body = json.dumps(doc).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path == "/health":
                self.reply(200, {"status": "ok", "model": remote.cfg["model"]})
            else:
                self.reply(405 if self.path == "/command" else 404, {"error": "use POST /command"})

        def do_POST(self):
            if self.path != "/command":
                return self.reply(404, {"error": "not found"})
            try:
                doc = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                result = remote.handle(doc)
            except ValueError as exc:
                log.warning("400 %s", exc)
                return self.reply(400, {"error": str(exc)[:200]})
            except Exception as exc:  # noqa: BLE001
                log.error("500 %s: %s", type(exc).__name__, str(exc)[:300])
                return self.reply(500, {"error": "internal error"})
            log.info("200 %s %.3f", result["command"], result["confidence"])
            self.reply(200, result)

        def log_message(self, *args):
            pass

    port = int(os.environ.get("PORT", "8080"))
    log.info("listening on 127.0.0.1:%d", port)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
