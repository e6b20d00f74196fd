"""Feedback notebooks: the candidate's own notebook with each test's outcome, no hidden test code.

Each test cell is replaced by its released (visible) version and followed by a note listing the
checks passed and failed. Failure reasons are given as kinds (wrong value, an error's name, not
reached), never as the hidden inputs' expected values.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from practicum.core.exam_spec import ExamSpec
from practicum.grading.notebooks import read_notebook, source_cell_kinds


def _kind_of(reason: str) -> str:
    if not reason:
        return ""
    if reason.startswith(("not reached", "notebook not graded")):
        return "未执行 / not reached"
    if ":" in reason and reason.split(":")[0].replace("_", "").isalnum() and reason.split(":")[0][:1].isupper():
        return reason.split(":")[0]  # an exception's name
    return "结果不符 / wrong value"


def feedback_notebook(exam: ExamSpec, course_dir: Path, submission_dir: Path, result: dict,
                      manual_scores: dict[str, float | None], nb_name: str):
    release = nbformat.read(course_dir / "release" / exam.assignment / nb_name, as_version=4)
    source = nbformat.read(course_dir / "source" / exam.assignment / nb_name, as_version=4)
    kinds = source_cell_kinds(source)
    visible = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in release.cells}
    nb, problem = read_notebook(submission_dir / nb_name)
    if nb is None:
        nb = release
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**提交的笔记本无法评分 / The submitted notebook could not "
                                                         f"be graded:** {problem}"))
    task_of = {gid: task for task in exam.tasks for gid in task.cells}
    cells = []
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
        gid = c.metadata.get("nbgrader", {}).get("grade_id")
        if gid in kinds and kinds[gid] == "test":
            c.source = visible.get(gid, "")  # hidden tests never leave the grader
        cells.append(c)
        if gid in task_of:
            task = task_of[gid]
            if task.grading == "auto" and kinds.get(gid) == "test":
                rows = [r for r in result.get("checks", []) if r["cell"] == gid and r["notebook"] == nb_name]
                lines = [f"- {'✔' if r['ok'] else '✘'} `{r['name']}`"
                         + ("" if r["ok"] else f" — {_kind_of(r['reason'])}") for r in rows]
                score = result.get("tasks", {}).get(task.id, {}).get("score")
                head = f"**{task.title.zh} / {task.title.en}: {score if score is not None else '-'} / {task.points:g}**"
                cells.append(nbformat.v4.new_markdown_cell(head + "\n\n" + "\n".join(lines)))
            elif task.grading == "manual":
                score = manual_scores.get(task.id)
                cells.append(nbformat.v4.new_markdown_cell(
                    f"**{task.title.zh} / {task.title.en}（人工评分 / examiners）: "
                    f"{'-' if score is None else f'{score:g}'} / {task.points:g}**"))
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb
