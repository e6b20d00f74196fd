"""托盘计数服务 tray-counter 1.2 / The tray-counter service.

POST /count {"image": base64 of raw RGB bytes, uint8 [64, 64, 3] row-major} -> {"count": parts on the tray}
GET  /health -> {"status": "ok", "model": ...}

Run: python counter.py --config config/counter.yaml (paths in the config are relative to this folder).
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
from scipy import ndimage

HERE = Path(__file__).resolve().parent
log = logging.getLogger("tray-counter")


class Counter:
    def __init__(self, config_path):
        with open(HERE / config_path, encoding="utf-8") as f:
            self.cfg = yaml.safe_load(f)
        self.session = ort.InferenceSession(str(HERE / self.cfg["model"]), providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        log.info("model %s, layout %s, scale %s", self.cfg["model"], self.cfg["layout"], self.cfg["scale"])

    def handle(self, doc) -> dict:
        if not isinstance(doc, dict) or not isinstance(doc.get("image"), str):
            raise ValueError('expected {"image": base64}')
        try:
            raw = base64.b64decode(doc["image"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError(f"image is not base64: {exc}") from None
        if len(raw) != 64 * 64 * 3:
            raise ValueError(f"expected {64 * 64 * 3} bytes, got {len(raw)}")
        x = np.frombuffer(raw, dtype=np.uint8).reshape(1, 64, 64, 3).astype(np.float32) * float(self.cfg["scale"])
        if self.cfg["layout"] == "NCHW":
            x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
        logits = self.session.run(None, {self.input: x})[0][0]
        p = np.exp(logits - logits.max(0)) / np.exp(logits - logits.max(0)).sum(0)
        labels, n = ndimage.label(p[1] > self.cfg["threshold"])
        sizes = ndimage.sum(np.ones_like(labels), labels, range(1, n + 1)) if n else []
        return {"count": int(sum(s >= self.cfg["min_pixels"] for s in sizes))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    counter = Counter(args.config)

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
                self.reply(200, {"status": "ok", "model": counter.cfg["model"]})
            else:
                self.reply(404, {"error": "not found"})

        def do_POST(self):
            if self.path != "/count":
                return self.reply(404, {"error": "not found"})
            try:
                result = counter.handle(json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0))))
            except ValueError as exc:
                log.warning("400 %s", exc)
                return self.reply(400, {"error": str(exc)[:200]})
            except Exception as exc:  # noqa: BLE001
                log.error("500 %s: %s", type(exc).__name__, str(exc)[:300])
                return self.reply(500, {"error": "internal error"})
            self.reply(200, result)

        def log_message(self, *args):
            pass

    port = int(os.environ.get("PORT", "8080"))
    log.info("listening on 127.0.0.1:%d", port)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
