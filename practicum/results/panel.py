"""The examiner panel: who may score, blind scoring, the median, adjudication and sign-off.

The standard's rules for a practical exam: at least 3 examiners, an odd number, at least one per
10 candidates. Each examiner scores the manual tasks alone; the final score of a task is the
panel's median, unless the scores spread further than the sitting's threshold, when the chief
examiner must adjudicate. Results can be signed off only when all of that is complete.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicum.core.exam_spec import ExamSpec, Task
from practicum.core.i18n import ExamError
from practicum.db import store
from practicum.db.grading_models import Adjudication, GradingJob, ManualScore, PanelMember, PanelSettings
from practicum.db.models import Candidate, Sitting, utcnow


def needed_examiners(candidates: int) -> int:
    n = max(3, math.ceil(candidates / 10))
    return n if n % 2 else n + 1


def validate_panel_size(candidates: int, examiners: int) -> None:
    needed = needed_examiners(candidates)
    if examiners < needed or examiners % 2 == 0:
        raise ExamError("err_panel_size", candidates=candidates, needed=needed, got=examiners)


def panel_settings(db: Session, sitting: Sitting) -> PanelSettings:
    ps = db.get(PanelSettings, sitting.id)
    if ps is None:
        ps = PanelSettings(sitting_id=sitting.id, spread_threshold=0.25, signed_off_by="", feedback_released=False)
        db.add(ps)
        db.flush()
    return ps


def panel(db: Session, sitting: Sitting) -> list[PanelMember]:
    return list(db.scalars(select(PanelMember).where(PanelMember.sitting_id == sitting.id)
                           .order_by(PanelMember.username)))


def set_panel(db: Session, sitting: Sitting, usernames: list[str], chief: str, actor: str,
              spread_threshold: float | None = None) -> None:
    _not_signed_off(db, sitting)
    names = sorted({u.strip().lower() for u in usernames if u.strip()})
    validate_panel_size(len(sitting.candidates), len(names))
    for name in names:
        account = store.get_account(db, name)
        if account is None or account.role != "examiner":
            raise ExamError("err_panel_not_examiner", username=name)
    if chief not in names:
        raise ExamError("err_panel_chief")
    for member in panel(db, sitting):
        db.delete(member)
    db.flush()
    for name in names:
        db.add(PanelMember(sitting_id=sitting.id, username=name, chief=name == chief))
    if spread_threshold is not None:
        panel_settings(db, sitting).spread_threshold = float(spread_threshold)
    store.log_event(db, actor, "panel_set", sitting, examiners=names, chief=chief)


def member(db: Session, sitting: Sitting, username: str) -> PanelMember:
    for m in panel(db, sitting):
        if m.username == username:
            return m
    raise ExamError("err_not_on_panel", status=403)


def _not_signed_off(db: Session, sitting: Sitting) -> None:
    if panel_settings(db, sitting).signed_off_at is not None:
        raise ExamError("err_signed_off", status=409)


def _manual_task(exam: ExamSpec, task_id: str) -> Task:
    for task in exam.tasks:
        if task.id == task_id and task.grading == "manual":
            return task
    raise ExamError("err_not_manual_task", task=task_id)


def _check_score(task: Task, score: object) -> float:
    try:
        value = float(str(score))
    except ValueError:
        raise ExamError("err_score_range", points=f"{task.points:g}") from None
    if not 0 <= value <= task.points or math.isnan(value):
        raise ExamError("err_score_range", points=f"{task.points:g}")
    return value


def record_score(db: Session, sitting: Sitting, exam: ExamSpec, candidate: Candidate, task_id: str,
                 examiner: str, score: object, comment: str = "") -> ManualScore:
    """An examiner's own score; changing it needs a reason, and both go to the audit log."""
    _not_signed_off(db, sitting)
    member(db, sitting, examiner)
    task = _manual_task(exam, task_id)
    value = _check_score(task, score)
    row = db.scalar(select(ManualScore).where(ManualScore.candidate_pk == candidate.id,
                                              ManualScore.task_id == task_id, ManualScore.examiner == examiner))
    old = row.score if row else None
    if row is not None and old != value and not comment.strip():
        raise ExamError("err_reason_for_change")
    if row is None:
        row = ManualScore(sitting_id=sitting.id, candidate_pk=candidate.id, task_id=task_id, examiner=examiner,
                          score=value, comment=comment.strip()[:2000])
        db.add(row)
    else:
        row.score, row.comment, row.updated_at = value, comment.strip()[:2000] or row.comment, utcnow()
    store.log_event(db, examiner, "score", candidate=candidate, task=task_id, old=old, new=value,
                    why=comment.strip()[:500])
    db.flush()
    return row


