"""Helpers for lab authors: build nbgrader source notebooks from Python instead of editing JSON.

A lab keeps a small `author_notebook.py` that lists its cells with these functions and writes
`source/<assignment>/<name>.ipynb`; the notebook is what is committed and released, the script is
how it is edited. Cell kinds follow nbgrader's metadata (schema 3):

    text(...)      locked instructions           answer(...)  manually graded answer (markdown)
    solution(...)  the candidate's code cell     test(...)    autograded test cell (locked)
    code(...)      a free cell (e.g. "run the bench here"), neither graded nor locked

Test cells need `check()` for Practicum beside their asserts for plain nbgrader; FALLBACK defines
a do-nothing `check` where plain nbgrader or the candidate's own kernel runs the cell.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

FALLBACK = '''if "check" not in globals():  # plain nbgrader or the candidate's kernel: the asserts decide
    def check(*args, **kwargs):
        pass

    def raises(*args, **kwargs):
        pass
'''


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def text(source: str, grade_id: str):
    return new_markdown_cell(source.strip(), metadata=_meta(grade_id, grade=False, solution=False, locked=True))


def answer(grade_id: str, points: float, prompt: str = "YOUR ANSWER HERE / 在此作答"):
    return new_markdown_cell(prompt, metadata=_meta(grade_id, grade=True, solution=True, locked=False,
                                                    points=points))


def solution(source: str, grade_id: str):
    return new_code_cell(source.strip(), metadata=_meta(grade_id, grade=False, solution=True, locked=False))


def test(source: str, grade_id: str, points: float):
    return new_code_cell(source.strip(), metadata=_meta(grade_id, grade=True, solution=False, locked=True,
                                                        points=points))


def code(source: str):
    return new_code_cell(source.strip())


def write(path: Path, cells: list) -> None:
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}})
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
