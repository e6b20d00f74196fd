"""The model exams (computer vision, NLP and speech) measured in one run, on this machine:

1. each reference training step: the author's notebook run in the grading sandbox, cell by cell
   (the cells over 1 s are listed: those are the training and export steps), with the accuracy
   its exported models reach on the hidden split;
2. grading one submission (the reference handed in as a candidate's): notebook re-run for the test
   cells plus every model task's sandboxed evaluation;
3. inference latency of the same exported models with Paddle Inference and ONNX Runtime, set up by
   practicum/grading/kinds/model_runner.py exactly as grading runs them (and an
   ONNX Runtime dynamic-INT8 copy where the model quantises), batch 1 and batch 64, in one process
   per engine, reported as ratios against Paddle Inference.

    .venv/bin/python benchmarks/model_exams.py [exam ...]     (default: every cv-* and nlp-* exam)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import save  # noqa: E402

from practicum.core.exam_spec import list_exam_ids, load_exam, load_exam_dir  # noqa: E402
from practicum.core.settings import Settings  # noqa: E402
from practicum.grading.context import GradingContext  # noqa: E402
from practicum.grading.pipeline import grade_files, run_reference  # noqa: E402
from practicum.sittings.sitting_files import prepare_sitting  # noqa: E402

UID = 1_999_200

LATENCY = r'''
import json, sys, time
import numpy as np
models, inputs = json.loads(sys.argv[1]), sys.argv[2]
import importlib.util  # graders/ is not put on sys.path: its queue.py would shadow the standard library's
spec = importlib.util.spec_from_file_location("model_runner", sys.argv[3])
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)
paddle_runner, onnx_runner = runner.paddle_runner, runner.onnx_runner  # the engines exactly as grading runs them


def timed(run, x, repeat):
    run(x)  # warm-up
    t0 = time.perf_counter()
    for _ in range(repeat):
        run(x)
    return (time.perf_counter() - t0) / repeat * 1000


x_all = np.load(inputs).astype(np.float32)
out = {}
for label, (engine, path) in models.items():
    try:
        run = paddle_runner(path) if engine == "paddle" else onnx_runner(path)
        one, batch = np.ascontiguousarray(x_all[:1]), np.ascontiguousarray(x_all[:64])
        out[label] = {"batch1_ms": timed(run, one, 200), "batch64_ms": timed(run, batch, 20)}
    except Exception as exc:
        out[label] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
print(json.dumps(out))
'''


def quantised_copy(lab_env: Path, onnx_path: Path) -> Path | None:
    target = onnx_path.with_name(onnx_path.stem + ".int8.onnx")
    res = subprocess.run([str(lab_env / "bin" / "python"), "-c",
                          "import sys; from onnxruntime.quantization import quantize_dynamic, QuantType; "
                          "quantize_dynamic(sys.argv[1], sys.argv[2], weight_type=QuantType.QInt8)",
                          str(onnx_path), str(target)], capture_output=True, text=True)
    return target if res.returncode == 0 and target.exists() else None


def latency(ctx: GradingContext, lab_env: Path, work: Path) -> list[dict]:
    """Paddle Inference vs ONNX Runtime on each model task's reference export (same inputs)."""
    rows = []
    files = ctx.reference_files_dir
    stems: dict[str, object] = {}
    for t in ctx.exam.tasks:
        # a script's input format is its own (text, waves): only array-fed exports are compared
        if t.model is not None and t.model.kind != "script":
            stems.setdefault(t.model.path.removesuffix(".onnx"), t)
    for stem, t in stems.items():
        paddle_ok = (files / (stem + ".pdiparams")).exists()
        onnx_ok = (files / (stem + ".onnx")).exists()
        models = {}
        if paddle_ok:
            models["paddle"] = ("paddle", str(files / stem))
        if onnx_ok:
            models["onnx"] = ("onnx", str(files / (stem + ".onnx")))
            q = None if "int8" in stem else quantised_copy(lab_env, files / (stem + ".onnx"))  # not twice
            if q is not None:
                models["onnx-int8"] = ("onnx", str(q))
        inputs = ctx.staged_hidden_data() / t.model.inputs
        res = subprocess.run([str(lab_env / "bin" / "python"), "-c", LATENCY, json.dumps(models), str(inputs),
                              str(ROOT / "practicum" / "grading" / "kinds" / "model_runner.py")],
                             capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1",
                                                                   "GLOG_minloglevel": "2"})
        try:
            measured = json.loads(res.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            measured = {"error": res.stderr[-500:]}
        rows.append({"model": stem, "task": t.id, **measured})
    return rows


def measure(exam_id: str, work: Path) -> dict:
    labs = ROOT / "labs"
    settings = Settings(data_dir=work / f"data-{exam_id}", labs_dir=labs)
    files = prepare_sitting(settings, f"bench-{exam_id}"[:40], load_exam(labs, exam_id))
    exam = load_exam_dir(files.exam_dir)
    lab_env = settings.lab_env_for(exam.environment)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=lab_env,
                         scratch_root=work / f"scratch-{exam_id}", cgroup_namespace=f"bench-model-{os.getpid()}")
    t0 = time.monotonic()
    expected = run_reference(ctx, UID)
    reference_s = time.monotonic() - t0
    steps = []
    for nb_name, data in expected.items():
        for cell, seconds in zip(data.get("cells_started", []), data.get("cell_seconds", [])):
            if seconds >= 1.0:
                steps.append({"notebook": nb_name, "cell": cell, "seconds": round(seconds, 1)})
    submission = ctx.reference_submission(work / f"submission-{exam_id}")
    t0 = time.monotonic()
    graded = grade_files(ctx, submission, "bench", UID, expected)
    grading_s = time.monotonic() - t0
    notebook_s = sum(nb["seconds"] for nb in graded["notebooks"].values())
    models = [{"task": r["task"], "metric": r["name"], "value": r.get("value"), "credit": r.get("credit"),
               "reason": r["reason"]} for r in graded["checks"] if str(r.get("notebook", "")).startswith("model:")]
    auto = sum(t.points for t in exam.tasks if t.grading == "auto")
    score = sum(t["score"] for t in graded["tasks"].values())
    return {"exam": exam_id, "reference_run_s": round(reference_s, 1), "training_steps": steps,
            "grading_s": round(grading_s, 1), "grading_notebook_s": round(notebook_s, 1),
            "grading_models_s": round(grading_s - notebook_s, 1), "score": round(score, 3), "autograded": auto,
            "models": models, "latency": latency(ctx, lab_env, work)}


