"""What people click, in Debian's Chromium through Playwright; screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
import re
import time

import pytest
from hubtest import ARTIFACTS
from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]
ANSWER = """import numpy as np


def normalize(x):
    x = np.asarray(x, dtype=float)
    s = x.std()
    return np.zeros_like(x) if s == 0 else (x - x.mean()) / s  # typed in the browser
"""


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def sitting(hub):
    passwords = hub.create_sitting("B1", ["b001", "b002"])
    return {"passwords": passwords, "proctor": hub.add_staff("bproctor", "proctor")}


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def login(page, hub, username: str, password: str) -> None:
    page.goto(hub.url + "/hub/login")
    page.fill("#username_input", username)
    page.fill("#password_input", password)
    page.click("#login_submit")


def start_exam(page, hub, username: str, password: str) -> None:
    """Log in, press Start and confirm: the exam workspace is open."""
    login(page, hub, username, password)
    page.click("#start-button")
    page.click("#start-confirm")
    page.wait_for_url("**/services/exam/workspace")


def clock_seconds(page) -> int:
    h, m, s = map(int, page.inner_text("#countdown").split(":"))
    return h * 3600 + m * 60 + s


def test_candidate_sits_the_exam_and_the_proctor_sees_it(browser, hub, sitting):
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    page.goto(hub.url)
    expect(page.locator("#login_submit")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("登录")
    shot(page, "01-login-zh")

    page.fill("#username_input", "b001")
    page.fill("#password_input", "wrong-pass")
    page.click("#login_submit")
    expect(page.locator("#login_error")).to_contain_text("考号（用户名）或密码错误")
    shot(page, "02-login-error")

    login(page, hub, "b001", sitting["passwords"]["b001"])
    expect(page.locator("#exam-title")).to_have_text("演示考试：NumPy 基础")
    expect(page.locator(".rules li").first).to_contain_text("120 分钟")
    shot(page, "03-portal-zh")

    page.click("#start-button")
    expect(page.locator("#start-dialog")).to_be_visible()
    page.click("#start-confirm")
    page.wait_for_url("**/services/exam/workspace")
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^(01:59|02:00):\d\d$"), timeout=30_000)
    lab = page.frame_locator("#lab")
    expect(lab.locator(".jp-Notebook")).to_be_visible(timeout=120_000)
    expect(lab.locator(".jp-Cell").nth(2)).to_contain_text("def normalize")

    # Answer task 1 in the browser and leave it to autosave (every 10 s, no Ctrl+S).
    editor = lab.locator(".jp-Cell").nth(2).locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(ANSWER)
    shot(page, "04-workspace-editing")
    notebook = hub.workspace("B1", "b001") / "exam.ipynb"
    deadline = time.monotonic() + 25
    while time.monotonic() < deadline and "typed in the browser" not in notebook.read_text():
        time.sleep(0.5)
    saved = json.loads(notebook.read_text())
    assert "typed in the browser" in "".join(saved["cells"][2]["source"]), "autosave did not write the answer"

    first = clock_seconds(page)
    page.wait_for_timeout(2500)
    assert clock_seconds(page) < first  # the clock runs
    expect(page.locator("#save-state")).to_contain_text("秒前已保存")

    page.click("#submit-button")
    expect(page.locator("#submit-dialog")).to_be_visible()
    expect(page.locator("#submit-files")).to_contain_text("exam.ipynb")
    shot(page, "05-submit-confirm")
    page.click("#submit-confirm")
    expect(page.locator("#receipt-dialog")).to_be_visible(timeout=30_000)
    expect(page.locator("#receipt-hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator("#receipt-id")).to_have_text("B1-b001-001")
    shot(page, "06-receipt")
    receipt_hash = page.inner_text("#receipt-hash")
    archived = hub.settings.sittings_dir / "B1" / "archive" / "b001" / "001-submit" / "exam.ipynb"
    assert "typed in the browser" in archived.read_text()

    # The proctor's live table shows the change.
    pctx = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 800})
    proctor = pctx.new_page()
    login(proctor, hub, "bproctor", sitting["proctor"])
    proctor.goto(hub.url + "/services/exam/proctor/B1")
    row = proctor.locator('tr[data-candidate="b001"]')
    expect(row.locator("td.status")).to_have_text("Submitted", timeout=15_000)
    expect(proctor.locator('tr[data-candidate="b002"] td.status')).to_have_text("Not started")
    shot(proctor, "07-proctor-table")

    # Extra time from the proctor desk reaches the candidate's clock.
    before = clock_seconds(page)
    row.get_by_role("button", name="Extra time").click()
    proctor.fill("#extra-minutes", "5")
    proctor.fill("#extra-reason", "network outage")
    proctor.click("#extra-apply")
    expect(row.locator("td").nth(7)).to_have_text("+5", timeout=15_000)
    expect(page.locator("#warning")).to_contain_text("5 分钟", timeout=15_000)
    page.wait_for_function(
        "b => { const [h, m, s] = document.querySelector('#countdown').textContent.split(':').map(Number);"
        " return h * 3600 + m * 60 + s > b; }", arg=before + 250, timeout=5_000)
    shot(page, "08-extra-time-candidate")

    # The printable receipt carries the same hash.
    page.goto(hub.url + "/services/exam/")
    receipt_link = page.locator("#receipts a").first
    receipt_link.click()
    expect(page.locator("#receipt")).to_contain_text(receipt_hash)
    shot(page, "09-receipt-page")
    ctx.close()
    pctx.close()


def test_language_switch_and_english_portal(browser, hub, sitting):
    ctx = browser.new_context(locale="zh-CN")
    page = ctx.new_page()
    login(page, hub, "b002", sitting["passwords"]["b002"])
    expect(page.locator("#start-button")).to_have_text("开始考试")
    page.click("#lang-switch")
    expect(page.locator("#start-button")).to_have_text("Start the exam")
    expect(page.locator("#exam-title")).to_have_text("Demo exam: NumPy basics")
    shot(page, "10-portal-en")
    page.goto(hub.url + "/hub/logout")  # back on the hub's own login page, which follows the choice
    page.goto(hub.url + "/hub/login")
    expect(page.locator("h1")).to_contain_text("Sign in")
    expect(page.locator("label[for=username_input] .lang-en")).to_be_visible()
    expect(page.locator("label[for=username_input] .lang-zh")).to_be_hidden()
    shot(page, "10b-login-en")
    ctx.close()


def test_a_skewed_browser_clock_changes_nothing(browser, hub):
    passwords = hub.create_sitting("B2", ["b101"])
    ctx = browser.new_context(locale="en-US")
    # The candidate's computer thinks it is three hours later than it is.
    ctx.add_init_script("""
        (() => {
          const skew = 3 * 3600 * 1000, Real = Date;
          class Skewed extends Real {
            constructor(...a) { if (a.length === 0) super(Real.now() + skew); else super(...a); }
            static now() { return Real.now() + skew; }
          }
          window.Date = Skewed;
        })();
    """)
    page = ctx.new_page()
    start_exam(page, hub, "b101", passwords["b101"])
    expect(page.locator("#countdown")).to_have_text(re.compile(r"^(01:59|02:00):\d\d$"), timeout=30_000)
    page.wait_for_timeout(6000)  # past a re-sync with the server
    assert clock_seconds(page) > 7000
    expect(page.locator("#overlay-text")).not_to_contain_text("Time is over")
    ctx.close()


def test_last_minute_warning_and_time_over_in_the_browser(browser, hub):
    passwords = hub.create_sitting("B3", ["b201"], mode="practice", duration_s=75)
    ctx = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    start_exam(page, hub, "b201", passwords["b201"])
    expect(page.locator("#warning")).to_contain_text("1 minute(s) left", timeout=60_000)
    expect(page.locator("#exam-bar")).to_have_class(re.compile(r"\bred\b"))
    shot(page, "11-one-minute-warning")
    expect(page.locator("#overlay-text")).to_contain_text("Time is over", timeout=90_000)
    expect(page.locator("#overlay-extra")).to_contain_text("B3-b201-001")
    expect(page.locator("#submit-button")).to_be_disabled()
    shot(page, "12-time-over")
    ctx.close()


def test_a_lost_submit_answer_is_retried_with_the_same_key_and_stored_once(browser, hub):
    """The faults of a real exam room: the first Submit never reaches the service, the second is
    stored but its answer is lost (the proxy says 503). The page retries by itself with the same
    key, says so in the candidate's language, and shows the one receipt that was stored."""
    from sqlalchemy import select

    from practicum.db.models import Submission

    passwords = hub.create_sitting("BR-RETRY", ["br301"], mode="practice", duration_s=1800)
    ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    start_exam(page, hub, "br301", passwords["br301"])
    expect(page.frame_locator("#lab").locator(".jp-Cell").nth(2)).to_contain_text("def normalize", timeout=120_000)

    keys: list[str] = []

    def flaky_network(route, request):
        keys.append(json.loads(request.post_data)["key"])
        if len(keys) == 1:
            route.abort("connectionreset")  # never reached the service
        elif len(keys) == 2:
            route.fetch()  # reached it and was stored; the answer is lost on the way back
            route.fulfill(status=503, content_type="text/html", body="<html><body>503 Service Unavailable</body></html>")
        else:
            route.continue_()

    page.route("**/services/exam/api/submit", flaky_network)
    page.click("#submit-button")
    expect(page.locator("#submit-dialog")).to_be_visible()
    page.click("#submit-confirm")
    expect(page.locator("#submit-error")).to_contain_text("正在第", timeout=10_000)
    expect(page.locator("#submit-error")).to_contain_text("自动重试")
    shot(page, "13-submit-retrying-zh")
    expect(page.locator("#receipt-dialog")).to_be_visible(timeout=30_000)
    expect(page.locator("#receipt-replayed")).to_be_visible()
    expect(page.locator("#receipt-id")).to_have_text("BR-RETRY-br301-001")
    shot(page, "14-receipt-after-retry-zh")
    assert len(keys) == 3 and len(set(keys)) == 1, keys
    with hub.store.session() as db:
        subs = db.scalars(select(Submission).join(Submission.candidate).where(
            Submission.client_key == keys[0])).all()
        assert [s.seq for s in subs] == [1]  # stored once, though sent three times
        assert subs[0].sha256 == page.inner_text("#receipt-hash")
    ctx.close()
    # The proctor's desk shows what happened, in words.
    pctx = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 800})
    proctor = pctx.new_page()
    login(proctor, hub, "brproctor", hub.add_staff("brproctor", "proctor"))
    proctor.goto(hub.url + "/services/exam/proctor/BR-RETRY")
    expect(proctor.locator("#events")).to_contain_text("submit retried: original receipt returned", timeout=15_000)
    expect(proctor.locator("#events")).to_contain_text("submitted")
    shot(proctor, "15-proctor-events-after-retry")
    pctx.close()
