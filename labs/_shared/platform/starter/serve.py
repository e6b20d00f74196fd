"""digits 推理服务 / digits inference service (deploy/serve.py).

API:  GET  /health   -> 200 {"status": "ok"} once the model is loaded
      POST /predict  {"pixels": [64 grey levels 0..16, row-major]} -> 200 {"label": 0..9}
      a malformed request -> 400 {"error": "..."}; a wrong path -> 404; GET /predict -> 405
Model: model/digits.onnx beside this file (input float32 [N, 1, 8, 8] = grey level / 16).
Run:  PORT=8080 bash start.sh
"""
import json
import math
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODEL_PATH = os.path.join(HERE, "model", "digits.onnx")


def preprocess(doc):
    """JSON 请求体 -> 模型输入 / a parsed request body -> the model input, float32 [1, 1, 8, 8].
    Raises ValueError for anything that is not {"pixels": [64 numbers in 0..16]}."""
    # YOUR CODE HERE
    raise NotImplementedError()


def load_session(path=MODEL_PATH):
    """ONNX Runtime 会话，启动时只加载一次 / the ONNX Runtime session, loaded once at start-up."""
    # YOUR CODE HERE
    raise NotImplementedError()


class Handler(BaseHTTPRequestHandler):
    session = None

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
        elif self.path == "/predict":
            self.reply(405, {"error": "use POST"})
        else:
            self.reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/predict":
            return self.reply(404, {"error": "not found"})
        # YOUR CODE HERE
        raise NotImplementedError()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    Handler.session = load_session()
    port = int(os.environ.get("PORT", "8080"))
    print(f"digits service on 127.0.0.1:{port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
