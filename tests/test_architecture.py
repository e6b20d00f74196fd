"""The architecture is a contract: practicum's layers import only downwards, and the libraries that
are installed into lab environments (hardware_sim, labkit, offline_data) import nothing of the
platform. The contracts live in pyproject.toml ([tool.importlinter]); import-linter checks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from practicum.core.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit

LINT = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("practicum", "hardware_sim", "labkit", "offline_data")


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def copy_tree(dest: Path) -> Path:
    """The packages' Python files and pyproject.toml, so a test may break the copy."""
    shutil.copy(PROJECT_ROOT / "pyproject.toml", dest)
    for pkg in PACKAGES:
        shutil.copytree(PROJECT_ROOT / pkg, dest / pkg, ignore=shutil.ignore_patterns(
            "__pycache__", "*.v", "*.sv", "*.html", "*.js", "*.css", "*.yaml", "*.json", "*.md"))
    return dest


def test_the_layers_hold():
    res = lint(PROJECT_ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 broken" in res.stdout


@pytest.mark.parametrize("module, offending", [
    # a lower layer reaching up: the exam spec importing the web pages
    ("practicum/core/exam_spec.py", "from practicum.web import base"),
    # a cycle between two layers: storage importing the grading queue
    ("practicum/db/store.py", "import practicum.grading.queue"),
    # a lab library importing the platform (labs cannot see it)
    ("labkit/metrics.py", "from practicum.core import i18n"),
])
def test_an_upward_import_breaks_the_contract(tmp_path, module, offending):
    root = copy_tree(tmp_path)
    path = root / module
    path.write_text(path.read_text() + f"\n{offending}  # added by the test\n")
    res = lint(root)
    assert res.returncode != 0
    assert "BROKEN" in res.stdout, res.stdout
