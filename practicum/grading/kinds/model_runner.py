"""Runs inside a grading sandbox: loads a handed-in model (or runs a handed-in predict script) on the
hidden inputs and writes the predictions, as one .npy, to an inherited file descriptor.

Mounted read-only and run by the lab environment's Python (`-I`): it imports nothing of the
project. The candidate's files were copied into the sandbox's home; nothing here decides a score,
and what it writes is only predictions, which the trusted grader checks and scores (a forged file
can only be wrong: the labels never enter the sandbox).

    python -I model_runner.py JOB.json OUT_FD
    JOB: {"kind": "paddle"|"onnx"|"script", "path": "models/cls", "inputs": "/run/practicum/hidden/x.npy",
          "output": "argmax"|"raw"|"prob1", "batch": 64}
"""

from __future__ import annotations

import io
import json
import os
import runpy
import shutil
import sys
from pathlib import Path

SUBMISSION = "/run/practicum/submission"


def postprocess(out, how: str):
    import numpy as np

    out = np.asarray(out)
    if how == "argmax":
        return out.argmax(axis=1) if out.ndim >= 2 else out
    if how == "prob1":
        if out.ndim == 2 and out.shape[1] >= 2:
            z = out - out.max(axis=1, keepdims=True)
            e = np.exp(z)
            return (e / e.sum(axis=1, keepdims=True))[:, 1]
        return out.reshape(len(out))
    return out


def batches(x, size: int):
    for start in range(0, len(x), size):
        yield x[start:start + size]


def paddle_runner(prefix: str):
    """A function batch -> first output of a Paddle Inference predictor, as grading runs it."""
    import numpy as np
    import paddle.inference as pi

    program = prefix + ".json" if os.path.isfile(prefix + ".json") else prefix + ".pdmodel"
    config = pi.Config(program, prefix + ".pdiparams")
    config.disable_gpu()
    config.disable_mkldnn()  # Paddle 3.3's oneDNN path fails on every interpolate/upsample layer
    config.set_cpu_math_library_num_threads(1)
    config.disable_glog_info()
    predictor = pi.create_predictor(config)
    handle = predictor.get_input_handle(predictor.get_input_names()[0])

    def run(chunk):
        handle.reshape(list(chunk.shape))
        handle.copy_from_cpu(np.ascontiguousarray(chunk))
        predictor.run()
        return predictor.get_output_handle(predictor.get_output_names()[0]).copy_to_cpu()

    return run


def onnx_runner(path: str):
    """A function batch -> first output of an ONNX Runtime session (one thread, CPU)."""
    import numpy as np
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda chunk: session.run(None, {name: np.ascontiguousarray(chunk)})[0]


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text())
    out_fd = int(sys.argv[2])
    home = Path.home()
    shutil.copytree(SUBMISSION, home, dirs_exist_ok=True)
    os.chdir(home)
    if job["kind"] == "script":
        out_path = home / ".practicum-predictions.npy"
        sys.argv = [job["path"], job["inputs"], str(out_path)]
        sys.path.insert(0, str(Path(job["path"]).parent.resolve()))
        try:
            runpy.run_path(job["path"], run_name="__main__")
        except SystemExit as exc:  # sys.exit() at the end of a script is fine; a failure code is not
            if exc.code not in (None, 0):
                raise
        with open(out_path, "rb") as f:  # passed on as bytes; the grader parses them (no pickle)
            data = f.read()
    else:
        import numpy as np

        x = np.load(job["inputs"], allow_pickle=False).astype(np.float32)
        run = paddle_runner(job["path"]) if job["kind"] == "paddle" else onnx_runner(job["path"])
        raw = np.concatenate([run(chunk) for chunk in batches(x, int(job.get("batch", 64)))])
        pred = postprocess(raw, job.get("output", "argmax"))
        buf = io.BytesIO()
        np.save(buf, np.asarray(pred), allow_pickle=False)
        data = buf.getvalue()
    view = memoryview(data)
    while view:
        view = view[os.write(out_fd, view):]
    os.close(out_fd)


if __name__ == "__main__":
    main()
