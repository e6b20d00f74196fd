"""Model tasks for real: a Paddle export, an ONNX file and a predict script evaluated on the hidden
split in the sandbox (tests/labs/model-digits), and hostile hand-ins with the safe outcome."""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path

import pytest
from uids import uid_for

from practicum.authoring.validate import check_exams
from practicum.core.exam_spec import load_exam
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.grading.context import GradingContext
from practicum.grading.kinds.model import grade_model
from practicum.grading.pipeline import grade_files, reference
from practicum.sittings.sitting_files import prepare_sitting

UID = uid_for(__name__)
LABS = PROJECT_ROOT / "tests" / "labs"


@pytest.fixture(scope="module")
def lab(data_root):
    settings = Settings(data_dir=data_root / "model-data", labs_dir=LABS)
    exam = load_exam(LABS, "model-digits")
    files = prepare_sitting(settings, "MODEL", exam)
    from practicum.core.exam_spec import load_exam_dir

    exam = load_exam_dir(files.exam_dir)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for("ml"),
                         scratch_root=data_root / "model-scratch", cgroup_namespace="practicum-tests", cache_dir=settings.cache_dir)
    return ctx, reference(ctx, UID)


def submission(ctx, tmp_path) -> Path:
    return ctx.reference_submission(tmp_path / f"sub-{time.monotonic_ns()}")


def task(ctx, task_id: str, **changes):
    t = next(t for t in ctx.exam.tasks if t.id == task_id)
    return t.model_copy(update={"model": t.model.model_copy(update=changes)}) if changes else t


def grade_one(ctx, t, sub: Path) -> dict:
    return grade_model(t, sub, hidden_dir=ctx.exam.hidden_dir, staged_hidden=ctx.staged_hidden_data(),
                       lab_env=ctx.lab_env, uid=UID, scratch_root=ctx.scratch_root, limits=ctx.model_limits(),
                       cgroup_namespace=ctx.cgroup_namespace)


def test_check_passes_reference_full_starter_zero():
    (report,) = check_exams(LABS, ["model-digits"])
    assert report.problems == []
    assert report.reference_score == 100 and report.starter_score == 0


def test_reference_models_score_on_the_hidden_split(lab, tmp_path):
    ctx, ref = lab
    result = grade_files(ctx, submission(ctx, tmp_path), "ref", UID, ref)
    rows = {r["task"]: r for r in result["checks"]}
    assert set(rows) == {"paddle-model", "onnx-model", "script-model"}
    for row in rows.values():
        assert row["credit"] == 1.0 and row["value"] >= 0.9, row
        assert "on 450 hidden samples" in row["reason"]
    assert {k: v["score"] for k, v in result["tasks"].items()} == {"paddle-model": 40, "onnx-model": 30,
                                                                   "script-model": 30}


def test_hidden_labels_never_reach_the_sandbox(lab, tmp_path):
    ctx, _ = lab
    secret = hashlib.sha256((ctx.exam.hidden_dir / "labels" / "digits" / "y.npy").read_bytes()).hexdigest()
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text(
        "import hashlib, os, sys, numpy as np\n"
        "seen = set()\n"
        "for d, _, fs in os.walk('/'):\n"
        "    if d.startswith(('/proc', '/sys', '/dev')):\n"
        "        continue\n"
        "    for f in fs:\n"
        "        p = os.path.join(d, f)\n"
        "        if p.endswith('.npy') and os.path.isfile(p) and os.access(p, os.R_OK):\n"
        "            seen.add(hashlib.sha256(open(p, 'rb').read()).hexdigest())\n"
        f"assert {secret!r} not in seen\n"
        "assert len(seen) >= 3, seen  # it did see the public splits and the hidden inputs\n"
        "np.save(sys.argv[2], np.zeros(450, dtype=np.int64))\n")
    row = grade_one(ctx, task(ctx, "script-model", timeout_s=120), sub)
    assert "value" in row and row["value"] < 0.5, (row["reason"], row.get("output", "")[-1500:])


def test_missing_model_scores_zero_with_the_reason(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "models" / "digits.pdiparams").unlink()
    row = grade_one(ctx, task(ctx, "paddle-model"), sub)
    assert row["credit"] == 0 and row["reason"] == "missing models/digits.pdiparams"


def test_a_pickle_with_code_is_never_loaded_by_the_grader(lab, tmp_path):
    ctx, _ = lab
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    sub = submission(ctx, tmp_path)
    (sub / "models" / "digits.pdiparams").write_bytes(pickle.dumps({"w": Payload()}))
    row = grade_one(ctx, task(ctx, "paddle-model"), sub)
    assert row["credit"] == 0 and row["reason"].startswith("the model did not run"), row
    # the same payload as "predictions": the grader reads .npy without pickle
    sub2 = submission(ctx, tmp_path)
    (sub2 / "predict.py").write_text(
        "import os, sys, numpy as np\n"
        "class P:\n"
        f"    def __reduce__(self): return (os.system, ('touch {marker}',))\n"
        "np.save(sys.argv[2], np.array([P()] * 450, dtype=object), allow_pickle=True)\n")
    row = grade_one(ctx, task(ctx, "script-model"), sub2)
    assert row["credit"] == 0 and "not a .npy array" in row["reason"], row
    assert not marker.exists()


