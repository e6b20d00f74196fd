"""Builds the intermediate AI platform exam's data, deterministically (argument: the pinned exam's
folder; run with the ml environment's Python and PYTHONPATH = the project). Generators shared with
the junior exam and the practice lab are loaded by path from labs/platform-junior/build.py and
labs/platform-practice/build.py (other seeds).

    source/platform/data/digits/{train,val}/    the offline digits set; hidden/…/digits: its test split
    hidden/data/service/requests.jsonl, x.npy    200 hidden test digits as service requests / as an array
    source/platform/data/given/unoptimised.onnx  a graph to optimise (B1); hidden/data/given_b/: another
    source/platform/logs/requests.jsonl          a day of the service's request log (R1); hidden/data/traffic_b/
    source/platform/data/compare/, hidden/data/compare_b/   fp32 and INT8 logits with labels (C2)
    source/platform/ops/                         the INT8 digits service released to an edge site, with three
                                                 faults (E1: a model file name that does not exist, an input
                                                 name the model does not have, a throttle left on)
"""

import hashlib
import importlib.util
import json
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data

ASSIGNMENT = "platform"
PROJECT = Path(offline_data.__file__).resolve().parent.parent


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


junior = _load("platform_junior_build", PROJECT / "labs" / "platform-junior" / "build.py")
practice = _load("platform_practice_build", PROJECT / "labs" / "platform-practice" / "build.py")

SERVE = r'''"""digits-edge: POST /predict {"pixels": [64 grey levels 0..16]} -> {"label": k}; GET /health, GET /version.
Settings in config.json beside this file."""
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "config.json")) as f:
    CONFIG = json.load(f)
options = ort.SessionOptions()
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
options.intra_op_num_threads = int(CONFIG.get("threads", 1))
SESSION = ort.InferenceSession(os.path.join(HERE, CONFIG["model"]), options, providers=["CPUExecutionProvider"])
INPUT = CONFIG["input_name"]
THROTTLE_S = float(CONFIG.get("throttle_ms", 0)) / 1000.0  # load-test pacing; 0 in production


def preprocess(doc):
    pixels = doc["pixels"]
    if not isinstance(pixels, list) or len(pixels) != 64:
        raise ValueError("pixels: expected a list of 64 grey levels 0..16")
    x = np.asarray(pixels, dtype=np.float32)
    if not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 16:
        raise ValueError("pixels: grey levels must lie in 0..16")
    return (x / 16.0).reshape(1, 1, 8, 8)


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
        elif self.path == "/version":
            self.reply(200, {"version": CONFIG["version"], "model": CONFIG["model"]})
        else:
            self.reply(405 if self.path == "/predict" else 404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/predict":
            return self.reply(404, {"error": "not found"})
        try:
            length = int(self.headers.get("Content-Length") or 0)
            doc = json.loads(self.rfile.read(length))
            if not isinstance(doc, dict):
                raise ValueError("the body must be a JSON object")
            x = preprocess(doc)
        except (ValueError, KeyError, TypeError) as exc:
            return self.reply(400, {"error": str(exc)[:200]})
        if THROTTLE_S:
            time.sleep(THROTTLE_S)
        try:
            logits = SESSION.run(None, {INPUT: x})[0]
        except Exception as exc:  # noqa: BLE001 - reported to the caller and the log
            print(f"inference failed: {type(exc).__name__}: {str(exc)[:300]}", flush=True)
            return self.reply(500, {"error": "inference failed"})
        self.reply(200, {"label": int(logits.argmax(1)[0])})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    print(f"digits-edge {CONFIG['version']} ({CONFIG['model']}) on port {port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
'''

START = """#!/bin/bash
# digits-edge: the INT8 digits service on $PORT (default 8080).
cd "$(dirname "$0")"
exec python serve.py
"""

MANUAL = """# digits-edge · 部署手册 / deployment manual

- 启动 Start: `PORT=<端口 port> bash start.sh`；`GET /health` 返回 200 即可服务 / ready when `GET /health` answers 200.
- `config.json`: `model`（模型文件，必须是 manifest 中的文件 / must be a file listed in the manifest）、`input_name`（必须与模型的输入名一致 /
  must equal the model's input name）、`threads`、`throttle_ms`（只在压测时使用，生产环境为 0 / for load tests only, 0 in production）、`version`。
- 性能要求 Performance: 单请求 P95 ≤ 50 ms / p95 per request ≤ 50 ms.
- 接口 API: `POST /predict {"pixels": [64 个灰度值 0..16 grey levels]}` → `{"label": 0..9}`.
"""


