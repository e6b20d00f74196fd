"""Builds the junior AI platform exam's data, deterministically. Run by `practicum sitting create` /
`practicum check` on the pinned copy of the exam (argument: its folder), with the ml environment's
Python and PYTHONPATH = the project.

    source/platform/data/digits/{train,val}/  the offline digits set (8×8, float32 0..1, NCHW)
    hidden/data/digits/, hidden/labels/digits/  its hidden test split (450) for the Paddle model task
    hidden/data/service/requests.jsonl        200 hidden test digits as service requests
                                              {"pixels": [64 grey levels 0..16]} (x.npy: the same
                                              digits as float32 [N,1,8,8] for the ONNX model task)
    hidden/labels/service/y.npy               their labels
    source/platform/env/                      a broken environment: requirements.txt + report.json (A1)
    hidden/data/env_b/, env_c/                two more broken environments (A1's hidden checks)
    source/platform/data/verify/, hidden/data/verify_b/   offline logits, online answers, labels (C2)
    source/platform/ops/                      a released deployment of the digits service with three
                                              faults (E1: port clash, mismatched model, preprocessing)
    hidden/data/ops_b/                        another site of the same product, working but with its
                                              own state (E2 inspects it while it runs)
    hidden/data/package_b/                    a folder to write a manifest for (D1's hidden check)
"""

import hashlib
import json
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data

ASSIGNMENT = "platform"

# ------------------------------------------------------------------ the deployed product (part E)

SERVE = r'''"""digits-service: POST /predict {"pixels": [64 grey levels 0..16]} -> {"label": k, "version": v};
GET /health, GET /version. Reads config.json beside this file."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import onnxruntime as ort

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "config.json")) as f:
    CONFIG = json.load(f)
MODEL = os.path.join(HERE, CONFIG["models"][CONFIG["active_version"]])
SESSION = ort.InferenceSession(MODEL, providers=["CPUExecutionProvider"])
INPUT = SESSION.get_inputs()[0].name
SCALE = float(CONFIG["input_scale"])  # grey level -> model input


def preprocess(doc):
    pixels = doc["pixels"]
    if not isinstance(pixels, list) or len(pixels) != 64:
        raise ValueError("pixels: expected a list of 64 grey levels 0..16")
    x = np.asarray(pixels, dtype=np.float32)
    if not np.all(np.isfinite(x)) or x.min() < 0 or x.max() > 16:
        raise ValueError("pixels: grey levels must lie in 0..16")
    return (x / SCALE).reshape(1, 1, 8, 8)


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
            self.reply(200, {"version": CONFIG["active_version"], "model": os.path.basename(MODEL)})
        else:
            self.reply(405 if self.path == "/predict" else 404, {"error": "not found"})

    def do_POST(self):
        if self.path != "/predict":
            return self.reply(404, {"error": "not found"})
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > 65536:
                return self.reply(413, {"error": "request too large"})
            doc = json.loads(self.rfile.read(length))
            if not isinstance(doc, dict):
                raise ValueError("the body must be a JSON object")
            x = preprocess(doc)
        except (ValueError, KeyError, TypeError) as exc:
            return self.reply(400, {"error": str(exc)[:200]})
        logits = SESSION.run(None, {INPUT: x})[0]
        self.reply(200, {"label": int(logits.argmax(1)[0]), "version": CONFIG["active_version"]})

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    print(f"digits-service {CONFIG['active_version']} ({os.path.basename(MODEL)}) on port {port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
'''

EXPORTER = r'''"""metrics-exporter: GET /metrics -> process figures of the digits service (for the monitoring agent)."""
import argparse
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STARTED = time.time()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/metrics":
            self.send_response(404)
            self.end_headers()
            return
        body = json.dumps({"uptime_s": round(time.time() - STARTED, 1), "pid": os.getpid()}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, default=0, help="0: any free port (written to metrics.port)")
args = parser.parse_args()
server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
print(f"metrics-exporter on port {server.server_address[1]}", flush=True)
try:
    with open(os.path.join(os.environ.get("TMPDIR", "/tmp"), "metrics.port"), "w") as f:
        f.write(str(server.server_address[1]))
except OSError:
    pass
server.serve_forever()
'''

