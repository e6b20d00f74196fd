"""Exams as notebooks (labs/README.md): every lab's committed source notebooks and starters are
exactly what `practicum author` renders from the masters, points come from exam.yaml only, cell ids
are stable, the standard's exam rules are written once, and nothing hidden is linked into a release."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
import yaml

from practicum.authoring.render import AuthorError, author, released_links, render_notebook, render_starter
from practicum.cli import main
from practicum.core.exam_spec import list_exam_ids, load_exam
from practicum.core.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit

LABS = PROJECT_ROOT / "labs"
TEST_LABS = PROJECT_ROOT / "tests" / "labs"


def test_committed_files_are_what_practicum_author_renders(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "author", "--check"]) == 0, \
        "run `practicum author`:\n" + capsys.readouterr().err
    written, problems = author(TEST_LABS, check=True)  # the test suite's own exams
    assert written == [] and problems == [], problems


def test_every_lab_has_masters_and_no_author_script():
    for exam_id in list_exam_ids(LABS):
        assert list((LABS / exam_id / "notebooks").glob("*.py")), exam_id
        assert not list((LABS / exam_id).glob("author_notebook*.py")), exam_id


def test_points_come_from_exam_yaml_and_ids_are_stable():
    for exam_id in list_exam_ids(LABS):
        spec = load_exam(LABS, exam_id)
        want = {(spec.task_notebook(t), c): t.points / len(t.cells) for t in spec.tasks for c in t.cells}
        for path in sorted(spec.source_dir.rglob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            rel = path.relative_to(spec.source_dir).as_posix()
            for cell in nb.cells:
                flags = cell.metadata.get("nbgrader")
                if flags and flags["grade"]:
                    assert flags["points"] == want[(rel, flags["grade_id"])], (exam_id, rel, flags["grade_id"])
                if flags:
                    assert cell.id == flags["grade_id"], (exam_id, rel)


def test_a_master_renders_points_and_ids_and_refuses_an_unscored_graded_cell():
    master = ('# %% [markdown] nbgrader={"grade_id": "intro", "grade": false, "solution": false, "locked": true}\n'
              "# # Title\n\n"
              "# %%\nx = 1\n\n"
              '# %% nbgrader={"grade_id": "t1", "grade": true, "solution": false, "locked": true}\nassert x == 1\n')
    nb = json.loads(render_notebook(master, {"t1": 7}))
    assert [c["id"] for c in nb["cells"]][::2] == ["intro", "t1"] and nb["cells"][1]["id"].startswith("co-")
    assert nb["cells"][2]["metadata"]["nbgrader"] == {"grade": True, "grade_id": "t1", "locked": True,
                                                      "points": 7, "schema_version": 3, "solution": False,
                                                      "task": False}
    assert render_notebook(master, {"t1": 7}) == render_notebook(master, {"t1": 7})  # no random ids
    with pytest.raises(AuthorError, match="'t1' is in no task"):
        render_notebook(master, {})


def test_a_master_takes_shared_code_in_with_include(tmp_path):
    (tmp_path / "helpers.py").write_text("def f():\n    return 1\n\nx = f()\n")
    master = "# %%\nimport os\n\nif True:\n    # %include helpers.py\nprint(x)\n"
    nb = json.loads(render_notebook(master, {}, base=tmp_path))
    assert "".join(nb["cells"][0]["source"]) == "import os\n\nif True:\n    def f():\n        return 1\n\n    x = f()\nprint(x)"
    with pytest.raises(AuthorError, match="missing.py"):
        render_notebook(master.replace("helpers.py", "missing.py"), {}, base=tmp_path)


def test_a_starter_is_the_solution_with_its_regions_replaced():
    solution = ("def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\n\n\n"
                "def g(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
                "    ### BEGIN STARTER\n    # # YOUR CODE HERE / 在此作答\n    #\n    # return 0\n    ### END STARTER\n")
    assert render_starter(solution) == ("def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\n\n"
                                        "def g(x):\n    # YOUR CODE HERE / 在此作答\n\n    return 0\n")
    assert render_starter(solution, keep=(1,), replace={"g(x)": "h(x)"}).startswith("def f(x):\n    return x + 1\n")
    with pytest.raises(ValueError):
        render_starter(solution, keep=(3,))


def test_practicum_author_check_names_a_file_that_differs(tmp_path):
    lab = tmp_path / "labs" / "demo-numpy"
    shutil.copytree(LABS / "demo-numpy", lab, symlinks=True)
    master = lab / "notebooks" / "exam.py"
    master.write_text(master.read_text().replace("# # 演示考试", "# # 演示考试（改）"))
    _, problems = author(tmp_path / "labs", check=True)
    assert problems == ["demo-numpy/source/demo/exam.ipynb: differs from what demo-numpy/notebooks/exam.py renders"]
    written, problems = author(tmp_path / "labs")
    assert written == [lab / "source" / "demo" / "exam.ipynb"] and problems == []
    assert author(tmp_path / "labs", check=True)[1] == []


def test_nothing_hidden_is_linked_into_a_release():
    assert released_links(LABS) == []


def test_every_link_in_labs_resolves_inside_the_project():
    """Pinning a sitting copies what each link points at: a dangling link or one leaving the project
    would make a sitting that is not self-contained."""
    for link in sorted(p for p in LABS.rglob("*") if p.is_symlink()):
        target = link.resolve()
        assert target.is_file() and target.is_relative_to(PROJECT_ROOT), link


def test_the_standard_rules_are_written_once():
    """No exam.yaml repeats a rule of practicum/core/standard_data/exam_rules.yaml; every exam that
    shows the standard's rules shows them through `standard:`."""
    standard = yaml.safe_load((PROJECT_ROOT / "practicum" / "core" / "standard_data" / "exam_rules.yaml").read_text())
    for exam_id in list_exam_ids(LABS):
        raw = yaml.safe_load((LABS / exam_id / "exam.yaml").read_text())
        fill = {"minutes": raw["minutes"], "hours": f"{raw['minutes'] / 60:g}"}
        texts = {rule["en"].format(**fill) for rule in standard.values()}
        own = [rule["en"] for rule in raw.get("rules", []) if "en" in rule]
        assert not texts & set(own), exam_id
        assert any("standard" in rule for rule in raw.get("rules", [])), exam_id
        assert load_exam(LABS, exam_id).rules[-1].en.startswith("Each environment is isolated"), exam_id
