"""Grading one submission: sanitise, run in the sandbox, compare with the reference, score tasks.

    submitted notebook ──nbgrader sanitising──▶ cells ──sandbox (harness)──▶ reported values
    source notebook (solutions) ──sandbox──▶ reference values, weights, tolerances
    trusted process: compare value by value ──▶ checks ──▶ task scores (exam.yaml points)

The reference run executes the exam author's solution, not candidate code, so its values, weights
and tolerances are trusted; the candidate's run contributes values only.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from practicum.core.exam_spec import ExamSpec
from practicum.grading.compare import compare
from practicum.grading.runner import Cell, GradingLimits, RunResult, run_cells
from practicum.grading.scorers import score
from practicum.sittings.sitting_files import waves_dir

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
SEED = 20211  # one fixed seed: a regrade reproduces every random input


@dataclass
class GradingContext:
    """Where things are for one sitting's grading."""

    exam: ExamSpec
    course_dir: Path  # nbgrader course root (source/, release/, gradebook.db)
    lab_env: Path
    scratch_root: Path  # traversable by grading uids
    cgroup_namespace: str | None = None

    @property
    def assignment(self) -> str:
        return self.exam.assignment

    @property
    def source_dir(self) -> Path:
        return self.course_dir / "source" / self.assignment

    @property
    def solution_dir(self) -> Path:
        """Reference versions of non-notebook deliverables (RTL, benches, scripts): never released.
        Notebooks carry their solutions inline (nbgrader strips them)."""
        return self.exam.root / "solution"

    def reference_submission(self, dest: Path) -> Path:
        """What the author would hand in: the source assignment with the solution files on top, and
        the models the author's notebook exported in the reference run (for model tasks)."""
        shutil.copytree(self.source_dir, dest, dirs_exist_ok=True)
        for extra in (self.solution_dir, self.reference_files_dir):
            if extra.is_dir():
                shutil.copytree(extra, dest, dirs_exist_ok=True)
        return dest

    @property
    def reference_files_dir(self) -> Path:
        """Files the reference run's notebooks wrote that model tasks evaluate (models, vocabularies)."""
        return self.course_dir / "practicum-reference-files"

    def model_task_files(self) -> list[str]:
        from practicum.grading.model_eval import handed_in

        files: list[str] = []
        for task in self.exam.tasks:
            if task.model is not None:
                spec = task.model
                extra = [spec.path + ".pdmodel"] if spec.kind == "paddle" else []
                files += [f for f in handed_in(spec) + extra + spec.files if f not in files]
            if task.service is not None:  # what the service loads that the author's notebook writes
                files += [f for f in task.service.files if f not in files]
        return files

    def model_limits(self):
        from practicum import sandbox

        lim = self.exam.limits
        return sandbox.Limits(memory_mb=lim.memory_mb, processes=min(lim.processes, 256), file_mb=min(lim.file_mb, 256),
                              cpu_seconds=900)

    @property
    def hidden_data_dir(self) -> Path:
        """Hidden test inputs, mounted read-only in grading sandboxes (never in a lab)."""
        return self.exam.hidden_dir / "data"

    def staged_hidden_data(self) -> Path | None:
        """A world-readable copy of the hidden inputs under the scratch root: the pinned exam is
        root-only, and bubblewrap resolves a mount's source as the sandbox's (unprivileged) user."""
        if not self.hidden_data_dir.is_dir():
            return None
        target = self.scratch_root / "hidden-data" / self.course_dir.parent.name
        if target.is_dir():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(self.scratch_root, 0o711)
        os.chmod(target.parent, 0o711)
        stage = Path(tempfile.mkdtemp(prefix=".stage-", dir=target.parent))
        shutil.copytree(self.hidden_data_dir, stage, dirs_exist_ok=True)
        for path in [stage, *stage.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        try:
            stage.rename(target)  # atomic: two workers staging at once keep one copy
        except OSError:
            shutil.rmtree(stage, ignore_errors=True)
        return target

    @property
    def hidden_labels_dir(self) -> Path:
        """Hidden answers: read by the trusted process only, never mounted anywhere."""
        return self.exam.hidden_dir / "labels"

    def waves_dir(self, student: str) -> Path | None:
        """Where the waveforms of a student's HDL runs are kept for the examiner (per sitting)."""
        return waves_dir(self.course_dir.parent, student)

    @property
    def release_dir(self) -> Path:
        return self.course_dir / "release" / self.assignment

    def hdl(self):
        from practicum.grading.hdl import HdlContext

        return HdlContext(exam=self.exam, hidden_dir=self.exam.hidden_dir, chip_env=self.lab_env,
                          cache_dir=self.scratch_root / "hdl-cache" / self.course_dir.parent.name,
                          scratch_root=self.scratch_root, cgroup_namespace=self.cgroup_namespace)

    def limits(self) -> GradingLimits:
        lim = self.exam.limits
        return GradingLimits(cell_timeout_s=self.exam.cell_timeout_s, notebook_timeout_s=self.exam.notebook_timeout_s,
                             memory_mb=lim.memory_mb, file_mb=min(lim.file_mb, 256))


# ---------------------------------------------------------------- notebooks to cells


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def source_cell_kinds(source_nb) -> dict[str, str]:
    """grade_id -> kind, from the author's notebook (the only metadata we believe)."""
    kinds = {}
    for cell in source_nb.cells:
        meta = _nbgrader(cell)
        gid = meta.get("grade_id")
        if not gid or cell.cell_type != "code":
            continue
        if meta.get("solution"):
            kinds[gid] = "solution"
        elif meta.get("grade"):
            kinds[gid] = "test"
        elif meta.get("locked"):
            kinds[gid] = "locked"
    return kinds


def to_cells(nb, kinds: dict[str, str]) -> list[Cell]:
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        gid = _nbgrader(cell).get("grade_id")
        kind = kinds.get(gid, "code") if gid else "code"
        cells.append(Cell(index=index, kind=kind, grade_id=gid if kind != "code" else None,
                          source=cell.source if isinstance(cell.source, str) else "".join(cell.source)))
    return cells


def sanitize(nb, course_dir: Path, assignment: str, notebook_id: str, student: str):
    """nbgrader's own sanitising steps: restore locked and test cells (and missing ones) from the
    gradebook, reset the kernelspec, forged points and duplicated grade ids, clear outputs."""
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearOutput,
        DeduplicateIds,
        OverwriteCells,
        OverwriteKernelspec,
    )

    resources = {"nbgrader": {"db_url": f"sqlite:///{course_dir / 'gradebook.db'}", "assignment": assignment,
                              "notebook": notebook_id, "student": student}}
    for pp in (ClearOutput(), DeduplicateIds(), OverwriteKernelspec(), OverwriteCells(add_missing_cells=True),
               CheckCellMetadata()):
        nb, resources = pp.preprocess(nb, resources)
    return nb


