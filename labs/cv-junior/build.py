"""Builds the junior CV exam's data, deterministically. Run by `practicum sitting create` /
`practicum check` on the pinned copy of the exam (argument: its folder), with the ml environment's
Python and PYTHONPATH = the project.

    source/cv/data/shapes/{train,val}/   public shapes set (offline_data/shapes.py)
    hidden/data/shapes/                  hidden test inputs (grading sandboxes only)
    hidden/labels/shapes/                hidden test answers (trusted grader only)
    source/cv/deployed/                  a deployed shape-counter product: models v1/v2, manifest,
                                         config, inference log (part E; its answers: upgrade)
    hidden/data/deployed_b/, deployed_c/ two more sites of the same product with other faults
                                         (part E's hidden checks: a hard-coded answer fails)

A site: manifest.json (versions, files with sha256 and bytes, runtime), config.json (active,
previous and canary versions), models/v1|v2/{shape_cls.onnx, labels.json} (real ONNX graphs),
logs/inference.jsonl (one JSON object per request; a few lines cut short by a crash).
"""

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

import offline_data
from offline_data import releases

SITES = {
    # folder: (seed, faults)
    "deployed": (61, {"tamper": ["models/v1/labels.json"], "v2_latency": 0.85, "v2_errors": 0.003}),
    "deployed_b": (62, {"tamper": ["models/v2/shape_cls.onnx"], "v2_latency": 1.6, "v2_errors": 0.004}),
    "deployed_c": (63, {"tamper": [], "v2_latency": 0.95, "v2_errors": 0.07}),
}
LABELS = ["circle", "square", "triangle"]


def onnx_model(rng: np.random.Generator, version: str) -> bytes:
    """A real (tiny, linear) ONNX classifier: float32 [N,32,32,3] 0..255 -> logits [N,3]."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    w = rng.normal(0, 0.01, (32 * 32 * 3, 3)).astype(np.float32)
    b = rng.normal(0, 0.1, 3).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Reshape", ["image", "shape"], ["flat"]),
         helper.make_node("Div", ["flat", "scale"], ["unit"]),
         helper.make_node("MatMul", ["unit", "w"], ["mm"]),
         helper.make_node("Add", ["mm", "b"], ["logits"])],
        f"shape_cls_{version}",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 32, 32, 3])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3])],
        [numpy_helper.from_array(np.array([-1, 3072], np.int64), "shape"),
         numpy_helper.from_array(np.array(255.0, np.float32), "scale"),
         numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="shape-counter")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def log_lines(rng: np.random.Generator, faults: dict) -> list[str]:
    """Six hours of requests, about one every 10 s; v2 takes a 20 % canary share from 10:00."""
    start = datetime(2026, 11, 20, 6, 0, 0)
    canary = datetime(2026, 11, 20, 10, 0, 0)
    busy_hour = int(rng.integers(7, 10))  # one hour with a slower line (more parts per tray)
    burst_hour = int(rng.integers(6, 10))  # one hour with camera trouble
    t, n, lines = start, 0, []
    while t < start + timedelta(hours=6):
        n += 1
        version = "v2" if t >= canary and rng.random() < 0.2 else "v1"
        latency = float(rng.lognormal(np.log(24.0), 0.3))
        if t.hour == busy_hour:
            latency *= 1.4
        if version == "v2":
            latency *= faults["v2_latency"]
        p_error = faults["v2_errors"] if version == "v2" else 0.01
        if t.hour == burst_hour and version == "v1":
            p_error = 0.09
        rec = {"ts": t.strftime("%Y-%m-%d %H:%M:%S.") + f"{t.microsecond // 1000:03d}", "request": f"r{n:06d}",
               "camera": "cam-03", "model_version": version}
        if rng.random() < p_error:
            kind = str(rng.choice(["camera_timeout", "decode_error", "model_error"], p=[0.6, 0.25, 0.15]))
            rec.update(latency_ms=round(1000.0 if kind == "camera_timeout" else latency, 2), status="error",
                       error=kind)
        else:
            rec.update(latency_ms=round(latency, 2), status="ok", count=int(rng.integers(1, 5)))
        line = json.dumps(rec)
        if rng.random() < 0.002:  # the service crashed while writing this line
            line = line[: int(rng.integers(10, len(line) - 5))]
        lines.append(line)
        t += timedelta(seconds=float(rng.uniform(4, 16)))
    return lines


def site(folder: Path, seed: int, faults: dict) -> None:
    rng = np.random.default_rng([20261120, seed])
    files: dict[str, bytes] = {}
    for version in ("v1", "v2"):
        files[f"models/{version}/shape_cls.onnx"] = onnx_model(rng, version)
        files[f"models/{version}/labels.json"] = json.dumps({"classes": LABELS}, indent=1).encode()
    manifest = {
        "product": "shape-counter",
        "site": folder.name,
        "runtime": {"python": "3.11", "onnxruntime": "1.32.0", "numpy": "2.4.0"},
        "input": {"name": "image", "dtype": "float32", "shape": ["N", 32, 32, 3], "range": "0..255 RGB"},
        "output": {"name": "logits", "classes": LABELS},
        "versions": releases.release_versions(files, {"v1": "2026-09-01", "v2": "2026-11-18"}),
    }
    for path in faults["tamper"]:  # changed on site after the release: the manifest no longer matches
        data = files[path]
        if path.endswith(".json"):
            files[path] = json.dumps({"classes": ["square", "circle", "triangle"]}, indent=1).encode()
        else:
            files[path] = data[: len(data) - 4096]  # a copy cut short
    config = {"active_version": "v1", "previous_version": None, "canary_version": "v2", "canary_share": 0.2,
              "score_threshold": 0.5, "camera": "cam-03"}
    releases.write_site(folder, files, manifest, config, "inference.jsonl", log_lines(rng, faults))


def main(root: Path) -> None:
    offline_data.publish("shapes", root, "cv")
    for name, (seed, faults) in SITES.items():
        folder = root / "source" / "cv" / name if name == "deployed" else root / "hidden" / "data" / name
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        site(folder, seed, faults)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