def main() -> None:
    ids = sys.argv[1:] or [i for i in list_exam_ids(ROOT / "labs") if i.startswith(("cv-", "nlp-"))]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-model-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o711)
        for exam_id in ids:
            print(f"== {exam_id}", flush=True)
            res = measure(exam_id, work)
            results.append(res)
            print(f"reference run {res['reference_run_s']} s; steps over 1 s:")
            for s in res["training_steps"]:
                print(f"    {s['cell']:<28} {s['seconds']:>6.1f} s")
            for m in res["models"]:
                print(f"  model {m['task']:<24} {m['metric']:<9} {m['value']}  ({m['reason']})")
            print(f"grading one submission: {res['grading_s']} s (notebook {res['grading_notebook_s']} s, "
                  f"models {res['grading_models_s']} s); score {res['score']:g}/{res['autograded']:g}")
            for row in res["latency"]:
                base = row.get("paddle", {}).get("batch1_ms")
                for engine in ("paddle", "onnx", "onnx-int8"):
                    r = row.get(engine)
                    if not r:
                        continue
                    if "error" in r:
                        print(f"  {row['model']:<24} {engine:<10} error: {r['error']}")
                        continue
                    ratio = f"{r['batch1_ms'] / base:.2f}× Paddle" if base else ""
                    print(f"  {row['model']:<24} {engine:<10} batch 1 {r['batch1_ms']:7.3f} ms  "
                          f"batch 64 {r['batch64_ms']:8.2f} ms  {ratio}")
    out = save("model_exams", results)
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
