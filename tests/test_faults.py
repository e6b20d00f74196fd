"""Fault injection on the real hub: candidates submit over HTTP (through the proxy, hub login and
exam service) while the exam service, the hub, the proxy, a lab and a grading worker are killed at
chosen points, on SQLite and on PostgreSQL. After every fault the same invariants are checked
(tests/submissions.py `audit`): each acknowledged receipt is stored exactly once with files that
hash to it, nothing is stored that was never acknowledged, no candidate is refused afterwards,
nothing is graded twice. Figures go to tests/artifacts/faults-<db>.json.

Kills are SIGKILL, from outside (at a moment during a burst) or from inside at a named failpoint
(practicum.core.failpoints: after the snapshot, before the commit, after the commit).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import psutil
import pytest
import requests
from hubtest import ARTIFACTS, RunningHub, User
from sqlalchemy import select
from submissions import audit, edit_work, started_sitting

from practicum.core import failpoints
from practicum.core.settings import PROJECT_ROOT
from practicum.db import store
from practicum.db.grading_models import GradingJob
from practicum.db.models import Event, Submission
from practicum.grading.queue import grade_sitting

pytestmark = pytest.mark.slow

RETRY_DELAYS_S = [0.5, 1, 1, 2, 2, 3, 3, 5, 5, 5, 5, 10, 10, 10]  # as the page's, a little faster


def service_refusal(r: requests.Response) -> bool:
    """The exam service's own answer (JSON with an error key), not a proxy's page: final."""
    try:
        return "error" in r.json()
    except ValueError:
        return False


class Candidate:
    """One candidate's browser, as the exam page behaves: a key per Submit, retried on no answer."""

    def __init__(self, hub: RunningHub, cid: str) -> None:
        self.hub, self.cid = hub, cid
        self.user = User(hub, cid, "pw-" + cid)
        assert self.user.logged_in, cid
        self.user._service_xsrf()  # the page's token, read once as the page loads
        self.acked: list[dict] = []
        self.retries = 0
        self.refusals: list[str] = []
        self.slowest_s = 0.0

    def submit(self) -> dict | None:
        key = uuid.uuid4().hex
        began = time.monotonic()
        for attempt in range(len(RETRY_DELAYS_S) + 1):
            try:
                r = self.user.post("api/submit", json={"key": key})
                if r.status_code == 200:
                    receipt = r.json()["receipt"]
                    if not any(a["pk"] == receipt["pk"] for a in self.acked):
                        self.acked.append(receipt)
                    self.slowest_s = max(self.slowest_s, time.monotonic() - began)
                    return receipt
                if r.status_code < 500 and r.status_code != 429 and service_refusal(r):
                    self.refusals.append(f"{r.status_code} {r.text[:200]}")
                    return None
            except requests.RequestException:
                pass
            if attempt == len(RETRY_DELAYS_S):
                break
            self.retries += 1
            time.sleep(RETRY_DELAYS_S[attempt])
        self.refusals.append("gave up")
        return None


def burst(hub, code, cands: list[Candidate], rounds: int, during=None) -> float:
    """Every candidate edits and submits `rounds` times at once; `during()` runs meanwhile."""
    errors: list[BaseException] = []

    def work(c: Candidate):
        try:
            for i in range(rounds):
                edit_work(hub.settings, code, c.cid, f"{c.cid} round {i} {uuid.uuid4().hex}")
                c.submit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    began = time.monotonic()
    threads = [threading.Thread(target=work, args=(c,)) for c in cands]
    for t in threads:
        t.start()
    if during is not None:
        during()
    for t in threads:
        t.join(timeout=600)
    assert not errors, errors
    return time.monotonic() - began


def over(user: User) -> bool:
    try:
        return user.me()["over"]
    except (requests.RequestException, ValueError):
        return False  # the service is being restarted: ask again


