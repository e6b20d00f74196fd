"""The grading queue with real workers and sandboxes: parallel, resumable, deterministic, audited."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from notebooks import make_sitting
from sqlalchemy import select

from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.db import store
from practicum.db.grading_models import GradingJob
from practicum.db.models import Event
from practicum.grading.queue import grade_sitting

EXPECTED_AUTO = {"full": 10, "wrong": 7, "crash": 0, "slow": 7, "normalize_only": 3}


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
    proc = subprocess.Popen([sys.executable, "-m", "practicum.cli", "--data-dir", str(settings.data_dir),
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
