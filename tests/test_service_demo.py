"""The platform and integration exams in the demo hub, as candidates use them: each opens a lab in
the `ml` environment with a port of the candidate's own; a platform candidate trains and converts
the model, writes the service, starts it in the lab and calls it, submits, and the grader starts
the delivered service from the candidate's own start script and probes it; the examiner sees it."""

from __future__ import annotations

import json

import pytest
from hubtest import ARTIFACTS
from playwright.sync_api import expect, sync_playwright
from test_browser import CHROMIUM_ARGS, login
from test_model_demo import _solution_code, candidate, close_and_grade, open_lab

from practicum.core.settings import PROJECT_ROOT

SERVICE_EXAMS = ["platform-junior", "platform-intermediate", "platform-senior", "platform-practice",
                 "integration-junior", "integration-intermediate", "integration-senior", "integration-practice"]
PRESENT = [e for e in SERVICE_EXAMS if (PROJECT_ROOT / "labs" / e / "exam.yaml").exists()]


def test_the_demo_opens_every_service_exam(demo_hub):
    hub, creds = demo_hub
    assert set(PRESENT) <= set(creds["extra"])
    banner = hub.output()
    for exam_id in PRESENT:
        [(cid, password)] = creds["extra"][exam_id]["candidates"].items()
        assert f"{cid:<9} password {password}" in banner


@pytest.mark.parametrize("exam_id", PRESENT)
def test_each_service_lab_has_its_tools_and_a_port_of_its_own(demo_hub, exam_id):
    hub, creds = demo_hub
    cand, _, _ = candidate(hub, creds, exam_id)
    open_lab(cand)
    lab = cand.lab()
    names = {f["name"] for f in lab.contents().json()["content"]}
    assert any(n.endswith(".ipynb") for n in names) and not {"hidden", "solution"} & names, names
    out = lab.run(
        "import os, json, fastapi, uvicorn, onnxruntime, paddle2onnx\n"
        "files = [os.path.join(d, f) for d, _, fs in os.walk('.') for f in fs]\n"
        "print(json.dumps({'port': os.environ.get('PORT'), 'hidden': any('/hidden/' in f for f in files)}))",
        timeout=120)
    got = json.loads(out.strip().splitlines()[-1])
    assert got["hidden"] is False and got["port"] and got["port"].isdigit() and got["port"] != "8080", got
    lab.close()


@pytest.mark.skipif("platform-junior" not in PRESENT, reason="the platform junior exam is not in labs/")
def test_a_platform_candidate_serves_the_model_submits_and_the_grader_starts_it(demo_hub):
    hub, creds = demo_hub
    cand, cid, sitting = candidate(hub, creds, "platform-junior")
    open_lab(cand)
    lab = cand.lab()
    source = PROJECT_ROOT / "labs" / "platform-junior" / "source" / "platform" / "exam.ipynb"
    for code in _solution_code(source, "b1_convert"):  # train, export, convert, as typed in the lab
        out = lab.run(code, timeout=300)
        assert "ERR" not in out, out
    # The candidate writes the service and its start script in JupyterLab's editor.
    solution = PROJECT_ROOT / "labs" / "platform-junior" / "solution" / "deploy"
    for name in ("serve.py", "start.sh"):
        text = "\n".join(line for line in (solution / name).read_text().splitlines()
                         if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
        r = lab.save(f"deploy/{name}", text)
        assert r.status_code in (200, 201), r.text
    # ... starts it on the lab's own port and calls it, as the notebook's helpers do.
    given = next(c for c in _solution_code(source, "e2_inspect") if "def start_service" in c)
    assert "ERR" not in lab.run(given, timeout=60)  # the notebook's start_service, stop_service and post
    out = lab.run(
        "svc = start_service('deploy/start.sh', PORT)\n"
        "status, doc, _ = post(f'http://127.0.0.1:{PORT}/predict', {'pixels': [float(v) for v in val_x[0].ravel()]})\n"
        "bad, _, _ = post(f'http://127.0.0.1:{PORT}/predict', b'{not json')\n"
        "stop_service(svc)\n"
        "print(json.dumps({'status': status, 'label': doc['label'], 'truth': int(val_y[0]), 'bad': bad}))",
        timeout=120)
    got = json.loads(out.strip().splitlines()[-1])
    assert got["status"] == 200 and got["bad"] == 400 and 0 <= got["label"] <= 9, out
    receipt = cand.post("api/submit").json()["receipt"]
    assert {"deploy/serve.py", "deploy/start.sh", "deploy/model/digits.onnx"} <= {f["path"] for f in receipt["files"]}
    lab.close()

    tasks, checks = close_and_grade(hub, sitting)
    rows = {r["name"]: r for r in checks if r.get("task") == "d2-service"}
    assert rows["start"]["credit"] == 1 and "started by bash deploy/start.sh" in rows["start"]["reason"], rows
    assert rows["correct"]["credit"] == 1 and rows["bad_requests"]["credit"] == 1, rows
    assert tasks["d2-service"]["score"] == tasks["d2-service"]["points"]
    assert tasks["c1-online"]["score"] == tasks["c1-online"]["points"], [r for r in checks if r.get("task") == "c1-online"]
    assert tasks["e1-repair"]["score"] == 0  # the broken site was left as released

    with sync_playwright() as p:  # the examiner's review shows what the grader started and measured
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(locale="en-US", viewport={"width": 1440, "height": 1200}).new_page()
        login(page, hub, "examiner1", creds["accounts"]["examiner1"])
        page.goto(f"{hub.url}/services/exam/examiner/{sitting}/candidate/{cid}")
        task = page.locator("#task-d2-service")
        expect(task).to_contain_text("bash deploy/start.sh → POST /predict → label")
        expect(task).to_contain_text("malformed requests refused with a 4xx")
        expect(page.locator("#task-c1-online")).to_contain_text("measured by the grader")
        expect(page.locator("#task-e1-repair")).to_contain_text("ops/start.sh")
        task.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "platform_examiner_review.png"), full_page=True)
        browser.close()
