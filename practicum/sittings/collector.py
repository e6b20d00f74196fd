"""Submissions and deadline collections: one transaction as the candidate sees it.

Order of work for one submission: snapshot the workspace into a new archive folder (written,
synced and read back), write its manifest, commit the database row, and only then answer and
put the copy where nbgrader looks. A crash before the commit leaves a folder the database does
not know: the next submission or collection of that candidate moves it to `.orphans/` (kept for
the examiners, logged for the proctor) and carries on, so no crash can block a candidate. A crash
after the commit leaves a complete submission whose answer was lost: the page retries with the
same client key and gets the original receipt back instead of a second copy.

Only the exam service takes submissions, one at a time per candidate (its per-candidate lock);
the database's unique (candidate, seq) catches anything else.
"""

from __future__ import annotations

import logging
import os
import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from practicum.core import failpoints
from practicum.core.i18n import ExamError
from practicum.core.settings import Settings
from practicum.db import store
from practicum.db.models import Candidate, Submission, utcnow
from practicum.sittings.sitting_files import NBGRADER_TIMESTAMP, SittingFiles
from practicum.sittings.snapshot import snapshot_workspace, write_durably

MB = 1024 * 1024
ORPHANS = ".orphans"
log = logging.getLogger("practicum.collector")


def take_submission(
    settings: Settings, db: Session, candidate: Candidate, kind: str, now: datetime,
    client_key: str | None = None,
) -> Submission:
    """kind: 'submit' (the candidate's, refused after the deadline) or 'collect' (the service's).

    Adds the row to `db` without committing; the caller commits, then calls `publish_if_final`.
    """
    if kind == "submit" and store.is_over(candidate, now):
        at = (candidate.closed_at or candidate.deadline).isoformat()
        raise ExamError("err_deadline_passed", status=409, at=at)
    if candidate.started_at is None:
        raise ExamError("err_not_started", status=409)
    files = SittingFiles(settings, candidate.sitting.code)
    cand_dir = files.archive_dir / candidate.candidate_id
    recovered = recover_orphans(cand_dir, {s.store_path for s in candidate.submissions})
    if recovered:
        store.log_event(db, "service", "submit_recovered", candidate=candidate, orphans=recovered[:20])
    seq = store.next_seq(candidate)
    dest = cand_dir / f"{seq:03d}-{kind}"
    limits = candidate.sitting.limits
    snap = snapshot_workspace(
        files.workspace(candidate.candidate_id),
        dest,
        max_bytes=limits["submission_mb"] * MB,
        max_files=limits["max_files"],
        deadline=candidate.deadline if kind == "collect" else None,
        skip_over_limit=kind == "collect",
    )
    failpoints.hit(f"{kind}.after_snapshot")
    write_durably(dest.parent / f"{seq:03d}-{kind}.sha256", snap.manifest_text)
    return store.add_submission(
        db,
        candidate,
        kind,
        seq,
        created_at=now,
        sha256=snap.sha256,
        total_bytes=snap.total_bytes,
        manifest=snap.manifest(),
        store_path=str(dest),
        flags=snap.flags,
        client_key=client_key,
    )


def recover_orphans(cand_dir: Path, known_paths: set[str]) -> list[str]:
    """Moves what a crash left in a candidate's archive folder (a partial copy, or a whole one whose
    row was never committed) into `.orphans/`; returns the names moved. Never deletes anything."""
    try:
        entries = sorted(os.scandir(cand_dir), key=lambda e: e.name)
    except FileNotFoundError:
        return []
    moved = []
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    for entry in entries:
        if entry.name == ORPHANS:
            continue
        if str(cand_dir / entry.name.removesuffix(".sha256")) in known_paths:
            continue  # a committed submission or its manifest
        target = cand_dir / ORPHANS / f"{stamp}-{entry.name}"
        target.parent.mkdir(mode=0o700, exist_ok=True)
        os.replace(entry.path, target)
        moved.append(entry.name)
    return moved


