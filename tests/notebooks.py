"""Submissions for grading tests: the demo exam's solution with parts replaced."""

from __future__ import annotations

from datetime import timedelta

import nbformat

from practicum.core.exam_spec import load_exam
from practicum.core.roster import RosterRow
from practicum.core.settings import Settings
from practicum.db import store
from practicum.db.models import utcnow
from practicum.sittings import collector
from practicum.sittings.sitting_files import candidate_uid, make_workspace, prepare_sitting, seed_workspace

WRONG = "import numpy as np\n\n\ndef normalize(x):\n    return np.asarray(x, dtype=float)  # wrong: not standardised\n"
CORRECT = ("import numpy as np\n\n\ndef normalize(x):\n    x = np.asarray(x, dtype=float)\n    s = x.std()\n"
           "    return np.zeros_like(x) if s == 0 else (x - x.mean()) / s\n")


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def wrong_then(extra: str):
    """normalize answered wrongly, followed by `extra` code (an attack, a crash...)."""
    def edit(nb):
        cell(nb, "normalize").source = WRONG + extra
    return edit


def unchanged(nb):
    return None


def write_variant(source_nb_path, target_path, edit) -> None:
    nb = nbformat.read(source_nb_path, as_version=4)
    edit(nb)
    nbformat.write(nb, target_path)


def correct_normalize_only(nb):
    cell(nb, "normalize").source = CORRECT
    for gid in ("moving_average", "confusion_matrix"):
        cell(nb, gid).source = "raise NotImplementedError()"


VARIANTS = {
    "full": unchanged,
    "wrong": wrong_then(""),
    "crash": wrong_then("import os\nos._exit(1)\n"),
    "slow": wrong_then("import time\ntime.sleep(6)\n"),
    "normalize_only": correct_normalize_only,
    "hostile_output": wrong_then("print('<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned=2\">')\n"),
}


def make_sitting(settings: Settings, code: str, plan: dict[str, str], st: store.Store | None = None,
                 exam_id: str = "demo-numpy") -> None:
    """A sitting whose candidates have each submitted the named variant of the exam's solution."""
    exam = load_exam(settings.labs_dir, exam_id)
    files = prepare_sitting(settings, code, exam)
    st = st or store.Store(settings.database_url)
    st.migrate()
    with st.session() as db:
        sitting = store.create_sitting(db, code, exam, mode="practice", duration_s=3600,
                                       opens_at=utcnow() - timedelta(minutes=1))
        store.import_roster(db, sitting, [RosterRow(i + 2, cid, cid, None) for i, cid in enumerate(plan)], "test")
        db.flush()
        for cand in sitting.candidates:
            cand.started_at = utcnow()
            uid = candidate_uid(settings, cand.id)
            ws = make_workspace(files, cand.candidate_id, uid)
            seed_workspace(files.release_dir(exam.assignment), ws, uid)
            write_variant(files.course_dir / "source" / exam.assignment / exam.open_file, ws / exam.open_file,
                          VARIANTS[plan[cand.candidate_id]])
            collector.take_submission(settings, db, cand, "submit", utcnow())