def adjudicate(db: Session, sitting: Sitting, exam: ExamSpec, candidate: Candidate, task_id: str,
               chief: str, score: object, reason: str) -> Adjudication:
    _not_signed_off(db, sitting)
    if not member(db, sitting, chief).chief:
        raise ExamError("err_not_chief", status=403)
    task = _manual_task(exam, task_id)
    value = _check_score(task, score)
    if not reason.strip():
        raise ExamError("err_reason_for_change")
    state = manual_state(db, sitting, exam, candidate)[task_id]
    if not state.needs_adjudication and state.adjudicated is None:
        raise ExamError("err_no_adjudication_needed", status=409)
    row = db.scalar(select(Adjudication).where(Adjudication.candidate_pk == candidate.id,
                                               Adjudication.task_id == task_id))
    old = row.score if row else state.median
    if row is None:
        row = Adjudication(sitting_id=sitting.id, candidate_pk=candidate.id, task_id=task_id, examiner=chief,
                           score=value, reason=reason.strip()[:2000])
        db.add(row)
    else:
        row.score, row.reason, row.examiner, row.updated_at = value, reason.strip()[:2000], chief, utcnow()
    store.log_event(db, chief, "adjudicate", candidate=candidate, task=task_id, old=old, new=value,
                    why=reason.strip()[:500])
    db.flush()
    return row


@dataclass
class TaskState:
    points: float
    scores: dict[str, float]  # examiner -> score
    median: float | None
    spread: float | None
    needs_adjudication: bool
    adjudicated: float | None

    @property
    def complete(self) -> bool:
        return self.final is not None

    @property
    def final(self) -> float | None:
        if self.adjudicated is not None:
            return self.adjudicated
        if self.needs_adjudication:
            return None
        return self.median


def manual_state(db: Session, sitting: Sitting, exam: ExamSpec, candidate: Candidate) -> dict[str, TaskState]:
    members = [m.username for m in panel(db, sitting)]
    threshold = panel_settings(db, sitting).spread_threshold
    rows = list(db.scalars(select(ManualScore).where(ManualScore.candidate_pk == candidate.id)))
    adj = {a.task_id: a.score for a in db.scalars(select(Adjudication).where(Adjudication.candidate_pk == candidate.id))}
    out = {}
    for task in exam.tasks:
        if task.grading != "manual":
            continue
        scores = {r.examiner: r.score for r in rows if r.task_id == task.id and r.examiner in members}
        full = bool(members) and len(scores) == len(members)
        median = statistics.median(scores.values()) if full else None
        spread = (max(scores.values()) - min(scores.values())) if full else None
        needs = full and spread > threshold * task.points + 1e-9
        out[task.id] = TaskState(task.points, scores, median, spread, needs, adj.get(task.id))
    return out


def sign_off(db: Session, sitting: Sitting, exam: ExamSpec, chief: str) -> bool:
    """Signs the results off; False when this chief already had (a retry whose answer was lost)."""
    ps = panel_settings(db, sitting)
    if ps.signed_off_at is not None and ps.signed_off_by == chief:
        return False
    _not_signed_off(db, sitting)
    if not member(db, sitting, chief).chief:
        raise ExamError("err_not_chief", status=403)
    details = blockers(db, sitting, exam)
    if details:
        raise ExamError("err_signoff_incomplete", status=409, details=details)
    ps.signed_off_by, ps.signed_off_at = chief, utcnow()
    store.log_event(db, chief, "sign_off", sitting)
    return True


def blockers(db: Session, sitting: Sitting, exam: ExamSpec) -> list[tuple[str, dict]]:
    """What still stands between this sitting and its sign-off."""

    out: list[tuple[str, dict]] = []
    if not panel(db, sitting):
        out.append(("signoff_no_panel", {}))
    open_n = sum(1 for c in sitting.candidates if store.still_open(sitting, c))
    if open_n:
        out.append(("signoff_open", {"n": open_n}))
    jobs = {j.candidate_pk: j for j in db.scalars(select(GradingJob).where(GradingJob.sitting_id == sitting.id,
                                                                           GradingJob.superseded.is_(False)))}
    graded = [c for c in sitting.candidates if c.final_submission is not None]
    ungraded = sum(1 for c in graded if c.id not in jobs or jobs[c.id].status in ("queued", "running"))
    failed = sum(1 for c in graded if c.id in jobs and jobs[c.id].status == "failed")
    unscored = adjudicate_n = 0
    members = len(panel(db, sitting))
    for c in graded:
        for state in manual_state(db, sitting, exam, c).values():
            unscored += max(0, members - len(state.scores))
            adjudicate_n += int(state.needs_adjudication and state.adjudicated is None)
    for key, n in (("signoff_ungraded", ungraded), ("signoff_failed", failed), ("signoff_unscored", unscored),
                   ("signoff_adjudicate", adjudicate_n)):
        if n:
            out.append((key, {"n": n}))
    return out
