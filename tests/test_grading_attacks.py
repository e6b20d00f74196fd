"""Hostile submissions against the real grading sandbox: none may score above an honest wrong answer.

Every attack below targets task 1 (normalize) on top of an otherwise correct notebook whose
normalize is wrong, so an honest wrong answer scores 0 + 3 + 4 = 7 autograded points.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest
from notebooks import CORRECT, WRONG, cell, wrong_then  # noqa: E402
from uids import uid_for

from practicum.core.exam_spec import load_exam
from practicum.core.settings import Settings
from practicum.grading.context import GradingContext
from practicum.grading.pipeline import grade_files, reference
from practicum.sittings.sitting_files import prepare_sitting

UID = uid_for(__name__)


@pytest.fixture(scope="module")
def demo(data_root):
    settings = Settings(data_dir=data_root / "grading")
    exam = load_exam(settings.labs_dir, "demo-numpy")
    exam = exam.model_copy(update={"cell_timeout_s": 8, "notebook_timeout_s": 40})
    files = prepare_sitting(settings, "GA", exam)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env,
                         scratch_root=data_root / "grading-scratch", cgroup_namespace="practicum-tests", cache_dir=settings.cache_dir)
    return ctx, reference(ctx, UID)


def submit(ctx: GradingContext, tmp: Path, edit) -> Path:
    """A submission: the author's solution with `edit(notebook)` applied."""
    sub = tmp / f"sub-{time.monotonic_ns()}"
    shutil.copytree(ctx.source_dir, sub)
    nb = nbformat.read(sub / "exam.ipynb", as_version=4)
    edit(nb)
    nbformat.write(nb, sub / "exam.ipynb")
    return sub


def grade(demo, sub) -> dict:
    ctx, ref = demo
    start = time.monotonic()
    result = grade_files(ctx, sub, "attacker", UID, ref)
    result["seconds"] = time.monotonic() - start
    return result


def auto_total(result) -> float:
    return sum(t["score"] for t in result["tasks"].values())


def test_reference_scores_full_and_starter_zero(demo, tmp_path):
    ctx, _ = demo
    full = grade(demo, ctx.source_dir)
    assert auto_total(full) == 10 and not full["flags"]
    starter = grade(demo, ctx.release_dir)
    assert auto_total(starter) == 0


def test_honest_wrong_answer_is_the_baseline(demo, tmp_path):
    result = grade(demo, submit(demo[0], tmp_path, wrong_then("")))
    assert result["tasks"]["t1-normalize"]["score"] == 0 and auto_total(result) == 7


