"""Service tasks for real: the candidate's own start script launched in a sandbox with a network
namespace of its own, probed with hidden requests (tests/labs/service-digits), and services that
misbehave in every way the issue names, each with a clear result and the run going on."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import psutil
import pytest
from uids import uid_for

from practicum.authoring.validate import check_exams
from practicum.core.exam_spec import load_exam, load_exam_dir
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.grading.context import GradingContext
from practicum.grading.kinds.service import grade_service
from practicum.grading.pipeline import grade_files, reference
from practicum.sittings.sitting_files import prepare_sitting

UID = uid_for(__name__)
LABS = PROJECT_ROOT / "tests" / "labs"
SERVE = (LABS / "service-digits" / "solution" / "deploy" / "serve.py").read_text()


@pytest.fixture(scope="module")
def lab(data_root):
    settings = Settings(data_dir=data_root / "service-data", labs_dir=LABS)
    files = prepare_sitting(settings, "SERVICE", load_exam(LABS, "service-digits"))
    exam = load_exam_dir(files.exam_dir)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for("ml"),
                         scratch_root=data_root / "service-scratch", cgroup_namespace="practicum-tests", cache_dir=settings.cache_dir)
    return ctx, reference(ctx, UID)


def submission(ctx, tmp_path) -> Path:
    return ctx.reference_submission(tmp_path / f"sub-{time.monotonic_ns()}")


def service_task(ctx, **changes):
    t = next(t for t in ctx.exam.tasks if t.id == "service")
    return t.model_copy(update={"service": t.service.model_copy(update=changes)}) if changes else t


def grade(ctx, sub: Path, offline=None, **changes) -> dict[str, dict]:
    rows = grade_service(service_task(ctx, **changes), sub, hidden_dir=ctx.exam.hidden_dir, lab_env=ctx.lab_env,
                         uid=UID, scratch_root=ctx.scratch_root, limits=ctx.model_limits(),
                         cgroup_namespace=ctx.cgroup_namespace, offline=offline)
    return {r["name"]: r for r in rows}


def patched_service(sub: Path, old: str, new: str) -> None:
    assert old in SERVE
    (sub / "deploy" / "serve.py").write_text(SERVE.replace(old, new))


def no_process_left() -> bool:
    """Nothing of the grading uid runs any more (killed processes take a moment to be reaped)."""
    for _ in range(40):
        left = [p for p in psutil.process_iter(["uids", "status", "cmdline"])
                if p.info["uids"] and p.info["uids"].real == UID and p.info["status"] != psutil.STATUS_ZOMBIE]
        if not left:
            return True
        time.sleep(0.1)
    print("left running:", [p.info["cmdline"] for p in left])
    return False


def test_check_passes_reference_full_starter_zero():
    (report,) = check_exams(LABS, ["service-digits"])
    assert report.problems == []
    assert report.reference_score == 100 and report.starter_score == 0


def test_reference_service_earns_every_row_for_reasons_the_grader_measured(lab, tmp_path):
    ctx, ref = lab
    result = grade_files(ctx, submission(ctx, tmp_path), "ref", UID, ref)
    rows = {r["name"]: r for r in result["checks"] if r.get("task") == "service"}
    assert set(rows) == {"start", "correct", "consistency", "latency", "bad_requests"}
    assert all(r["credit"] == 1.0 for r in rows.values()), rows
    assert "started by bash deploy/start.sh" in rows["start"]["reason"]
    assert "on 120 hidden requests (120 answered)" in rows["correct"]["reason"]
    assert "agrees with its own model run offline (offline-model) on 100.0%" in rows["consistency"]["reason"]
    assert "p95" in rows["latency"]["reason"] and "measured by the grader" in rows["latency"]["reason"]
    assert rows["bad_requests"]["reason"].startswith("7 of 7 malformed requests refused")
    assert result["tasks"]["service"]["score"] == 80 and no_process_left()


def test_a_service_that_never_starts(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "deploy" / "start.sh").write_text("echo 'cannot find model.onnx' >&2\nexit 3\n")
    started = time.monotonic()
    rows = grade(ctx, sub)
    assert time.monotonic() - started < 10  # noticed when nothing is left running, not at the 20 s limit
    assert rows["start"]["credit"] == 0
    assert "ended and no service process is running" in rows["start"]["reason"]
    assert "cannot find model.onnx" in rows["start"]["reason"]
    assert all(r["credit"] == 0 and r["reason"] == "the service never became ready"
               for name, r in rows.items() if name != "start")


def test_a_service_on_the_wrong_port_is_named(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    patched_service(sub, 'int(os.environ.get("PORT", "8080"))', "9999")
    rows = grade(ctx, sub, ready_timeout_s=4)
    assert rows["start"]["credit"] == 0 and "listening on port 9999 instead of $PORT" in rows["start"]["reason"]


def test_a_service_that_hangs_is_given_up_on_and_the_run_goes_on(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    patched_service(sub, "        if self.path != \"/predict\":", "        time.sleep(3600)\n"
                    "        if self.path != \"/predict\":")
    (sub / "deploy" / "serve.py").write_text("import time\n" + (sub / "deploy" / "serve.py").read_text())
    started = time.monotonic()
    rows = grade(ctx, sub)
    assert time.monotonic() - started < 40
    assert rows["start"]["credit"] == 1
    assert rows["correct"]["credit"] == 0 and "stopped answering after 3 requests" in rows["correct"]["reason"]
    assert "no answer within 2 s" in rows["correct"]["reason"]
    assert rows["latency"]["credit"] == 0 and rows["bad_requests"]["credit"] == 0
    assert no_process_left()


def test_garbage_answers_score_nothing(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    patched_service(sub, 'self.reply(200, {"label": int(((centroids - x) ** 2).sum(1).argmin())})',
                    'self.send_response(200); self.end_headers(); self.wfile.write(b"<html>label: 7</html>")')
    rows = grade(ctx, sub)
    assert rows["correct"]["credit"] == 0
    assert "(0 answered)" in rows["correct"]["reason"] and "HTTP 200 '<html>label: 7</html>'" in rows["correct"]["reason"]


def test_a_forking_service_is_graded_and_every_process_is_stopped(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    # The start script daemonises the service and a child that never ends, then exits itself.
    (sub / "deploy" / "start.sh").write_text(
        'cd "$(dirname "$0")"\nsetsid nohup python serve.py > serve.log 2>&1 &\n'
        "setsid bash -c 'while true; do sleep 1; done' &\nexit 0\n")
    rows = grade(ctx, sub)
    assert rows["start"]["credit"] == 1 and rows["correct"]["credit"] == 1, rows
    assert no_process_left()


def test_a_service_reaching_for_the_network_reaches_nothing(lab, tmp_path):
    ctx, _ = lab
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    contacts = []

    def watch():
        end = time.monotonic() + 30
        while time.monotonic() < end and not contacts:
            try:
                contacts.append(listener.accept())
            except OSError:
                continue

    watcher = threading.Thread(target=watch)
    watcher.start()
    sub = submission(ctx, tmp_path)
    patched_service(sub, "class Handler", "import socket\nREACHED = []\n"
                    f"for addr in (('127.0.0.1', {port}), ('10.0.0.1', 80), ('pypi.org', 443)):\n"
                    "    try:\n"
                    "        socket.create_connection(addr, timeout=1).close()\n"
                    "        REACHED.append(addr)\n"
                    "    except OSError:\n"
                    "        pass\n\n\nclass Handler")
    try:
        rows = grade(ctx, sub)
    finally:
        contacts.append(None)
        watcher.join()
        listener.close()
    assert contacts == [None], "the sandboxed service reached a port on the host"
    assert rows["start"]["credit"] == 1 and rows["correct"]["credit"] == 1  # it goes on, within its own namespace


def test_bad_requests_that_crash_or_pass_lose_that_row_only(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    # No input checking: a malformed body raises inside the handler (no answer) or is answered 200.
    patched_service(sub, "        except (ValueError, KeyError, TypeError) as exc:\n"
                         "            return self.reply(400, {\"error\": str(exc)[:200]})\n", "        finally:\n"
                         "            pass\n")
    patched_text = (sub / "deploy" / "serve.py").read_text().replace(
        "            if x.shape != (64,):\n                raise ValueError(f\"pixels: expected 64 numbers, got shape "
        "{list(x.shape)}\")\n", "")
    (sub / "deploy" / "serve.py").write_text(patched_text)
    rows = grade(ctx, sub)
    assert rows["correct"]["credit"] == 1
    assert rows["bad_requests"]["credit"] < 0.5 and "not refused" in rows["bad_requests"]["reason"]


def test_a_service_that_dies_on_bad_requests_loses_the_row(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    patched_service(sub, "            return self.reply(400, {\"error\": str(exc)[:200]})",
                    "            os._exit(1)")
    rows = grade(ctx, sub)
    assert rows["correct"]["credit"] == 1
    assert rows["bad_requests"]["credit"] == 0 and "no longer answers GET /health" in rows["bad_requests"]["reason"]


def test_inconsistent_preprocessing_and_a_slow_path_are_caught(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    # Online preprocessing that differs from offline (scaled pixels), and a slow path per request.
    patched_service(sub, "        self.reply(200, {\"label\": int(((centroids - x) ** 2).sum(1).argmin())})",
                    "        time.sleep(0.12)\n        x = x / 16.0\n"
                    "        self.reply(200, {\"label\": int(((centroids - x) ** 2).sum(1).argmin())})")
    (sub / "deploy" / "serve.py").write_text("import time\n" + (sub / "deploy" / "serve.py").read_text())
    import numpy as np

    offline = {"offline-model": (np.load(ctx.exam.hidden_dir / "labels" / "service" / "y.npy"), None)}
    rows = grade(ctx, sub, offline=offline)
    assert rows["consistency"]["credit"] == 0 and "needs 99%" in rows["consistency"]["reason"]
    assert rows["latency"]["credit"] == 0 and "budget 50 ms" in rows["latency"]["reason"]


def test_memory_bombs_and_linked_start_scripts_are_contained(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    patched_service(sub, "class Handler", "blocks = []\nwhile True:\n    blocks.append(bytearray(256 * 2**20))\n\n\n"
                                          "class Handler")
    rows = grade(ctx, sub)
    assert rows["start"]["credit"] == 0 and ("MemoryError" in rows["start"]["reason"] or
                                             "no service process" in rows["start"]["reason"]), rows["start"]
    sub = submission(ctx, tmp_path)
    (sub / "deploy" / "start.sh").unlink()
    (sub / "deploy" / "start.sh").symlink_to("/etc/shadow")
    rows = grade(ctx, sub)
    assert rows["start"]["credit"] == 0 and "symbolic link" in rows["start"]["reason"]
    assert no_process_left()


def test_what_a_service_prints_about_itself_is_ignored(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    patched_service(sub, 'self.reply(200, {"label": int(((centroids - x) ** 2).sum(1).argmin())})',
                    'print("accuracy 1.0 p95 0.1 ms", flush=True); '
                    'self.reply(200, {"label": 3, "accuracy": 1.0, "latency_ms": 0.1})')
    rows = grade(ctx, sub)
    assert rows["correct"]["credit"] == 0 and "accuracy 0.0917 on 120 hidden requests" in rows["correct"]["reason"]


FASTAPI_SERVICE = '''
import os

import numpy as np
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel, Field

centroids = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "centroids.npy"))
app = FastAPI(title="digits")


class Digit(BaseModel):
    pixels: list[float] = Field(min_length=64, max_length=64)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(d: Digit):
    return {"label": int(((centroids - np.array(d.pixels)) ** 2).sum(1).argmin())}


uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8080")), log_level="warning")
'''


def test_a_fastapi_service_is_graded_like_any_other(lab, tmp_path):
    ctx, _ = lab
    sub = submission(ctx, tmp_path)
    (sub / "deploy" / "serve.py").write_text(FASTAPI_SERVICE)
    rows = grade(ctx, sub)
    assert {name: r["credit"] for name, r in rows.items()} == {
        "start": 1.0, "correct": 1.0, "consistency": 0.0, "latency": 1.0, "bad_requests": 1.0}, rows
    assert "no offline predictions" in rows["consistency"]["reason"]  # graded alone, without its model task


def test_service_specs_are_checked_when_the_exam_loads():
    from pydantic import ValidationError

    from practicum.core.exam_spec import ExamSpec, ServiceTask

    base = {"start": "deploy/start.sh", "requests": "r.jsonl", "labels": "y.npy", "thresholds": [[0.9, 1.0]]}
    assert "consistency" not in ServiceTask(**base).weights  # no offline model: nothing to be consistent with
    for bad in ({"start": "../start.sh"}, {"requests": "r.json"}, {"thresholds": [[0.9, 1.5]]},
                {"weights": {"start": 0, "correct": 0}}, {"metric": "map50"}, {"endpoint": "predict"}):
        with pytest.raises(ValidationError):
            ServiceTask(**{**base, **bad})
    task = {"id": "svc", "title": {"zh": "服务", "en": "Service"}, "points": 10, "area": "delivery",
            "skills": ["platform/junior/5.1.1"], "grading": "auto", "service": {**base, "offline": "nope"}}
    exam = {"id": "x", "title": {"zh": "x", "en": "x"}, "kind": "practice", "minutes": 60, "assignment": "a",
            "open_file": "a.ipynb", "tasks": [task]}
    with pytest.raises(ValidationError, match="not a model task"):
        ExamSpec.model_validate(exam)
    with pytest.raises(ValidationError, match="exactly one of"):
        ExamSpec.model_validate({**exam, "tasks": [{**task, "cells": ["c1"], "service": base}]})
