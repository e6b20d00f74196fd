"""`practicum author`: renders the files of a lab that nobody writes by hand.

What an author edits, and what is rendered from it (all committed; `practicum author --check` and
tests/test_authoring.py prove the rendered files are what the masters give):

    labs/<id>/notebooks/<name>.py  ->  labs/<id>/source/<assignment>/<name>.ipynb
        The master of a source notebook: jupytext's percent format, a diff-friendly text mirror.
        A cell's header line carries its nbgrader flags (grade_id, grade, solution, locked);
        the renderer adds nbgrader's schema fields, the points of each graded cell from exam.yaml
        (a task's points spread evenly over the cells it lists) and a stable cell id (the
        grade_id, or a digest of an ungraded cell's source). Code that several notebooks share is
        written once, in a file of its own, and a master's code cell takes it in with a line
        `# %include ../../_shared/platform/cells/service_helpers.py` (relative to the master; the
        file's lines take the line's indentation).
    labs/<id>/starters.yaml        ->  starter files rendered from the hand-written solution
        Each line names a starter (relative to the lab) and the solution it is made from; the
        solution's `### BEGIN SOLUTION` ... `### END SOLUTION` regions become
        `# YOUR CODE HERE` + `raise NotImplementedError()`, or what a `### BEGIN STARTER` ...
        `### END STARTER` region right after one says (its lines commented out with `# `); the long
        form {from: solution, keep: [n, ...], replace: {old: new}, final_newline: false} keeps regions
        as written, replaces text that differs between labs sharing one solution, drops the last newline.
        labs/_shared/starters.yaml does the same for starters that several labs link to.

Files shared by labs live once under labs/_shared/ and the labs link to them; pinning a sitting
copies what a link points at (practicum/sittings/sitting_files.py), so sittings stay self-contained.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from practicum.core.exam_spec import ExamSpec, list_exam_ids, load_exam

MASTERS = "notebooks"  # labs/<id>/notebooks/: the masters of the source notebooks
STARTERS = "starters.yaml"  # labs/<id>/starters.yaml: starter <- solution
SHARED = "_shared"  # labs/_shared/: files that several labs link to

NOTEBOOK_METADATA = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                     "language_info": {"name": "python"}}
FLAGS = ("grade_id", "grade", "solution", "locked")  # what a master says of a cell; the rest is rendered
JUPYTEXT = {"notebook_metadata_filter": "-all", "cell_metadata_filter": "nbgrader,-all"}

_REGION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[^\n]*\n(?P<solution>.*?)^[ \t]*### END SOLUTION[^\n]*\n"
    r"(?:^[ \t]*### BEGIN STARTER[^\n]*\n(?P<starter>.*?)^[ \t]*### END STARTER[^\n]*\n)?",
    re.MULTILINE | re.DOTALL)
# `# %include <path>` in a master's code cell (jupytext reads it as the line `%include <path>`), and in
# a file that one includes
_INCLUDE = re.compile(r"^(?P<indent>[ \t]*)%include (?P<path>\S+)[ \t]*$", re.MULTILINE)
_NESTED = re.compile(r"^(?P<indent>[ \t]*)# %include (?P<path>\S+)[ \t]*$", re.MULTILINE)


class AuthorError(Exception):
    """A master or a starter map that cannot be rendered (the message names the file)."""


@dataclass(frozen=True)
class Output:
    path: Path  # the file as committed
    text: str  # what the masters say it must hold
    source: Path  # the master or solution it comes from


# ---------------------------------------------------------------- notebooks


def _included(m: re.Match, base: Path | None, where: str, depth: int = 0) -> str:
    """The text of an included file, its own includes expanded, with the including line's indentation."""
    if base is None:
        raise AuthorError(f"{where}: %include {m['path']} needs the master's folder")
    if depth > 8:
        raise AuthorError(f"{where}: %include {m['path']}: includes nested too deep")
    path = base / m["path"]
    try:
        text = path.read_text(encoding="utf-8").removesuffix("\n")
    except OSError as exc:
        raise AuthorError(f"{where}: %include {m['path']}: {exc}") from exc
    text = _NESTED.sub(lambda n: _included(n, path.parent, where, depth + 1), text)
    return "\n".join(m["indent"] + line if line.strip() else line for line in text.split("\n"))


def _points(spec: ExamSpec) -> dict[tuple[str, str], float]:
    """(notebook, grade_id) -> points: each task's points spread evenly over the cells it lists."""
    points: dict[tuple[str, str], float] = {}
    for task in spec.tasks:
        for cell in task.cells:
            share = task.points / len(task.cells)
            points[(spec.task_notebook(task), cell)] = int(share) if float(share).is_integer() else share
    return points


