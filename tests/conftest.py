"""Shared fixtures. The suite runs as root on Debian with the real hub, sandbox and browser."""

from __future__ import annotations

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


def pytest_configure(config):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.exit("the test suite runs as root (the hub starts each lab as its own unprivileged uid)", 2)


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
