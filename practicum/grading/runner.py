"""Runs a notebook's cells in a fresh grading sandbox and collects what the harness reports.

Trusted side. The sandbox has no network, a read-only system, only a scratch copy of the
submission writable, and limits on CPU time, memory, processes and file size. This process
enforces the rest while the code runs: a per-cell and a per-notebook time limit, and caps on
printed output and on the report channel; past any of them the whole sandbox is killed and the
cells not reached fail.
"""

from __future__ import annotations

import base64
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from practicum import sandbox
from practicum.core.limits import Limits

HARNESS = Path(__file__).with_name("harness.py")
HARNESS_MOUNT = "/run/practicum/harness.py"
HIDDEN_DATA_MOUNT = "/run/practicum/hidden"  # an exam's hidden/data: inputs only, never labels
JOB_MOUNT = "/run/practicum/job.json"
SUBMISSION_MOUNT = "/run/practicum/submission"  # read-only; the harness copies it into the home


@dataclass
class Cell:
    index: int
    kind: str  # "solution", "test", "locked" or "code"
    grade_id: str | None
    source: str


@dataclass
class RunResult:
    checks: dict[tuple[str, str], dict] = field(default_factory=dict)  # (cell, name) -> event
    errors: list[dict] = field(default_factory=list)  # error events, in order
    cells_started: list[str] = field(default_factory=list)
    cell_seconds: list[float] = field(default_factory=list)  # wall time per started cell (this side's clock)
    completed: bool = False
    stopped: str | None = None  # why it ended early: cell_timeout, notebook_timeout, output_cap, ...
    exit_code: int | None = None
    output: str = ""
    seconds: float = 0.0
    files: dict[str, bytes] = field(default_factory=dict)  # collected by the reference run only

    @property
    def crashed(self) -> bool:
        return not self.completed

    def to_json(self) -> dict:
        return {
            "checks": [{"cell": c, "name": n, **{k: v for k, v in e.items() if k in ("value", "weight", "tol", "scorer")}}
                       for (c, n), e in self.checks.items()],
            "errors": self.errors, "cells_started": self.cells_started,
            "cell_seconds": [round(t, 3) for t in self.cell_seconds], "completed": self.completed,
            "stopped": self.stopped, "exit_code": self.exit_code, "output": self.output,
            "seconds": round(self.seconds, 3),
        }


def run_cells(
    cells: list[Cell],
    *,
    workdir: Path,
    lab_env: Path,
    uid: int,
    limits: Limits,
    seed: int,
    cgroup_namespace: str | None = None,
    keep_asserts: bool = False,
    hidden_data: Path | None = None,
    collect: list[str] = (),
) -> RunResult:
    """Executes the cells with the harness in a sandbox; `workdir` is copied into its home.

    The home is a size-capped tmpfs (so is /tmp): nothing the code writes reaches the host's disk.
    `collect` (the author's reference run only) names files the run hands back at its end: the
    models that model tasks evaluate.
    """
    job = json.dumps({"seed": seed, "keep_asserts": keep_asserts, "cells": [c.__dict__ for c in cells],
                      "collect": list(collect)}).encode()
    job_fd = sandbox.data_memfd(job, "job")
    passwd = sandbox.passwd_memfd(uid)
    chan_r, chan_w = os.pipe()
    os.set_inheritable(chan_w, True)
    argv = sandbox.bwrap_argv(
        workspace=None, tmpfs_mb=limits.disk_mb, ro_paths=[lab_env],
        ro_mounts={HARNESS_MOUNT: HARNESS, SUBMISSION_MOUNT: workdir,
                   **({HIDDEN_DATA_MOUNT: hidden_data} if hidden_data is not None and hidden_data.is_dir() else {})},
        network=False,
        die_with_parent=True, passwd_fd=passwd, data_fds={JOB_MOUNT: job_fd},
    ) + [str(lab_env / "bin" / "python"), "-I", "-u", HARNESS_MOUNT, JOB_MOUNT, str(chan_w), SUBMISSION_MOUNT]
    env = {
        "PATH": f"{lab_env / 'bin'}:/usr/bin:/bin", "HOME": sandbox.WORKSPACE_MOUNT, "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
        "IPYTHONDIR": "/tmp/.ipython", "MPLCONFIGDIR": "/tmp/.matplotlib", "XDG_CACHE_HOME": "/tmp/.cache",
        # Tells helpers meant for the candidate (e.g. hardware_sim.practice.run, a simulation shown in
        # the notebook) that nobody is watching: they skip their work, the graded files are judged apart.
        "PRACTICUM_GRADING": "1",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):  # keep the host's numerics workarounds
        if key in os.environ:
            env[key] = os.environ[key]
    result = RunResult()
    run = sandbox.SandboxRun(argv, uid=uid, limits=limits, env=env, name="grade",
                             cgroup_namespace=cgroup_namespace, pass_fds=(passwd, job_fd, chan_w))
    output = bytearray()
    try:
        with run:
            stopped = run.pump(*_readers(run, chan_r, result, limits, output, set(collect)))
    finally:
        os.close(chan_r)
        result.output = output[: limits.output_bytes].decode(errors="replace")
    if stopped != "done":
        result.stopped = stopped
    result.exit_code = run.proc.returncode
    result.seconds = time.monotonic() - run.started
    return result


