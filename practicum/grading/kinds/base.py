"""The contract of a grading kind: how one kind of task (test cells, hardware, a model, a service,
an examiner's rubric) is prepared, graded and shown. The registry is kinds/__init__.py.

A kind is stateless; everything about one grading is in the `GradingRun` it is handed. Grading a
submission asks each kind, in the registry's order, for the check rows of its tasks; scoring a task
takes the rows its kind says are the task's. A check row is plain JSON:

    {"notebook", "cell", "name", "weight", "ok", "reason"[, "credit", "value", "task", ...]}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from practicum.core.exam_spec import ExamSpec, Task

if TYPE_CHECKING:
    from practicum.grading.context import GradingContext


@dataclass
class GradingRun:
    """One submission being graded: where it is, who it is, what the reference expects, and what the
    kinds hand to each other (flags for the examiners, a model task's predictions for a service's
    consistency check, the notebooks' run summaries)."""

    ctx: "GradingContext"
    submission_dir: Path
    student: str
    uid: int
    expected: dict[str, dict]  # the reference run: per notebook, and per kind-specific key
    reuse_reference_runs: bool = False  # `practicum check` grading the author's own hand-in
    flags: list[str] = field(default_factory=list)
    notebooks: dict[str, dict] = field(default_factory=dict)
    predictions: dict[str, tuple] = field(default_factory=dict)  # model task id -> (predictions | None, why not)


class GradingKind:
    """Base class: every method has the behaviour of a kind that does not need it."""

    name: ClassVar[str]  # as exam_spec.Task.kind says it

    def reference_files(self, task: Task) -> list[str]:
        """Files the author's notebooks write that grading this task reads (collected from the
        reference run: a model the notebook exports, a vocabulary a service loads)."""
        return []

    def make_reference(self, ctx: "GradingContext", task: Task, uid: int) -> dict | None:
        """Expected values made from the author's solution, stored with the reference run under
        `reference_key(task)`; None when the kind needs none."""
        return None

    def reference_key(self, task: Task) -> str:
        return f"{self.name}:{task.id}"

    def grade(self, run: GradingRun, tasks: list[Task]) -> list[dict]:
        """The check rows of these tasks (all of this kind, in the exam's order) for one submission."""
        return []

    def rows_of(self, exam: ExamSpec, task: Task, rows: list[dict]) -> list[dict]:
        """Which check rows score `task` (default: the rows that name it)."""
        return [r for r in rows if r.get("task") == task.id]

    def check_spec(self, exam: ExamSpec, task: Task, problems: list[str]) -> None:
        """`practicum check`, without running anything: what this kind needs of the exam's files."""

    def check_reference(self, exam: ExamSpec, task: Task, expected: dict, graded: dict, problems: list[str]) -> None:
        """`practicum check`, after the reference ran and its hand-in was graded (`graded`)."""

    def summary(self, task: Task) -> str:
        """One line for the examiner's review page: what is graded and how (empty: nothing to add)."""
        return ""


def each_task(run: GradingRun, tasks: list[Task], grade_one) -> list[dict]:
    """The rows of `grade_one(task)` for each task in turn. A RuntimeError there is the exam's own fault
    (its hidden data missing, a trusted design that does not build): flagged for the examiners, never
    held against the candidate."""
    rows: list[dict] = []
    for task in tasks:
        try:
            rows += grade_one(task)
        except RuntimeError as exc:
            run.flags.append(f"{task.id}: {exc}"[:500])
    return rows
