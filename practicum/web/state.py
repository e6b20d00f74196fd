"""JSON views of the database for the pages: a candidate's clock, a proctor's live table."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from practicum.db import store
from practicum.db.models import Candidate, Sitting, Submission
from practicum.sittings.snapshot import EXCLUDED_DIRS


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def latest_save(workspace: Path) -> float | None:
    """Newest modification time of the candidate's files: when their work was last saved."""
    newest = None
    stack = [(str(workspace), 0)]
    while stack:
        path, depth = stack.pop()
        try:
            with os.scandir(path) as it:
                for entry in it:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in EXCLUDED_DIRS and depth < 8:
                            stack.append((entry.path, depth + 1))
                    elif entry.is_file(follow_symlinks=False):
                        m = entry.stat(follow_symlinks=False).st_mtime
                        newest = m if newest is None or m > newest else newest
        except OSError:
            continue
    return newest


def receipt_json(sub: Submission) -> dict:
    return {
        "id": sub.receipt_id,
        "pk": sub.id,
        "seq": sub.seq,
        "kind": sub.kind,
        "at": iso(sub.created_at),
        "sha256": sub.sha256,
        "total_bytes": sub.total_bytes,
        "files": sub.manifest,
        "flags": sub.flags,
    }


def candidate_json(c: Candidate, now: datetime, workspace: Path | None = None) -> dict:
    final = c.final_submission
    saved = latest_save(workspace) if workspace is not None and c.started_at else None
    return {
        "candidate_id": c.candidate_id,
        "name": c.name,
        "status": c.status,
        "started_at": iso(c.started_at),
        "deadline": iso(c.deadline),
        "seconds_left": store.seconds_left(c, now),
        "extra_minutes": c.extra_s // 60,
        "closed_at": iso(c.closed_at),
        "submissions": len([s for s in c.submissions if s.kind == "submit"]),
        "final_receipt": final.receipt_id if final else None,
        "last_saved_at": datetime.fromtimestamp(saved).astimezone().isoformat() if saved else None,
        "seconds_since_save": max(0.0, now.timestamp() - saved) if saved else None,
    }


def sitting_json(s: Sitting, lang: str) -> dict:
    return {
        "code": s.code,
        "exam_id": s.exam_id,
        "title": s.title.get(lang, s.title.get("en")),
        "mode": s.mode,
        "minutes": s.duration_s // 60 if s.duration_s % 60 == 0 else round(s.duration_s / 60, 1),
        "opens_at": iso(s.opens_at),
        "closes_at": iso(s.closes_at),
        "open_file": s.open_file,
    }
