"""Results by the standard: total out of 100, points per work area and skill item, pass or fail.

Autograded task scores come from each candidate's current grading job; manual ones from the panel
(median, or the chief's adjudication). A result is final only when every part of it is.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from practicum.core import standard
from practicum.core.exam_spec import ExamSpec
from practicum.db import store
from practicum.db.grading_models import GradingJob
from practicum.db.models import Candidate, Sitting
from practicum.results.panel import manual_state, panel_settings


@dataclass
class CandidateResult:
    candidate_id: str
    name: str
    status: str
    tasks: dict[str, float | None] = field(default_factory=dict)  # None: not scored yet
    grading: str = "not_submitted"  # not_submitted queued running done failed
    flags: list[str] = field(default_factory=list)
    total: float = 0.0
    max_points: float = 100.0  # 100 for certification exams; practice labs may have fewer
    complete: bool = False
    by_area: dict[str, dict] = field(default_factory=dict)
    by_skill: dict[str, dict] = field(default_factory=dict)

    @property
    def passed(self) -> bool | None:
        if not self.complete:
            return None
        return self.total >= standard.pass_mark() * self.max_points / 100 - 1e-9

    def to_json(self) -> dict:
        return {**self.__dict__, "passed": self.passed}


def candidate_result(db: Session, sitting: Sitting, exam: ExamSpec, cand: Candidate,
                     job: GradingJob | None) -> CandidateResult:
    r = CandidateResult(cand.candidate_id, cand.name, cand.status,
                        max_points=sum(task.points for task in exam.tasks))
    if cand.final_submission is None:
        if store.still_open(sitting, cand):  # may yet hand something in: nothing is known
            r.tasks = {t.id: None for t in exam.tasks}
        else:  # absent, or closed with nothing: nothing to score
            r.tasks = {t.id: 0.0 for t in exam.tasks}
            r.complete = True
    else:
        r.grading = job.status if job else "queued"
        auto = (job.result or {}).get("tasks", {}) if job and job.status == "done" else {}
        r.flags = list((job.result or {}).get("flags", [])) if job else []
        manual = manual_state(db, sitting, exam, cand)
        for task in exam.tasks:
            if task.grading == "auto":
                r.tasks[task.id] = auto[task.id]["score"] if task.id in auto else None
            else:
                r.tasks[task.id] = manual[task.id].final
        r.complete = all(v is not None for v in r.tasks.values())
    r.total = round(sum(v for v in r.tasks.values() if v is not None), 2)
    for task in exam.tasks:
        earned = r.tasks.get(task.id) or 0.0
        area = r.by_area.setdefault(task.area, {"earned": 0.0, "max": 0.0})
        area["earned"] += earned
        area["max"] += task.points
        for ref in task.skills:
            item = r.by_skill.setdefault(ref, {"earned": 0.0, "max": 0.0})
            item["earned"] += earned
            item["max"] += task.points
    return r


def sitting_results(db: Session, sitting: Sitting, exam: ExamSpec) -> list[CandidateResult]:
    jobs = {j.candidate_pk: j for j in db.scalars(select(GradingJob).where(
        GradingJob.sitting_id == sitting.id, GradingJob.superseded.is_(False)))}
    return [candidate_result(db, sitting, exam, c, jobs.get(c.id)) for c in sitting.candidates]


def task_statistics(exam: ExamSpec, results: list[CandidateResult]) -> dict[str, dict]:
    """Difficulty (mean share of the points earned) and discrimination (correlation of the task's
    score with the rest of the total) per task, over candidates with complete results."""
    done = [r for r in results if r.complete]
    stats = {}
    for task in exam.tasks:
        scores = [r.tasks[task.id] or 0.0 for r in done]
        rest = [r.total - (r.tasks[task.id] or 0.0) for r in done]
        difficulty = statistics.mean(scores) / task.points if scores else None
        try:
            discrimination = statistics.correlation(scores, rest) if len(done) >= 3 else None
        except statistics.StatisticsError:  # no variation: it tells nothing
            discrimination = None
        stats[task.id] = {"points": task.points, "difficulty": difficulty, "discrimination": discrimination}
    return stats


def summary(db: Session, sitting: Sitting, exam: ExamSpec) -> dict:
    results = sitting_results(db, sitting, exam)
    done = [r for r in results if r.complete]
    totals = [r.total for r in done]
    ps = panel_settings(db, sitting)
    return {
        "results": results,
        "tasks": task_statistics(exam, results),
        "complete": len(done),
        "candidates": len(results),
        "pass_rate": sum(1 for r in done if r.passed) / len(done) if done else None,
        "mean": statistics.mean(totals) if totals else None,
        "median": statistics.median(totals) if totals else None,
        "histogram": histogram([r.total / r.max_points * 100 for r in done if r.max_points]),
        "signed_off_by": ps.signed_off_by,
        "signed_off_at": ps.signed_off_at,
    }


def histogram(totals: list[float], width: int = 10) -> list[dict]:
    """Candidates per 10% of the exam's points (a certification exam's points are percentages)."""
    bins = [{"from": lo, "to": lo + width, "count": 0} for lo in range(0, 100, width)]
    for t in totals:
        bins[min(int(t // width), len(bins) - 1)]["count"] += 1
    return bins
