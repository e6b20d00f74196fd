"""The persistent grading queue: N worker processes, resumable, each submission graded once.

A job is claimed atomically (one UPDATE ... RETURNING, with SKIP LOCKED on PostgreSQL) and leased;
a worker that dies leaves its job 'running' until the lease runs out or its pid is gone, and the
next `practicum grade` puts it back in the queue. A finished job is never graded again: a regrade
supersedes it with a new job and is logged with its reason.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import psutil
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from practicum.core.exam_spec import load_exam_dir
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.db import store
from practicum.db.grading_models import GradingJob
from practicum.db.models import Candidate, Sitting, Submission, utcnow
from practicum.grading.context import GradingContext
from practicum.grading.pipeline import grade_files, reference
from practicum.sittings.sitting_files import SittingFiles

HOST = socket.gethostname()


def grader_uid(settings: Settings, worker_index: int) -> int:
    """A grading worker's sandbox uid: just below the instance's candidates (1_999_800 + n by default),
    so two instances on one machine (uid_base apart) never share a uid's process limit."""
    return settings.uid_base - 200 + worker_index


def context_for(settings: Settings, sitting: Sitting, worker: int) -> GradingContext:
    return GradingContext.for_sitting(settings, SittingFiles(settings, sitting.code),
                                      cgroup_namespace=f"practicum-grade-{os.getpid()}-{worker}")


# ---------------------------------------------------------------- the queue


def current_jobs(db: Session, sitting: Sitting) -> list[GradingJob]:
    return list(db.scalars(select(GradingJob).where(GradingJob.sitting_id == sitting.id,
                                                    GradingJob.superseded.is_(False))))


def enqueue(db: Session, sitting: Sitting, *, regrade: list[str] | None = None, actor: str = "cli",
            reason: str = "") -> int:
    """Queues every candidate's graded version not yet queued; `regrade` names candidates to do again
    (an empty list means all). Returns how many jobs were added."""
    jobs = {j.candidate_pk: j for j in current_jobs(db, sitting)}
    added = 0
    for cand in sitting.candidates:
        final = cand.final_submission
        if final is None:
            continue
        job = jobs.get(cand.id)
        again = regrade is not None and (not regrade or cand.candidate_id in regrade)
        if job is not None and job.submission_id == final.id and not again:
            continue
        if job is not None:
            job.superseded = True
            if again:
                store.log_event(db, actor, "regrade", candidate=cand, reason=reason, old_job=job.id,
                                old_scores={k: v["score"] for k, v in ((job.result or {}).get("tasks") or {}).items()})
        db.add(GradingJob(sitting_id=sitting.id, candidate_pk=cand.id, submission_id=final.id, status="queued",
                          superseded=False, attempts=0, worker="", error=""))
        added += 1
    db.flush()
    return added


def requeue_stale(db: Session, sitting: Sitting) -> int:
    """Running jobs whose worker is gone (lease over, or its process no longer exists here)."""
    now = utcnow()
    count = 0
    for job in current_jobs(db, sitting):
        if job.status != "running":
            continue
        host, _, pid = job.worker.rpartition(":")
        dead_here = host == HOST and pid.isdigit() and not _alive(int(pid))
        if dead_here or (job.lease_until is not None and job.lease_until < now):
            job.status = "queued"
            job.worker = ""
            count += 1
    return count


