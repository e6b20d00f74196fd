"""The bubblewrap sandbox itself, with real bwrap and cgroups: what hostile code can and cannot do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from uids import uid_for

from practicum import sandbox
from practicum.core.limits import Limits
from practicum.core.settings import PROJECT_ROOT

LAB_ENV = PROJECT_ROOT / ".envs" / "base"
UID_A = uid_for(__name__)
UID_B = UID_A + 1  # a block of 100 is the module's


@pytest.fixture
def layout(data_root):
    """A data dir like the hub's: two workspaces, a database and a secret beside them."""
    root = data_root / f"sbx-{time.monotonic_ns()}"
    root.mkdir(mode=0o711)
    (root / "exam.sqlite").write_text("SQLite format 3 candidates and passwords")
    os.chmod(root / "exam.sqlite", 0o600)
    (root / "secrets").mkdir(mode=0o700)
    (root / "secrets" / "service_api_token").write_text("0123456789abcdef")
    ws = root / "workspaces"
    ws.mkdir(mode=0o711)
    a, b = ws / "a", ws / "b"
    for path, uid in ((a, UID_A), (b, UID_B)):
        path.mkdir(mode=0o700)
        os.chown(path, uid, uid)
    (b / "answers.py").write_text("ANSWER = 42")
    os.chown(b / "answers.py", UID_B, UID_B)
    return root, a, b


def live_processes_of(uid: int, wait: float = 5.0) -> list[psutil.Process]:
    """Processes still running as uid (zombies are dead; they wait for their reaper)."""
    deadline = time.monotonic() + wait
    while True:
        alive = [p for p in psutil.process_iter(["uids", "status"])
                 if p.info["uids"] and p.info["uids"].real == uid and p.info["status"] != psutil.STATUS_ZOMBIE]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def py(code: str, layout, *, limits=Limits(), network=False, timeout=60, cgroups=True):
    _root, a, _b = layout
    return sandbox.run_sandboxed(
        [str(LAB_ENV / "bin" / "python"), "-c", textwrap.dedent(code)],
        workspace=a, uid=UID_A, limits=limits, ro_paths=[LAB_ENV], network=network, timeout=timeout,
        cgroup_namespace="practicum-tests" if cgroups else None,
    )


def test_sees_only_its_workspace_and_a_read_only_system(layout):
    root, a, b = layout
    res = py(f"""
        import os
        def tries(label, fn):
            try:
                fn(); print(label, "OK")
            except OSError as e:
                print(label, "DENIED", type(e).__name__)
        tries("other_workspace", lambda: open({str(b / 'answers.py')!r}).read())
        tries("database", lambda: open({str(root / 'exam.sqlite')!r}).read())
        tries("secret", lambda: open({str(root / 'secrets' / 'service_api_token')!r}).read())
        tries("exam_sources", lambda: open({str(PROJECT_ROOT / 'labs' / 'demo-numpy' / 'source' / 'demo' / 'exam.ipynb')!r}).read())
        tries("hub_config", lambda: open({str(PROJECT_ROOT / 'practicum' / 'hub' / 'jupyterhub_config.py')!r}).read())
        tries("write_usr", lambda: open("/usr/evil", "w"))
        tries("write_etc", lambda: open("/etc/evil", "w"))
        tries("write_env", lambda: open({str(LAB_ENV / 'evil')!r}, "w"))
        tries("write_home", lambda: open("/home/exam/mine.txt", "w").write("mine"))
        tries("write_tmp", lambda: open("/tmp/scratch", "w").write("x"))
        print("uid", os.getuid(), "caps", [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])
        print("root_dirs", sorted(os.listdir("/")))
        print("pids", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
    """, layout)
    out = res.stdout.decode()
    assert res.returncode == 0, res.stderr.decode()
    for label in ("other_workspace", "database", "secret", "exam_sources", "hub_config",
                  "write_usr", "write_etc", "write_env"):
        assert f"{label} DENIED" in out, out
    assert "write_home OK" in out and "write_tmp OK" in out
    assert (a / "mine.txt").read_text() == "mine"
    assert not Path("/tmp/scratch").exists()  # the sandbox's /tmp is its own
    assert f"uid {UID_A} caps 0000000000000000" in out
    assert "'root'" not in out.split("root_dirs")[1].split("\n")[0]
    pids = eval(out.split("pids ")[1].split("\n")[0])  # noqa: S307 - our own output
    assert max(pids) < 100, "host processes are visible"


