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


def made(folder):
    """The cached copies in a cache folder (not the makers' lock files beside them)."""
    return [p for p in folder.iterdir() if not p.name.startswith(".")]


def pin(settings: Settings, labs, code: str) -> GradingContext:
    files = prepare_sitting(settings, code, load_exam(labs, "model-digits"))
    return GradingContext.for_sitting(settings, files, cgroup_namespace="practicum-tests",
                                      scratch_root=settings.data_dir / "scratch")


def test_the_same_exam_is_built_and_run_once_and_changed_content_again(data_root, tmp_path, cache):
    labs = tmp_path / "labs"
    shutil.copytree(LABS / "model-digits", labs / "model-digits")
    settings = Settings(data_dir=data_root / "cache-data", labs_dir=labs)

    first = pin(settings, labs, "C1")
    [built] = made(cache / "builds")
    assert (built / "hidden").is_dir() and not (built / "marker").exists()
    expected = run_reference(first, UID)
    [ref] = made(cache / "references")
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
    assert len(made(cache / "builds")) == 2
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
    assert not (cache / "references").exists() or not made(cache / "references")


@pytest.mark.unit
def test_two_makers_of_the_same_folder_do_the_work_once(tmp_path):
    """Grading workers (or the suite's parallel workers) asking at once: one makes it, the other waits
    and takes it; neither sees a half-made folder."""
    import threading
    import time

    from practicum.core.content_cache import keep

    made_by, seen = [], []

    def fill(stage):
        made_by.append(threading.current_thread().name)
        (stage / "a").write_text("first half")
        time.sleep(0.5)
        (stage / "b").write_text("second half")

    def maker():
        keep(tmp_path / "cache" / "key", fill)
        seen.append(sorted(p.name for p in (tmp_path / "cache" / "key").iterdir()))

    threads = [threading.Thread(target=maker, name=f"maker-{i}") for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(made_by) == 1
    assert seen == [["a", "b"]] * 3
    assert made(tmp_path / "cache") == [tmp_path / "cache" / "key"]


@pytest.mark.unit
def test_a_failed_fill_leaves_nothing_and_the_next_maker_tries_again(tmp_path):
    from practicum.core.content_cache import keep

    def broken(stage):
        (stage / "a").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        keep(tmp_path / "cache" / "key", broken)
    assert made(tmp_path / "cache") == []
    keep(tmp_path / "cache" / "key", lambda stage: (stage / "a").write_text("whole"))
    assert (tmp_path / "cache" / "key" / "a").read_text() == "whole"