def read_notebook(path: Path):
    """The submitted notebook, or a reason it cannot be graded (missing, huge, not a notebook)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None, "missing"
    if not os.path.isfile(path) or os.path.islink(path):
        return None, "not a regular file"
    if st.st_size > MAX_NOTEBOOK_BYTES:
        return None, f"too large ({st.st_size // 2**20} MB)"
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is the candidate's loss, not ours
        return None, f"not a readable notebook: {type(exc).__name__}: {str(exc)[:200]}"
    return nb, None


# ---------------------------------------------------------------- runs


def _scratch_copy(ctx: GradingContext, src: Path, uid: int, overlay: Path | None) -> Path:
    """A writable copy for the sandbox: the submission, with the released starter files on top."""
    ctx.scratch_root.mkdir(parents=True, exist_ok=True)
    os.chmod(ctx.scratch_root, 0o711)
    work = Path(tempfile.mkdtemp(prefix="grade-", dir=ctx.scratch_root))
    shutil.copytree(src, work, dirs_exist_ok=True, symlinks=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    keep = set(ctx.exam.deliverables) | set(ctx.model_task_files())
    if overlay is not None:  # provided data is input, not answer: the candidate's copy never counts
        for f in overlay.rglob("*"):
            if f.is_file() and f.suffix != ".ipynb" and str(f.relative_to(overlay)) not in keep:
                target = work / f.relative_to(overlay)
                if target.is_symlink() or target.is_dir():
                    shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink()
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f, target)
    for path in [work, *work.rglob("*")]:
        os.lchown(path, uid, uid)
    return work


def run_notebook(ctx: GradingContext, workdir: Path, cells: list[Cell], uid: int, **kw) -> RunResult:
    return run_cells(cells, workdir=workdir, lab_env=ctx.lab_env, uid=uid, limits=ctx.limits(), seed=SEED,
                     cgroup_namespace=ctx.cgroup_namespace, hidden_data=ctx.staged_hidden_data(), **kw)


def run_reference(ctx: GradingContext, uid: int) -> dict[str, dict]:
    """Runs the author's solution with its asserts kept; per notebook: checks, errors, completed.

    Cached beside the course, keyed by the source files and the harness.
    """
    cache = ctx.course_dir / "practicum-reference.json"
    digest = hashlib.sha256()
    from hardware_sim.sim import HERE as HWSIM

    for root in (ctx.source_dir, ctx.exam.hidden_dir, ctx.solution_dir, HWSIM):
        for f in sorted(root.rglob("*")) if root.is_dir() else []:
            if f.is_file() and "__pycache__" not in f.parts:
                digest.update(str(f.relative_to(root)).encode() + f.read_bytes())
    digest.update((Path(__file__).with_name("harness.py")).read_bytes())
    digest.update(json.dumps(ctx.model_task_files()).encode())
    key = digest.hexdigest()
    if cache.exists():
        data = json.loads(cache.read_text())
        if data.get("key") == key and all((ctx.reference_files_dir / f).exists() for f in data.get("files", [])):
            return data["notebooks"]
    notebooks = {}
    ctx.scratch_root.mkdir(parents=True, exist_ok=True)
    collect = ctx.model_task_files()
    shutil.rmtree(ctx.reference_files_dir, ignore_errors=True)
    for nb_name in ctx.exam.notebooks:
        source_nb = nbformat.read(ctx.source_dir / nb_name, as_version=4)
        with tempfile.TemporaryDirectory(dir=ctx.scratch_root) as ref:
            work = _scratch_copy(ctx, ctx.reference_submission(Path(ref) / "ref"), uid, overlay=None)
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
    from practicum.grading.hdl import reference_values

    for task in ctx.exam.tasks:  # hardware tasks: the hidden bench on the reference design
        if task.hdl is not None and task.hdl["kind"] == "rtl":
            ref = reference_values(ctx.hdl(), task, uid)
            notebooks[f"hdl:{task.id}"] = {"checks": ref["checks"], "completed": ref["passed"],
                                           "stopped": ref["error"],
                                           "errors": [] if ref["passed"] else [{"grade_id": task.id, "ename": "BenchFailed",
                                                                                "evalue": str(ref["tests"])[:500]}],
                                           "output": ref["output"]}
    files = sorted(str(p.relative_to(ctx.reference_files_dir)) for p in ctx.reference_files_dir.rglob("*")
                   if p.is_file()) if ctx.reference_files_dir.is_dir() else []
    cache.write_text(json.dumps({"key": key, "notebooks": notebooks, "files": files}))
    return notebooks


def reference(ctx: GradingContext, uid: int) -> dict[str, dict]:
    """Expected values per notebook; refuses to grade against a reference that does not run cleanly."""
    notebooks = run_reference(ctx, uid)
    for nb_name, data in notebooks.items():
        if not data["completed"] or data["errors"]:
            first = data["errors"][0] if data["errors"] else {}
            raise RuntimeError(f"the reference solution of {ctx.exam.id}/{nb_name} does not run cleanly: "
                               f"{data['stopped'] or ''} {first.get('grade_id')}: {first.get('ename')} "
                               f"{first.get('evalue', '')[:300]}")
    return notebooks


def grade_files(ctx: GradingContext, submission_dir: Path, student: str, uid: int,
                expected: dict[str, dict], reuse_reference_runs: bool = False) -> dict:
    """Grades the notebooks of one submission directory; returns plain JSON-able results.

    `reuse_reference_runs` (practicum check grading the author's own hand-in) takes the notebooks'
    values from the reference run instead of running the same notebooks again; everything else
    (model tasks, hardware tasks, scoring) runs as for a candidate.
    """
    notebooks: dict[str, dict] = {}
    check_rows: list[dict] = []
    flags: list[str] = []
    for nb_name in ctx.exam.notebooks:
        if not any(t.cells and ctx.exam.task_notebook(t) == nb_name for t in ctx.exam.tasks if t.grading == "auto"):
            continue  # a notebook with nothing autograded in it (instructions, manual answers)
        exp_checks = expected[nb_name]["checks"]
        if reuse_reference_runs:
            run, problem = _reference_run(expected[nb_name]), None
        else:
            run, problem = _run_submitted_notebook(ctx, submission_dir, nb_name, student, uid, flags)
        got = run.checks if run is not None else {}
        for exp in exp_checks:
            reported = got.get((exp["cell"], exp["name"]))
            credit = None
            if reported is None:
                verdict_ok, reason = False, _missing_reason(run, exp["cell"], exp["name"])
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
            check_rows.append(row)
        notebooks[nb_name] = {
            "problem": problem,
            "completed": run.completed if run else False,
            "stopped": run.stopped if run else None,
            "exit_code": run.exit_code if run else None,
            "errors": run.errors if run else {},
            "output": run.output[-20000:] if run else "",
            "seconds": round(run.seconds, 2) if run else 0.0,
        }
    check_rows += grade_hdl_tasks(ctx, submission_dir, uid, expected, flags, waves_dir=ctx.waves_dir(student))
    offline: dict = {}
    check_rows += grade_model_tasks(ctx, submission_dir, uid, flags, keep=offline)
    check_rows += grade_service_tasks(ctx, submission_dir, uid, flags, offline)
    return {"notebooks": notebooks, "checks": check_rows, "tasks": score_tasks(ctx.exam, check_rows),
            "flags": flags, "seed": SEED}


def grade_hdl_tasks(ctx: GradingContext, submission_dir: Path, uid: int, expected: dict, flags: list[str],
                    waves_dir: Path | None = None) -> list[dict]:
    from practicum.grading import hdl

    rows: list[dict] = []
    for task in ctx.exam.tasks:
        if task.hdl is None:
            continue
        kind = task.hdl["kind"]
        try:
            if kind == "rtl":
                rows += hdl.grade_rtl(ctx.hdl(), task, submission_dir, uid, expected[f"hdl:{task.id}"],
                                      waves_dir=waves_dir)
            elif kind == "bench":
                rows += hdl.grade_bench(ctx.hdl(), task, submission_dir, uid)
            else:
                rows += hdl.grade_lint(ctx.hdl(), task, submission_dir, uid)
        except RuntimeError as exc:  # a trusted design that does not build: the exam's fault, flagged
            flags.append(f"{task.id}: {exc}"[:500])
    return rows


def _run_submitted_notebook(ctx: GradingContext, submission_dir: Path, nb_name: str, student: str, uid: int,
                            flags: list[str]) -> tuple[RunResult | None, str | None]:
    """Sanitises and runs one submitted notebook: (the run, or None and why it could not run)."""
    nb, problem = read_notebook(submission_dir / nb_name)
    if nb is not None:
        try:
            nb = sanitize(nb, ctx.course_dir, ctx.assignment, Path(nb_name).stem, student)
        except Exception as exc:  # noqa: BLE001 - nbgrader refused the notebook: it scores nothing
            nb, problem = None, f"rejected by nbgrader's checks: {type(exc).__name__}: {str(exc)[:200]}"
    if nb is None:
        flags.append(f"{nb_name}: {problem}")
        return None, problem
    source_nb = nbformat.read(ctx.source_dir / nb_name, as_version=4)
    work = _scratch_copy(ctx, submission_dir, uid, overlay=ctx.release_dir)
    try:
        run = run_notebook(ctx, work, to_cells(nb, source_cell_kinds(source_nb)), uid)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not run.completed:
        last = run.cells_started[-1] if run.cells_started else "start"
        flags.append(f"{nb_name}: stopped at {last} ({run.stopped or f'exit {run.exit_code}'})")
    return run, None


def _reference_run(data: dict) -> RunResult:
    return RunResult(checks={(c["cell"], c["name"]): c for c in data["checks"]}, errors=data["errors"],
                     cells_started=data.get("cells_started", []), completed=data["completed"],
                     stopped=data["stopped"], seconds=data.get("seconds", 0.0))


def grade_model_tasks(ctx: GradingContext, submission_dir: Path, uid: int, flags: list[str],
                      keep: dict | None = None) -> list[dict]:
    from practicum.grading.model_eval import grade_model

    rows: list[dict] = []
    for task in ctx.exam.tasks:
        if task.model is None:
            continue
        try:
            rows.append(grade_model(task, submission_dir, hidden_dir=ctx.exam.hidden_dir,
                                    staged_hidden=ctx.staged_hidden_data(), lab_env=ctx.lab_env, uid=uid,
                                    scratch_root=ctx.scratch_root, limits=ctx.model_limits(),
                                    cgroup_namespace=ctx.cgroup_namespace, keep=keep))
        except RuntimeError as exc:  # the exam's own data is missing: flagged, not the candidate's fault
            flags.append(f"{task.id}: {exc}"[:500])
    return rows


def grade_service_tasks(ctx: GradingContext, submission_dir: Path, uid: int, flags: list[str],
                        offline: dict) -> list[dict]:
    from practicum.grading.service_eval import grade_service

    rows: list[dict] = []
    for task in ctx.exam.tasks:
        if task.service is None:
            continue
        try:
            rows += grade_service(task, submission_dir, hidden_dir=ctx.exam.hidden_dir, lab_env=ctx.lab_env, uid=uid,
                                  scratch_root=ctx.scratch_root, limits=ctx.model_limits(),
                                  cgroup_namespace=ctx.cgroup_namespace, offline=offline)
        except RuntimeError as exc:  # the exam's own data is inconsistent: flagged, not the candidate's fault
            flags.append(f"{task.id}: {exc}"[:500])
    return rows


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


def score_tasks(exam: ExamSpec, check_rows: list[dict]) -> dict[str, dict]:
    """Autograded task scores: the task's points times the weighted share of its checks passed."""
    tasks = {}
    for task in exam.tasks:
        if task.grading != "auto":
            continue
        if task.hdl is not None or task.model is not None or task.service is not None:
            rows = [r for r in check_rows if r.get("task") == task.id]
        else:
            rows = [r for r in check_rows
                    if r["cell"] in task.cells and r["notebook"] == exam.task_notebook(task) and "task" not in r]
        total = sum(r["weight"] for r in rows)
        passed = sum(r["weight"] * r.get("credit", 1.0 if r["ok"] else 0.0) for r in rows)
        score = round(task.points * passed / total, 4) if total else 0.0
        tasks[task.id] = {"points": task.points, "score": score,
                          "checks_passed": sum(1 for r in rows if r["ok"]), "checks_total": len(rows)}
    return tasks
