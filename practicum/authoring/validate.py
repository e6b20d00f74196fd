"""`practicum check`: proves each exam follows the standard and its own reference and starter.

For every exam: points per work area equal table 4.2 for its direction and level (certification
exams), the total is 100, the duration is at least 120 minutes, every cited skill item exists for
that direction at that level or below, tasks point at real nbgrader cells, manual tasks carry a
rubric worth their points, and, run for real in the grading sandbox, the reference solution scores
every autograded point while the released starter scores none.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from practicum.core import standard
from practicum.core.exam_spec import (
    MIN_CERTIFICATION_MINUTES,
    ExamSpec,
    SpecError,
    list_exam_ids,
    load_exam,
)
from practicum.core.i18n import ExamError
from practicum.core.settings import Settings
from practicum.grading.context import GradingContext
from practicum.grading.kinds import kind_of
from practicum.grading.pipeline import grade_files, run_reference
from practicum.sittings.sitting_files import prepare_sitting

CHECK_UID_BASE = 1_999_000  # below the candidates' uids; only ever used inside a grading sandbox
CHECK_UID_SLOTS = 100


@contextmanager
def check_uid():
    """A uid for this check's sandboxes that no other running check holds (a lock per slot, freed when
    the process ends however it ends): two checks at once, by two authors or by the test suite's
    parallel workers, never share a uid's process limit."""
    lock_dir = Path(tempfile.gettempdir()) / "practicum-check-uids"
    lock_dir.mkdir(mode=0o700, exist_ok=True)
    for slot in range(CHECK_UID_SLOTS):
        lock = open(lock_dir / f"{slot}.lock", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        try:
            yield CHECK_UID_BASE + slot
        finally:
            lock.close()
        return
    raise RuntimeError(f"{CHECK_UID_SLOTS} checks are already running on this machine")


@dataclass
class ExamReport:
    id: str
    direction: str | None = None
    level: str | None = None
    minutes: int | None = None
    points_by_area: dict[str, float] = field(default_factory=dict)
    autograded_points: float = 0
    manual_points: float = 0
    skill_items: list[str] = field(default_factory=list)
    reference_score: float | None = None
    starter_score: float | None = None
    conformant: bool = False
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def check_spec(exam: ExamSpec, report: ExamReport) -> None:
    """Everything that can be checked without running code."""
    p = report.problems
    areas = standard.area_names()
    if exam.direction is not None and exam.direction not in standard.DIRECTIONS:
        p.append(f"direction {exam.direction!r} is not one of {', '.join(standard.DIRECTIONS)}")
    if exam.level is not None and exam.level not in standard.LEVELS:
        p.append(f"level {exam.level!r} is not one of {', '.join(standard.LEVELS)}")
    known = exam.direction in standard.DIRECTIONS and exam.level in standard.LEVELS
    if exam.kind == "certification":
        if not known:
            p.append("a certification exam names its direction and level")
        if exam.minutes < MIN_CERTIFICATION_MINUTES:
            p.append(f"duration {exam.minutes} min is under {MIN_CERTIFICATION_MINUTES} minutes")
    if not exam.tasks:
        p.append("the exam has no tasks")
    by_area: dict[str, float] = {}
    for task in exam.tasks:
        where = f"task {task.id}"
        if task.area not in areas:
            p.append(f"{where}: area {task.area!r} is not one of {', '.join(areas)}")
        by_area[task.area] = by_area.get(task.area, 0) + task.points
        for ref in task.skills:
            if known:
                item = standard.citable(exam.direction, exam.level, ref)
                if item is None:
                    p.append(f"{where}: skill item {ref} does not exist for {exam.direction}/{exam.level} "
                             f"(or the levels below)")
                elif item.area != task.area:
                    p.append(f"{where}: skill item {ref} belongs to area {item.area}, the task to {task.area}")
            elif ref not in standard.skill_items():
                p.append(f"{where}: skill item {ref} does not exist in the standard")
        if task.grading == "manual":
            if not task.rubric:
                p.append(f"{where}: a manual task needs a rubric")
            elif not _close(sum(c.points for c in task.rubric), task.points):
                p.append(f"{where}: rubric points {sum(c.points for c in task.rubric):g} differ from the "
                         f"task's {task.points:g}")
        elif task.rubric:
            p.append(f"{where}: an autograded task has no rubric")
    report.points_by_area = by_area
    report.autograded_points = sum(t.points for t in exam.tasks if t.grading == "auto")
    report.manual_points = sum(t.points for t in exam.tasks if t.grading == "manual")
    report.skill_items = sorted({ref for t in exam.tasks for ref in t.skills})
    total = sum(by_area.values())
    if exam.kind == "certification":
        if not _close(total, 100):
            p.append(f"the points add up to {total:g}, not 100")
        if known:
            table = standard.practical_weights(exam.direction, exam.level)
            for area in sorted(set(table) | set(by_area)):
                want, got = table.get(area, 0), by_area.get(area, 0)
                if not _close(want, got):
                    p.append(f"area {area}: {got:g} points, table 4.2 gives {want:g} for "
                             f"{exam.direction}/{exam.level}")
    for task in exam.tasks:
        kind_of(task).check_spec(exam, task, p)
    check_every_graded_cell_has_a_task(exam, p)


def check_every_graded_cell_has_a_task(exam: ExamSpec, p: list[str]) -> None:
    """Every graded cell of the source notebooks belongs to a task (or its points would be lost)."""
    claimed: dict[str, set[str]] = {}
    for task in exam.tasks:
        claimed.setdefault(exam.task_notebook(task), set()).update(task.cells)
    for nb_name in exam.notebooks:
        path = exam.source_dir / nb_name
        if not path.is_file():
            continue
        for c in nbformat.read(path, as_version=4).cells:
            meta = c.metadata.get("nbgrader", {})
            if meta.get("grade") and meta.get("grade_id") not in claimed.get(nb_name, set()):
                p.append(f"graded cell {meta.get('grade_id')} of {nb_name} belongs to no task")


def run_reference_and_starter(exam: ExamSpec, report: ExamReport, settings: Settings, work: Path, uid: int) -> None:
    files = prepare_sitting(settings, f"check-{exam.id}"[:40], exam)
    ctx = GradingContext.for_sitting(settings, files, cgroup_namespace=f"practicum-check-{os.getpid()}",
                                     scratch_root=work / "scratch")
    exam = ctx.exam  # the pinned copy, with the data its build.py made
    expected = run_reference(ctx, uid)
    broken_cells: set[tuple[str, str]] = set()
    for nb_name, data in expected.items():
        for err in data["errors"]:
            broken_cells.add((nb_name, err["grade_id"]))
            report.problems.append(f"the reference solution fails in {nb_name} cell {err['grade_id']}: "
                                   f"{err['ename']}: {err['evalue'][:200]}")
        if not data["completed"]:
            report.problems.append(f"the reference solution of {nb_name} did not finish ({data['stopped']})")
    ref_dir = ctx.reference_submission(work / f"reference-{exam.id}")
    ref = grade_files(ctx, ref_dir, "reference", uid, expected, reuse_reference_runs=True)
    starter = grade_files(ctx, ctx.release_dir, "starter", uid, expected)
    for task in exam.tasks:
        kind_of(task).check_reference(exam, task, expected, ref, report.problems)
    # A task whose test cells fail the author's own asserts earns the reference nothing.
    failing = {t.id for t in exam.tasks if any((exam.task_notebook(t), c) in broken_cells for c in t.cells)}
    report.reference_score = round(sum(t["score"] for tid, t in ref["tasks"].items() if tid not in failing), 4)
    report.starter_score = round(sum(t["score"] for t in starter["tasks"].values()), 4)
    if not _close(report.reference_score, report.autograded_points):
        report.problems.append(f"the reference solution scores {report.reference_score:g} of "
                               f"{report.autograded_points:g} autograded points")
    if report.starter_score > 0:
        passed = [f"{c['cell']}/{c['name']}" for c in starter["checks"] if c["ok"]]
        report.problems.append(f"the starter scores {report.starter_score:g} autograded points "
                               f"({', '.join(passed[:5])})")


def check_exams(labs_dir: Path, exam_ids: list[str] | None = None, run: bool = True,
                cache_dir: Path | None = None) -> list[ExamReport]:
    """`cache_dir`: the content cache to reuse (builds, reference runs of unchanged exams); by
    default a throwaway one, so every run is for real."""
    ids = exam_ids or list_exam_ids(labs_dir)
    reports = []
    runs = run and os.geteuid() == 0  # the grading sandbox needs root
    with tempfile.TemporaryDirectory(prefix="practicum-check-") as tmp, (check_uid() if runs else nullcontext()) as uid:
        work = Path(tmp)
        os.chmod(work, 0o711)
        settings = Settings(data_dir=work / "data", labs_dir=labs_dir, cache_root=cache_dir)
        for exam_id in ids:
            report = ExamReport(id=exam_id)
            try:
                exam = load_exam(labs_dir, exam_id)
            except (SpecError, ExamError) as exc:
                report.problems.append(str(exc))
                reports.append(report)
                continue
            report.direction, report.level, report.minutes = exam.direction, exam.level, exam.minutes
            check_spec(exam, report)
            if run:
                if not runs:
                    report.problems.append("running the reference and starter needs root (the grading sandbox)")
                else:
                    run_reference_and_starter(exam, report, settings, work, uid)
            report.conformant = not report.problems
            reports.append(report)
    return reports
