"""The examiner panel: the standard's size rules, blind scores, the median, adjudication, sign-off."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from practicum.core.exam_spec import load_exam
from practicum.core.i18n import ExamError
from practicum.core.roster import RosterRow
from practicum.core.settings import PROJECT_ROOT
from practicum.db import store
from practicum.db.grading_models import GradingJob
from practicum.db.models import Event, Submission, utcnow
from practicum.results import panel
from practicum.results.results import sitting_results, summary


@pytest.fixture
def env(tmp_path):
    st = store.Store(f"sqlite:///{tmp_path / 'exam.sqlite'}")
    st.migrate()
    exam = load_exam(PROJECT_ROOT / "labs", "demo-numpy")
    with st.session() as db:
        sitting = store.create_sitting(db, "P1", exam)
        store.import_roster(db, sitting, [RosterRow(i + 2, f"c{i}", "", None) for i in range(3)], "t")
        for name in ("e1", "e2", "e3", "e4", "e5"):
            store.add_account(db, name, "examiner", "a-long-password")
        store.add_account(db, "pr", "proctor", "a-long-password")
        db.flush()
        for cand in sitting.candidates:  # each handed in and was autograded: 10, 7, 3 points
            cand.started_at = cand.closed_at = utcnow()
            sub = Submission(candidate=cand, seq=1, kind="submit", sha256="0" * 64, total_bytes=1, manifest=[],
                             store_path="/nonexistent", flags=[])
            db.add(sub)
            db.flush()
            auto = {"c0": (3, 3, 4), "c1": (0, 3, 4), "c2": (3, 0, 0)}[cand.candidate_id]
            db.add(GradingJob(sitting_id=sitting.id, candidate_pk=cand.id, submission_id=sub.id, status="done",
                              superseded=False, attempts=1, worker="t", error="",
                              result={"tasks": {t: {"score": s} for t, s in zip(
                                  ("t1-normalize", "t2-moving-average", "t3-confusion-matrix"), auto)},
                                  "flags": []}))
        yield db, sitting, exam


@pytest.mark.parametrize("candidates, examiners, ok", [
    (3, 3, True), (3, 1, False), (3, 2, False), (3, 4, False), (3, 5, True),
    (25, 3, True), (31, 3, False), (31, 4, False), (31, 5, True), (95, 9, False), (95, 11, True),
])
def test_panel_size_rules(candidates, examiners, ok):
    if ok:
        panel.validate_panel_size(candidates, examiners)
    else:
        with pytest.raises(ExamError) as err:
            panel.validate_panel_size(candidates, examiners)
        assert "odd number" in err.value.message("en") and "奇数" in err.value.message("zh")


def test_only_examiner_accounts_and_a_chief_on_the_panel(env):
    db, sitting, _ = env
    with pytest.raises(ExamError, match="pr is not an examiner"):
        panel.set_panel(db, sitting, ["e1", "e2", "pr"], "e1", "admin")
    with pytest.raises(ExamError, match="chief examiner must be on the panel"):
        panel.set_panel(db, sitting, ["e1", "e2", "e3"], "e4", "admin")
    panel.set_panel(db, sitting, ["e1", "e2", "e3"], "e1", "admin")
    assert [m.username for m in panel.panel(db, sitting)] == ["e1", "e2", "e3"]


def test_median_adjudication_audit_and_sign_off(env):
    db, sitting, exam = env
    c0, c1, c2 = sitting.candidates
    panel.set_panel(db, sitting, ["e1", "e2", "e3"], "e1", "admin", spread_threshold=0.25)
    with pytest.raises(ExamError, match="not on this sitting's examiner panel"):
        panel.record_score(db, sitting, exam, c0, "t4-median", "e4", 1)
    with pytest.raises(ExamError, match="not a manually scored task"):
        panel.record_score(db, sitting, exam, c0, "t1-normalize", "e1", 1)
    for bad in (-1, 3, "two", float("nan")):
        with pytest.raises(ExamError, match="between 0 and 2"):
            panel.record_score(db, sitting, exam, c0, "t4-median", "e1", bad)
    for cand, scores in ((c0, (2, 2, 1.5)), (c1, (0, 2, 1)), (c2, (1, 1, 1))):
        for examiner, score in zip(("e1", "e2", "e3"), scores):
            panel.record_score(db, sitting, exam, cand, "t4-median", examiner, score)
    states = {c.candidate_id: panel.manual_state(db, sitting, exam, c)["t4-median"] for c in (c0, c1, c2)}
    assert states["c0"].final == 2 and not states["c0"].needs_adjudication  # spread 0.5 = 25% of 2: fine
    assert states["c1"].needs_adjudication and states["c1"].final is None  # spread 2 > 0.5
    assert states["c2"].final == 1

    with pytest.raises(ExamError) as err:
        panel.sign_off(db, sitting, exam, "e1")
    assert [k for k, _ in err.value.details] == ["signoff_adjudicate"]
    with pytest.raises(ExamError, match="Only the chief"):
        panel.adjudicate(db, sitting, exam, c1, "t4-median", "e2", 1, "middle view")
    with pytest.raises(ExamError, match="Say why"):
        panel.adjudicate(db, sitting, exam, c1, "t4-median", "e1", 1, " ")
    with pytest.raises(ExamError, match="do not need adjudication"):
        panel.adjudicate(db, sitting, exam, c0, "t4-median", "e1", 1, "x")
    panel.adjudicate(db, sitting, exam, c1, "t4-median", "e1", 1.5, "both points made, the second weakly")

    with pytest.raises(ExamError, match="Say why"):
        panel.record_score(db, sitting, exam, c2, "t4-median", "e2", 1.5)  # a change needs a reason
    panel.record_score(db, sitting, exam, c2, "t4-median", "e2", 1.5, "missed the second point at first")
    changes = [e for e in db.scalars(select(Event).where(Event.action == "score"))
               if e.detail["old"] is not None]
    assert len(changes) == 1 and changes[0].actor == "e2"
    assert changes[0].detail == {"task": "t4-median", "old": 1.0, "new": 1.5, "why": "missed the second point at first"}
    assert db.scalars(select(Event).where(Event.action == "adjudicate")).one().detail["new"] == 1.5

    results = {r.candidate_id: r for r in sitting_results(db, sitting, exam)}
    assert results["c0"].total == 12 and results["c1"].total == 8.5 and results["c2"].total == 4
    assert results["c0"].by_area["design_dev"] == {"earned": 6, "max": 6}
    assert results["c1"].by_skill["platform/junior/3.1.2"] == {"earned": 3, "max": 6}
    assert all(r.complete for r in results.values())

    assert panel.sign_off(db, sitting, exam, "e1") is True
    assert panel.sign_off(db, sitting, exam, "e1") is False  # the chief's retry after a lost answer
    with pytest.raises(ExamError, match="signed off"):
        panel.sign_off(db, sitting, exam, "e2")
    assert len(db.scalars(select(Event).where(Event.action == "sign_off")).all()) == 1
    with pytest.raises(ExamError, match="signed off"):
        panel.record_score(db, sitting, exam, c0, "t4-median", "e1", 0, "late change")
    s = summary(db, sitting, exam)
    assert s["signed_off_by"] == "e1" and s["complete"] == 3
    assert sum(b["count"] for b in s["histogram"]) == 3
    assert 0 <= s["tasks"]["t1-normalize"]["difficulty"] <= 1


def test_no_sign_off_while_anyone_may_still_hand_in(env):
    db, sitting, exam = env
    late = store.import_roster(db, sitting, [RosterRow(9, "late1", "", None)], "t")
    db.flush()
    cand = next(c for c in sitting.candidates if c.candidate_id == "late1")
    cand.started_at = utcnow()  # working, nothing handed in yet
    result = {r.candidate_id: r for r in sitting_results(db, sitting, exam)}["late1"]
    assert result.tasks["t1-normalize"] is None and not result.complete and result.passed is None
    keys = [k for k, _ in panel.blockers(db, sitting, exam)]
    assert "signoff_open" in keys
    cand.closed_at = utcnow()  # collected with nothing: zero, and final
    result = {r.candidate_id: r for r in sitting_results(db, sitting, exam)}["late1"]
    assert result.tasks["t1-normalize"] == 0 and result.complete and result.passed is False
    assert late
