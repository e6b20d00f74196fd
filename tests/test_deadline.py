"""The deadline: the last saved work is collected, the lab stops, nothing later is accepted."""

from __future__ import annotations

import time

from hubtest import User


def test_work_is_collected_at_the_deadline_and_later_changes_are_refused(hub):
    passwords = hub.create_sitting("D1", ["d001"], mode="practice", duration_s=40)
    cand = User(hub, "d001", passwords["d001"])
    me = cand.start_and_wait_lab()
    assert me["seconds_left"] <= 40
    lab = cand.lab()
    assert lab.save("answer.txt", "first draft").status_code in (200, 201)
    assert lab.save("answer.txt", "last saved version").status_code == 200

    deadline = time.monotonic() + me["seconds_left"] + 60
    while time.monotonic() < deadline:
        me = cand.me()
        if me["status"] == "collected":
            break
        time.sleep(1)
    assert me["status"] == "collected", me
    receipt = me["receipts"][-1]
    assert receipt["kind"] == "collect" and me["final_receipt"] == receipt["id"]
    assert {f["path"] for f in receipt["files"]} >= {"exam.ipynb", "answer.txt", "data/predictions.csv"}

    code_dir = hub.settings.sittings_dir / "D1"
    archived = code_dir / "archive" / "d001" / f"{receipt['seq']:03d}-collect" / "answer.txt"
    assert archived.read_text() == "last saved version"
    graded = code_dir / "course" / "submitted" / "d001" / "demo"
    assert (graded / "answer.txt").read_text() == "last saved version" and (graded / "timestamp.txt").exists()

    # The lab is stopped and stays stopped; saving and submitting are refused with a clear message.
    stop_by = time.monotonic() + 30
    while time.monotonic() < stop_by and cand.me()["lab"]["running"]:
        time.sleep(0.5)
    assert not cand.me()["lab"]["running"]
    assert lab.save("answer.txt", "written after the deadline").status_code not in (200, 201)
    r = cand.post("api/submit")
    assert r.status_code == 409 and r.json()["error"] == "err_deadline_passed"
    assert "no further changes or submissions are accepted" in r.json()["message_en"]
    assert "不再接受修改或提交" in r.json()["message_zh"]
    r = cand.post("api/lab")
    assert r.status_code == 409
    r = cand.s.post(f"{hub.url}/hub/api/users/d001/server", timeout=60,
                    headers={"X-XSRFToken": cand.s.cookies.get("_xsrf", path="/hub/")})
    assert r.status_code >= 400
    assert "no further changes" in r.text or "not running" in r.text or r.status_code == 403
    assert archived.read_text() == "last saved version"
    assert hub.workspace("D1", "d001").joinpath("answer.txt").read_text() == "last saved version"
    page = cand.get("", headers={"Accept-Language": "en"}).text
    assert "The exam is over." in page and receipt["id"] in page
