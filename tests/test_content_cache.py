"""The content cache: a second sitting of the same exam copies its built data and its reference run
instead of doing them again; changed content is built anew; a failed reference is never shared."""

from __future__ import annotations

import json
import shutil

import pytest
from uids import uid_for

from practicum.core.exam_spec import load_exam
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.grading.context import GradingContext
from practicum.grading.pipeline import run_reference
from practicum.sittings.sitting_files import prepare_sitting

UID = uid_for(__name__)
LABS = PROJECT_ROOT / "tests" / "labs"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    path = tmp_path / "cache"
    monkeypatch.setenv("PRACTICUM_CACHE_DIR", str(path))  # this test's own, not the session's
    return path


def pin(settings: Settings, labs, code: str) -> GradingContext:
    files = prepare_sitting(settings, code, load_exam(labs, "model-digits"))
    return GradingContext.for_sitting(settings, files, cgroup_namespace="practicum-tests",
                                      scratch_root=settings.data_dir / "scratch")


def test_the_same_exam_is_built_and_run_once_and_changed_content_again(data_root, tmp_path, cache):
    labs = tmp_path / "labs"
    shutil.copytree(LABS / "model-digits", labs / "model-digits")
    settings = Settings(data_dir=data_root / "cache-data", labs_dir=labs)

    first = pin(settings, labs, "C1")
    [built] = (cache / "builds").iterdir()
    assert (built / "hidden").is_dir() and not (built / "marker").exists()
    expected = run_reference(first, UID)
    [ref] = (cache / "references").iterdir()
    assert json.loads((ref / "reference.json").read_text())["notebooks"] == expected

    # Marks in the cached copies show that the second sitting took them, not new work (the build's
    # mark beside the exam's files: inside them it would be other content for the reference).
    (built / "marker").write_text("from the cache")
    data = json.loads((ref / "reference.json").read_text())
    data["notebooks"]["train.ipynb"]["output"] = "from the cache"
    (ref / "reference.json").write_text(json.dumps(data))
    second = pin(settings, labs, "C2")
    assert (second.exam.root / "marker").read_text() == "from the cache"
    assert run_reference(second, UID)["train.ipynb"]["output"] == "from the cache"
    assert sorted(p.name for p in second.reference_files_dir.rglob("*") if p.is_file()) == \
        sorted(p.name for p in first.reference_files_dir.rglob("*") if p.is_file())

    # A changed exam is other content: built and run again.
    build = labs / "model-digits" / "build.py"
    build.write_text(build.read_text() + "\n# changed\n")
    third = pin(settings, labs, "C3")
    assert len(list((cache / "builds").iterdir())) == 2
    assert not (third.exam.root / "marker").exists()


def test_a_reference_that_fails_is_not_shared(data_root, tmp_path, cache):
    """A failure may be the machine's (a timeout under load): the next sitting must run it again."""
    labs = tmp_path / "labs"
    shutil.copytree(LABS / "model-digits", labs / "model-digits")
    spec = labs / "model-digits" / "exam.yaml"
    spec.write_text(spec.read_text().replace("cell_timeout_s: 120", "cell_timeout_s: 0.5"))
    settings = Settings(data_dir=data_root / "cache-fail", labs_dir=labs)
    ctx = pin(settings, labs, "F1")
    expected = run_reference(ctx, UID)
    assert not expected["train.ipynb"]["completed"]
    assert not (cache / "references").exists() or not any((cache / "references").iterdir())