def _alive(pid: int) -> bool:
    """A dead worker may linger as a zombie (its parent gone too); that counts as dead."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def claim(st: store.Store, sitting_id: int, worker: str, lease_s: float) -> int | None:
    """Takes the oldest queued job of the sitting, atomically; None when the queue is empty."""
    with st.session() as db:
        pick = (select(GradingJob.id)
                .where(GradingJob.sitting_id == sitting_id, GradingJob.status == "queued",
                       GradingJob.superseded.is_(False))
                .order_by(GradingJob.id).limit(1))
        if db.bind.dialect.name == "postgresql":
            pick = pick.with_for_update(skip_locked=True)
        now = utcnow()
        row = db.execute(
            update(GradingJob)
            .where(GradingJob.id == pick.scalar_subquery(), GradingJob.status == "queued")
            .values(status="running", worker=worker, attempts=GradingJob.attempts + 1, started_at=now,
                    lease_until=now + timedelta(seconds=lease_s))
            .returning(GradingJob.id)
        ).first()
        return row[0] if row else None


def grade_job(settings: Settings, st: store.Store, job_id: int, worker_index: int) -> None:
    with st.session() as db:
        job = db.get(GradingJob, job_id)
        sub = db.get(Submission, job.submission_id)
        cand = db.get(Candidate, job.candidate_pk)
        sitting = db.get(Sitting, job.sitting_id)
        ctx = context_for(settings, sitting, worker_index)
        student, store_path = cand.candidate_id, Path(sub.store_path)
    uid = grader_uid(settings, worker_index)
    try:
        result = grade_files(ctx, store_path, student, uid, reference(ctx, uid))
        status, error = "done", ""
    except Exception as exc:  # noqa: BLE001 - a job that cannot be graded is reported, not fatal
        result, status, error = None, "failed", f"{type(exc).__name__}: {exc}"
    with st.session() as db:
        job = db.get(GradingJob, job_id)
        job.status, job.result, job.error, job.finished_at = status, result, error[:4000], utcnow()


def worker_main(settings_file: str, sitting_code: str, index: int) -> None:
    """One worker process: claim, grade, record, until the queue is empty."""
    ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG: die with `practicum grade`
    settings = Settings.load(settings_file)
    st = store.Store(settings.database_url)
    with st.session() as db:
        sitting = store.get_sitting(db, sitting_code)
        sitting_id = sitting.id
        exam = load_exam_dir(SittingFiles(settings, sitting_code).exam_dir)
    lease = len(exam.notebooks) * exam.notebook_timeout_s + 300
    me = f"{HOST}:{os.getpid()}"
    while (job_id := claim(st, sitting_id, me, lease)) is not None:
        grade_job(settings, st, job_id, index)


# ---------------------------------------------------------------- `practicum grade`


@dataclass
class Progress:
    total: int
    done: int
    failed: int
    running: int
    queued: int


def progress(st: store.Store, sitting_id: int) -> Progress:
    with st.session() as db:
        jobs = list(db.scalars(select(GradingJob).where(GradingJob.sitting_id == sitting_id,
                                                        GradingJob.superseded.is_(False))))
    count = lambda s: sum(1 for j in jobs if j.status == s)  # noqa: E731
    return Progress(len(jobs), count("done"), count("failed"), count("running"), count("queued"))


def grade_sitting(settings: Settings, code: str, *, workers: int | None = None, regrade: list[str] | None = None,
                  actor: str = "cli", reason: str = "", out=sys.stdout) -> Progress:
    """Queues what needs grading and runs N workers until the queue is empty, showing progress."""
    workers = workers or os.cpu_count() or 1
    st = store.Store(settings.database_url)
    st.migrate()
    with st.session() as db:
        sitting = store.get_sitting(db, code)
        added = enqueue(db, sitting, regrade=regrade, actor=actor, reason=reason)
        stale = requeue_stale(db, sitting)
        sitting_id = sitting.id
        ctx = context_for(settings, sitting, 0)
    reference(ctx, grader_uid(settings, 0))  # once, before the workers (cached for them)
    start = time.monotonic()
    before = progress(st, sitting_id)
    print(f"grading {code}: {added} new, {stale} resumed, {before.queued} queued, {before.done} already done; "
          f"{workers} workers", file=out, flush=True)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    queued = before.queued
    for _round in range(4):  # bounded: a job that kills every worker must not loop for ever
        procs = [subprocess.Popen([sys.executable, "-m", "practicum.grading.queue", str(settings.settings_file), code, str(i)],
                                  env=env) for i in range(min(workers, max(queued, 1)))]
        try:
            while any(p.poll() is None for p in procs):
                time.sleep(0.5)
                _show(out, progress(st, sitting_id), before.done, time.monotonic() - start)
        finally:
            for p in procs:
                if p.poll() is None:
                    p.terminate()
                p.wait()
        # A worker of an earlier run that was still dying when this one began (or one of ours that
        # died) left its job 'running': put it back and grade it now rather than leave it stuck.
        with st.session() as db:
            stale = requeue_stale(db, store.get_sitting(db, code))
        if not stale:
            break
        queued = stale
    final = progress(st, sitting_id)
    _show(out, final, before.done, time.monotonic() - start, end="\n")
    return final


_last_shown: list[tuple] = [()]


def _show(out, p: Progress, done_before: int, elapsed: float, end: str = "\r") -> None:
    """One progress line, redrawn in a terminal; in a log only when the counts change."""
    graded = p.done + p.failed - done_before
    rate = elapsed / graded if graded else 0
    left = rate * (p.queued + p.running)
    line = (f"  {p.done + p.failed}/{p.total} graded ({p.failed} failed), {p.running} running, {p.queued} queued"
            + (f" — {rate:.1f} s per submission, about {left:.0f} s left" if graded else ""))
    tty = out.isatty()
    counts = (p.done, p.failed, p.running, p.queued)
    if tty or counts != _last_shown[0] or end == "\n":
        _last_shown[0] = counts
        print(line.ljust(100) if tty else line, end=end if tty else "\n", file=out, flush=True)


if __name__ == "__main__":
    worker_main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
