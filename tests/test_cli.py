"""The `practicum` command line: refusals are clear and change nothing."""

from __future__ import annotations

import subprocess
import sys

from practicum.core.settings import PROJECT_ROOT


def practicum(data_dir, *args, **kw):
    return subprocess.run([sys.executable, "-m", "practicum.cli", "--data-dir", str(data_dir), *args],
                          capture_output=True, text=True, timeout=300, cwd=PROJECT_ROOT, **kw)


def test_sitting_create_refuses_a_short_exam_then_works(data_root):
    data = data_root / "cli"
    res = practicum(data, "sitting", "create", "C1", "--exam", "demo-numpy", "--minutes", "90")
    assert res.returncode == 2
    assert "at least 120 minutes" in res.stderr and "不得少于 120 分钟" in res.stderr
    assert not (data / "sittings" / "C1").exists()
    roster = data_root / "cli-roster.csv"
    roster.write_text("candidate_id,name\nc001,甲\nc002,乙\n", encoding="utf-8")
    res = practicum(data, "sitting", "create", "C1", "--exam", "demo-numpy", "--roster", str(roster))
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[1] == "candidate_id,name,password" and lines[2].startswith("c001,甲,")
    assert (data / "sittings" / "C1" / "course" / "release" / "demo" / "exam.ipynb").exists()
    res = practicum(data, "sittings")
    assert "C1" in res.stdout and "not_started" in res.stdout


def test_malformed_roster_from_the_command_line(data_root):
    data = data_root / "cli2"
    assert practicum(data, "sitting", "create", "C2", "--exam", "demo-numpy", "--mode", "practice",
                     "--minutes", "30").returncode == 0
    bad = data_root / "bad.csv"
    bad.write_bytes(b"candidate_id,name\n,empty id\nok1,fine\nok1,again\n")
    res = practicum(data, "roster", "import", "C2", str(bad))
    assert res.returncode == 2
    assert "line 2" in res.stderr and "line 4" in res.stderr and "nobody was imported" in res.stderr
    assert "ok1" not in practicum(data, "sittings").stdout.split("C2")[1].split("\n")[0].replace("{}", "")


def test_unknown_exam_and_staff_account(data_root):
    data = data_root / "cli3"
    res = practicum(data, "sitting", "create", "C3", "--exam", "nope")
    assert res.returncode == 2 and "There is no exam named nope" in res.stderr
    res = practicum(data, "account", "add", "alice", "--role", "proctor", "--password", "short")
    assert res.returncode == 2 and "at least 10 characters" in res.stderr
    res = practicum(data, "account", "add", "alice", "--role", "proctor", "--password", "long-enough-pw")
    assert res.returncode == 0


def test_up_refuses_a_port_in_use(hub, data_root):
    res = practicum(data_root / "second", "up", "--port", str(hub.port))
    assert res.returncode == 2
    assert "already in use" in res.stderr and "端口已被占用" in res.stderr


def test_up_uses_postgresql_by_url(data_root, postgres):
    from hubtest import RunningHub, User

    url = postgres.create_database("hub_on_pg")
    hub = RunningHub(data_root / "pg-hub", extra_args=["--db-url", url])
    try:
        assert hub.settings.database_url == url
        passwords = hub.create_sitting("PG1", ["p001"])
        cand = User(hub, "p001", passwords["p001"])
        assert cand.logged_in
        cand.start_and_wait_lab()
        receipt = cand.post("api/submit").json()["receipt"]
        assert receipt["id"] == "PG1-p001-001"
        assert not (hub.data_dir / "exam.sqlite").exists()
    finally:
        hub.stop()
