"""`practicum up` as an operator uses it: Ctrl-C leaves nothing behind; the insecure mode is loud."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import psutil
import requests
from hubtest import RunningHub, User


def processes_mentioning(text: str) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        try:
            if p.info["status"] != psutil.STATUS_ZOMBIE and text in " ".join(p.info["cmdline"] or []):
                found.append(p)
        except psutil.Error:
            continue
    return found


def test_ctrl_c_stops_labs_service_hub_and_proxy(data_root):
    hub = RunningHub(data_root / "lifecycle")
    passwords = hub.create_sitting("L1", ["l001"])
    cand = User(hub, "l001", passwords["l001"])
    cand.start_and_wait_lab()
    assert processes_mentioning(str(hub.data_dir)), "the lab should be running"
    cgroups = list(Path("/sys/fs/cgroup/pids").rglob(f"practicum-{hub.port}"))
    assert cgroups
    assert hub.stop(signal.SIGINT) == 0
    assert "Stopped." in hub.output()
    time.sleep(0.5)
    assert processes_mentioning(str(hub.data_dir)) == []
    assert processes_mentioning(f"--port {hub.port}") == []
    assert not any(c.exists() for c in cgroups)
    # The work and the clock are still on disk for the next start.
    assert (hub.workspace("L1", "l001") / "exam.ipynb").exists()


def test_insecure_mode_allows_practice_only_and_says_so_everywhere(data_root):
    hub = RunningHub(data_root / "insecure", extra_args=["--insecure-no-sandbox"])
    try:
        assert "INSECURE" in hub.output()
        exam_pw = hub.create_sitting("X1", ["x001"])
        practice_pw = hub.create_sitting("X2", ["x002"], mode="practice", duration_s=600)
        page = requests.get(hub.url + "/hub/login", timeout=30)
        page.encoding = "utf-8"
        assert "INSECURE MODE: no sandbox" in page.text and "不安全模式" in page.text

        exam_cand = User(hub, "x001", exam_pw["x001"])
        assert "INSECURE MODE" in exam_cand.get("", headers={"Accept-Language": "en"}).text
        r = exam_cand.post("api/start")
        assert r.status_code == 403 and r.json()["error"] == "err_insecure_exam"

        practice = User(hub, "x002", practice_pw["x002"])
        practice.start_and_wait_lab()
        lab = practice.lab()
        out = lab.run("import os; print(os.getuid())")
        assert int(out) >= hub.settings.uid_base  # still not root, even without the sandbox
        lab.close()
    finally:
        assert hub.stop() == 0


def test_a_second_ctrl_c_while_stopping_still_stops_cleanly(data_root):
    hub = RunningHub(data_root / "twice")
    hub.proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    hub.proc.send_signal(signal.SIGINT)
    assert hub.stop(signal.SIGINT) == 0
    assert "Traceback" not in hub.output() and "Stopped." in hub.output()
    time.sleep(0.5)
    assert processes_mentioning(str(hub.data_dir)) == []
