"""Examiners in the browser: autograde, score blind, adjudicate, sign off; results reach candidates.

Candidate output containing script is shown inert on the examiner's page.
"""

from __future__ import annotations

import io
import json
import subprocess

import nbformat
import pytest
from hubtest import ARTIFACTS, User
from notebooks import make_sitting
from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright
from test_browser import CHROMIUM_ARGS, login, shot

PLAN = {"g001": "full", "g002": "hostile_output", "g003": "normalize_only"}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def graded(hub):
    make_sitting(hub.settings, "G1", PLAN, hub.store)
    with hub.store.session() as db:  # the candidates' clocks have run out
        from practicum.db import store
        from practicum.db.models import utcnow

        for c in store.get_sitting(db, "G1").candidates:
            c.closed_at = utcnow()
            c.server_stopped = True
    staff = {name: hub.add_staff(name, "examiner") for name in ("gchief", "gex2", "gex3")}
    staff["gproctor"] = hub.add_staff("gproctor", "proctor")
    return staff


def test_examiners_grade_score_adjudicate_and_sign_off(browser, hub, graded):
    # The proctor sets the panel; a panel of two is refused with the rule.
    pctx = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    proctor = pctx.new_page()
    login(proctor, hub, "gproctor", graded["gproctor"])
    proctor.goto(hub.url + "/services/exam/panel/G1")
    proctor.check('input[value="gchief"]')
    proctor.check('input[value="gex2"]')
    proctor.select_option('select[name="chief"]', "gchief")
    proctor.click('#panel-form button[type="submit"]')
    expect(proctor.locator("#panel-error")).to_contain_text("at least 3 examiners, an odd number")
    proctor.check('input[value="gex3"]')
    proctor.click('#panel-form button[type="submit"]')
    proctor.wait_for_url("**/services/exam/examiner/G1")
    shot(proctor, "20-panel-set")

    # The chief runs the autograder from the desk and watches it finish.
    ctx = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    chief = ctx.new_page()
    login(chief, hub, "gchief", graded["gchief"])
    chief.goto(hub.url + "/services/exam/examiner/G1")
    chief.click("#grade-now")
    expect(chief.locator('tr[data-candidate="g001"] td').nth(3)).to_have_text("3", timeout=120_000)
    expect(chief.locator('tr[data-candidate="g003"]')).to_contain_text("3")
    shot(chief, "21-grading-desk")

    # Candidate output with script is text on the review page, never run.
    chief.goto(hub.url + "/services/exam/examiner/G1/candidate/g002")
    expect(chief.locator("pre.output").first).to_contain_text("<script>window.__pwned = 1</script>")
    assert chief.evaluate("typeof window.__pwned") == "undefined"
    assert chief.locator("pre.output script, pre.output img").count() == 0
    shot(chief, "22-review-hostile-output")

    # Blind scoring: each examiner scores the short answer; gex2 disagrees on g002.
    scores = {"g001": (2, 2, 1.5), "g002": (0, 2, 1), "g003": (1, 1, 1)}
    sessions = {name: User(hub, name, graded[name]) for name in ("gex2", "gex3")}
    for cid, (s1, s2, s3) in scores.items():
        chief.goto(hub.url + f"/services/exam/examiner/G1/candidate/{cid}")
        form = chief.locator('[data-task="t4-median"] .score-form')
        form.locator('input[name="score"]').fill(str(s1))
        with chief.expect_navigation():  # the page reloads with the saved score
            form.locator('button[type="submit"]').click()
        expect(chief.locator('[data-task="t4-median"] .score-form input[name="score"]')).to_have_value(f"{s1:g}")
        for name, score in (("gex2", s2), ("gex3", s3)):
            r = sessions[name].post("api/sittings/G1/scores",
                                    json={"candidate_id": cid, "task_id": "t4-median", "score": score})
            assert r.status_code == 200, r.text
    # gex2 sees only its own score, not the others'
    page = sessions["gex2"].get("examiner/G1/candidate/g002").text
    assert "panel-scores" not in page and "gchief: 0" not in page

    # The spread on g002 blocks sign-off until the chief adjudicates.
    chief.goto(hub.url + "/services/exam/examiner/G1")
    expect(chief.locator("#blockers")).to_contain_text("1 score spread(s) need adjudication")
    chief.goto(hub.url + "/services/exam/examiner/G1/candidate/g002")
    adj = chief.locator('[data-task="t4-median"] .adjudicate-form')
    expect(chief.locator(".adjudication")).to_contain_text("gex2: 2")
    adj.locator('input[name="score"]').fill("1")
    adj.locator('input[name="reason"]').fill("first point made, second missing")
    shot(chief, "23-adjudication")
    with chief.expect_navigation():
        adj.locator('button[type="submit"]').click()
    expect(chief.locator('[data-task="t4-median"]')).to_contain_text("Final score 1")

    chief.goto(hub.url + "/services/exam/examiner/G1")
    chief.on("dialog", lambda d: d.accept())
    with chief.expect_navigation():
        chief.click("#sign-off")
    expect(chief.locator("#signed-off")).to_contain_text("signed off by gchief")

    # Results: histogram, statistics, exports, reports.
    chief.goto(hub.url + "/services/exam/results/G1")
    expect(chief.locator("#histogram svg")).to_be_visible()
    expect(chief.locator("#result-table")).to_contain_text("12 / 12")
    shot(chief, "24-results")
    user = User(hub, "gchief", graded["gchief"])
    csv_text = user.get("results/G1/export.csv").content.decode("utf-8-sig")
    assert "g001" in csv_text and "pass" in csv_text
    wb = load_workbook(io.BytesIO(user.get("results/G1/export.xlsx").content))
    assert wb["results"]["A2"].value == "g001" and wb["tasks"]["A2"].value == "t1-normalize"
    pdf = user.get("results/G1/report/g003.pdf", headers={"Accept-Language": "zh-CN"})
    assert pdf.headers["Content-Type"] == "application/pdf"
    (ARTIFACTS / "25-report-g003.pdf").write_bytes(pdf.content)
    text = subprocess.run(["pdftotext", str(ARTIFACTS / "25-report-g003.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "g003" in text and "不合格" in text and "各工作领域得分" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(ARTIFACTS / "25-report-g003.pdf"),
                    str(ARTIFACTS / "25-report-g003")], check=True)

    # Released feedback reaches the candidate, without hidden test code.
    with chief.expect_navigation():
        chief.click("#release-feedback")
    expect(chief.locator("body")).to_contain_text("Feedback has been released")
    cand = User(hub, "g003", _reset_password(hub, "G1", "g003"))
    portal = cand.get("", headers={"Accept-Language": "en"}).text
    assert "Download graded feedback" in portal
    nb = nbformat.reads(cand.get("results/G1/feedback/g003.ipynb").text, as_version=4)
    text = json.dumps(nb, ensure_ascii=False)
    assert "default_rng(7)" not in text and "check(" not in text and "HIDDEN" not in text
    assert "✔" in text and "✘" in text
    assert cand.get("results/G1/feedback/g001.ipynb").status_code == 404  # not someone else's
    assert cand.get("results/G1/report/g001.pdf").status_code == 404

    # The examiner pages in Chinese.
    chief.goto(hub.url + "/services/exam/lang/zh?next=/services/exam/examiner/G1/candidate/g002")
    expect(chief.locator("h2").first).to_contain_text("标准化")
    expect(chief.locator("body")).to_contain_text("最终分数")
    shot(chief, "26-review-zh")
    ctx.close()
    pctx.close()


def _reset_password(hub, code, cid) -> str:
    from practicum.db import store

    with hub.store.session() as db:
        sitting = store.get_sitting(db, code)
        cand = next(c for c in sitting.candidates if c.candidate_id == cid)
        return store.reset_password(db, cand, "test")


def test_examiner_pages_refuse_candidates(hub, graded):
    cand = User(hub, "g001", _reset_password(hub, "G1", "g001"))
    for path in ("examiner/G1", "examiner/G1/candidate/g002", "results/G1", "results/G1/export.csv", "panel/G1"):
        assert cand.get(path).status_code in (403, 404), path
    r = cand.post("api/sittings/G1/scores", json={"candidate_id": "g001", "task_id": "t4-median", "score": 2})
    assert r.status_code == 403
    assert cand.post("api/sittings/G1/signoff").status_code == 403
