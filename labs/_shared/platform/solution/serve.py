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
    ### BEGIN SOLUTION
    if not isinstance(doc, dict) or "pixels" not in doc:
        raise ValueError('expected a JSON object with "pixels"')
    pixels = doc["pixels"]
    if not isinstance(pixels, list) or len(pixels) != 64:
        raise ValueError("pixels: expected a list of 64 grey levels")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in pixels):
        raise ValueError("pixels: every grey level must be a number")
    if not all(math.isfinite(v) and 0 <= v <= 16 for v in pixels):
        raise ValueError("pixels: grey levels must lie in 0..16")
    return (np.asarray(pixels, dtype=np.float32) / 16.0).reshape(1, 1, 8, 8)
    ### END SOLUTION


def load_session(path=MODEL_PATH):
    """ONNX Runtime 会话，启动时只加载一次 / the ONNX Runtime session, loaded once at start-up."""
    ### BEGIN SOLUTION
    import onnxruntime as ort

    return ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    ### END SOLUTION


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
        ### BEGIN SOLUTION
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > 65536:
                return self.reply(413, {"error": "request too large"})
            x = preprocess(json.loads(self.rfile.read(length)))
        except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            return self.reply(400, {"error": str(exc)[:200]})
        session = Handler.session
        logits = session.run(None, {session.get_inputs()[0].name: x})[0]
        self.reply(200, {"label": int(np.argmax(logits[0]))})
        ### END SOLUTION

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    Handler.session = load_session()
    port = int(os.environ.get("PORT", "8080"))
    print(f"digits service on 127.0.0.1:{port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