def submit(settings: Settings, st: store.Store, candidate_pk: int, client_key: str | None,
           now: datetime | None = None) -> tuple[Submission, bool]:
    """The candidate's Submit, whole: (submission, replayed). A key already stored for this
    candidate returns that submission (replayed=True), even after the deadline: it was on time."""
    with st.session() as db:
        cand = store.get_candidate(db, candidate_pk)
        if client_key is not None:
            earlier = store.submission_by_key(cand, client_key)
            if earlier is not None:
                store.log_event(db, cand.candidate_id, "submit_replayed", candidate=cand, seq=earlier.seq)
                earlier.candidate = cand  # loaded for the caller, who reads the receipt after the commit
                return earlier, True
        sub = take_submission(settings, db, cand, "submit", now or utcnow(), client_key)
        failpoints.hit("submit.before_commit")
    failpoints.hit("submit.after_commit")
    publish_if_final(settings, sub)
    return sub, False


def close(settings: Settings, st: store.Store, candidate_pk: int, now: datetime | None = None) -> Submission | None:
    """Collects and closes one attempt in its own transaction (the deadline watcher's unit of work)."""
    with st.session() as db:
        cand = store.get_candidate(db, candidate_pk)
        sub = close_attempt(settings, db, cand, now or utcnow())
        failpoints.hit("collect.before_commit")
    if sub is not None:
        publish_if_final(settings, sub)
    return sub


def close_attempt(settings: Settings, db: Session, cand: Candidate, now: datetime) -> Submission | None:
    """Collects an attempt's work and closes it: the deadline watcher's job when time is over, and the
    demo's when it replaces its sitting (a clock that ran out while nothing was running, say).
    The caller commits, then calls `publish_if_final` with the result."""
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


def publish_if_final(settings: Settings, sub: Submission) -> bool:
    """After the commit: puts the graded version where `nbgrader autograde` looks. Grading itself
    reads the database's final submission, so a failure here (a crash, a full disk) must not turn a
    stored submission into an error for the candidate: `republish` redoes it when the service starts."""
    cand = sub.candidate
    if cand.final_submission is not sub:
        return False
    try:
        publish_for_grading(SittingFiles(settings, cand.sitting.code), cand.candidate_id, cand.sitting.assignment, sub)
    except OSError:
        log.exception("the nbgrader copy of %s #%d failed; it is redone at the next start", cand.candidate_id, sub.seq)
        return False
    return True


def publish_for_grading(files: SittingFiles, candidate_id: str, assignment: str, sub: Submission) -> None:
    """Puts the graded version where `nbgrader autograde` looks: submitted/<id>/<assignment>/."""
    target = files.submitted_dir(candidate_id, assignment)
    staging = target.with_name(target.name + ".incoming")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(sub.store_path, staging)
    (staging / "timestamp.txt").write_text(sub.created_at.strftime(NBGRADER_TIMESTAMP))
    (staging / ".receipt").write_text(sub.sha256)
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def published_receipt(files: SittingFiles, candidate_id: str, assignment: str) -> str | None:
    try:
        return (files.submitted_dir(candidate_id, assignment) / ".receipt").read_text().strip()
    except OSError:
        return None


def republish(settings: Settings, st: store.Store) -> list[str]:
    """Re-publishes every final submission whose nbgrader copy is missing or older (a crash between
    the commit and the copy); returns the candidates fixed."""
    fixed = []
    with st.session() as db:
        cands = db.scalars(select(Candidate).where(Candidate.started_at.is_not(None))
                           .options(selectinload(Candidate.sitting), selectinload(Candidate.submissions)))
        for cand in cands:
            final = cand.final_submission
            if final is None:
                continue
            files = SittingFiles(settings, cand.sitting.code)
            if published_receipt(files, cand.candidate_id, cand.sitting.assignment) != final.sha256:
                publish_for_grading(files, cand.candidate_id, cand.sitting.assignment, final)
                fixed.append(f"{cand.sitting.code}/{cand.candidate_id}")
    return fixed