def _readers(run: sandbox.SandboxRun, chan_r: int, result: RunResult, limits: Limits, output: bytearray,
             wanted: set[str]):
    """The handlers of the run's output and of the harness's channel, and the clock that stops it:
    the whole notebook's and each cell's time limit, and a short grace once the harness is done
    (whatever the candidate left running in the background is then killed)."""
    state = {"pending": b"", "channel": 0, "cell_started": run.started, "done_at": None}

    def on_output(chunk: bytes) -> str | None:
        output.extend(chunk)
        return "output_cap" if len(output) > limits.output_bytes else None

    def on_channel(chunk: bytes) -> str | None:
        state["channel"] += len(chunk)
        if state["channel"] > limits.channel_bytes:
            return "channel_cap"
        *lines, state["pending"] = (state["pending"] + chunk).split(b"\n")
        for line in lines:
            event = _parse(line)
            if event is not None:
                _record(event, result, state, wanted)
        return None

    def tick() -> str | None:
        now = time.monotonic()
        if state["done_at"] is not None and now - state["done_at"] > 0.5:
            return "done"
        if now - run.started > limits.timeout_s:
            return "notebook_timeout"
        if now - state["cell_started"] > limits.cell_timeout_s:
            return "cell_timeout"
        return None

    return {run.stdout_fd: on_output, chan_r: on_channel}, tick


def _record(event: dict, result: RunResult, state: dict, wanted: set[str]) -> None:
    kind = event.get("event")
    if kind == "cell":
        now = time.monotonic()
        if result.cells_started:
            result.cell_seconds.append(now - state["cell_started"])
        state["cell_started"] = now
        result.cells_started.append(str(event.get("grade_id")))
    elif kind == "check":
        key = (str(event.get("cell")), str(event.get("name")))
        result.checks.setdefault(key, event)  # the first report counts
    elif kind == "error" and len(result.errors) < 1000:
        result.errors.append({k: str(event.get(k))[:2000] for k in ("index", "grade_id", "ename", "evalue", "statement")})
    elif kind == "file" and event.get("path") in wanted:
        try:
            result.files[event["path"]] = base64.b64decode(event.get("data", ""), validate=True)
        except ValueError:
            pass
    elif kind == "done":
        result.cell_seconds.append(time.monotonic() - state["cell_started"])
        result.completed = True
        state["done_at"] = time.monotonic()


def _parse(line: bytes) -> dict | None:
    try:
        event = json.loads(line)
    except ValueError:
        return None
    return event if isinstance(event, dict) else None
