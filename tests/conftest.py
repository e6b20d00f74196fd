"""Shared fixtures and the suite's tiers. The suite runs as root on Debian with the real hub, sandbox
and browser; the unit tier needs none of that (see TIERS and the README's Tests section)."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from hubtest import ARTIFACTS, RunningHub  # noqa: E402

# The suite runs in parallel workers (pytest-xdist, `-n` in pyproject.toml); WORKER is this process's
# ("gw0", "gw1", ...) or None in the controller and in a one-process run (`-n 0`).
WORKER = os.environ.get("PYTEST_XDIST_WORKER")

# One content cache for the whole session, shared by every worker, data dir and subprocess (hubs,
# `practicum check`): an exam is built and its reference run once per session, whoever asks first
# (the others wait for it: content_cache.keep); fresh each session, so every run does that work for
# real. The controller makes it before it starts the workers, which inherit its environment.
if WORKER:
    CACHE = Path(os.environ["PRACTICUM_CACHE_DIR"])
    # Each worker's hubs and sittings get their own candidate and grader uids (settings.uid_base).
    os.environ["PRACTICUM_UID_BASE"] = str(2_000_000 + 100_000 * int(WORKER.removeprefix("gw")))
else:
    CACHE = Path(tempfile.mkdtemp(prefix="practicum-cache-"))
    os.environ["PRACTICUM_CACHE_DIR"] = str(CACHE)


# What each test module needs, as a marker (a test may carry its own, which wins; `slow` is added
# on top by the tests themselves):
#   unit     pure Python, files and subprocesses of our own: no root, no sandbox, no hub
#   sandbox  runs code in the bubblewrap sandbox or as other uids (grading, lab environments): root
#   hub      starts a real exam hub (`practicum up`): root, ports, minutes
#   browser  drives Chromium against a hub (Playwright)
#   container  builds or runs the container images (a Docker Engine; skipped where none answers)
TIER_MARKERS = ("unit", "sandbox", "hub", "browser", "container")
TIERS = {
    "test_architecture": "unit", "test_authoring": "unit", "test_labkit_audio": "unit", "test_labkit_metrics": "unit",
    "test_labkit_vision": "unit", "test_migrations": "unit", "test_offline_data_nlp": "unit",
    "test_offline_data_shapes": "unit", "test_panel": "unit", "test_rules": "unit", "test_snapshot": "unit",
    "test_check": "sandbox", "test_content_cache": "sandbox", "test_chip_practice": "sandbox",
    "test_cv_exams": "sandbox", "test_cv_labs": "sandbox",
    "test_grading_attacks": "sandbox", "test_grading_queue": "sandbox", "test_hardware_sim": "sandbox",
    "test_hdl_grading": "sandbox", "test_integration_exams": "sandbox", "test_lab_environments": "sandbox",
    "test_model_tasks": "sandbox", "test_nlp_exams": "sandbox", "test_nlp_labs": "sandbox",
    "test_platform_exams": "sandbox", "test_sandbox": "sandbox", "test_service_tasks": "sandbox",
    "test_submissions": "sandbox",
    "test_cli": "hub", "test_deadline": "hub", "test_demo_restart": "hub", "test_faults": "hub", "test_hub": "hub",
    "test_lifecycle": "hub",
    "test_browser": "browser", "test_chip_demo": "browser", "test_grading_browser": "browser",
    "test_model_demo": "browser", "test_service_demo": "browser",
    "test_images": "container",
}

# The fast tier (`-m fast`, a few minutes): every unit test and the quick sandbox modules (the sandbox
# itself, hostile submissions, crash-safe submissions, the content cache).
FAST = {m for m, tier in TIERS.items() if tier == "unit"} | {
    "test_sandbox", "test_grading_attacks", "test_submissions", "test_content_cache"}


# Parallel runs: a module's tests run on one worker, in order, since they share module fixtures; the
# modules that share the session's demo hub run together, so only one worker starts it; the tests in
# SPREAD are independent of each other and are handed out one by one. (xdist's own `loadgroup` marks
# do not reach its scheduler under pytest 9, so the scheduler below asks group_of directly.)
SHARED_GROUPS = {"test_chip_demo": "demo_hub", "test_model_demo": "demo_hub", "test_service_demo": "demo_hub"}
SPREAD = {"test_every_exam_in_labs_passes"}
# Measured seconds per group or spread test (a full run writes tests/artifacts/durations.json; copy
# it here to refresh): the longest are handed out first, so no worker is left with a long tail.
DURATIONS = ROOT / "tests" / "durations.json"


def group_of(nodeid: str) -> str:
    path, _, name = nodeid.partition("::")
    if name.split("[")[0] in SPREAD:
        return nodeid
    module = Path(path).stem
    return SHARED_GROUPS.get(module, module)


def pytest_xdist_auto_num_workers(config):
    """`-n auto`: one worker more than the cores (much of the suite waits on hubs, browsers and
    sandboxes rather than computing), at most 4 (each worker may start a hub of its own)."""
    return min(4, (os.cpu_count() or 1) + 1)


def pytest_xdist_make_scheduler(config, log):
    """xdist's scope scheduler, with group_of as the scope: whole groups to a worker, in the order of
    the collection (longest first, see pytest_collection_modifyitems)."""
    from xdist.scheduler import LoadScopeScheduling

    class ByGroup(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

    return ByGroup(config, log)


def pytest_configure(config):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)


SPENT: dict[str, float] = {}  # seconds per group (setup, call, teardown), in the controller from every worker


def pytest_runtest_logreport(report):
    group = dict(report.user_properties).get("group")
    if group:
        SPENT[group] = SPENT.get(group, 0.0) + report.duration


def pytest_unconfigure(config):
    if not WORKER:
        shutil.rmtree(CACHE, ignore_errors=True)
        if SPENT:  # merged into the last runs' figures: a partial run updates only what it ran
            path = ARTIFACTS / "durations.json"
            spent = {**(json.loads(path.read_text()) if path.exists() else {}),
                     **{k: round(v, 1) for k, v in SPENT.items()}}
            path.write_text(json.dumps(dict(sorted(spent.items(), key=lambda kv: -kv[1])), indent=1) + "\n")


def pytest_collection_modifyitems(config, items):
    unlisted = sorted({item.module.__name__ for item in items if item.module.__name__ not in TIERS})
    if unlisted:
        raise pytest.UsageError(f"give {', '.join(unlisted)} a tier in tests/conftest.py TIERS")
    root = os.geteuid() == 0
    for item in items:
        if not any(item.get_closest_marker(m) for m in TIER_MARKERS):
            item.add_marker(TIERS[item.module.__name__])
        if item.module.__name__ in FAST and not item.get_closest_marker("slow"):
            item.add_marker("fast")
        if not root and not item.get_closest_marker("unit"):
            item.add_marker(pytest.mark.skip(reason="needs root: the sandbox starts code as other uids "
                                                    "(run the unit tier with -m unit)"))
        item.user_properties.append(("group", group_of(item.nodeid)))
    # Longest first (stable: a module's tests keep their order); an unmeasured group counts as half a minute.
    known = json.loads(DURATIONS.read_text()) if DURATIONS.exists() else {}
    items.sort(key=lambda item: -known.get(dict(item.user_properties)["group"], 30.0))


@pytest.fixture(scope="session")
def data_root(request):
    """A temp dir sandboxed uids can traverse (pytest's own tmp dirs are 0700); kept on failure."""
    path = Path(tempfile.mkdtemp(prefix="practicum-test-"))
    os.chmod(path, 0o711)
    yield path
    if request.session.testsfailed:
        print(f"\nkept for inspection: {path}")
    else:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def hub(data_root):
    """One real exam hub for the session: `practicum up` on free ports, with a fresh data dir."""
    running = RunningHub(data_root / "hub")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def demo_hub(data_root):
    """`practicum up --demo` (every direction exam's demo sitting), shared by the direction demo tests;
    the first start builds every exam's data and releases it, hence the long wait."""
    import json

    running = RunningHub(data_root / "demo", ["--demo"], up_timeout=600)
    creds = json.loads((running.settings.secrets_dir / "demo_credentials.json").read_text())
    yield running, creds
    running.stop()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (the exam database's production option)."""
    from postgres import TempPostgres

    server = TempPostgres()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    return ARTIFACTS
