"""`practicum check`: every exam in labs/ passes; broken exams fail with precise messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import nbformat
import pytest
import yaml

from practicum.authoring.validate import check_exams
from practicum.core import standard
from practicum.core.exam_spec import list_exam_ids
from practicum.core.settings import PROJECT_ROOT

LABS = PROJECT_ROOT / "labs"

# A certification exam built on the demo notebook, with chip/junior's table 4.2 weights:
# common technology 30, design and development 40, testing and verification 30.
CHIP_JUNIOR_TASKS = [
    {"id": "t1", "title": {"zh": "标准化", "en": "Standardise"}, "points": 40, "area": "design_dev",
     "skills": ["chip/junior/2.1.1"], "grading": "auto", "cells": ["test_normalize"]},
    {"id": "t2", "title": {"zh": "滑动平均", "en": "Moving average"}, "points": 30, "area": "common_tech",
     "skills": ["chip/junior/1.1.2"], "grading": "auto", "cells": ["test_moving_average"]},
    {"id": "t3", "title": {"zh": "混淆矩阵", "en": "Confusion matrix"}, "points": 25, "area": "test_verify",
     "skills": ["chip/junior/3.1.2"], "grading": "auto", "cells": ["test_confusion_matrix"]},
    {"id": "t4", "title": {"zh": "简答", "en": "Short answer"}, "points": 5, "area": "test_verify",
     "skills": ["chip/junior/3.1.1"], "grading": "manual", "cells": ["short_answer"],
     "rubric": [{"points": 5, "zh": "答对要点", "en": "Makes the point"}]},
]


def make_exam(tmp_path, name="cert", **changes):
    root = tmp_path / "labs"
    dst = root / name
    shutil.copytree(LABS / "demo-numpy", dst)
    spec = yaml.safe_load((dst / "exam.yaml").read_text())
    spec.update(id=name, kind="certification", direction="chip", level="junior",
                tasks=json.loads(json.dumps(CHIP_JUNIOR_TASKS)))
    for key, value in changes.items():
        spec[key] = value
    (dst / "exam.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    return root, dst


def test_the_skill_items_are_the_standards():
    items = standard.skill_items()
    assert len(items) > 350
    assert items["chip/junior/3.1.2"].text.startswith("能搭建测试验证环境")
    assert items["chip/junior/3.1.2"].area == "test_verify"
    assert standard.citable("chip", "senior", "chip/junior/3.1.2")  # higher levels include lower ones
    assert standard.citable("chip", "junior", "chip/senior/3.1.1") is None
    assert standard.citable("cv", "senior", "chip/junior/3.1.2") is None
    for direction in standard.DIRECTIONS:
        for level in standard.LEVELS:
            areas = {i.area for i in items.values() if i.direction == direction and i.level == level}
            assert areas == set(standard.practical_weights(direction, level)), (direction, level)
            assert sum(standard.practical_weights(direction, level).values()) == 100


# Exams whose check builds many Verilator designs (reference and mutants with coverage): minutes each.
SLOW_CHECKS = {"chip-senior", "nlp-intermediate", "cv-practice"}  # over ~80 s each on 2 cores
CHIP_EXAMS = {"chip-junior", "chip-intermediate", "chip-senior"}


def test_labs_hold_the_chip_exams():
    ids = list_exam_ids(LABS)
    assert {"demo-numpy", "chip-practice", "chip-practice-2"} | CHIP_EXAMS <= set(ids)


@pytest.mark.parametrize("exam_id", [pytest.param(e, marks=pytest.mark.slow) if e in SLOW_CHECKS else e
                                     for e in list_exam_ids(LABS)])
def test_every_exam_in_labs_passes(tmp_path, exam_id):
    """The CLI, for real: the reference solution scores every autograded point, the starter none."""
    res = subprocess.run([sys.executable, "-m", "practicum.cli", "--data-dir", str(tmp_path / "d"), "check",
                          "--json", exam_id], capture_output=True, text=True, timeout=900, cwd=PROJECT_ROOT)
    [r] = json.loads(res.stdout)
    assert r["conformant"], (r["id"], r["problems"])
    assert r["reference_score"] == r["autograded_points"] and r["starter_score"] == 0
    assert set(r) >= {"id", "direction", "level", "minutes", "points_by_area", "autograded_points",
                      "manual_points", "skill_items", "reference_score", "starter_score", "conformant",
                      "problems"}
    if exam_id in CHIP_EXAMS:  # certification exams: table 4.2's chip row exactly
        assert r["points_by_area"] == {k: v for k, v in standard.practical_weights("chip", r["level"]).items()}
        assert all(ref.startswith("chip/") for ref in r["skill_items"])
    assert res.returncode == 0


def test_a_conformant_certification_exam(tmp_path):
    labs, _ = make_exam(tmp_path)
    [report] = check_exams(labs, ["cert"])
    assert report.conformant, report.problems
    assert report.points_by_area == {"design_dev": 40, "common_tech": 30, "test_verify": 30}
    assert report.reference_score == 95 and report.starter_score == 0 and report.manual_points == 5


@pytest.mark.parametrize("change, message", [
    ({"tasks": [dict(CHIP_JUNIOR_TASKS[0], points=35), *CHIP_JUNIOR_TASKS[1:]]},
     "area design_dev: 35 points, table 4.2 gives 40 for chip/junior"),
    ({"tasks": [dict(CHIP_JUNIOR_TASKS[0], points=35), *CHIP_JUNIOR_TASKS[1:]]}, "add up to 95, not 100"),
    ({"tasks": [dict(CHIP_JUNIOR_TASKS[0], area="operations"), *CHIP_JUNIOR_TASKS[1:]]},
     "area operations: 40 points, table 4.2 gives 0"),
    ({"tasks": [dict(CHIP_JUNIOR_TASKS[0], skills=["chip/junior/9.9.9"]), *CHIP_JUNIOR_TASKS[1:]]},
     "skill item chip/junior/9.9.9 does not exist for chip/junior"),
    ({"tasks": [dict(CHIP_JUNIOR_TASKS[0], skills=["chip/senior/2.1.1"]), *CHIP_JUNIOR_TASKS[1:]]},
     "skill item chip/senior/2.1.1 does not exist for chip/junior"),
    ({"tasks": [*CHIP_JUNIOR_TASKS[:3], dict(CHIP_JUNIOR_TASKS[3], rubric=[{"points": 2, "zh": "x", "en": "x"}])]},
     "rubric points 2 differ from the task's 5"),
    ({"tasks": [dict(CHIP_JUNIOR_TASKS[0], cells=["no_such_cell"]), *CHIP_JUNIOR_TASKS[1:]]},
     "cell no_such_cell is not in exam.ipynb"),
    ({"tasks": CHIP_JUNIOR_TASKS[1:]}, "graded cell test_normalize of exam.ipynb belongs to no task"),
    ({"minutes": 100}, "at least 120 minutes"),
    ({"direction": "robotics"}, "direction 'robotics' is not one of"),
])
def test_nonconformant_exams_are_named_precisely(tmp_path, change, message):
    labs, _ = make_exam(tmp_path, **change)
    [report] = check_exams(labs, ["cert"], run=False)
    assert not report.conformant
    assert any(message in p for p in report.problems), report.problems


def test_a_reference_that_fails_and_a_starter_that_scores(tmp_path):
    labs, dst = make_exam(tmp_path)
    path = dst / "source" / "demo" / "exam.ipynb"
    nb = nbformat.read(path, as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    # the reference gets moving_average wrong ...
    by_id["moving_average"].source = by_id["moving_average"].source.replace("/ k", "/ (k + 1)")
    # ... and a plain cell after normalize's leaks the answer into the starter
    leak = nbformat.v4.new_code_cell("import numpy as np\n\n\ndef normalize(x):\n    x = np.asarray(x, dtype=float)\n"
                                     "    s = x.std()\n    return np.zeros_like(x) if s == 0 else (x - x.mean()) / s\n")
    nb.cells.insert(nb.cells.index(by_id["normalize"]) + 1, leak)
    nbformat.write(nb, path)
    [report] = check_exams(labs, ["cert"])
    assert not report.conformant
    assert any("the reference solution scores 65 of 95" in p for p in report.problems), report.problems
    assert any("the starter scores 40 autograded points" in p for p in report.problems), report.problems


def test_a_released_copy_of_an_rtl_answer_is_refused(tmp_path):
    """A correct copy of an RTL task's module among the released files (say, beside a given
    subsystem) would hand candidates the answer: the validator names it."""
    labs = tmp_path / "labs"
    shutil.copytree(LABS / "chip-intermediate", labs / "chip-intermediate")
    root = labs / "chip-intermediate"
    shutil.copyfile(root / "solution" / "rtl" / "systolic_pe.v", root / "source" / "chip" / "accel" / "pe_copy.v")
    [report] = check_exams(labs, ["chip-intermediate"], run=False)
    assert any("accel/pe_copy.v defines module systolic_pe" in p for p in report.problems), report.problems
