"""Submissions and deadline collections: snapshot, receipt, nbgrader layout, in that order.

The archive copy is written and renamed into place before the database row exists, and the
nbgrader `submitted/` copy is replaced last, so a crash at any point loses no submitted work.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime

from sqlalchemy.orm import Session

from . import store
from .i18n import ExamError
from .models import Candidate, Submission
from .settings import Settings
from .sitting_files import NBGRADER_TIMESTAMP, SittingFiles
from .snapshot import snapshot_workspace

MB = 1024 * 1024


def take_submission(
    settings: Settings, db: Session, candidate: Candidate, kind: str, now: datetime
) -> Submission:
    """kind: 'submit' (the candidate's, refused after the deadline) or 'collect' (the service's)."""
    if kind == "submit" and store.is_over(candidate, now):
        at = (candidate.closed_at or candidate.deadline).isoformat()
        raise ExamError("err_deadline_passed", status=409, at=at)
    if candidate.started_at is None:
        raise ExamError("err_not_started", status=409)
    files = SittingFiles(settings, candidate.sitting.code)
    seq = max((s.seq for s in candidate.submissions), default=0) + 1
    dest = files.archive_dir / candidate.candidate_id / f"{seq:03d}-{kind}"
    limits = candidate.sitting.limits
    snap = snapshot_workspace(
        files.workspace(candidate.candidate_id),
        dest,
        max_bytes=limits["submission_mb"] * MB,
        max_files=limits["max_files"],
        deadline=candidate.deadline if kind == "collect" else None,
        skip_over_limit=kind == "collect",
    )
    (dest.parent / f"{seq:03d}-{kind}.sha256").write_text(snap.manifest_text)
    sub = store.add_submission(
        db,
        candidate,
        kind,
        created_at=now,
        sha256=snap.sha256,
        total_bytes=snap.total_bytes,
        manifest=snap.manifest(),
        store_path=str(dest),
        flags=snap.flags,
    )
    if candidate.final_submission is sub:
        publish_for_grading(files, candidate.candidate_id, candidate.sitting.assignment, sub)
    return sub


def publish_for_grading(files: SittingFiles, candidate_id: str, assignment: str, sub: Submission) -> None:
    """Puts the graded version where `nbgrader autograde` looks: submitted/<id>/<assignment>/."""
    target = files.submitted_dir(candidate_id, assignment)
    staging = target.with_name(target.name + ".incoming")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(sub.store_path, staging)
    (staging / "timestamp.txt").write_text(sub.created_at.strftime(NBGRADER_TIMESTAMP))
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def close_attempt(settings: Settings, db: Session, cand: Candidate, now: datetime) -> Submission | None:
    """Collects an attempt's work and closes it: the deadline watcher's job when time is over, and the
    demo's when it replaces its sitting (a clock that ran out while nothing was running, say)."""
    if cand.closed_at is not None:
        return None
    sub = None
    if cand.started_at is not None:
        try:
            sub = take_submission(settings, db, cand, "collect", now)
        except FileNotFoundError:
            pass  # no workspace: nothing to collect
    cand.closed_at = now
    store.log_event(db, "service", "close", candidate=cand)
    return sub