ATTACKS = {
    "always_true_eq": """
class Anything:
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __array__(self, *a, **k): raise TypeError
def normalize(x):
    return Anything()
""",
    "patched_numpy_and_asserts": """
np.allclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
import builtins
builtins.AssertionError = type("Nothing", (Exception,), {})
""",
    "silenced_tracebacks": """
import sys
sys.excepthook = lambda *a: None
get_ipython().showtraceback = lambda *a, **k: None
get_ipython().showsyntaxerror = lambda *a, **k: None
""",
    "sys_exit": "import sys\nsys.exit(0)\n",
    "os_exit": "import os\nos._exit(0)\n",
    "kill_parent": "import os, signal\nfor pid in (os.getppid(), 1):\n    try: os.kill(pid, signal.SIGKILL)\n    except OSError: pass\n",
    "write_result_files": """
import json, os
for path in ("/home/exam/results.json", "/tmp/results.json", "/run/practicum/job.json",
             "/run/practicum/results.json", "../results.json"):
    try:
        with open(path, "w") as f: json.dump({"score": 100, "passed": True}, f)
    except OSError:
        pass
""",
    "detect_grading_from_env": """
import os
if any(k in os.environ for k in ("MPLBACKEND", "PYTHONHASHSEED", "OMP_NUM_THREADS")):
    def normalize(x):
        return [0.0]
""",
    "forge_the_channel": """
import os, json
for fd in range(3, 64):
    try:
        for n in ("example", "constant", "random"):
            os.write(fd, (json.dumps({"event": "check", "cell": "test_normalize", "name": n,
                                      "value": {"passed": True}, "weight": 1000.0, "tol": 1e9}) + "\\n").encode())
        os.write(fd, b'{"event": "done"}\\n')
    except OSError:
        pass
""",
    "read_hidden_files": """
import glob
for pattern in ("/work/*/labs/*/source/*/*.ipynb", "/var/lib/practicum/**", "/tmp/practicum-*/**/*.ipynb",
                "/**/practicum-reference.json"):
    for path in glob.glob(pattern, recursive=True):
        try:
            if "np.zeros_like(x) if s == 0" in open(path).read():
                exec(open(path).read())
        except OSError:
            pass
""",
    "network": """
import socket
for port in (80, 8000, 8081, 5432):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        def normalize(x): raise SystemExit("reached the network")
    except OSError:
        pass
""",
    "infinite_loop": "while True:\n    pass\n",
    "print_flood": "while True:\n    print('x' * 10000)\n",
    "memory_hog": "hog = []\nwhile True:\n    hog.append(bytearray(64 * 1024 * 1024))\n",
    "fork_storm": """
import os, time
for _ in range(2000):
    try:
        if os.fork() == 0:
            time.sleep(60); os._exit(0)
    except OSError:
        break
""",
    "fill_the_disk": """
block = b"\\0" * (8 * 1024 * 1024)
for i in range(10000):
    try:
        with open(f"/home/exam/fill{i}.bin", "wb") as f: f.write(block)
    except OSError:
        break
""",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_scores_no_more_than_an_honest_wrong_answer(demo, tmp_path, attack):
    result = grade(demo, submit(demo[0], tmp_path, wrong_then(ATTACKS[attack])))
    assert result["tasks"]["t1-normalize"]["score"] == 0, result["checks"][:3]
    assert auto_total(result) <= 7
    assert result["seconds"] < 60  # and the run goes on


@pytest.mark.parametrize("attack", ["os_exit", "infinite_loop", "print_flood", "memory_hog"])
def test_a_killed_run_fails_the_rest_and_is_flagged(demo, tmp_path, attack):
    result = grade(demo, submit(demo[0], tmp_path, wrong_then(ATTACKS[attack])))
    assert auto_total(result) == 0 and result["flags"], result["flags"]


def test_edited_and_deleted_test_cells_are_restored(demo, tmp_path):
    def edit(nb):
        cell(nb, "normalize").source = WRONG
        cell(nb, "test_normalize").source = 'check("example", [-1.224744871391589, 0.0, 1.224744871391589])'
        cell(nb, "test_normalize").metadata["nbgrader"]["points"] = 1000
        nb.cells.remove(cell(nb, "test_moving_average"))  # its cell comes back from the gradebook
    result = grade(demo, submit(demo[0], tmp_path, edit))
    assert result["tasks"]["t1-normalize"]["score"] == 0
    assert result["tasks"]["t2-moving-average"]["score"] == 3  # restored, and the answer is right


def test_duplicated_grade_ids_and_forged_metadata(demo, tmp_path):
    def edit(nb):
        cell(nb, "normalize").source = WRONG
        forged = nbformat.v4.new_code_cell(
            'check("example", [-1.224744871391589, 0.0, 1.224744871391589])\ncheck("constant", [0.0, 0.0, 0.0])')
        forged.metadata["nbgrader"] = dict(cell(nb, "test_normalize").metadata["nbgrader"], points=1000)
        nb.cells.insert(1, forged)
        nb.metadata["kernelspec"] = {"name": "bash", "display_name": "Bash", "language": "bash"}
    result = grade(demo, submit(demo[0], tmp_path, edit))
    assert result["tasks"]["t1-normalize"]["score"] == 0 and auto_total(result) <= 7


@pytest.mark.parametrize("kind", ["not_a_notebook", "huge_notebook", "nbformat3", "missing"])
def test_malformed_files_score_nothing_more(demo, tmp_path, kind):
    ctx, _ = demo
    sub = submit(ctx, tmp_path, wrong_then(""))
    path = sub / "exam.ipynb"
    if kind == "not_a_notebook":
        path.write_bytes(os.urandom(4096))
    elif kind == "huge_notebook":
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = "x" * (200 * 1024 * 1024)
        path.write_text(json.dumps(nb))
    elif kind == "nbformat3":
        nbformat.write(nbformat.convert(nbformat.read(path, as_version=4), 3), path)
    else:
        path.unlink()
    result = grade(demo, sub)
    assert result["tasks"]["t1-normalize"]["score"] == 0 and auto_total(result) <= 7
    if kind != "nbformat3":
        assert auto_total(result) == 0 and result["flags"]


def test_grading_twice_gives_identical_results(demo, tmp_path):
    sub = submit(demo[0], tmp_path, wrong_then(""))
    first, second = grade(demo, sub), grade(demo, sub)
    for r in (first, second):
        r.pop("seconds")
        for nb in r["notebooks"].values():
            nb.pop("seconds")
    assert first == second


def test_correct_answer_scores_even_with_a_crash_later(demo, tmp_path):
    def edit(nb):
        cell(nb, "normalize").source = CORRECT
        cell(nb, "moving_average").source += "\nimport os\nos._exit(3)\n"
    result = grade(demo, submit(demo[0], tmp_path, edit))
    assert result["tasks"]["t1-normalize"]["score"] == 3
    assert result["tasks"]["t2-moving-average"]["score"] == 0
    assert any("stopped" in f for f in result["flags"])