def edge_model(root: Path) -> bytes:
    """The released INT8 model: a linear classifier quantised dynamically (a real QLinear graph)."""
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    v1, _ = junior.linear_models(root)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "fp32.onnx").write_bytes(v1)
        quantize_dynamic(str(Path(tmp) / "fp32.onnx"), str(Path(tmp) / "int8.onnx"), weight_type=QuantType.QInt8)
        return (Path(tmp) / "int8.onnx").read_bytes()


def ops_site(folder: Path, model: bytes) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "models").mkdir(parents=True)
    (folder / "logs").mkdir()
    (folder / "models" / "digits-int8-v2.onnx").write_bytes(model)
    manifest = {"product": "digits-edge", "released": {"v2": {"date": "2026-11-02", "files": {
        "models/digits-int8-v2.onnx": {"sha256": hashlib.sha256(model).hexdigest(), "bytes": len(model)}}}},
        "input": {"name": "image", "shape": ["N", 1, 8, 8], "preprocessing": "grey level / 16"}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    config = {"version": "v2", "model": "models/digits_int8_v3.onnx", "input_name": "x", "threads": 1, "throttle_ms": 150}
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (folder / "serve.py").write_text(SERVE)
    (folder / "start.sh").write_text(START)
    (folder / "README.md").write_text(MANUAL)
    (folder / "logs" / "service.log").write_text(
        "2026-11-26 07:58:02 deploy: copied digits-int8-v2.onnx, updated config.json (model, input_name) for v3 trial\n"
        "2026-11-26 07:58:40 start.sh: digits-edge v2 starting\n"
        "Traceback (most recent call last):\n"
        '  File "serve.py", line 18, in <module>\n'
        "onnxruntime.capi.onnxruntime_pybind11_state.NoSuchFile: [ONNXRuntimeError] : 3 : NO_SUCHFILE : "
        "Load model from models/digits_int8_v3.onnx failed. File doesn't exist\n")


def traffic_log(path: Path, seed: int) -> None:
    """A day of requests: a quiet night, a morning peak (one busy minute), slower answers at the peak."""
    rng = np.random.default_rng([2021, seed])
    day = datetime(2026, 11, 24)
    peak_hour = int(rng.integers(9, 12))
    lines = []
    for minute in range(24 * 60):
        hour = minute // 60
        rate = 4 + (40 if hour == peak_hour else 15 if 8 <= hour <= 18 else 0)
        n = int(rng.poisson(rate))
        if hour == peak_hour and minute % 60 == 17:
            n += 60
        for s in np.sort(rng.uniform(0, 60, n)):
            t = day + timedelta(minutes=minute, seconds=float(s))
            lat = float(rng.lognormal(np.log(6.0 if hour == peak_hour else 3.0), 0.4))
            rec = {"ts": t.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], "latency_ms": round(lat, 2),
                   "status": "error" if rng.random() < 0.01 else "ok"}
            lines.append(json.dumps(rec))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def compare_set(folder: Path, seed: int, n: int) -> None:
    rng = np.random.default_rng([2021, seed])
    y = rng.integers(0, 10, n)
    fp32 = rng.normal(0, 1, (n, 10)).astype(np.float32)
    fp32[np.arange(n), np.where(rng.random(n) < 0.95, y, rng.integers(0, 10, n))] += 3.5
    int8 = (fp32 + rng.normal(0, 0.35, fp32.shape)).astype(np.float32)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "fp32_logits.npy", fp32)
    np.save(folder / "int8_logits.npy", int8)
    np.save(folder / "y.npy", y.astype(np.int64))


def main(root: Path) -> None:
    offline_data.publish("digits", root, ASSIGNMENT)
    src, hidden = root / "source" / ASSIGNMENT, root / "hidden"
    x = np.load(hidden / "data" / "digits" / "x.npy")[:200]
    y = np.load(hidden / "labels" / "digits" / "y.npy")[:200]
    junior.service_split(hidden, x, y)

    (src / "data" / "given").mkdir(parents=True, exist_ok=True)
    (src / "data" / "given" / "unoptimised.onnx").write_bytes(practice.unoptimised(np.random.default_rng([2021, 21])))
    (hidden / "data" / "given_b").mkdir(parents=True, exist_ok=True)
    (hidden / "data" / "given_b" / "unoptimised.onnx").write_bytes(practice.unoptimised(np.random.default_rng([2021, 22])))
    traffic_log(src / "logs" / "requests.jsonl", 31)
    traffic_log(hidden / "data" / "traffic_b" / "requests.jsonl", 32)
    compare_set(src / "data" / "compare", 41, 300)
    compare_set(hidden / "data" / "compare_b", 42, 400)
    junior.ASSIGNMENT = ASSIGNMENT
    ops_site(src / "ops", edge_model(root))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