def test_memory_limit_stops_a_hog(layout):
    res = py("""
        blocks = []
        for i in range(64):
            blocks.append(bytearray(32 * 1024 * 1024))
        print("allocated", len(blocks) * 32, "MB")
    """, layout, limits=Limits(memory_mb=256))
    assert res.returncode != 0
    assert b"allocated 2048 MB" not in res.stdout


def test_fork_bomb_is_bounded_and_cleaned_up(layout):
    res = py("""
        import os, time
        children = 0
        try:
            for _ in range(10000):
                if os.fork() == 0:
                    time.sleep(30); os._exit(0)
                children += 1
        except OSError as e:
            print("stopped after", children, type(e).__name__)
    """, layout, limits=Limits(processes=64), timeout=60)
    out = res.stdout.decode()
    assert "stopped after" in out, (out, res.stderr)
    assert int(out.split("stopped after ")[1].split()[0]) < 64
    assert not live_processes_of(UID_A)


def test_file_size_limit(layout):
    res = py("""
        try:
            with open("/home/exam/big.bin", "wb") as f:
                f.write(b"\\0" * (20 * 1024 * 1024))
            print("wrote it all")
        except OSError as e:
            print("refused", e.errno)
    """, layout, limits=Limits(file_mb=8))
    assert b"refused 27" in res.stdout  # EFBIG
    assert (layout[1] / "big.bin").stat().st_size <= 8 * 1024 * 1024


def test_an_endless_loop_with_children_is_killed_at_the_timeout(layout):
    start = time.monotonic()
    res = py("""
        import subprocess
        subprocess.Popen(["sleep", "600"])
        while True:
            pass
    """, layout, timeout=3)
    assert time.monotonic() - start < 20
    assert res.returncode != 0
    assert not live_processes_of(UID_A)


def test_no_network_mode_cannot_reach_host_services(layout):
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        port = srv.getsockname()[1]
        res = py(f"""
            import socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=3); print("connected")
            except OSError as e:
                print("blocked", type(e).__name__)
        """, layout, network=False)
    assert b"blocked" in res.stdout, res.stdout


def test_without_cgroups_the_rlimit_fallback_still_caps_memory(layout):
    res = py("""
        try:
            b = bytearray(1024 * 1024 * 1024); print("got a gigabyte")
        except MemoryError:
            print("MemoryError")
    """, layout, limits=Limits(memory_mb=512), cgroups=False)
    assert b"MemoryError" in res.stdout


def test_probe_reports_a_missing_bubblewrap(monkeypatch):
    assert sandbox.probe_bwrap(UID_A).ok
    monkeypatch.setattr(sandbox, "BWRAP", "/nonexistent/bwrap")
    probe = sandbox.probe_bwrap(UID_A)
    assert not probe.ok and "not installed" in probe.detail


def test_practicum_up_refuses_to_start_without_a_sandbox(data_root):
    res = subprocess.run(
        [sys.executable, "-m", "practicum.cli", "--data-dir", str(data_root / "nosandbox"), "up", "--port", "18940"],
        env={**os.environ, "PRACTICUM_BWRAP": "/nonexistent/bwrap"}, capture_output=True, text=True, timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert res.returncode == 2
    assert "bubblewrap" in res.stderr and "--insecure-no-sandbox" in res.stderr and "沙箱" in res.stderr
