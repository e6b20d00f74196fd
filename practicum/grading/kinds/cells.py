"""Test cells: a notebook's nbgrader test cells report values with `check()`; the submitted notebook
runs in the grading sandbox and each value is compared, in this process, with the reference run's
(or scored against hidden labels where the reference names a scorer). A notebook is run once for
all the tasks whose cells it holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from practicum.core.exam_spec import ExamSpec, Task
from practicum.grading.compare import compare
from practicum.grading.kinds.base import GradingKind, GradingRun
from practicum.grading.notebooks import read_notebook, run_notebook, sanitize, scratch_copy, source_cell_kinds, to_cells
from practicum.grading.runner import RunResult
from practicum.grading.scorers import score


class CellsKind(GradingKind):
    name = "cells"

    def grade(self, run: GradingRun, tasks: list[Task]) -> list[dict]:
        ctx, exam = run.ctx, run.ctx.exam
        graded = {exam.task_notebook(t) for t in tasks}
        rows: list[dict] = []
        for nb_name in exam.notebooks:
            if nb_name not in graded:
                continue  # a notebook with nothing autograded in it (instructions, manual answers)
            if run.reuse_reference_runs:
                result, problem = _reference_run(run.expected[nb_name]), None
            else:
                result, problem = _run_submitted(run, nb_name)
            got = result.checks if result is not None else {}
            for exp in run.expected[nb_name]["checks"]:
                reported = got.get((exp["cell"], exp["name"]))
                credit = None
                if reported is None:
                    verdict_ok, reason = False, _missing_reason(result, exp["cell"], exp["name"])
                elif exp.get("scorer"):  # a metric against hidden labels, with thresholds
                    credit, reason = score(exp["scorer"], reported.get("value"), ctx.hidden_labels_dir)
                    verdict_ok = credit >= 1.0
                else:
                    verdict = compare(exp["value"], reported.get("value"), exp.get("tol"))
                    verdict_ok, reason = verdict.ok, verdict.reason
                row = {"notebook": nb_name, "cell": exp["cell"], "name": exp["name"], "weight": exp["weight"],
                       "ok": verdict_ok, "reason": reason}
                if credit is not None:
                    row["credit"] = credit
                rows.append(row)
            run.notebooks[nb_name] = {
                "problem": problem,
                "completed": result.completed if result else False,
                "stopped": result.stopped if result else None,
                "exit_code": result.exit_code if result else None,
                "errors": result.errors if result else {},
                "output": result.output[-20000:] if result else "",
                "seconds": round(result.seconds, 2) if result else 0.0,
            }
        return rows

    def rows_of(self, exam: ExamSpec, task: Task, rows: list[dict]) -> list[dict]:
        return [r for r in rows if r["cell"] in task.cells and r["notebook"] == exam.task_notebook(task)
                and "task" not in r]

    def check_spec(self, exam: ExamSpec, task: Task, problems: list[str]) -> None:
        check_cells_are(exam, task, problems, "an autograded test cell", lambda m: m.get("grade") and not m.get("solution"))

    def check_reference(self, exam: ExamSpec, task: Task, expected: dict, graded: dict, problems: list[str]) -> None:
        nb_name = exam.task_notebook(task)
        if nb_name not in expected:
            return
        reported = {c["cell"] for c in expected[nb_name]["checks"]}
        for gid in task.cells:
            if gid not in reported:
                problems.append(f"task {task.id}: test cell {gid} reports no check() value")


def check_cells_are(exam: ExamSpec, task: Task, problems: list[str], what: str, is_right) -> None:
    """The task's cells exist in its notebook and are of the kind it grades (nbgrader metadata)."""
    nb_name = exam.task_notebook(task)
    path = exam.source_dir / nb_name
    if not path.is_file():
        problems.append(f"task {task.id}: notebook {nb_name} is not in {exam.source_dir}")
        return
    nb = nbformat.read(path, as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells
             if c.metadata.get("nbgrader", {}).get("grade_id")}
    for gid in task.cells:
        if gid not in cells:
            problems.append(f"task {task.id}: cell {gid} is not in {nb_name}")
        elif not is_right(cells[gid].metadata["nbgrader"]):
            problems.append(f"task {task.id}: cell {gid} is not {what}")


def _run_submitted(run: GradingRun, nb_name: str) -> tuple[RunResult | None, str | None]:
    """Sanitises and runs one submitted notebook: (the run, or None and why it could not run)."""
    ctx = run.ctx
    nb, problem = read_notebook(run.submission_dir / nb_name)
    if nb is not None:
        try:
            nb = sanitize(nb, ctx.course_dir, ctx.assignment, Path(nb_name).stem, run.student)
        except Exception as exc:  # noqa: BLE001 - nbgrader refused the notebook: it scores nothing
            nb, problem = None, f"rejected by nbgrader's checks: {type(exc).__name__}: {str(exc)[:200]}"
    if nb is None:
        run.flags.append(f"{nb_name}: {problem}")
        return None, problem
    source_nb = nbformat.read(ctx.source_dir / nb_name, as_version=4)
    work = scratch_copy(ctx, run.submission_dir, run.uid, overlay=ctx.release_dir)
    try:
        result = run_notebook(ctx, work, to_cells(nb, source_cell_kinds(source_nb)), run.uid)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not result.completed:
        last = result.cells_started[-1] if result.cells_started else "start"
        run.flags.append(f"{nb_name}: stopped at {last} ({result.stopped or f'exit {result.exit_code}'})")
    return result, None


def _reference_run(data: dict) -> RunResult:
    return RunResult(checks={(c["cell"], c["name"]): c for c in data["checks"]}, errors=data["errors"],
                     cells_started=data.get("cells_started", []), completed=data["completed"],
                     stopped=data["stopped"], seconds=data.get("seconds", 0.0))


def _missing_reason(run: RunResult | None, cell: str, name: str) -> str:
    if run is None:
        return "notebook not graded"
    in_cell = [e for e in run.errors if e.get("grade_id") == cell]
    mine = [e for e in in_cell if f"check('{name}'" in e["statement"] or f'check("{name}"' in e["statement"]]
    for err in mine or in_cell[:1]:
        return f"{err['ename']}: {err['evalue'][:200]}"
    if cell not in run.cells_started:
        return f"not reached ({run.stopped or 'the run ended early'})"
    return "no value reported"
