"""Grading one submission: the reference run, then each grading kind's checks, then task scores.

    submitted notebook ──nbgrader sanitising──▶ cells ──sandbox (harness)──▶ reported values
    source notebook (solutions) ──sandbox──▶ reference values, weights, tolerances
    trusted process: compare value by value ──▶ checks ──▶ task scores (exam.yaml points)

The reference run executes the exam author's solution, not candidate code, so its values, weights
and tolerances are trusted; the candidate's run contributes values only. Each kind of task (test
cells, hardware, model, service; grading/kinds/) grades its own tasks through one contract
(kinds/base.py); this module knows none of them by name.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import nbformat

from practicum.core.content_cache import keep, tree_digest
from practicum.core.exam_spec import ExamSpec
from practicum.core.settings import PROJECT_ROOT
from practicum.grading.context import SEED, GradingContext
from practicum.grading.kinds import KINDS, kind_of
from practicum.grading.kinds.base import GradingRun
from practicum.grading.notebooks import run_notebook, scratch_copy, source_cell_kinds, to_cells

GRADING_CODE = Path(__file__).parent  # this package: a change to how grading runs is a new reference


def run_reference(ctx: GradingContext, uid: int) -> dict[str, dict]:
    """Runs the author's solution with its asserts kept; per notebook: checks, errors, completed.

    Kept beside the course, and in the content cache when the context has one (a second sitting of
    the same exam reuses it), keyed by everything the run depends on.
    """
    ctx.scratch_root.mkdir(parents=True, exist_ok=True)  # grading after a cached reference needs it too
    cache = ctx.course_dir / "practicum-reference.json"
    key = reference_key(ctx)
    if cache.exists():
        data = json.loads(cache.read_text())
        if data.get("key") == key and all((ctx.reference_files_dir / f).exists() for f in data.get("files", [])):
            return data["notebooks"]
    shared = ctx.cache_dir / "references" / key[:32] if ctx.cache_dir is not None else None
    if shared is not None and (shared / "reference.json").is_file():
        shutil.rmtree(ctx.reference_files_dir, ignore_errors=True)
        if (shared / "files").is_dir():
            shutil.copytree(shared / "files", ctx.reference_files_dir)
        shutil.copyfile(shared / "reference.json", cache)
        return json.loads(cache.read_text())["notebooks"]
    notebooks = {}
    collect = ctx.reference_files()
    shutil.rmtree(ctx.reference_files_dir, ignore_errors=True)
    for nb_name in ctx.exam.notebooks:
        source_nb = nbformat.read(ctx.source_dir / nb_name, as_version=4)
        with tempfile.TemporaryDirectory(dir=ctx.scratch_root) as ref:
            work = scratch_copy(ctx, ctx.reference_submission(Path(ref) / "ref"), uid, overlay=None)
        try:
            result = run_notebook(ctx, work, to_cells(source_nb, source_cell_kinds(source_nb)), uid,
                                  keep_asserts=True, collect=collect)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        for rel, data in result.files.items():
            target = ctx.reference_files_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        data = result.to_json()
        notebooks[nb_name] = {k: data[k] for k in ("checks", "errors", "completed", "stopped", "cells_started",
                                                   "cell_seconds", "seconds")}
        notebooks[nb_name]["output"] = result.output[-4000:]
    for task in ctx.exam.tasks:  # what the other kinds make from the author's solution (a hidden bench's values)
        kind = kind_of(task)
        made = kind.make_reference(ctx, task, uid)
        if made is not None:
            notebooks[kind.reference_key(task)] = made
    files = sorted(str(p.relative_to(ctx.reference_files_dir)) for p in ctx.reference_files_dir.rglob("*")
                   if p.is_file()) if ctx.reference_files_dir.is_dir() else []
    cache.write_text(json.dumps({"key": key, "notebooks": notebooks, "files": files}))
    # A failure may be the machine's (a timeout under load): it is kept for this course, never shared.
    if shared is not None and all(map(runs_cleanly, notebooks.values())):
        def fill(stage: Path) -> None:
            shutil.copyfile(cache, stage / "reference.json")
            if ctx.reference_files_dir.is_dir():
                shutil.copytree(ctx.reference_files_dir, stage / "files")

        keep(shared, fill)
    return notebooks


def runs_cleanly(data: dict) -> bool:
    """A reference run (of a notebook, or a hidden bench) that finished without an error."""
    return data["completed"] and not data["errors"]


def reference_key(ctx: GradingContext) -> str:
    """Everything the reference run depends on: the pinned sources, hidden data and solutions, the
    chip library, the grading code, exam.yaml (timeouts, tasks), the lab environment's lock."""
    from hardware_sim.sim import HERE as HWSIM

    return tree_digest(ctx.source_dir, ctx.exam.hidden_dir, ctx.solution_dir, HWSIM, GRADING_CODE,
                       ctx.exam.root / "exam.yaml", PROJECT_ROOT / "images" / ctx.exam.environment / "requirements.lock",
                       extra=json.dumps(ctx.reference_files()).encode())


def reference(ctx: GradingContext, uid: int) -> dict[str, dict]:
    """Expected values per notebook; refuses to grade against a reference that does not run cleanly."""
    notebooks = run_reference(ctx, uid)
    for nb_name, data in notebooks.items():
        if not runs_cleanly(data):
            first = data["errors"][0] if data["errors"] else {}
            raise RuntimeError(f"the reference solution of {ctx.exam.id}/{nb_name} does not run cleanly: "
                               f"{data['stopped'] or ''} {first.get('grade_id')}: {first.get('ename')} "
                               f"{first.get('evalue', '')[:300]}")
    return notebooks


def grade_files(ctx: GradingContext, submission_dir: Path, student: str, uid: int,
                expected: dict[str, dict], reuse_reference_runs: bool = False) -> dict:
    """Grades one submission directory; returns plain JSON-able results.

    `reuse_reference_runs` (practicum check grading the author's own hand-in) takes the notebooks'
    values from the reference run instead of running the same notebooks again; everything else
    (model tasks, hardware tasks, scoring) runs as for a candidate.
    """
    run = GradingRun(ctx=ctx, submission_dir=submission_dir, student=student, uid=uid, expected=expected,
                     reuse_reference_runs=reuse_reference_runs)
    check_rows: list[dict] = []
    for kind in KINDS.values():
        tasks = [t for t in ctx.exam.tasks if t.kind == kind.name]
        if tasks:
            check_rows += kind.grade(run, tasks)
    return {"notebooks": run.notebooks, "checks": check_rows, "tasks": score_tasks(ctx.exam, check_rows),
            "flags": run.flags, "seed": SEED}


def score_tasks(exam: ExamSpec, check_rows: list[dict]) -> dict[str, dict]:
    """Autograded task scores: the task's points times the weighted share of its checks passed."""
    tasks = {}
    for task in exam.tasks:
        if task.grading != "auto":
            continue
        rows = kind_of(task).rows_of(exam, task, check_rows)
        total = sum(r["weight"] for r in rows)
        passed = sum(r["weight"] * r.get("credit", 1.0 if r["ok"] else 0.0) for r in rows)
        score = round(task.points * passed / total, 4) if total else 0.0
        tasks[task.id] = {"points": task.points, "score": score,
                          "checks_passed": sum(1 for r in rows if r["ok"]), "checks_total": len(rows)}
    return tasks
