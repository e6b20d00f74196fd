"""The chip exams in the demo hub, as a candidate uses them: `practicum up --demo` opens a sitting of
each chip exam and of the practice lab; a candidate signs in, starts, finds the chip tools in the
lab, runs the public bench on the starter and on a fixed design, submits, and the submission is
graded (RTL against the hidden bench, lint) like any sitting's."""

from __future__ import annotations

import io

import pytest
from hubtest import ARTIFACTS, User
from playwright.sync_api import expect, sync_playwright
from test_browser import CHROMIUM_ARGS, login

from practicum.core.settings import PROJECT_ROOT
from practicum.db import store
from practicum.db.models import utcnow
from practicum.grading.queue import grade_sitting

SOLUTION_RTL = PROJECT_ROOT / "labs" / "chip-junior" / "solution" / "rtl" / "requant_int8.v"


@pytest.fixture(scope="module")
def demo(demo_hub):
    return demo_hub


def test_the_demo_opens_every_chip_exam_and_the_practice_lab(demo):
    hub, creds = demo
    chip = {"chip-junior", "chip-intermediate", "chip-senior", "chip-practice", "chip-practice-2"}
    assert chip <= set(creds["extra"])
    banner = hub.output()
    for exam_id, entry in creds["extra"].items():
        [(cid, password)] = entry["candidates"].items()
        assert f"{cid:<9} password {password}" in banner and entry["sitting"] in banner
    with hub.store.session() as db:
        assert store.get_sitting(db, creds["extra"]["chip-practice"]["sitting"]).mode == "practice"
        assert store.get_sitting(db, creds["extra"]["chip-senior"]["sitting"]).exam_id == "chip-senior"


def test_a_chip_candidate_simulates_submits_and_is_graded(demo):
    hub, creds = demo
    entry = creds["extra"]["chip-junior"]
    [(cid, password)] = entry["candidates"].items()
    cand = User(hub, cid, password)
    assert cand.logged_in
    cand.start_and_wait_lab(timeout=180)
    lab = cand.lab()
    names = {f["name"] for f in lab.contents().json()["content"]}
    assert {"exam.ipynb", "rtl", "tb", "data", "test_fifo_bench.py"} <= names
    assert "hidden" not in names and "solution" not in names
    # The chip environment: cocotb, the simulators and the feedback module, in the candidate's sandbox.
    out = lab.run("import cocotb, os\nfrom hardware_sim import practice\n"
                  "print(cocotb.__version__, os.path.exists('/run/practicum/hidden'))")
    assert out.startswith("2.") and "False" in out, out
    run = ('r = practice.run(["rtl/requant_int8.v"], "requant_int8", "test_requant_visible", test_dir="tb", show=False)\n'
           'print("PASSED" if r.passed else "FAILED", r.problem, r.waves_png is not None)')
    assert lab.run(run, timeout=180).startswith("FAILED")  # the starter outputs 0
    assert lab.save("rtl/requant_int8.v", SOLUTION_RTL.read_text()).status_code == 200
    out = lab.run(run, timeout=180)
    assert out.startswith("PASSED") and out.strip().endswith("True"), out
    receipt = cand.post("api/submit").json()["receipt"]
    assert "rtl/requant_int8.v" in {f["path"] for f in receipt["files"]}
    lab.close()

    with hub.store.session() as db:  # the clock runs out for this candidate
        [c] = store.get_sitting(db, entry["sitting"]).candidates
        c.closed_at = utcnow()
    final = grade_sitting(hub.settings, entry["sitting"], workers=1, out=io.StringIO())
    assert final.done == 1 and final.failed == 0
    with hub.store.session() as db:
        from practicum.grading.queue import current_jobs

        [job] = current_jobs(db, store.get_sitting(db, entry["sitting"]))
        tasks = job.result["tasks"]
    assert tasks["b1-requant"]["score"] == 20 and tasks["b1-lint"]["score"] == 6
    assert tasks["b2-activation"]["score"] == 0 and tasks["a1-train"]["score"] == 0
    assert tasks["c1-fifo-bench"]["score"] == 0  # the starter bench checks nothing

    # The examiner sees the HDL tasks' checks, the candidate's RTL and the waveform of the graded run.
    examiner = User(hub, "examiner1", creds["accounts"]["examiner1"])
    page = examiner.get(f"examiner/{entry['sitting']}/candidate/{cid}").text
    assert "b1-requant" in page and "random_in_range" in page and "rtl/requant_int8.v" in page
    waves = f"examiner/{entry['sitting']}/candidate/{cid}/waves/b1-requant"
    assert waves in page
    r = examiner.get(waves)
    assert r.status_code == 200 and len(r.content) > 100
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert examiner.get(f"examiner/{entry['sitting']}/candidate/{cid}/waves/a1-train").status_code == 404
    assert cand.get(waves).status_code in (403, 404)  # candidates never reach the examiner's pages


def test_the_practice_lab_and_the_examiners_review_in_the_browser(demo):
    hub, creds = demo
    entry = creds["extra"]["chip-practice"]
    [(cid, password)] = entry["candidates"].items()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900}).new_page()
        login(page, hub, cid, password)
        expect(page.locator("#exam-title")).to_contain_text("练习")
        page.click("#start-button")
        page.click("#start-confirm")
        page.wait_for_url("**/services/exam/workspace")
        lab = page.frame_locator("#lab")
        expect(lab.locator(".jp-Notebook")).to_be_visible(timeout=180_000)
        expect(lab.locator(".jp-Notebook").first).to_contain_text("mac_int8", timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "chip_practice_lab.png"))

        # The examiner's review of the junior candidate graded above: HDL checks and the waveform link.
        junior = creds["extra"]["chip-junior"]
        [junior_cid] = junior["candidates"]
        page = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 1200}).new_page()
        login(page, hub, "examiner1", creds["accounts"]["examiner1"])
        page.goto(f"{hub.url}/services/exam/examiner/{junior['sitting']}/candidate/{junior_cid}")
        expect(page.locator("#task-b1-requant")).to_contain_text("ties")
        expect(page.locator("#task-b1-requant a.waves")).to_be_visible()
        page.locator("#task-b1-requant").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "chip_examiner_review.png"), full_page=True)
        browser.close()
