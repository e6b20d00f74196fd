"""Submissions for grading tests: the demo exam's solution with parts replaced."""

from __future__ import annotations

import nbformat

WRONG = "import numpy as np\n\n\ndef normalize(x):\n    return np.asarray(x, dtype=float)  # wrong: not standardised\n"
CORRECT = ("import numpy as np\n\n\ndef normalize(x):\n    x = np.asarray(x, dtype=float)\n    s = x.std()\n"
           "    return np.zeros_like(x) if s == 0 else (x - x.mean()) / s\n")


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def wrong_then(extra: str):
    """normalize answered wrongly, followed by `extra` code (an attack, a crash...)."""
    def edit(nb):
        cell(nb, "normalize").source = WRONG + extra
    return edit


def unchanged(nb):
    return None


def write_variant(source_nb_path, target_path, edit) -> None:
    nb = nbformat.read(source_nb_path, as_version=4)
    edit(nb)
    nbformat.write(nb, target_path)