def _cell_id(cell: dict, taken: set[str]) -> str:
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    base = grade_id or f"{cell['cell_type'][:2]}-{hashlib.sha1(cell['source'].encode()).hexdigest()[:10]}"
    cid, n = base, 1
    while cid in taken:
        n += 1
        cid = f"{base}-{n}"
    taken.add(cid)
    return cid


def render_notebook(master: str, points: dict[str, float], where: str = "master", base: Path | None = None) -> str:
    """The source notebook (nbformat JSON text) of a master; `points` maps grade_id -> points, `base`
    is the master's folder (included cells are relative to it)."""
    import jupytext

    read = jupytext.reads(master, fmt="py:percent")
    metadata = {**NOTEBOOK_METADATA, **{k: v for k, v in read.metadata.items() if k != "jupytext"}}
    cells, taken = [], set()
    for cell in read.cells:
        if cell.cell_type not in ("code", "markdown"):
            raise AuthorError(f"{where}: a {cell.cell_type} cell (only code and markdown cells are rendered)")
        source = _INCLUDE.sub(lambda m: _included(m, base, where), cell.source) if cell.cell_type == "code" \
            else cell.source
        new = nbformat.v4.new_code_cell(source) if cell.cell_type == "code" else nbformat.v4.new_markdown_cell(source)
        flags = cell.metadata.get("nbgrader")
        if flags is not None:
            if set(flags) != set(FLAGS):
                raise AuthorError(f"{where}: a cell's nbgrader flags are {sorted(flags)}, not {sorted(FLAGS)}")
            meta = {**{k: flags[k] for k in FLAGS}, "schema_version": 3, "task": False}
            if flags["grade"]:
                if flags["grade_id"] not in points:
                    raise AuthorError(f"{where}: graded cell {flags['grade_id']!r} is in no task of exam.yaml")
                meta["points"] = points[flags["grade_id"]]
            new.metadata = {"nbgrader": meta}
        new.id = _cell_id(new, taken)
        cells.append(new)
    nb = nbformat.v4.new_notebook(cells=cells, metadata=metadata)
    nbformat.validate(nb)
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def export_master(nb: nbformat.NotebookNode) -> str:
    """The master of an existing source notebook (how the labs were converted; also for an author who
    edited a notebook in JupyterLab): cells and nbgrader flags; points and ids are rendered again."""
    import jupytext

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    extra = {k: v for k, v in nb.metadata.items() if k not in NOTEBOOK_METADATA or nb.metadata[k] != NOTEBOOK_METADATA[k]}
    for cell in nb.cells:
        cell.pop("id", None)
        flags = cell.metadata.get("nbgrader")
        cell.metadata = {"nbgrader": {k: flags[k] for k in FLAGS}} if flags else {}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    filters = dict(JUPYTEXT)
    if extra:
        filters["notebook_metadata_filter"] = ",".join(sorted(extra)) + ",-all"
    nb.metadata = {**extra, "jupytext": filters}
    return jupytext.writes(nb, fmt="py:percent")


# ---------------------------------------------------------------- starters


def render_starter(solution: str, keep: tuple[int, ...] = (), replace: dict[str, str] | None = None,
                   final_newline: bool = True) -> str:
    """The starter of a solution file: each solution region (counted from 1) not in `keep` replaced by
    its STARTER region, or by the default stub; `keep` regions shown as written; then `replace`
    (text that differs between labs sharing one solution); without final_newline, no newline at the end."""
    count = 0

    def one(m: re.Match) -> str:
        nonlocal count
        count += 1
        indent = m["indent"]
        if count in keep:
            return m["solution"]
        if m["starter"] is None:
            return f"{indent}# YOUR CODE HERE\n{indent}raise NotImplementedError()\n"
        lines = []
        for line in m["starter"].splitlines(keepends=True):
            body = line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")
            if not body.startswith("#"):
                raise ValueError(f"a STARTER line is not commented out: {line!r}")
            body = body[2:] if body.startswith("# ") else body[1:]
            lines.append(indent + body if body.strip() else body)
        return "".join(lines)

    text = _REGION.sub(one, solution)
    if "### BEGIN SOLUTION" in text or "### BEGIN STARTER" in text:
        raise ValueError("an unmatched BEGIN SOLUTION / BEGIN STARTER marker")
    if missing := [k for k in keep if not 1 <= k <= count]:
        raise ValueError(f"keep names regions {missing}, the solution has {count}")
    for old, new in (replace or {}).items():
        if old not in text:
            raise ValueError(f"replace: {old!r} is not in the starter")
        text = text.replace(old, new)
    return text if final_newline else text.rstrip("\n")


