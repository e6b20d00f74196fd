"""Notebooks for grading: what nbgrader's sanitising keeps of a submitted notebook, the cells it
becomes (their kinds from the author's source notebook only), and a sandboxed run of them with the
harness in a scratch copy of the submission."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nbformat

from practicum.grading.context import SEED, GradingContext
from practicum.grading.runner import Cell, RunResult, run_cells

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024


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


def scratch_copy(ctx: GradingContext, src: Path, uid: int, overlay: Path | None) -> Path:
    """A writable copy for the sandbox: the submission, with the released starter files on top."""
    ctx.scratch_root.mkdir(parents=True, exist_ok=True)
    os.chmod(ctx.scratch_root, 0o711)
    work = Path(tempfile.mkdtemp(prefix="grade-", dir=ctx.scratch_root))
    shutil.copytree(src, work, dirs_exist_ok=True, symlinks=True,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    keep = set(ctx.exam.deliverables) | set(ctx.reference_files())
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
