"""The exam spine end to end over HTTP: a real `practicum up`, real sandboxed labs and kernels."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from hubtest import User

from practicum.core.settings import PROJECT_ROOT

CANDIDATES = ["h001", "h002", "h003"]


@pytest.fixture(scope="module")
def sitting(hub):
    """An exam-mode sitting of the demo exam with three candidates, a proctor and an examiner."""
    passwords = hub.create_sitting("H1", CANDIDATES)
    staff = {"hproctor": hub.add_staff("hproctor", "proctor"), "hexaminer": hub.add_staff("hexaminer", "examiner")}
    return {"code": "H1", "passwords": passwords, "staff": staff}


@pytest.fixture(scope="module")
def cand(hub, sitting):
    """h001, logged in, exam started and lab ready."""
    user = User(hub, "h001", sitting["passwords"]["h001"])
    user.start_and_wait_lab()
    return user


@pytest.fixture(scope="module")
def lab(cand):
    lab = cand.lab()
    yield lab
    lab.close()


# ---------------------------------------------------------------- logging in


def test_wrong_password_and_unknown_candidate_get_a_clear_error(hub, sitting):
    for name, password in (("h002", "WRONG-PASS"), ("nobody99", sitting["passwords"]["h002"])):
        user = User(hub, name, password)
        assert not user.logged_in
        assert user.login_response.status_code == 403
        page = user.login_response.text
        assert "考号（用户名）或密码错误" in page and "Wrong candidate ID (user name) or password" in page
    ok = User(hub, "H002", sitting["passwords"]["h002"].lower())  # IDs and slips ignore case
    assert ok.logged_in


def test_candidate_portal_shows_rules_duration_and_start(hub, sitting):
    user = User(hub, "h003", sitting["passwords"]["h003"])
    page = user.get("", headers={"Accept-Language": "en-US"}).text
    assert "Demo exam: NumPy basics" in page and "120 minutes" in page and 'id="start-button"' in page
    assert "The exam lasts 120 minutes" in page
    zh = user.get("", headers={"Accept-Language": "zh-CN"}).text
    assert "演示考试：NumPy 基础" in zh and "开始考试" in zh
    assert user.me()["status"] == "not_started"


# ---------------------------------------------------------------- starting


def test_start_opens_the_released_exam_without_solutions(cand, lab):
    me = cand.me()
    assert me["status"] == "working" and 7100 < me["seconds_left"] <= 7200
    names = sorted(item["name"] for item in lab.contents().json()["content"])
    assert names == ["data", "exam.ipynb"]
    notebook = lab.contents("exam.ipynb").json()["content"]
    text = json.dumps(notebook)
    assert "raise NotImplementedError()" in text and "YOUR ANSWER HERE" in text
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "np.add.at" not in text
    assert "median depends only" not in text


def test_starting_twice_keeps_the_clock(cand):
    before = cand.me()["deadline"]
    r = cand.post("api/start")
    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "err_already_started" and "clock is not reset" in body["message_en"]
    assert cand.me()["deadline"] == before


def test_staff_have_no_lab_and_no_candidate_api(hub, sitting):
    proctor = User(hub, "hproctor", sitting["staff"]["hproctor"])
    assert proctor.logged_in and proctor.login_response.url.endswith("/services/exam/proctor")
    r = proctor.post("api/start")
    assert r.status_code == 403
    r = proctor.s.post(hub.url + "/hub/api/users/hproctor/server",
                       headers={"X-XSRFToken": proctor.s.cookies.get("_xsrf", path="/hub/")})
    assert r.status_code >= 400 or "Staff accounts have no exam environment" in r.text


# ---------------------------------------------------------------- inside the sandbox


def test_kernel_cannot_reach_other_candidates_databases_or_exam_sources(hub, sitting, cand, lab):
    other = hub.workspace("H1", "h002")
    other.mkdir(parents=True, exist_ok=True)
    (other / "secret_answer.py").write_text("42")
    course = hub.settings.sittings_dir / "H1"
    targets = {
        "other_workspace": other / "secret_answer.py",
        "exam_db": hub.settings.data_dir / "exam.sqlite",
        "hub_db": hub.settings.hub_dir / "jupyterhub.sqlite",
        "secrets": hub.settings.secrets_dir / "service_api_token",
        "settings": hub.settings.settings_file,
        "pinned_source": course / "exam" / "source" / "demo" / "exam.ipynb",
        "nbgrader_source": course / "course" / "source" / "demo" / "exam.ipynb",
        "lab_source": PROJECT_ROOT / "labs" / "demo-numpy" / "source" / "demo" / "exam.ipynb",
    }
    for label, path in targets.items():
        assert path.exists(), path
        out = lab.run(f"open({str(path)!r}, 'rb').read(); print('READ')")
        assert "READ" not in out and "ERR" in out, (label, out)
    for path in ("/usr/lib/evil", "/etc/evil", str(hub.settings.lab_env / "evil"), str(hub.settings.data_dir / "evil")):
        out = lab.run(f"open({path!r}, 'w').write('x'); print('WROTE')")
        assert "WROTE" not in out, (path, out)
    out = lab.run("import os; print(os.getuid(), os.path.realpath('.'), 'JUPYTERHUB_API_TOKEN' in os.environ)")
    uid, cwd, _has_token = out.split()
    assert int(uid) >= hub.settings.uid_base and cwd == "/home/exam"
    out = lab.run("import os; print(sorted(os.listdir('/proc')))")
    assert str(hub.proc.pid) not in out.split("'")  # the supervisor is invisible


def test_candidate_cannot_open_another_candidates_lab_or_staff_pages(hub, sitting, cand):
    User(hub, "h002", sitting["passwords"]["h002"]).start_and_wait_lab()
    r = cand.s.get(f"{hub.url}/user/h002/api/contents", timeout=30)
    assert r.status_code in (403, 404) or "h002" not in r.url
    assert cand.get("proctor").status_code == 403
    assert cand.get("examiner").status_code == 403
    assert cand.get("api/sittings/H1/status").status_code == 403
    r = cand.post("api/sittings/H1/extra-time", json={"candidate_id": "h001", "minutes": 60, "reason": "me"})
    assert r.status_code == 403


# ---------------------------------------------------------------- submitting


def test_submit_returns_a_verifiable_receipt_and_resubmit_replaces(hub, sitting, cand, lab):
    notebook = lab.contents("exam.ipynb").json()["content"]
    notebook["cells"][2]["source"] = "import numpy as np\ndef normalize(x):\n    return x  # first try\n"
    r = lab.user.s.put(f"{lab.base}/api/contents/exam.ipynb", headers=lab.headers, timeout=30,
                       json={"type": "notebook", "format": "json", "content": notebook})
    assert r.status_code == 200
    first = cand.post("api/submit")
    assert first.status_code == 200, first.text
    receipt = first.json()["receipt"]
    assert receipt["id"] == "H1-h001-001" and receipt["kind"] == "submit"
    archive = hub.settings.sittings_dir / "H1" / "archive" / "h001" / "001-submit"
    manifest = "".join(
        f"{hashlib.sha256((archive / f['path']).read_bytes()).hexdigest()}  {f['size']}  {f['path']}\n"
        for f in receipt["files"])
    assert hashlib.sha256(manifest.encode()).hexdigest() == receipt["sha256"]
    assert "first try" in (archive / "exam.ipynb").read_text()

    notebook["cells"][2]["source"] = "import numpy as np\ndef normalize(x):\n    return x  # second try\n"
    lab.user.s.put(f"{lab.base}/api/contents/exam.ipynb", headers=lab.headers, timeout=30,
                   json={"type": "notebook", "format": "json", "content": notebook})
    second = cand.post("api/submit").json()["receipt"]
    assert second["id"] == "H1-h001-002" and second["sha256"] != receipt["sha256"]
    me = cand.me()
    assert me["status"] == "submitted" and [r["id"] for r in me["receipts"]] == ["H1-h001-001", "H1-h001-002"]
    graded = hub.settings.sittings_dir / "H1" / "course" / "submitted" / "h001" / "demo"
    assert "second try" in (graded / "exam.ipynb").read_text()
    assert (graded / "timestamp.txt").read_text().endswith("UTC")
    assert "first try" in (archive / "exam.ipynb").read_text()  # every receipt's files are kept
    page = cand.get(f"receipt/{me['receipts'][1]['pk']}").text
    assert second["sha256"] in page


def test_oversized_submission_is_refused_and_loses_nothing(hub, cand, lab):
    before = cand.me()["receipts"]
    out = lab.run("open('/home/exam/huge.bin', 'wb').write(b'\\0' * (25 * 1024 * 1024)); print('ok')")
    assert "ok" in out
    files = cand.get("api/files").json()
    assert files["problem"] and "huge.bin" in files["problem"]
    r = cand.post("api/submit")
    assert r.status_code == 413
    assert "huge.bin" in r.json()["message_en"] and "earlier submission is kept" in r.json()["message_en"]
    assert cand.me()["receipts"] == before
    lab.run("import os; os.remove('/home/exam/huge.bin')")


def test_another_candidate_cannot_see_my_receipt(hub, sitting, cand):
    pk = cand.me()["receipts"][0]["pk"]
    other = User(hub, "h003", sitting["passwords"]["h003"])
    assert other.get(f"receipt/{pk}").status_code == 404


# ---------------------------------------------------------------- proctor and examiner


def test_proctor_table_extra_time_and_audit(hub, sitting, cand):
    proctor = User(hub, "hproctor", sitting["staff"]["hproctor"])
    status = proctor.get("api/sittings/H1/status").json()
    rows = {r["candidate_id"]: r for r in status["candidates"]}
    assert rows["h001"]["status"] == "submitted" and rows["h003"]["status"] == "not_started"
    assert rows["h001"]["lab"] == "ready"
    before = cand.me()["deadline"]
    for bad in ({"minutes": 0, "reason": "x"}, {"minutes": "ten", "reason": "x"}, {"minutes": 5, "reason": ""}):
        r = proctor.post("api/sittings/H1/extra-time", json={"candidate_id": "h001", **bad})
        assert r.status_code == 400 and r.json()["message_zh"] and r.json()["message_en"]
    r = proctor.post("api/sittings/H1/extra-time", json={"candidate_id": "nobody", "minutes": 5, "reason": "x"})
    assert r.status_code == 404
    r = proctor.post("api/sittings/H1/extra-time", json={"candidate_id": "h001", "minutes": 10, "reason": "PC froze"})
    assert r.status_code == 200
    after = cand.me()["deadline"]
    from datetime import datetime

    assert (datetime.fromisoformat(after) - datetime.fromisoformat(before)).total_seconds() == 600
    events = proctor.get("api/sittings/H1/status").json()["events"]
    extra = [e for e in events if e["action"] == "extra_time"]
    assert extra and extra[0]["actor"] == "hproctor" and extra[0]["detail"]["reason"] == "PC froze"
    assert extra[0]["candidate"] == "h001"


def test_proctor_roster_upload_bad_then_good(hub, sitting):
    proctor = User(hub, "hproctor", sitting["staff"]["hproctor"])
    bad = "candidate_id,name\nH9,ok\n-bad,x\nh9,dup\n".encode()
    r = proctor.post("proctor/H1/roster", files={"roster": ("r.csv", bad)},
                     data={"_xsrf": proctor._service_xsrf()}, headers={"Accept-Language": "en"})
    assert r.status_code == 400 and "line 3" in r.text and "line 4" in r.text and "nobody was imported" in r.text
    status = proctor.get("api/sittings/H1/status").json()
    assert "h9" not in {c["candidate_id"] for c in status["candidates"]}
    good = "candidate_id,name\nh9,王五\n".encode("gbk")
    r = proctor.post("proctor/H1/roster", files={"roster": ("r.csv", good)}, data={"_xsrf": proctor._service_xsrf()})
    assert r.status_code == 200 and "王五" in r.text
    import re

    password = re.search(r'class="mono big">([A-Z0-9]{4}-[A-Z0-9]{4})<', r.text).group(1)
    assert User(hub, "h9", password).logged_in


def test_examiner_sees_collected_work_inertly(hub, sitting, cand):
    examiner = User(hub, "hexaminer", sitting["staff"]["hexaminer"])
    page = examiner.get("examiner/H1").text
    assert "H1-h001-002" in page and "exam.ipynb" in page
    pk = cand.me()["receipts"][1]["pk"]
    view = examiner.get(f"file/{pk}/exam.ipynb?view=1")
    assert view.status_code == 200 and "second try" in view.text
    assert "sandbox" in view.headers["Content-Security-Policy"] and "script" not in view.headers["Content-Security-Policy"].replace("default-src 'none'", "")
    assert examiner.get(f"file/{pk}/../../../../exam.sqlite").status_code == 404
    assert examiner.get("api/start").status_code in (403, 405)


# ---------------------------------------------------------------- restarts


@pytest.mark.parametrize("child", ["hub", "service", "proxy"])
def test_killing_the_hub_or_service_loses_neither_time_nor_work(hub, sitting, cand, lab, child):
    before = cand.me()
    lab.save("restart-note.txt", f"written before the {child} died")
    lab.run(f"marker = 'kernel state before the {child} died'")
    hub.kill_child(child)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            me = cand.me()
            if me["lab"] and me["lab"]["ready"]:
                break
        except Exception:  # noqa: BLE001 - the service is still coming back
            pass
        time.sleep(0.5)
    assert me["deadline"] == before["deadline"] and me["started_at"] == before["started_at"]
    assert me["receipts"] == before["receipts"]
    assert lab.contents("restart-note.txt").json()["content"] == f"written before the {child} died"
    # the same lab and kernel kept running through it
    assert f"kernel state before the {child} died" in lab.run("print(marker)")
    # and the supervisor settled: one hub, not a restart loop
    hub_pid = hub.child_pid("hub")
    time.sleep(3)
    assert hub.child_pid("hub") == hub_pid and "keeps dying" not in hub.output()


# ---------------------------------------------------------------- the candidate's lab dies


def test_a_crashed_lab_comes_back_with_the_work_and_the_clock(hub, sitting):
    user = User(hub, "h003", sitting["passwords"]["h003"])
    if user.me()["status"] == "not_started":
        user.start_and_wait_lab()
    lab = user.lab()
    lab.save("notes.txt", "saved before the crash")
    before = user.me()
    import psutil

    sandbox_pids = [p for p in psutil.process_iter(["cmdline"])
                    if str(hub.workspace("H1", "h003")) in " ".join(p.info["cmdline"] or [])]
    assert sandbox_pids
    for p in sandbox_pids:
        p.kill()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and user.me()["lab"]["ready"]:
        time.sleep(0.5)  # the hub notices within its poll interval
    assert not user.me()["lab"]["running"]
    r = user.post("api/lab")  # what the exam page does when it sees the lab gone
    assert r.status_code == 200, r.text
    after = user.wait_lab()
    assert after["deadline"] == before["deadline"] and after["started_at"] == before["started_at"]
    assert user.lab().contents("notes.txt").json()["content"] == "saved before the crash"


# ---------------------------------------------------------------- nbgrader can take it from here


def test_collected_work_is_in_a_course_nbgrader_can_autograde(hub, sitting, cand):
    import subprocess
    import sys

    course = hub.settings.sittings_dir / "H1" / "course"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    res = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", "demo", "--student", "h001",
                          "--create", "--force"], cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission("demo", "h001")
        notebook = gb.find_submission_notebook("exam", "demo", "h001")
        assert submission is not None
        # "second try" returns x unchanged: task 1 fails its tests; the others were never answered.
        assert notebook.score == 0 and notebook.max_score == 12
        manual = gb.find_grade("short_answer", "exam", "demo", "h001")
        assert manual.max_score == 2  # the short answer is there for the examiners


def test_repeated_failed_logins_are_locked_out(hub):
    for _ in range(8):
        User(hub, "brute01", "guess-guess")
    locked = User(hub, "brute01", "guess-guess")
    assert locked.login_response.status_code == 429
    assert "Too many failed logins" in locked.login_response.text and "登录失败次数过多" in locked.login_response.text