def _starter_outputs(folder: Path) -> list[Output]:
    spec_file = folder / STARTERS
    if not spec_file.is_file():
        return []
    outputs = []
    for dest, entry in (yaml.safe_load(spec_file.read_text(encoding="utf-8")) or {}).items():
        entry = {"from": entry} if isinstance(entry, str) else dict(entry)
        source = folder / entry["from"]
        try:
            text = render_starter(source.read_text(encoding="utf-8"), tuple(entry.get("keep", ())),
                                  entry.get("replace"), entry.get("final_newline", True))
        except (OSError, ValueError) as exc:
            raise AuthorError(f"{spec_file}: {dest}: {exc}") from exc
        outputs.append(Output(folder / dest, text, source))
    return outputs


# ---------------------------------------------------------------- a lab, every lab


def master_path(spec: ExamSpec, notebook: Path) -> Path:
    """labs/<id>/notebooks/<name>.py for labs/<id>/source/<assignment>/<name>.ipynb."""
    return spec.root / MASTERS / notebook.relative_to(spec.source_dir).with_suffix(".py")


def lab_outputs(labs_dir: Path, exam_id: str) -> list[Output]:
    """Everything `practicum author` renders for one lab."""
    spec = load_exam(labs_dir, exam_id)
    points = _points(spec)
    outputs = []
    masters = spec.root / MASTERS
    for master in sorted(masters.rglob("*.py")) if masters.is_dir() else []:
        rel = master.relative_to(masters).with_suffix(".ipynb")
        where = str(master.relative_to(labs_dir))
        text = render_notebook(master.read_text(encoding="utf-8"),
                               {gid: p for (nb, gid), p in points.items() if nb == rel.as_posix()}, where, master.parent)
        outputs.append(Output(spec.source_dir / rel, text, master))
    return outputs + _starter_outputs(spec.root)


def problems(labs_dir: Path, outputs: list[Output], exam_ids: list[str]) -> list[str]:
    """Committed files that differ from what their masters render, and notebooks without a master."""
    found = []
    for out in outputs:
        rel = out.path.relative_to(labs_dir)
        if out.path.is_symlink():
            found.append(f"{rel}: a link; a rendered file is a file of its own")
        elif not out.path.is_file():
            found.append(f"{rel}: missing (rendered from {out.source.relative_to(labs_dir)})")
        elif out.path.read_text(encoding="utf-8") != out.text:
            found.append(f"{rel}: differs from what {out.source.relative_to(labs_dir)} renders")
    rendered = {o.path for o in outputs}
    for exam_id in exam_ids:
        spec = load_exam(labs_dir, exam_id)
        for nb in sorted(spec.source_dir.rglob("*.ipynb")):
            if nb not in rendered and ".ipynb_checkpoints" not in nb.parts:
                found.append(f"{nb.relative_to(labs_dir)}: no master ({master_path(spec, nb).relative_to(labs_dir)})")
    return found


def author(labs_dir: Path, exam_ids: list[str] | None = None, *, check: bool = False) -> tuple[list[Path], list[str]]:
    """Renders the given labs (default: every lab), and labs/_shared's starters, which labs link to.
    Returns (files written, problems); with check=True nothing is written and the problems name
    every file that differs."""
    labs_dir = Path(labs_dir)
    ids = exam_ids or list_exam_ids(labs_dir)
    outputs = [o for exam_id in ids for o in lab_outputs(labs_dir, exam_id)] + _starter_outputs(labs_dir / SHARED)
    if check:
        return [], problems(labs_dir, outputs, ids)
    written = []
    for out in outputs:
        if out.path.is_symlink():
            raise AuthorError(f"{out.path}: a link; a rendered file is a file of its own")
        if out.path.is_file() and out.path.read_text(encoding="utf-8") == out.text:
            continue
        out.path.parent.mkdir(parents=True, exist_ok=True)
        out.path.write_text(out.text, encoding="utf-8")
        written.append(out.path)
    return written, [p for p in problems(labs_dir, outputs, ids) if "no master" in p]


def released_links(labs_dir: Path) -> list[str]:
    """Links under a lab's source/ that point into a hidden/ or solution/ folder: never allowed."""
    bad = []
    for link in sorted(Path(labs_dir).glob("*/source/**/*")):
        if link.is_symlink():
            target = Path(os.path.realpath(link))
            if {"hidden", "solution"} & set(target.parts):
                bad.append(f"{link.relative_to(labs_dir)} -> {target}")
    return bad
