"""Model tasks: a handed-in model (Paddle or ONNX export, or a predict script) evaluated on the
hidden split in a fresh sandbox; the trusted process scores the predictions against hidden labels.

    submission: models/cls.json + .pdiparams ─▶ checked (regular files, no links, size cap)
       ─▶ copied into a scratch folder ─▶ sandbox (no network, memory/CPU/time limits, hidden
          inputs read-only, labels absent) runs model_runner.py ─▶ predictions as .npy bytes on a pipe
       ─▶ trusted: np.load(allow_pickle=False), shape and dtype checked ─▶ labkit.metrics ─▶ credit
          by the task's thresholds

Nothing the candidate hands in is ever loaded in this process: a pickle, a model that loops or
allocates without end, or a script that prints lies can only make its own sandbox fail or write
wrong predictions, and both score 0 with the reason shown to the examiner.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

import numpy as np

from practicum import sandbox
from practicum.core.exam_spec import ExamSpec, ModelTask, Task
from practicum.core.limits import Limits
from practicum.grading.kinds.base import GradingKind, GradingRun, each_task
from practicum.grading.scorers import credit_for, metric

RUNNER = Path(__file__).with_name("model_runner.py")
RUNNER_MOUNT = "/run/practicum/model_runner.py"
JOB_MOUNT = "/run/practicum/job.json"
SUBMISSION_MOUNT = "/run/practicum/submission"
HIDDEN_MOUNT = "/run/practicum/hidden"
OUTPUT_CAP = 256 * 2**20  # predictions bytes read back
LOG_CAP = 200_000


def handed_in(spec: ModelTask) -> list[str]:
    """The files a model task reads from the submission (paths relative to it)."""
    if spec.kind == "paddle":
        return [spec.path + ".json", spec.path + ".pdiparams"]  # .pdmodel accepted in place of .json
    return [spec.path]


def _regular_inside(root: Path, rel: str) -> tuple[Path | None, str | None]:
    """The file at root/rel if it is a regular file reached without any symbolic link."""
    path = root
    for part in Path(rel).parts:
        if part in ("..", "/"):
            return None, f"{rel}: not a path inside the submission"
        path = path / part
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None, None
        if stat.S_ISLNK(st.st_mode):
            return None, f"{rel}: a symbolic link is not accepted"
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return None, f"{rel}: not a regular file"
    return path, None


def collect_files(spec: ModelTask, submission: Path) -> tuple[dict[str, Path], str | None]:
    """rel path -> host path of the handed-in files, or the reason they cannot be evaluated."""
    found: dict[str, Path] = {}
    for rel in handed_in(spec):
        path, problem = _regular_inside(submission, rel)
        if path is None and rel.endswith(".json") and spec.kind == "paddle":
            rel = spec.path + ".pdmodel"  # the legacy program format
            path, problem = _regular_inside(submission, rel)
        if problem:
            return {}, problem
        if path is None:
            return {}, f"missing {rel}"
        found[rel] = path
    total = sum(p.stat().st_size for p in found.values())
    if total > spec.max_mb * 2**20:
        return {}, f"the model files are {total / 2**20:.1f} MB, over the {spec.max_mb:g} MB limit"
    return found, None


def _stage(files: dict[str, Path] | Path, scratch_root: Path, uid: int) -> Path:
    stage = Path(tempfile.mkdtemp(prefix="model-", dir=scratch_root))
    if isinstance(files, Path):  # a script: the whole submission (its vocabulary, weights, modules)
        shutil.copytree(files, stage, dirs_exist_ok=True, symlinks=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    else:
        for rel, src in files.items():
            (stage / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, stage / rel)
    for path in [stage, *stage.rglob("*")]:
        os.lchown(path, uid, uid)
    os.chmod(stage, 0o755)
    return stage


def run_model(spec: ModelTask, stage: Path, *, lab_env: Path, uid: int, hidden_data: Path,
              limits: Limits, cgroup_namespace: str | None = None) -> tuple[bytes | None, str, str | None]:
    """(prediction bytes or None, the run's log, why it failed)."""
    job = json.dumps({"kind": spec.kind, "path": spec.path, "inputs": f"{HIDDEN_MOUNT}/{spec.inputs}",
                      "output": spec.output, "batch": spec.batch}).encode()
    job_fd = sandbox.data_memfd(job, "job")
    passwd = sandbox.passwd_memfd(uid)
    out_r, out_w = os.pipe()
    os.set_inheritable(out_w, True)
    argv = sandbox.bwrap_argv(
        workspace=None, tmpfs_mb=1024, ro_paths=[lab_env],
        ro_mounts={RUNNER_MOUNT: RUNNER, SUBMISSION_MOUNT: stage, HIDDEN_MOUNT: hidden_data},
        network=False, die_with_parent=True, passwd_fd=passwd, data_fds={JOB_MOUNT: job_fd},
    ) + [str(lab_env / "bin" / "python"), "-I", "-u", RUNNER_MOUNT, JOB_MOUNT, str(out_w)]
    env = {"PATH": f"{lab_env / 'bin'}:/usr/bin:/bin", "HOME": sandbox.WORKSPACE_MOUNT, "LANG": "C.UTF-8",
           "MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "PYTHONHASHSEED": "0",
           "XDG_CACHE_HOME": "/tmp/.cache", "MPLCONFIGDIR": "/tmp/.matplotlib", "GLOG_minloglevel": "2",
           "PRACTICUM_GRADING": "1"}
    log, data = bytearray(), bytearray()

    def on_log(chunk: bytes) -> None:
        log.extend(chunk[: max(0, LOG_CAP - len(log))])

    def on_data(chunk: bytes) -> str | None:
        data.extend(chunk)
        return f"predictions over {OUTPUT_CAP // 2**20} MB" if len(data) > OUTPUT_CAP else None

    run = sandbox.SandboxRun(argv, uid=uid, limits=limits, env=env, name="model", cgroup_namespace=cgroup_namespace,
                             pass_fds=(passwd, job_fd, out_w))
    try:
        with run:
            problem = run.pump({run.stdout_fd: on_log, out_r: on_data}, tick=lambda: (
                f"stopped after {spec.timeout_s:g} s (time limit)" if time.monotonic() - run.started > spec.timeout_s
                else None))
    finally:
        os.close(out_r)
    text = log.decode(errors="replace")
    rc = run.proc.returncode
    if problem is None and rc != 0:
        signal = sandbox.killed_by_signal(rc)
        last = [line for line in text.strip().splitlines() if line.strip()][-1:] or [f"exit {rc}"]
        problem = (f"the model run was killed (signal {signal}: memory, CPU or process limit)" if signal else
                   f"the model did not run: {last[0][:300]}")
    return (bytes(data) if problem is None else None), text, problem


def parse_predictions(data: bytes) -> tuple[np.ndarray | None, str | None]:
    try:
        arr = np.load(io.BytesIO(data), allow_pickle=False)
    except Exception as exc:  # noqa: BLE001 - whatever the bytes are, they are not predictions
        return None, f"the predictions are not a .npy array ({type(exc).__name__}: {str(exc)[:150]})"
    if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "biuf":
        return None, f"the predictions are not numbers (dtype {getattr(arr, 'dtype', '?')})"
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        return None, "the predictions hold NaN or infinite values"
    return arr, None


def _shape_problem(metric: str, pred: np.ndarray, labels: np.ndarray) -> str | None:
    if metric == "map50":
        return None if pred.ndim == 2 and pred.shape[1] == 7 else \
            f"expected detections of shape [K, 7] (image, class, score, x1, y1, x2, y2), got {list(pred.shape)}"
    want = labels.shape
    if pred.shape != want:
        return f"expected predictions of shape {list(want)}, got {list(pred.shape)}"
    return None


def grade_model(task: Task, submission: Path, *, hidden_dir: Path, staged_hidden: Path | None, lab_env: Path,
                uid: int, scratch_root: Path, limits: Limits, cgroup_namespace: str | None = None,
                keep: dict | None = None) -> dict:
    """One check row for the task (credit in 0..1, the metric and the reason in words).
    `keep` receives task id -> (predictions or None, why not): a service task compares its answers
    with them (online/offline consistency)."""
    spec = task.model
    row = {"task": task.id, "notebook": f"model:{task.id}", "cell": task.id, "name": spec.metric, "weight": 1.0}
    keep = {} if keep is None else keep

    def fail(reason: str) -> dict:
        keep.setdefault(task.id, (None, reason))
        return {**row, "ok": False, "credit": 0.0, "reason": reason}

    if staged_hidden is None or not (staged_hidden / spec.inputs).exists():
        raise RuntimeError(f"{task.id}: the hidden inputs {spec.inputs} are missing (build.py?)")
    files, problem = collect_files(spec, submission)
    if problem:
        return fail(problem)
    if spec.kind == "script":
        files = submission
    scratch_root.mkdir(parents=True, exist_ok=True)
    os.chmod(scratch_root, 0o711)
    stage = _stage(files, scratch_root, uid)
    try:
        started = time.monotonic()
        data, log, problem = run_model(spec, stage, lab_env=lab_env, uid=uid, hidden_data=staged_hidden,
                                       limits=limits, cgroup_namespace=cgroup_namespace)
        seconds = time.monotonic() - started
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if problem:
        return {**fail(problem), "output": log[-4000:]}
    pred, problem = parse_predictions(data)
    if problem:
        return fail(problem)
    keep[task.id] = (pred, None)
    labels = np.load(hidden_dir / "labels" / spec.labels, allow_pickle=False)
    problem = _shape_problem(spec.metric, pred, labels)
    if problem:
        return fail(problem)
    value = metric(spec.metric, labels, pred, spec.params)
    credit = credit_for(spec.metric, value, spec.thresholds)
    return {**row, "ok": credit >= 1.0, "credit": credit, "value": round(value, 6),
            "reason": f"{spec.metric} {value:.4f} on {len(labels)} hidden samples → {credit:.0%} of the points "
                      f"({seconds:.1f} s)"}


class ModelKind(GradingKind):
    name = "model"

    def reference_files(self, task: Task) -> list[str]:
        spec = task.model
        extra = [spec.path + ".pdmodel"] if spec.kind == "paddle" else []
        files: list[str] = []
        for f in handed_in(spec) + extra + spec.files:
            if f not in files:
                files.append(f)
        return files

    def grade(self, run: GradingRun, tasks: list[Task]) -> list[dict]:
        ctx = run.ctx
        return each_task(run, tasks, lambda task: [grade_model(
            task, run.submission_dir, hidden_dir=ctx.exam.hidden_dir, staged_hidden=ctx.staged_hidden_data(),
            lab_env=ctx.lab_env, uid=run.uid, scratch_root=ctx.scratch_root, limits=ctx.model_limits(),
            cgroup_namespace=ctx.cgroup_namespace, keep=run.predictions)])

    def check_reference(self, exam: ExamSpec, task: Task, expected: dict, graded: dict, problems: list[str]) -> None:
        reference_hand_in_earns_all(task, graded, problems)

    def summary(self, task: Task) -> str:
        return f"{task.model.kind}: {task.model.path} → {task.model.metric}"


def reference_hand_in_earns_all(task: Task, graded: dict, problems: list[str]) -> None:
    """The author's own hand-in (model, service) earns every point, with no flag raised on it."""
    for row in graded["checks"]:
        if row.get("task") == task.id and row.get("credit", 0) < 1:
            problems.append(f"task {task.id}: the reference hand-in earns {row.get('credit', 0):.0%}: {row['reason']}")
    problems += [f"grading flag: {flag}" for flag in graded["flags"] if flag.split(":")[0] == task.id]
