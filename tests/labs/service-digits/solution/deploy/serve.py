"""Online: POST /predict {"pixels": [64 numbers]} -> {"label": k}; GET /health."""
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

centroids = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "centroids.npy"))


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
            self.reply(404 if self.path != "/predict" else 405, {"error": "not found"})

    def do_POST(self):
        if self.path != "/predict":
            return self.reply(404, {"error": "not found"})
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1 << 20:
            return self.reply(413, {"error": "too large"})
        try:
            doc = json.loads(self.rfile.read(length))
            x = np.asarray(doc["pixels"], dtype=np.float64)
            if x.shape != (64,):
                raise ValueError(f"pixels: expected 64 numbers, got shape {list(x.shape)}")
        except (ValueError, KeyError, TypeError) as exc:
            return self.reply(400, {"error": str(exc)[:200]})
        self.reply(200, {"label": int(((centroids - x) ** 2).sum(1).argmin())})

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
