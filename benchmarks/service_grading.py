"""End-state grading of services, measured in one run on this machine:

1. request latency of one reference service (standard-library HTTP server, one model) with three
   engines behind it: Paddle Inference (set up as practicum/grading/kinds/model_runner.py does: oneDNN off, one
   thread), ONNX Runtime, and ONNX Runtime on a dynamic-INT8 copy; plus a service without a model
   (a constant answer) as the baseline of what HTTP and the grader's relay cost. Each service is
   started and timed by the service grader itself (RunningService, hidden digits requests,
   latency measured outside the sandbox), so the figures are what a candidate's service is
   scored on; ratios are against Paddle Inference.
   All four run at once and take each request in turn.
2. grading time per submission: the whole service task (start, hidden requests, malformed
   requests, stop) for each engine, and `grade_files` on each service exam's reference hand-in
   (tests/labs/service-digits and every labs/ exam with a service task).

    .venv/bin/python benchmarks/service_grading.py
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import save  # noqa: E402

from practicum.core.exam_spec import ServiceTask, Task, list_exam_ids, load_exam, load_exam_dir  # noqa: E402
from practicum.core.limits import Limits  # noqa: E402
from practicum.core.settings import Settings  # noqa: E402
from practicum.grading.context import GradingContext  # noqa: E402
from practicum.grading.kinds.service import RunningService, grade_service, read_requests  # noqa: E402
from practicum.grading.pipeline import grade_files, reference  # noqa: E402
from practicum.sittings.sitting_files import prepare_sitting  # noqa: E402

UID = 1_999_300
REPEAT = 3  # hidden request passes per engine (the first also warms the engine up)

TRAIN = r'''
import sys, numpy as np, paddle
from onnxruntime.quantization import QuantType, quantize_dynamic
out = sys.argv[1]
x = np.load(sys.argv[2]).reshape(-1, 64).astype("float32"); y = np.load(sys.argv[3])
paddle.seed(0)


class Net(paddle.nn.Layer):
    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = paddle.nn.Linear(64, 256), paddle.nn.Linear(256, 128), paddle.nn.Linear(128, 10)

    def forward(self, x):
        return self.fc3(paddle.nn.functional.relu(self.fc2(paddle.nn.functional.relu(self.fc1(x)))))


net = Net()
opt = paddle.optimizer.Adam(learning_rate=0.005, parameters=net.parameters())
xt, yt = paddle.to_tensor(x), paddle.to_tensor(y)
for _ in range(200):
    loss = paddle.nn.functional.cross_entropy(net(xt), yt)
    loss.backward(); opt.step(); opt.clear_grad()
net.eval()
spec = [paddle.static.InputSpec([None, 64], "float32", "x")]
paddle.jit.save(net, out + "/model", input_spec=spec)
paddle.onnx.export(net, out + "/model", input_spec=spec, opset_version=13)
quantize_dynamic(out + "/model.onnx", out + "/model.int8.onnx", weight_type=QuantType.QInt8)
'''

SERVE = r'''
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import numpy as np

ENGINE = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
if ENGINE == "paddle":
    import paddle.inference as pi
    config = pi.Config(HERE + "/model.json", HERE + "/model.pdiparams")
    config.disable_mkldnn()  # as the grader runs Paddle models (Paddle 3.3's oneDNN path fails on some layers)
    config.set_cpu_math_library_num_threads(1)
    predictor = pi.create_predictor(config)
    inp = predictor.get_input_handle(predictor.get_input_names()[0])
    outp = predictor.get_output_handle(predictor.get_output_names()[0])

    def infer(x):
        inp.reshape(x.shape); inp.copy_from_cpu(x); predictor.run()
        return outp.copy_to_cpu()
elif ENGINE in ("onnx", "int8"):
    import onnxruntime as ort
    options = ort.SessionOptions(); options.intra_op_num_threads = 1; options.inter_op_num_threads = 1
    path = HERE + ("/model.onnx" if ENGINE == "onnx" else "/model.int8.onnx")
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name

    def infer(x):
        return session.run(None, {name: x})[0]
else:  # no model: what HTTP and the relay cost
    def infer(x):
        return np.zeros((1, 10), dtype=np.float32)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def reply(self, code, doc):
        body = json.dumps(doc).encode()
        self.send_response(code); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.reply(200 if self.path == "/health" else 404, {"status": "ok"})

    def do_POST(self):
        try:
            x = np.asarray(json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))["pixels"],
                           dtype=np.float32).reshape(1, 64)
        except (ValueError, KeyError, TypeError) as exc:
            return self.reply(400, {"error": str(exc)[:100]})
        self.reply(200, {"label": int(infer(x).argmax())})

    def log_message(self, *a):
        pass


ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
'''

ENGINES = {"none": "no model (HTTP + relay only)", "paddle": "Paddle Inference", "onnx": "ONNX Runtime FP32",
           "int8": "ONNX Runtime dynamic INT8"}


def engine_latency(work: Path, lab_env: Path, hidden: Path, labels: Path, train: Path) -> tuple[list[dict], dict]:
    delivery = work / "delivery"
    (delivery / "deploy").mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    log = _train(lab_env, delivery / "deploy", train)
    train_s = time.monotonic() - t0
    (delivery / "deploy" / "serve.py").write_text(SERVE)
    rows = []
    bodies = read_requests(hidden)
    y = np.load(labels, allow_pickle=False)
    # All four services run at once and each hidden request goes to every one in turn, so that
    # whatever else the machine does at that moment weighs on all engines alike.
    limits = Limits(memory_mb=2048, processes=128, file_mb=256, cpu_seconds=900)
    with contextlib.ExitStack() as stack:
        services = {}
        for engine in ENGINES:
            folder = work / f"delivery-{engine}"
            shutil.copytree(delivery, folder)
            (folder / "deploy" / "start.sh").write_text(f'cd "$(dirname "$0")"\nexec python serve.py {engine}\n')
            spec = ServiceTask(start="deploy/start.sh", requests="x.jsonl", labels="y.npy",
                               thresholds=[(0.5, 1.0)], request_timeout_s=10, ready_timeout_s=60)
            services[engine] = stack.enter_context(RunningService(
                spec, folder, lab_env=lab_env, uid=UID, scratch_root=work / "scratch", limits=limits,
                cgroup_namespace=f"bench-service-{os.getpid()}"))
        ready_s = {}
        for engine, svc in services.items():
            ready, why = svc.wait_ready()
            ready_s[engine] = round(time.monotonic() - svc.started, 2) if ready else why
        ms = {e: [] for e in services}
        right = {e: 0 for e in services}
        for rep in range(REPEAT):
            for body, want in zip(bodies, y):
                data = json.dumps(body).encode()
                for engine, svc in services.items():
                    reply = svc.request("POST", "/predict", data)
                    if rep:  # the first pass warms the engines up
                        ms[engine].append(reply.seconds * 1000)
                    elif reply.status == 200 and reply.json().get("label") == int(want):
                        right[engine] += 1
    for engine, label in ENGINES.items():
        if isinstance(ready_s[engine], str):
            rows.append({"engine": engine, "error": ready_s[engine]})
            continue
        m = ms[engine]
        rows.append({"engine": engine, "label": label, "ready_s": ready_s[engine], "requests": len(m),
                     "p50_ms": round(float(np.percentile(m, 50)), 3), "p95_ms": round(float(np.percentile(m, 95)), 3),
                     "mean_ms": round(float(np.mean(m)), 3), "accuracy": round(right[engine] / len(bodies), 4)})
    sizes = {p.name: p.stat().st_size for p in (delivery / "deploy").iterdir() if p.suffix in (".onnx", ".pdiparams")}
    return rows, {"train_export_s": round(train_s, 1), "sizes": sizes, "train_log": log}


def _train(lab_env: Path, out: Path, train: Path) -> str:
    script = out.parent / "train.py"  # paddle.jit.save reads the layer's source: it must be in a file
    script.write_text(TRAIN)
    res = subprocess.run([str(lab_env / "bin" / "python"), str(script), str(out), str(train / "x.npy"),
                          str(train / "y.npy")], capture_output=True, text=True,
                         env={**os.environ, "OMP_NUM_THREADS": "1", "GLOG_minloglevel": "2",
                              "PYTHONWARNINGS": "ignore"})
    if res.returncode != 0:
        raise SystemExit(f"training failed: {res.stderr[-2000:]}")
    return res.stderr[-300:]


def service_task_time(ctx: GradingContext, task: Task, submission: Path) -> float:
    t0 = time.monotonic()
    grade_service(task, submission, hidden_dir=ctx.exam.hidden_dir, lab_env=ctx.lab_env, uid=UID,
                  scratch_root=ctx.scratch_root, limits=ctx.model_limits(), cgroup_namespace=ctx.cgroup_namespace)
    return time.monotonic() - t0


def exam_grading(work: Path) -> list[dict]:
    rows = []
    exams = [(ROOT / "tests" / "labs", "service-digits")]
    exams += [(ROOT / "labs", e) for e in list_exam_ids(ROOT / "labs")
              if any(t.service for t in load_exam(ROOT / "labs", e).tasks)]
    for labs, exam_id in exams:
        settings = Settings(data_dir=work / f"data-{exam_id}", labs_dir=labs)
        files = prepare_sitting(settings, f"bench-{exam_id}"[:40], load_exam(labs, exam_id))
        exam = load_exam_dir(files.exam_dir)
        ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for(exam.environment),
                             scratch_root=work / f"scratch-{exam_id}", cgroup_namespace=f"bench-service-{os.getpid()}")
        expected = reference(ctx, UID)
        sub = ctx.reference_submission(work / f"sub-{exam_id}")
        t0 = time.monotonic()
        graded = grade_files(ctx, sub, "bench", UID, expected)
        total = time.monotonic() - t0
        per_task = {t.id: round(service_task_time(ctx, t, sub), 2) for t in exam.tasks if t.service}
        score = sum(t["score"] for t in graded["tasks"].values())
        auto = sum(t.points for t in exam.tasks if t.grading == "auto")
        rows.append({"exam": exam_id, "grading_s": round(total, 1), "service_task_s": per_task,
                     "score": round(score, 3), "autograded": auto,
                     "service_rows": [{"task": r["task"], "name": r["name"], "credit": r["credit"], "reason": r["reason"]}
                                      for r in graded["checks"] if str(r.get("notebook", "")).startswith("service:")]})
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-service-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o711)
        settings = Settings(data_dir=work / "data", labs_dir=ROOT / "tests" / "labs")
        files = prepare_sitting(settings, "bench-latency", load_exam(ROOT / "tests" / "labs", "service-digits"))
        hidden = files.exam_dir / "hidden"
        # all 450 hidden digits as requests (the fixture's own task uses the first 120)
        x = np.load(hidden / "data" / "digits" / "x.npy").reshape(-1, 64)
        (work / "x.jsonl").write_text("".join(json.dumps({"pixels": [float(v) for v in r]}) + "\n" for r in x))
        latency, model = engine_latency(work, settings.lab_env_for("ml"), work / "x.jsonl",
                                        hidden / "labels" / "digits" / "y.npy",
                                        files.course_dir / "release" / "s" / "data" / "digits" / "train")
        print(f"== request latency, measured by the grader ({REPEAT - 1} passes of {len(x)} hidden requests "
              f"after a warm-up pass; model trained and exported in {model['train_export_s']} s)")
        base = next((r["p50_ms"] for r in latency if r["engine"] == "paddle" and "p50_ms" in r), None)
        floor = next((r["p50_ms"] for r in latency if r["engine"] == "none" and "p50_ms" in r), 0.0)
        for r in latency:
            if "error" in r:
                print(f"  {r['engine']:<7} error: {r['error']}")
                continue
            ratio = f"{r['p50_ms'] / base:.2f}× Paddle" if base else ""
            if r["engine"] != "none" and base:
                ratio += f" (model share {r['p50_ms'] - floor:.3f} ms = {(r['p50_ms'] - floor) / (base - floor):.2f}× Paddle's)"
            print(f"  {r['label']:<30} p50 {r['p50_ms']:7.3f} ms  p95 {r['p95_ms']:7.3f} ms  ready {r['ready_s']:5.2f} s"
                  f"  accuracy {r['accuracy']:.3f}  {ratio}")
        print(f"  model sizes: {model['sizes']}")
        print("== grading one submission (reference hand-in)")
        exams = exam_grading(work)
        for r in exams:
            print(f"  {r['exam']:<24} grade_files {r['grading_s']:6.1f} s  service tasks {r['service_task_s']}  "
                  f"score {r['score']:g}/{r['autograded']:g}")
    out = save("service_grading", {"latency": latency, "exams": exams,
                                   "model": {k: v for k, v in model.items() if k != "train_log"}})
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
