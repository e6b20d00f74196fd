"""HTTP service of the tray inspection: POST /inspect {"image": base64 of raw RGB, uint8 [64, 64, 3]}
-> the report; GET /health. 400 for a broken contract (bad JSON, fields, image), 503 when the segmenter
fails. Config: $INSPECTION_CONFIG (default config/inspection.yaml); port: $PORT (default 8080)."""
import base64
import binascii
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inspector import ComponentError, ContractError, Inspector  # noqa: E402

inspector = Inspector(os.environ.get("INSPECTION_CONFIG", "config/inspection.yaml"))


def decode(doc) -> np.ndarray:
    if not isinstance(doc, dict) or not isinstance(doc.get("image"), str):
        raise ContractError('expected {"image": base64 of 12288 bytes}')
    try:
        raw = base64.b64decode(doc["image"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ContractError(f"image is not base64: {exc}") from None
    if len(raw) != 64 * 64 * 3:
        raise ContractError(f"expected 12288 bytes (uint8 [64, 64, 3]), got {len(raw)}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(64, 64, 3)


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
            self.reply(200, {"status": "ok"})
        else:
            self.reply(405 if self.path == "/inspect" else 404, {"error": "use POST /inspect"})

    def do_POST(self):
        if self.path != "/inspect":
            return self.reply(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1 << 20:
            return self.reply(413, {"error": "request too large"})
        try:
            report = inspector.inspect(decode(json.loads(self.rfile.read(length))))
        except ValueError as exc:  # ContractError and json.JSONDecodeError are ValueErrors
            return self.reply(400, {"error": str(exc)[:200]})
        except ComponentError as exc:
            return self.reply(503, {"error": str(exc)[:200]})
        self.reply(200, report)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