START_BROKEN = """#!/bin/bash
# digits-service: starts the metrics exporter, then the inference service on $PORT (default 8080).
cd "$(dirname "$0")"
python metrics_exporter.py --port "${PORT:-8080}" &
sleep 1
exec python serve.py
"""

START_PLAIN = """#!/bin/bash
# digits-service: the inference service on $PORT (default 8080); no metrics exporter at this site.
cd "$(dirname "$0")"
exec python serve.py
"""

MANUAL = """# digits-service · 部署手册 / deployment manual

- 启动 Start: `PORT=<端口 port> bash start.sh`（服务监听 `$PORT`；监控用的 metrics_exporter 监听 `$METRICS_PORT`，未设置时用任意空闲端口 /
  the service listens on `$PORT`; the monitoring exporter on `$METRICS_PORT`, any free port when unset）。
- 接口 API: `POST /predict` `{"pixels": [64 个灰度值 0..16 grey levels, 行优先 row-major]}` → `{"label": 0..9, "version": "v1"}`；
  `GET /health` → 200；`GET /version` → `{"version": ..., "model": ...}`。
- 模型输入 Model input: float32 [N, 1, 8, 8] = 灰度值 / 16 (grey level / 16, range 0..1)；`config.json` 的 `input_scale` 必须与之一致 / must match.
- 只能部署 `manifest.json` 中已发布的版本，部署前核对 sha256 / deploy only versions released in `manifest.json`, check sha256 first.
- 回退 Rollback: 把 `config.json` 的 `active_version` 改回上一个已发布版本并重启 / set `active_version` back to the previous released version and restart.
"""


