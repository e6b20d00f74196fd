"""The grading queue with real workers and sandboxes: parallel, resumable, deterministic, audited."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from exam_service import collector, store
from exam_service.exam_spec import load_exam
from exam_service.models import Event, utcnow
from exam_service.roster import RosterRow
from exam_service.settings import PROJECT_ROOT, Settings
from exam_service.sitting_files import candidate_uid, make_workspace, prepare_sitting, seed_workspace
from graders.models import GradingJob
from graders.queue import grade_sitting
from notebooks import CORRECT, cell, unchanged, write_variant, wrong_then

VARIANTS = {
    "full": unchanged,
    "wrong": wrong_then(""),
    "crash": wrong_then("import os\nos._exit(1)\n"),
    "slow": wrong_then("import time\ntime.sleep(6)\n"),
}


def correct_normalize_only(nb):
    cell(nb, "normalize").source = CORRECT
    for gid in ("moving_average", "confusion_matrix"):
        cell(nb, gid).source = "raise NotImplementedError()"


VARIANTS["normalize_only"] = correct_normalize_only
EXPECTED_AUTO = {"full": 10, "wrong": 7, "crash": 0, "slow": 7, "normalize_only": 3}


def make_sitting(settings: Settings, code: str, plan: dict[str, str]) -> None:
    """A sitting whose candidates have each submitted the named variant of the demo exam."""
    exam = load_exam(settings.labs_dir, "demo-numpy")
    files = prepare_sitting(settings, code, exam)
    st = store.Store(settings.database_url)
    st.create_all()
    with st.session() as db:
        sitting = store.create_sitting(db, code, exam, mode="practice", duration_s=3600,
                                       opens_at=utcnow() - timedelta(minutes=1))
        store.import_roster(db, sitting, [RosterRow(i + 2, cid, cid, None) for i, cid in enumerate(plan)], "test")
        db.flush()
        for cand in sitting.candidates:
            cand.started_at = utcnow()
            uid = candidate_uid(settings, cand.id)
            ws = make_workspace(files, cand.candidate_id, uid)
            seed_workspace(files.release_dir("demo"), ws, uid)
            write_variant(files.course_dir / "source" / "demo" / "exam.ipynb", ws / "exam.ipynb",
                          VARIANTS[plan[cand.candidate_id]])
            collector.take_submission(settings, db, cand, "submit", utcnow())


def auto_scores(settings: Settings, code: str) -> dict[str, float]:
    st = store.Store(settings.database_url)
    with st.session() as db:
        sitting = store.get_sitting(db, code)
        names = {c.id: c.candidate_id for c in sitting.candidates}
        jobs = db.scalars(select(GradingJob).where(GradingJob.sitting_id == sitting.id,
                                                   GradingJob.superseded.is_(False)))
        return {names[j.candidate_pk]: sum(t["score"] for t in j.result["tasks"].values()) for j in jobs}


@pytest.fixture(scope="module")
def settings(data_root):
    s = Settings(data_dir=data_root / "queue")
    s.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(s.data_dir, 0o711)
    s.save()
    return s


def test_two_workers_grade_a_sitting(settings):
    plan = {"q1": "full", "q2": "wrong", "q3": "crash", "q4": "normalize_only", "q5": "full", "q6": "wrong"}
    make_sitting(settings, "Q1", plan)
    out = io.StringIO()
    final = grade_sitting(settings, "Q1", workers=2, out=out)
    assert final.done == 6 and final.failed == 0 and final.queued == 0
    assert "6/6 graded" in out.getvalue()
    assert auto_scores(settings, "Q1") == {cid: EXPECTED_AUTO[v] for cid, v in plan.items()}
    # nothing new to do: a second run grades nothing again
    again = grade_sitting(settings, "Q1", workers=2, out=io.StringIO())
    assert again.done == 6
    st = store.Store(settings.database_url)
    with st.session() as db:
        assert db.query(GradingJob).count() == 6


def test_a_regrade_gives_the_same_scores_and_is_logged(settings):
    before = auto_scores(settings, "Q1")
    st = store.Store(settings.database_url)
    with st.session() as db:
        old = {j.id: j.result for j in db.scalars(select(GradingJob).where(GradingJob.superseded.is_(False)))}
    grade_sitting(settings, "Q1", workers=2, regrade=[], reason="hidden test reviewed", out=io.StringIO())
    assert auto_scores(settings, "Q1") == before
    with st.session() as db:
        new = list(db.scalars(select(GradingJob).where(GradingJob.superseded.is_(False))))
        assert not {j.id for j in new} & set(old)
        strip = lambda r: [(c["cell"], c["name"], c["ok"], c["reason"]) for c in r["checks"]]  # noqa: E731
        by_cand = {j.candidate_pk: strip(j.result) for j in new}
        olds = {j.candidate_pk: strip(j.result) for j in db.scalars(select(GradingJob).where(GradingJob.id.in_(old)))}
        assert by_cand == olds
        events = list(db.scalars(select(Event).where(Event.action == "regrade")))
        assert len(events) == 6 and all(e.detail["reason"] == "hidden test reviewed" for e in events)


def test_a_killed_grader_resumes_without_grading_twice(settings):
    plan = {f"k{i}": ("slow" if i % 2 else "full") for i in range(6)}
    make_sitting(settings, "K1", plan)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "exam_service.cli", "--data-dir", str(settings.data_dir),
                             "grade", "K1", "--workers", "1"], env=env, cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    st = store.Store(settings.database_url)

    def statuses():
        with st.session() as db:
            return {j.id: (j.status, j.finished_at) for j in db.scalars(select(GradingJob).where(
                GradingJob.sitting_id == store.get_sitting(db, "K1").id))}

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        s = statuses()
        if sum(1 for st_, _ in s.values() if st_ == "done") >= 2 and any(st_ == "running" for st_, _ in s.values()):
            break
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)  # the grader and its worker, mid-run
    proc.wait()
    killed_at = statuses()
    done_before = {jid: fin for jid, (st_, fin) in killed_at.items() if st_ == "done"}
    assert done_before and any(st_ == "running" for st_, _ in killed_at.values())
    final = grade_sitting(settings, "K1", workers=2, out=io.StringIO())
    assert final.done == 6 and final.failed == 0
    after = statuses()
    assert len(after) == 6  # no job was added: the interrupted one was resumed
    for jid, fin in done_before.items():
        assert after[jid] == ("done", fin)  # finished work was not graded again
    assert auto_scores(settings, "K1") == {cid: EXPECTED_AUTO[v] for cid, v in plan.items()}


def test_grading_works_on_postgresql(data_root, postgres):
    s = Settings(data_dir=data_root / "queue-pg", db_url=postgres.create_database("grading_pg"))
    s.data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(s.data_dir, 0o711)
    s.save()
    make_sitting(s, "PGQ", {"p1": "full", "p2": "wrong", "p3": "normalize_only"})
    final = grade_sitting(s, "PGQ", workers=2, out=io.StringIO())
    assert final.done == 3
    assert auto_scores(s, "PGQ") == {"p1": 10, "p2": 7, "p3": 3}