def wait_fired(fp, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while failpoints.armed(fp) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert failpoints.armed(fp) == [], f"failpoints that never fired: {failpoints.armed(fp)}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fault_hub(request, data_root):
    fp = data_root / f"failpoints-{request.param}"
    fp.write_text("")
    args = []
    if request.param == "postgresql":
        args = ["--db-url", request.getfixturevalue("postgres").create_database("faults")]
    hub = RunningHub(data_root / f"faults-{request.param}", args, env={failpoints.ENV: str(fp)})
    report: dict = {"database": request.param}
    yield hub, fp, report
    code = hub.stop()
    (ARTIFACTS / f"faults-{request.param}.json").write_text(json.dumps(report, indent=2))
    assert code == 0


def test_service_killed_during_a_submit_burst_loses_nothing(fault_hub):
    hub, fp, report = fault_hub
    ids = [f"fs{i:02d}" for i in range(12)]
    started_sitting(hub.settings, "F-SUBMIT", ids)
    cands = [Candidate(hub, c) for c in ids]
    # Three crashes at the three instants of a submission, then one from outside mid-burst.
    failpoints.arm(fp, "submit.after_snapshot", "submit.before_commit", "submit.after_commit")

    def chaos():
        wait_fired(fp)
        time.sleep(1)
        hub.kill_child("service")

    seconds = burst(hub, "F-SUBMIT", cands, rounds=4, during=chaos)
    assert all(not c.refusals for c in cands), [c.refusals for c in cands]
    after = [c.submit() for c in cands]  # nobody is refused afterwards
    assert all(after), [c.refusals for c in cands]
    figures = audit(hub.settings, "F-SUBMIT", {c.cid: c.acked for c in cands})
    with hub.store.session() as db:
        actions = [e.action for e in db.scalars(select(Event).where(Event.action.like("submit_%")))]
    assert actions.count("submit_recovered") >= 1  # the orphans of the two early crashes
    assert figures["orphans_kept"] >= 1
    report["submit_burst_service_kills"] = {
        **figures, "kills": 4, "burst_seconds": round(seconds, 1),
        "retries": sum(c.retries for c in cands), "replayed": actions.count("submit_replayed"),
        "slowest_ack_seconds": round(max(c.slowest_s for c in cands), 1)}


def test_hub_and_proxy_killed_during_a_submit_burst_lose_nothing(fault_hub):
    hub, _fp, report = fault_hub
    ids = [f"fh{i:02d}" for i in range(8)]
    started_sitting(hub.settings, "F-HUB", ids)
    cands = [Candidate(hub, c) for c in ids]

    def chaos():
        time.sleep(0.5)
        hub.kill_child("hub")
        time.sleep(0.5)
        hub.kill_child("proxy")

    seconds = burst(hub, "F-HUB", cands, rounds=10, during=chaos)
    assert all(not c.refusals for c in cands), [c.refusals for c in cands]
    after = [c.submit() for c in cands]
    assert all(after), [c.refusals for c in cands]
    figures = audit(hub.settings, "F-HUB", {c.cid: c.acked for c in cands})
    report["submit_burst_hub_proxy_kills"] = {**figures, "kills": 2, "burst_seconds": round(seconds, 1),
                                              "retries": sum(c.retries for c in cands)}


def test_service_and_a_lab_killed_during_deadline_collection_collect_everyone_once(fault_hub):
    hub, fp, report = fault_hub
    ids = [f"fc{i:02d}" for i in range(10)]
    # One candidate works in a real lab that dies at the deadline; its saved work is collected.
    passwords = hub.create_sitting("F-COLLECT-LAB", [ids[0]], mode="practice", duration_s=60)
    lab_user = User(hub, ids[0], passwords[ids[0]])
    lab_user.start_and_wait_lab()
    assert lab_user.lab().save("answer.txt", "saved in the lab before it died").status_code in (200, 201)
    # Nine more whose clocks run out at the same moment as the lab's.
    left = lab_user.me()["seconds_left"]
    assert left > 10, "the lab took too long to start for this scenario"
    started_sitting(hub.settings, "F-COLLECT", ids[1:], duration_s=600, started_ago_s=int(600 - left))
    failpoints.arm(fp, "collect.after_snapshot", "collect.before_commit")
    while not over(lab_user):
        time.sleep(0.2)
    workspace = str(hub.workspace("F-COLLECT-LAB", ids[0]))
    for p in psutil.process_iter(["cmdline"]):
        if workspace in " ".join(p.info["cmdline"] or []):
            p.kill()  # the lab's sandbox, at the deadline
    wait_fired(fp)
    began = time.monotonic()
    with hub.store.session() as db:
        while time.monotonic() - began < 90:
            db.expire_all()
            open_n = sum(1 for c in store.get_sitting(db, "F-COLLECT").candidates if c.closed_at is None)
            open_n += sum(1 for c in store.get_sitting(db, "F-COLLECT-LAB").candidates if c.closed_at is None)
            if open_n == 0:
                break
            time.sleep(0.3)
    assert open_n == 0
    figures = audit(hub.settings, "F-COLLECT", {})
    audit(hub.settings, "F-COLLECT-LAB", {})
    with hub.store.session() as db:
        for code in ("F-COLLECT", "F-COLLECT-LAB"):
            for c in store.get_sitting(db, code).candidates:
                kinds = [s.kind for s in c.submissions]
                assert kinds == ["collect"], (c.candidate_id, kinds)  # once, whatever died
        lab_sub = store.get_sitting(db, "F-COLLECT-LAB").candidates[0].submissions[0]
        assert any(f["path"] == "answer.txt" for f in lab_sub.manifest)
    report["collection_service_and_lab_kills"] = {**figures, "kills": 3}


def test_a_killed_grading_worker_grades_nothing_twice(fault_hub):
    hub, _fp, report = fault_hub
    code = "F-SUBMIT"  # graded after the burst: every candidate's final submission
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "practicum.cli", "--data-dir", str(hub.data_dir),
                             "grade", code, "--workers", "1"], env=env, cwd=PROJECT_ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def jobs():
        with hub.store.session() as db:
            sid = store.get_sitting(db, code).id
            return {j.id: (j.candidate_pk, j.status, j.finished_at)
                    for j in db.scalars(select(GradingJob).where(GradingJob.sitting_id == sid))}

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        s = jobs()
        if sum(1 for _c, st_, _f in s.values() if st_ == "done") >= 2:
            break
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = jobs()
    done_before = {jid: v for jid, v in before.items() if v[1] == "done"}
    final = grade_sitting(hub.settings, code, workers=2, out=io.StringIO())
    after = jobs()
    assert final.failed == 0 and final.done == 12
    assert len(after) == 12 and len({v[0] for v in after.values()}) == 12  # one job per candidate
    for jid, v in done_before.items():
        assert after[jid] == v  # finished before the kill: not graded again
    with hub.store.session() as db:
        finals = {c.id: c.final_submission.id for c in store.get_sitting(db, code).candidates}
        graded = {j.candidate_pk: j.submission_id for j in db.scalars(select(GradingJob).where(
            GradingJob.sitting_id == store.get_sitting(db, code).id))}
        assert graded == finals  # each candidate's final, acknowledged submission was graded
        assert db.scalar(select(Submission).limit(1)) is not None
    report["grading_worker_kill"] = {"jobs": len(after), "done_before_kill": len(done_before)}