def test_oversized_and_linked_models_are_refused(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    with open(sub / "models" / "digits.pdiparams", "r+b") as f:
        f.truncate(70 * 2**20)  # sparse: 70 MB on paper
    row = grade_one(ctx, task(ctx, "paddle-model"), sub)
    assert row["credit"] == 0 and "over the 64 MB limit" in row["reason"]
    sub = submission(ctx, tmp_path)
    (sub / "models" / "digits.onnx").unlink()
    (sub / "models" / "digits.onnx").symlink_to("/etc/shadow")
    row = grade_one(ctx, task(ctx, "onnx-model"), sub)
    assert row["credit"] == 0 and "symbolic link" in row["reason"]


def test_garbage_and_wrong_shapes(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "models" / "digits.onnx").write_bytes(os.urandom(4096))
    row = grade_one(ctx, task(ctx, "onnx-model"), sub)
    assert row["credit"] == 0 and row["reason"].startswith("the model did not run"), row
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text("import sys, numpy as np\nnp.save(sys.argv[2], np.zeros(10, dtype=np.int64))\n")
    row = grade_one(ctx, task(ctx, "script-model"), sub)
    assert row["credit"] == 0 and row["reason"] == "expected predictions of shape [450], got [10]"
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text("import sys\nopen(sys.argv[2], 'w').write('accuracy: 1.0')\n")
    row = grade_one(ctx, task(ctx, "script-model"), sub)
    assert row["credit"] == 0 and "not a .npy array" in row["reason"]


def test_a_script_that_hangs_is_stopped(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text("import time\nprint('thinking', flush=True)\nwhile True:\n    time.sleep(1)\n")
    started = time.monotonic()
    row = grade_one(ctx, task(ctx, "script-model", timeout_s=4), sub)
    assert row["credit"] == 0 and row["reason"] == "stopped after 4 s (time limit)"
    assert time.monotonic() - started < 20


def test_network_and_memory_bombs_are_contained(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text(
        "import socket\nsocket.create_connection(('10.0.0.1', 80), timeout=3)\n")
    row = grade_one(ctx, task(ctx, "script-model"), sub)
    assert row["credit"] == 0 and "did not run" in row["reason"] and "unreachable" in row["reason"].lower(), row["reason"]
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text("blocks = []\nwhile True:\n    blocks.append(bytearray(256 * 2**20))\n")
    row = grade_one(ctx, task(ctx, "script-model"), sub)
    assert row["credit"] == 0 and ("MemoryError" in row["reason"] or "killed" in row["reason"]), row["reason"]


def test_forged_output_cannot_raise_the_score(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "predict.py").write_text(
        "import sys, numpy as np\nprint('accuracy 1.0000 credit 100%')\n"
        "np.save(sys.argv[2], np.random.default_rng(0).integers(0, 10, 450))\n")
    row = grade_one(ctx, task(ctx, "script-model"), sub)
    assert row["credit"] == 0 and row["value"] < 0.3


def test_hidden_split_is_not_released(lab):
    ctx, _ = lab
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    hidden = {digest(p) for p in ctx.exam.hidden_dir.rglob("*.npy")}
    released = {digest(p) for p in ctx.release_dir.rglob("*") if p.is_file()}
    assert len(hidden) == 2 and len(released) >= 4  # x and y hidden; train and val x, y released
    assert not hidden & released


def test_digits_set_is_deterministic(tmp_path):
    import subprocess

    env = {"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"}
    python = str(PROJECT_ROOT / ".envs" / "ml" / "bin" / "python")
    for n in (1, 2):
        subprocess.run([python, "-c", f"import offline_data; from pathlib import Path; "
                                      f"offline_data.build('digits', Path({str(tmp_path / str(n))!r}))"],
                       check=True, env=env)
    files = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").rglob("*") if p.is_file())
    assert len(files) == 9  # meta, x (and y) per split
    for rel in files:
        assert (tmp_path / "1" / rel).read_bytes() == (tmp_path / "2" / rel).read_bytes(), rel


def test_a_paddle_model_that_upsamples_runs(lab, tmp_path):
    """Paddle Inference's oneDNN path cannot run interpolate layers; the grader runs without it."""
    import subprocess

    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    script = (
        "import paddle\n"
        "class Up(paddle.nn.Layer):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.fc = paddle.nn.Linear(64, 10)\n"
        "    def forward(self, x):\n"
        "        x = paddle.nn.functional.interpolate(x, scale_factor=2, mode='bilinear')\n"
        "        x = paddle.nn.functional.avg_pool2d(x, 2)\n"
        "        return self.fc(paddle.flatten(x, 1))\n"
        "m = Up(); m.eval()\n"
        f"paddle.jit.save(m, {str(sub / 'models' / 'digits')!r}, "
        "input_spec=[paddle.static.InputSpec([None, 1, 8, 8], 'float32', 'x')])\n")
    (tmp_path / "export_up.py").write_text(script)  # dy2static reads the layer's source from a file
    done = subprocess.run([str(ctx.lab_env / "bin" / "python"), str(tmp_path / "export_up.py")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    row = grade_one(ctx, task(ctx, "paddle-model"), sub)
    assert row["reason"].startswith("accuracy ") and "on 450 hidden samples" in row["reason"], row["reason"]