def onnx_model(w: np.ndarray, b: np.ndarray, name: str) -> bytes:
    """A real linear ONNX classifier: image float32 [N,1,8,8] (0..1) -> logits [N,10]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    graph = helper.make_graph(
        [helper.make_node("Reshape", ["image", "shape"], ["flat"]),
         helper.make_node("MatMul", ["flat", "w"], ["mm"]),
         helper.make_node("Add", ["mm", "b"], ["logits"])],
        name,
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 1, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 10])],
        [numpy_helper.from_array(np.array([-1, 64], np.int64), "shape"),
         numpy_helper.from_array(w.astype(np.float32), "w"), numpy_helper.from_array(b.astype(np.float32), "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="digits-service")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def linear_models(root: Path) -> tuple[bytes, bytes]:
    """v1: logistic regression on the public training split; v2: an experiment whose classes 3/5 and
    7/9 were trained under swapped label ids (never released)."""
    from sklearn.linear_model import LogisticRegression

    x = np.load(root / "source" / ASSIGNMENT / "data" / "digits" / "train" / "x.npy").reshape(-1, 64)
    y = np.load(root / "source" / ASSIGNMENT / "data" / "digits" / "train" / "y.npy")
    clf = LogisticRegression(C=10.0, max_iter=2000).fit(x, y)
    w, b = clf.coef_.T.copy(), clf.intercept_.copy()
    v1 = onnx_model(w, b, "digits_v1")
    perm = np.arange(10)
    perm[[3, 5, 7, 9]] = [5, 3, 9, 7]
    v2 = onnx_model(w[:, perm], b[perm], "digits_v2")
    return v1, v2


def service_log(rng: np.random.Generator, start: datetime, hours: int, slow: float, errors: float) -> list[str]:
    t, n, lines = start, 0, []
    while t < start + timedelta(hours=hours):
        n += 1
        rec = {"ts": t.strftime("%Y-%m-%d %H:%M:%S"), "request": f"r{n:05d}", "version": "v1"}
        latency = float(rng.lognormal(np.log(3.0), 0.35)) * (slow if rng.random() < 0.05 else 1.0)
        if rng.random() < errors:
            rec.update(status="error", latency_ms=round(latency, 2), error=str(rng.choice(["bad_request", "timeout"])))
        else:
            rec.update(status="ok", latency_ms=round(latency, 2), label=int(rng.integers(10)))
        line = json.dumps(rec)
        if rng.random() < 0.003:  # cut short by a restart
            line = line[: int(rng.integers(8, len(line) - 4))]
        lines.append(line)
        t += timedelta(seconds=float(rng.uniform(5, 40)))
    return lines


def smoke_sample(model: bytes, x: np.ndarray, y: np.ndarray, start: int) -> dict:
    """The smoke test of a manifest: the first validation digit from `start` on that the released
    model answers correctly (as grey levels 0..16, the way requests carry it)."""
    import onnxruntime as ort

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    grey = np.rint(x.reshape(len(x), -1) * 16).astype(int)
    pred = session.run(None, {"image": (grey / 16.0).astype(np.float32).reshape(-1, 1, 8, 8)})[0].argmax(1)
    i = next(i for i in range(start, len(x)) if pred[i] == y[i])
    return {"pixels": grey[i].tolist(), "expected": int(y[i])}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def site(folder: Path, seed: int, v1: bytes, v2: bytes, broken: bool, tamper: bool, smoke: dict) -> None:
    rng = np.random.default_rng([2021, seed])
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "models").mkdir(parents=True)
    (folder / "logs").mkdir()
    (folder / "models" / "digits-v1.onnx").write_bytes(v1)
    (folder / "models" / "digits-v2.onnx").write_bytes(v2)
    manifest = {"product": "digits-service", "site": folder.name,
                "runtime": {"python": "3.11", "onnxruntime": "1.32.0", "numpy": "2.4.0"},
                "input": {"name": "image", "dtype": "float32", "shape": ["N", 1, 8, 8],
                          "preprocessing": "grey level 0..16 divided by 16"},
                "released": {"v1": {"date": "2026-10-12",
                                    "files": {"models/digits-v1.onnx": {"sha256": sha(v1), "bytes": len(v1)}}}},
                "smoke_test": smoke}
    if tamper:  # v2 was released here, but the file on disk is not the released one (copied over later)
        released = v2[:-64] + bytes(64)
        manifest["released"]["v2"] = {"date": "2026-11-20", "files": {
            "models/digits-v2.onnx": {"sha256": sha(released), "bytes": len(released)}}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    config = {"active_version": "v2" if broken else "v1", "previous_version": None if broken else "v1",
              "models": {"v1": "models/digits-v1.onnx", "v2": "models/digits-v2.onnx"},
              "input_scale": 255.0 if broken else 16.0}
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (folder / "serve.py").write_text(SERVE)
    (folder / "README.md").write_text(MANUAL)
    if broken:
        (folder / "metrics_exporter.py").write_text(EXPORTER)
        (folder / "start.sh").write_text(START_BROKEN)
        log = service_log(rng, datetime(2026, 11, 25, 8), 10, 6.0, 0.01)
        log += ["digits-service v2 (digits-v2.onnx) on port 8080",
                "Traceback (most recent call last):",
                '  File "serve.py", line 78, in <module>',
                "OSError: [Errno 98] Address already in use"]
    else:
        (folder / "start.sh").write_text(START_PLAIN)
        log = service_log(rng, datetime(2026, 11, 25, 8), 12, 9.0, 0.03)
    (folder / "logs" / "service.log").write_text("\n".join(log) + "\n")


# ------------------------------------------------------------------ environments (part A1)

REQUIREMENTS = {
    "env": ["# digits-service training and serving environment",
            "paddlepaddle==3.3.1", "paddle2onnx==2.1.0", "onnxruntime>=1.20,<2", "numpy==1.26.4",
            "numpy>=2.0", "scikit-learn>=1.5", "paddlepaddle-gpu==3.3.1", "fastapi>=0.110"],
    "env_b": ["paddlepaddle==3.2.0", "onnx>=1.16,<1.18", "onnxruntime==1.32.0", "numpy>=2.0,<2.5",
              "requests>=2.31", "uvicorn>=0.30,<0.31", "protobuf<4"],
    "env_c": ["# lab environment", "paddlepaddle==3.3.1", "paddle2onnx>=2.0", "onnxruntime>=1.30",
              "numpy>=2.0,<3", "numpy!=2.4.0", "httpx>=0.27", "scikit-learn==1.9.0", "scikit-learn==1.8.0"],
}
REPORTS = {
    "env": {"python": "3.11.9", "packages": {"paddlepaddle": "3.3.1", "paddle2onnx": "2.1.0", "onnxruntime": "1.32.0",
                                             "numpy": "2.4.0", "scikit-learn": "1.9.0", "fastapi": "0.115.2"},
            "device": {"flag": "gpu:0", "compiled_with_cuda": False, "gpu_count": 0}},
    "env_b": {"python": "3.11.9", "packages": {"paddlepaddle": "3.3.1", "onnx": "1.17.0", "onnxruntime": "1.32.0",
                                               "numpy": "2.4.0", "uvicorn": "0.32.0", "protobuf": "5.29.1"},
              "device": {"flag": "cpu", "compiled_with_cuda": False, "gpu_count": 0}},
    "env_c": {"python": "3.11.9", "packages": {"paddlepaddle": "3.3.1", "paddle2onnx": "2.1.0", "onnxruntime": "1.32.0",
                                               "numpy": "2.4.0", "scikit-learn": "1.9.0"},
              "device": {"flag": "gpu", "compiled_with_cuda": True, "gpu_count": 0}},
}


def environment(folder: Path, name: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "requirements.txt").write_text("\n".join(REQUIREMENTS[name]) + "\n")
    (folder / "report.json").write_text(json.dumps(REPORTS[name], indent=2) + "\n")


# ------------------------------------------------------------------ verification data (part C2)

def verify_set(folder: Path, seed: int, n: int) -> None:
    rng = np.random.default_rng([2021, seed])
    y = rng.integers(0, 10, n)
    logits = rng.normal(0, 1, (n, 10)).astype(np.float32)
    good = rng.random(n) < 0.93
    logits[np.arange(n), np.where(good, y, rng.integers(0, 10, n))] += 4.0
    offline = logits.argmax(1)
    online = offline.copy()
    flip = rng.choice(n, max(2, n // 40), replace=False)  # the online service disagrees here
    online[flip] = (online[flip] + rng.integers(1, 10, len(flip))) % 10
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "offline_logits.npy", logits)
    np.save(folder / "online_labels.npy", online.astype(np.int64))
    np.save(folder / "y.npy", y.astype(np.int64))


def package(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "model").mkdir(parents=True)
    (folder / "model" / "digits.onnx").write_bytes(np.random.default_rng(5).bytes(3000))
    (folder / "serve.py").write_text("print('serve')\n")
    (folder / "start.sh").write_text("#!/bin/bash\nexec python serve.py\n")
    (folder / "config.json").write_text('{"input_scale": 16}\n')
    (folder / "README.md").write_text("# package b\n")


def service_split(hidden: Path, x: np.ndarray, y: np.ndarray) -> None:
    """hidden/{data,labels}/service: the digits x, y as the service task's requests (grey levels 0..16);
    the intermediate and practice labs use it too."""
    for part in ("data", "labels"):
        (hidden / part / "service").mkdir(parents=True, exist_ok=True)
    np.save(hidden / "data" / "service" / "x.npy", x)
    np.save(hidden / "labels" / "service" / "y.npy", y)
    with open(hidden / "data" / "service" / "requests.jsonl", "w") as f:
        for row in np.rint(x.reshape(len(x), -1) * 16).astype(int):
            f.write(json.dumps({"pixels": row.tolist()}) + "\n")


def main(root: Path) -> None:
    offline_data.publish("digits", root, ASSIGNMENT)
    src, hidden = root / "source" / ASSIGNMENT, root / "hidden"
    x = np.load(hidden / "data" / "digits" / "x.npy")[:200]
    y = np.load(hidden / "labels" / "digits" / "y.npy")[:200]
    service_split(hidden, x, y)

    v1, v2 = linear_models(root)
    val_x = np.load(src / "data" / "digits" / "val" / "x.npy")
    val_y = np.load(src / "data" / "digits" / "val" / "y.npy")
    smoke = smoke_sample(v1, val_x, val_y, 7)
    site(src / "ops", 1, v1, v2, broken=True, tamper=False, smoke=smoke)
    site(hidden / "data" / "ops_b", 2, v1, v2, broken=False, tamper=True, smoke=smoke)

    environment(src / "env", "env")
    for name in ("env_b", "env_c"):
        environment(hidden / "data" / name, name)
    verify_set(src / "data" / "verify", 1, 300)
    verify_set(hidden / "data" / "verify_b", 2, 400)
    package(hidden / "data" / "package_b")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
