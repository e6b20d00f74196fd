"""AI application integration exams for real: each exam's sitting is built by its build.py (real
components trained and written as ONNX), its services are started by the service grader in its sandbox
and probed with the hidden requests. The released operations sites are broken each in its intended way
and repaired by the reference; integration bugs in the assistant's glue cost the service its points;
customer B's deployment needs the configuration honoured (the committed notebooks are what
`practicum author` renders: tests/test_authoring.py)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from uids import uid_for

from practicum.core.exam_spec import load_exam
from practicum.core.settings import PROJECT_ROOT, Settings
from practicum.grading.context import GradingContext
from practicum.grading.kinds.service import grade_service
from practicum.grading.pipeline import reference
from practicum.sittings.sitting_files import prepare_sitting

UID = uid_for(__name__)
LABS = PROJECT_ROOT / "labs"
JUNIOR = LABS / "integration-junior"


def sitting(data_root, exam_id: str, name: str) -> GradingContext:
    settings = Settings(data_dir=data_root / "integration-data", labs_dir=LABS)
    files = prepare_sitting(settings, name, load_exam(LABS, exam_id))
    ctx = GradingContext.for_sitting(settings, files, cgroup_namespace="practicum-tests",
                                      scratch_root=data_root / "integration-scratch")
    reference(ctx, UID)
    return ctx


@pytest.fixture(scope="module")
def intermediate(data_root):
    return sitting(data_root, "integration-intermediate", "INTEGRATION-I")


@pytest.fixture(scope="module")
def senior(data_root):
    return sitting(data_root, "integration-senior", "INTEGRATION-S")


@pytest.fixture(scope="module")
def junior(data_root):
    return sitting(data_root, "integration-junior", "INTEGRATION-J")


def grade(ctx, task_id: str, sub: Path) -> dict[str, dict]:
    task = next(t for t in ctx.exam.tasks if t.id == task_id)
    rows = grade_service(task, sub, hidden_dir=ctx.exam.hidden_dir, lab_env=ctx.lab_env, uid=UID,
                         scratch_root=ctx.scratch_root, limits=ctx.model_limits(), cgroup_namespace=ctx.cgroup_namespace)
    return {r["name"]: r for r in rows}


def ref_submission(ctx, tmp_path) -> Path:
    return ctx.reference_submission(tmp_path / f"sub-{time.monotonic_ns()}")


def test_reference_service_earns_every_row_with_a_measured_latency(junior, tmp_path):
    sub = ref_submission(junior, tmp_path)
    rows = grade(junior, "d1-service", sub)
    assert all(r["ok"] for r in rows.values()), rows
    assert "140 hidden requests (140 answered)" in rows["correct"]["reason"]
    p95 = float(rows["latency"]["reason"].split("p95 ")[1].split(" ms")[0])
    assert 0 < p95 < 40
    assert rows["bad_requests"]["reason"].startswith("10 of 10")


def test_released_sites_are_broken_each_in_its_own_way(junior):
    released = junior.release_dir
    site1 = grade(junior, "e1-site1", released)["correct"]
    assert not site1["ok"] and "never became ready" in site1["reason"]
    site2 = grade(junior, "e2-site2", released)["correct"]
    assert site2["credit"] == 0 and "(0 answered)" in site2["reason"] and "400" in site2["reason"]
    site3 = grade(junior, "e3-site3", released)["correct"]  # answers every request, with the wrong labels
    assert site3["credit"] == 0 and "(40 answered)" in site3["reason"]
    assert float(site3["reason"].split("accuracy ")[1].split(" ")[0]) < 0.8
    site4 = grade(junior, "e4-site4", released)["correct"]
    assert site4["credit"] == 0 and "500" in site4["reason"]


def test_reference_repairs_every_site_and_a_rollback_is_not_the_repair(junior, tmp_path):
    sub = ref_submission(junior, tmp_path)
    for task in ("e1-site1", "e2-site2", "e3-site3", "e4-site4"):
        assert grade(junior, task, sub)["correct"]["ok"], task
    # site 4's customer keeps kws 2.0.0: rolling back to 1.2.0 answers differently
    cfg = sub / "ops" / "site4" / "config" / "remote.yaml"
    cfg.write_text(cfg.read_text().replace("kws-2.0.0", "kws-1.2.0").replace("mfcc13", "logmel40"))
    assert grade(junior, "e4-site4", sub)["correct"]["credit"] == 0


def test_label_mapping_bug_in_the_glue_costs_the_service_its_answers(junior, tmp_path):
    sub = ref_submission(junior, tmp_path)
    path = sub / "app" / "pipeline.py"
    old = 'label = self.kws_card["classes"][int(probs.argmax())]'
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, 'label = sorted(self.kws_card["classes"])[int(probs.argmax())]'))
    rows = grade(junior, "d1-service", sub)
    assert rows["start"]["ok"] and rows["correct"]["credit"] < 1
    assert float(rows["correct"]["reason"].split("accuracy ")[1].split(" ")[0]) < 0.9


def test_site_b_needs_the_configuration_honoured(junior, tmp_path):
    sub = ref_submission(junior, tmp_path)
    serve = sub / "app" / "serve.py"
    old = 'Assistant(os.environ.get("ASSISTANT_CONFIG", "config/assistant.yaml"))'
    assert old in serve.read_text()
    serve.write_text(serve.read_text().replace(old, 'Assistant("config/assistant.yaml")'))  # hard-coded config
    assert grade(junior, "d1-service", sub)["correct"]["ok"]
    site_b = grade(junior, "d2-site-b", sub)["correct"]
    assert site_b["credit"] == 0


def test_hidden_answers_depend_on_the_configuration_and_cover_both_components(junior):
    hidden = junior.exam.hidden_dir
    bodies = [json.loads(line) for line in (hidden / "data" / "assistant" / "requests.jsonl").read_text().splitlines()]
    actions = np.load(hidden / "labels" / "assistant" / "actions.npy")
    assert "text" in bodies[0] and sum("audio" in b for b in bodies) == 50 and len(bodies) == 140
    assert len(set(actions.tolist())) >= 15 and (actions == "ask_again").mean() < 0.5
    site_b = np.load(hidden / "labels" / "assistant" / "site_b.npy")
    assert {"curtain.open", "call_front_desk"} & set(site_b.tolist())
    sites = [np.load(hidden / "labels" / "assistant" / f"site{i}.npy") for i in range(1, 5)]
    assert (sites[0] == sites[1]).all() and (sites[0] == sites[2]).all() and (sites[3] != sites[0]).mean() > 0.2


@pytest.mark.slow  # the intermediate sitting trains its components with Paddle (about 30 s)
def test_intermediate_line2_fails_as_released_and_fixing_the_range_alone_is_not_the_repair(intermediate, tmp_path):
    released = grade(intermediate, "e1-line2", intermediate.release_dir)["correct"]
    assert released["credit"] == 0 and "(0 answered)" in released["reason"] and "500" in released["reason"]
    sub = ref_submission(intermediate, tmp_path)
    cfg = sub / "ops" / "line2" / "config" / "counter.yaml"
    assert grade(intermediate, "e1-line2", sub)["correct"]["ok"]
    cfg.write_text(cfg.read_text().replace("layout: NCHW", "layout: NHWC"))  # the range fixed, the layout not
    half = grade(intermediate, "e1-line2", sub)["correct"]
    assert half["credit"] == 0 and "(0 answered)" in half["reason"]


@pytest.mark.slow  # the intermediate sitting trains its components with Paddle (about 30 s)
def test_intermediate_service_counting_uncertain_detections_loses_the_summary(intermediate, tmp_path):
    sub = ref_submission(intermediate, tmp_path)
    rows = grade(intermediate, "d1-service", sub)
    assert all(r["ok"] for r in rows.values()), rows
    path = sub / "app" / "inspector.py"
    old = 'certain = [d for d in detections if d["score"] >= config["min_score"]]'
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, "certain = list(detections)"))
    assert grade(intermediate, "d1-service", sub)["correct"]["credit"] < 1


@pytest.mark.slow  # four gradings of the gateway, one waiting out the cloud's 1.5 s stalls
def test_senior_gateway_meets_its_budget_only_with_a_timeout_and_must_use_the_cloud(senior, tmp_path):
    sub = ref_submission(senior, tmp_path)
    rows = grade(senior, "d1-gateway", sub)
    assert all(r["ok"] for r in rows.values()), rows
    assert grade(senior, "d1-reason", sub)["correct"]["ok"]
    cfg = sub / "config" / "gateway.yaml"
    cfg.write_text(cfg.read_text().replace("timeout_ms: 300", "timeout_ms: 5000"))  # waits for the stalled cloud
    slow = grade(senior, "d1-gateway", sub)
    assert slow["start"]["ok"] and slow["latency"]["credit"] == 0, slow["latency"]["reason"]
    assert not slow["correct"]["ok"]  # the stalled answers arrive: routed to the cloud where a timeout goes local
    gateway = sub / "app" / "gateway.py"
    old = "        self.cloud = cloud or self.cloud_http\n"
    assert old in gateway.read_text()
    gateway.write_text(gateway.read_text().replace(old, old + "        self.cloud = self.no_cloud\n") + (
        "\n    def no_cloud(self, text, lang):\n        raise CloudFailure(\"error\", \"not asked\")\n"))
    local_only = grade(senior, "d1-gateway", sub)["correct"]
    assert local_only["credit"] == 0 and float(local_only["reason"].split("accuracy ")[1].split(" ")[0]) < 0.7


def test_senior_canary_releases_cover_promotion_rollback_and_completion(senior):
    def read(path):
        return [json.loads(line) for line in path.read_text().splitlines()]

    exam = senior.exam
    public = read(exam.root / "source" / "senior" / "data" / "canary.jsonl")
    hidden = {n: read(exam.hidden_dir / "data" / "canary" / f"{n}.jsonl") for n in ("b", "c")}

    def unhealthy(w):
        b, c = w["baseline"], w["canary"]
        return c["error_rate"] > 2 * b["error_rate"] + 0.002 or c["p95_ms"] > 1.2 * b["p95_ms"]

    assert [unhealthy(w) for w in public].index(True) == 6
    assert [unhealthy(w) for w in hidden["b"]].index(True) == 5
    assert not any(unhealthy(w) for w in hidden["c"])


def test_junior_build_is_deterministic(junior, tmp_path):
    """A second build of the junior exam writes the same components and hidden answers byte for byte."""
    import shutil
    import subprocess

    copy = tmp_path / "again"
    shutil.copytree(JUNIOR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT), "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1"}
    subprocess.run([str(junior.lab_env / "bin" / "python"), str(copy / "build.py"), str(copy)], check=True, env=env,
                   capture_output=True, timeout=300)
    first = junior.exam.root
    for rel in ["source/integration/components/kws.onnx", "source/integration/components/intent.onnx",
                "source/integration/components/intent_vocab.json", "source/integration/ops/site4/models/kws-2.0.0.onnx",
                "hidden/data/assistant/requests.jsonl"]:
        assert (first / rel).read_bytes() == (copy / rel).read_bytes(), rel
    for name in ("actions", "site_b", "site1", "site4"):
        assert (np.load(first / "hidden" / "labels" / "assistant" / f"{name}.npy")
                == np.load(copy / "hidden" / "labels" / "assistant" / f"{name}.npy")).all(), name


@pytest.mark.slow  # builds the practice sitting and runs two notebooks in a kernel
def test_practice_feedback_cells_work_in_the_lab(data_root, tmp_path):
    """The instant feedback as a learner sees it (no grading flag, hidden tests stripped, the lab's own
    kernel): the planted-bug table of 03 and the service check of 04, with the reference's app/ and tests/."""
    import os
    import shutil
    import subprocess

    ctx = sitting(data_root, "integration-practice", "INTEGRATION-P")
    lab = tmp_path / "lab"
    shutil.copytree(ctx.release_dir, lab)
    shutil.copytree(ctx.solution_dir, lab, dirs_exist_ok=True)
    runner = (
        "import re, sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "for c in nb.cells:\n"
        "    if c.cell_type == 'code':\n"
        "        c.source = re.sub(r'### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\\n?', '', c.source, flags=re.S)\n"
        "NotebookClient(nb, timeout=300, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()\n"
        "print(''.join(o.get('text', '') for c in nb.cells if c.cell_type == 'code' for o in c.get('outputs', [])))\n")
    env = {k: v for k, v in os.environ.items() if k != "PRACTICUM_GRADING"}
    env.update(PATH=f"{ctx.lab_env / 'bin'}:{os.environ['PATH']}", PORT="18795", MPLBACKEND="Agg",
               JUPYTER_PATH=str(ctx.lab_env / "share" / "jupyter"))
    outputs = {}
    for name in ("03_tests.ipynb", "04_serve.ipynb"):
        run = subprocess.run([str(ctx.lab_env / "bin" / "python"), "-c", runner, str(lab / name), str(lab)], env=env,
                             capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-2000:]
        outputs[name] = run.stdout
    assert "on the correct implementation: all pass" in outputs["03_tests.ipynb"]
    assert outputs["03_tests.ipynb"].count("caught by") == 8 and "not caught" not in outputs["03_tests.ipynb"]
    assert "100 of 100 answers equal the pipeline run in this notebook" in outputs["04_serve.ipynb"]
    assert "should be 4xx" not in outputs["04_serve.ipynb"] and "GET /health after the bad requests: 200" in outputs["04_serve.ipynb"]
