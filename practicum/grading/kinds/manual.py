"""Manual tasks: answer cells the examiner panel scores against the task's rubric
(results/panel.py). The autograder only checks, for `practicum check`, that the cells are there."""

from __future__ import annotations

from practicum.core.exam_spec import ExamSpec, Task
from practicum.grading.kinds.base import GradingKind
from practicum.grading.kinds.cells import check_cells_are


class ManualKind(GradingKind):
    name = "manual"

    def check_spec(self, exam: ExamSpec, task: Task, problems: list[str]) -> None:
        check_cells_are(exam, task, problems, "a manually graded answer cell",
                        lambda m: m.get("grade") and m.get("solution"))
