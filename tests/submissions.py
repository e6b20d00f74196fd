"""Test helpers for submissions: a sitting of started candidates with workspaces, no hub needed,
and the checks every fault test ends with (each acknowledged receipt stored once, verifiably)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from practicum.core.exam_spec import load_exam
from practicum.core.roster import RosterRow
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.db import store
from practicum.db.models import Candidate, Sitting, Submission, utcnow
from practicum.sittings.sitting_files import (
    SittingFiles,
    candidate_uid,
    make_workspace,
    prepare_sitting,
    seed_workspace,
)
from practicum.sittings.snapshot import receipt_hash, verify_stored


def make_settings(root: Path, db_url: str = "") -> Settings:
    s = Settings(data_dir=root, db_url=db_url)
    s.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(s.data_dir, 0o711)
    s.save()
    store.Store(s.database_url).migrate()
    return s


def started_sitting(settings: Settings, code: str, ids: list[str], *, duration_s: int = 3600,
                    started_ago_s: int = 0, exam_id: str = "demo-numpy") -> dict[str, int]:
    """A practice sitting whose candidates have pressed Start (workspaces seeded); {id: pk}."""
    exam = load_exam(settings.labs_dir, exam_id)
    files = prepare_sitting(settings, code, exam)
    st = store.Store(settings.database_url)
    with st.session() as db:
        sitting = store.create_sitting(db, code, exam, mode="practice", duration_s=duration_s,
                                       opens_at=utcnow() - timedelta(seconds=started_ago_s + 60))
        store.import_roster(db, sitting, [RosterRow(i + 2, c, c, "pw-" + c) for i, c in enumerate(ids)], "test")
        db.flush()
        out = {}
        for cand in sitting.candidates:
            cand.started_at = utcnow() - timedelta(seconds=started_ago_s)
            uid = candidate_uid(settings, cand.id)
            ws = make_workspace(files, cand.candidate_id, uid)
            seed_workspace(files.release_dir(exam.assignment), ws, uid)
            out[cand.candidate_id] = cand.id
    return out


def edit_work(settings: Settings, code: str, cid: str, text: str) -> None:
    """What the candidate's lab would do: change a file in the workspace."""
    path = SittingFiles(settings, code).workspace(cid) / "answer.txt"
    path.write_text(text)


def run_in_child(settings: Settings, code: str, failpoints_file: Path | None = None) -> int:
    """Runs Python `code` (with `settings` and `st` defined) in a new process; returns its exit code,
    -9 when a failpoint killed it."""
    prelude = (f"import sys; sys.path.insert(0, {str(PROJECT_ROOT)!r})\n"
               "from practicum.core.settings import Settings\nfrom practicum.db import store\nfrom practicum.sittings import collector\n"
               f"settings = Settings.load({str(settings.settings_file)!r})\n"
               "st = store.Store(settings.database_url)\n")
    env = {**os.environ}
    env.pop("PRACTICUM_FAILPOINTS", None)
    if failpoints_file is not None:
        env["PRACTICUM_FAILPOINTS"] = str(failpoints_file)
    return subprocess.run([sys.executable, "-c", prelude + code], env=env, timeout=120).returncode


def audit(settings: Settings, code: str, acknowledged: dict[str, list[dict]]) -> dict:
    """The invariants after any fault, checked from the database and the disk alone.

    `acknowledged`: per candidate, the receipts their client was given (as the API returned them).
    Every one must be stored exactly once, with files whose hash is the receipt's; no two rows may
    share a client key; every stored submission must verify; the nbgrader copy must be the final one.
    Returns figures for the report; raises AssertionError naming what broke.
    """
    st = store.Store(settings.database_url)
    files = SittingFiles(settings, code)
    problems: list[str] = []
    figures = {"candidates": 0, "stored": 0, "acknowledged": 0, "orphans_kept": 0}
    with st.session() as db:
        sitting = db.scalar(select(Sitting).where(Sitting.code == code))
        for cand in db.scalars(select(Candidate).where(Candidate.sitting_id == sitting.id)):
            figures["candidates"] += 1
            subs = list(db.scalars(select(Submission).where(Submission.candidate_pk == cand.id)))
            figures["stored"] += len(subs)
            keys = [s.client_key for s in subs if s.client_key]
            if len(keys) != len(set(keys)):
                problems.append(f"{cand.candidate_id}: a client key stored twice")
            for s in subs:
                bad = verify_stored(Path(s.store_path), s.manifest)
                if bad or receipt_hash(s.manifest) != s.sha256:
                    problems.append(f"{cand.candidate_id} #{s.seq}: does not verify: {bad[:3]}")
            by_id = {s.id: s for s in subs}
            for r in acknowledged.get(cand.candidate_id, []):
                figures["acknowledged"] += 1
                row = by_id.get(r["pk"])
                if row is None or row.sha256 != r["sha256"] or row.seq != r["seq"]:
                    problems.append(f"{cand.candidate_id}: acknowledged receipt {r['id']} not stored as given")
            acked = {r["pk"] for r in acknowledged.get(cand.candidate_id, [])}
            lost_answers = [s.seq for s in subs if s.kind == "submit" and s.id not in acked]
            if lost_answers:
                problems.append(f"{cand.candidate_id}: stored but never acknowledged: {lost_answers}")
            final = cand.final_submission
            if final is not None:
                published = files.submitted_dir(cand.candidate_id, sitting.assignment)
                marker = published / ".receipt"
                if not marker.exists() or marker.read_text().strip() != final.sha256:
                    problems.append(f"{cand.candidate_id}: the nbgrader copy is not the final submission")
            orphans = files.archive_dir / cand.candidate_id / ".orphans"
            figures["orphans_kept"] += len(list(orphans.iterdir())) if orphans.exists() else 0
    assert not problems, "\n".join(problems)
    return figures