def test_service_killed_during_sign_off_signs_off_once(fault_hub):
    """The chief signs off while the service dies before and then after the commit: the chief's
    page retries, the sitting ends signed off by the chief, once, with one audit entry."""
    from practicum.core.exam_spec import load_exam
    from practicum.results import panel
    from practicum.sittings import collector

    hub, fp, report = fault_hub
    code = "F-SUBMIT"  # graded by the test above; its candidates' clocks are closed here
    examiners = {name: hub.add_staff(name, "examiner") for name in ("fx1", "fx2", "fx3")}
    exam = load_exam(hub.settings.labs_dir, "demo-numpy")
    with hub.store.session() as db:
        pks = [c.id for c in store.get_sitting(db, code).candidates]
    for pk in pks:
        collector.close(hub.settings, hub.store, pk)
    with hub.store.session() as db:
        sitting = store.get_sitting(db, code)
        panel.set_panel(db, sitting, list(examiners), "fx1", "test")
        for cand in sitting.candidates:
            for name in examiners:
                panel.record_score(db, sitting, exam, cand, "t4-median", name, 2)
        assert panel.blockers(db, sitting, exam) == []
    chief = User(hub, "fx1", examiners["fx1"])
    chief._service_xsrf()
    failpoints.arm(fp, "signoff.before_commit", "signoff.after_commit")
    answers, tries = [], 0
    for delay in RETRY_DELAYS_S:
        tries += 1
        try:
            r = chief.post(f"api/sittings/{code}/signoff")
            if r.status_code == 200 or service_refusal(r):
                answers.append((r.status_code, r.json()))
                if r.status_code == 200:
                    break
        except requests.RequestException:
            pass
        time.sleep(delay)
    assert failpoints.armed(fp) == []  # both crashes happened
    assert answers[-1] == (200, {"ok": True, "already": True})  # the retry after the lost answer
    with hub.store.session() as db:
        sitting = store.get_sitting(db, code)
        ps = panel.panel_settings(db, sitting)
        assert ps.signed_off_by == "fx1" and ps.signed_off_at is not None
        signoffs = db.scalars(select(Event).where(Event.sitting_id == sitting.id, Event.action == "sign_off")).all()
        assert len(signoffs) == 1
    report["sign_off_service_kills"] = {"kills": 2, "requests": tries, "sign_off_events": 1}
