"""The NLP and speech labs' generated material: nlp-junior's voice-command service sites (part E) are
deterministic and each hidden site leads to a different answer that stays clear of every decision
edge, so a hard-coded answer cannot pass; the deployed models are real ONNX graphs; the hidden
log-mel input of the keyword model tasks is labkit.audio.log_mel of the hidden clips; the released
templates are the solutions with only the solution regions taken out.
(The exams' reference and starter runs are covered by tests/test_check.py.)"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from practicum.core.settings import PROJECT_ROOT

ML_PYTHON = PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"
JUNIOR = PROJECT_ROOT / "labs" / "nlp-junior"
PRACTICE = PROJECT_ROOT / "labs" / "nlp-practice"


def build(lab: Path, dest: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    res = subprocess.run([str(ML_PYTHON), str(lab / "build.py"), str(dest)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    return dest


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    if not ML_PYTHON.exists():
        pytest.skip("the ml lab environment is not set up (scripts/setup)")
    root = tmp_path_factory.mktemp("nlpj")
    return build(JUNIOR, root / "a"), build(JUNIOR, root / "b")


def site_dirs(root: Path) -> dict[str, Path]:
    return {"deployed": root / "source" / "nlp" / "deployed", "deployed_b": root / "hidden" / "data" / "deployed_b",
            "deployed_c": root / "hidden" / "data" / "deployed_c"}


def records(folder: Path) -> tuple[list[dict], int]:
    good, broken = [], 0
    for line in (folder / "logs" / "requests.jsonl").read_text(encoding="utf-8").splitlines():
        try:
            good.append(json.loads(line))
        except json.JSONDecodeError:
            broken += 1
    return good, broken


def mismatches(folder: Path) -> list[str]:
    manifest = json.loads((folder / "manifest.json").read_text())
    return sorted(rel for v in manifest["versions"].values() for rel, info in v["files"].items()
                  if hashlib.sha256((folder / rel).read_bytes()).hexdigest() != info["sha256"])


def canary_figures(folder: Path) -> dict:
    recs, _ = records(folder)
    config = json.loads((folder / "config.json").read_text())
    start = min(r["ts"] for r in recs if r["model_version"] == "v2")
    period = [r for r in recs if r["ts"] >= start]

    def mine(v):
        return [r for r in period if r["model_version"] == v]

    def rate(v):
        return sum(r["status"] != "ok" for r in mine(v)) / len(mine(v))

    def p95(v):
        return float(np.percentile([r["latency_ms"] for r in mine(v) if r["status"] == "ok"], 95))

    def low(v):
        return float(np.mean([r["confidence"] < config["confidence_threshold"] for r in mine(v) if r["status"] == "ok"]))

    return {"error_gap": rate("v2") - rate("v1"), "latency_ratio": p95("v2") / p95("v1"), "lowconf_gap": low("v2") - low("v1"),
            "drift": sorted({r["host"] for r in recs if r["model_version"] not in (config["active_version"], config["canary_version"])})}


def test_sites_are_deterministic(sites):
    a, b = sites
    for name, folder in site_dirs(a).items():
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        assert len(files) == 11, (name, files)
        for rel in files:
            assert (folder / rel).read_bytes() == (site_dirs(b)[name] / rel).read_bytes(), (name, rel)


def test_each_site_has_its_own_answer_with_margins(sites):
    dirs = site_dirs(sites[0])
    assert mismatches(dirs["deployed"]) == ["models/v1/vocab.json"]
    assert mismatches(dirs["deployed_b"]) == ["models/v2/intent.onnx"]
    assert mismatches(dirs["deployed_c"]) == []
    f = {name: canary_figures(folder) for name, folder in dirs.items()}
    # the rule: error gap > 0.01, latency ratio > 1.2, low-confidence gap > 0.05 fail; every site stays clear of the edges
    for name, fig in f.items():
        assert abs(fig["error_gap"] - 0.01) > 0.005, (name, fig)
        assert abs(fig["latency_ratio"] - 1.2) > 0.1, (name, fig)
        assert abs(fig["lowconf_gap"] - 0.05) > 0.02, (name, fig)
    fails = {name: [k for k, edge in (("error_gap", 0.01), ("latency_ratio", 1.2), ("lowconf_gap", 0.05)) if fig[k] > edge]
             for name, fig in f.items()}
    assert fails == {"deployed": [], "deployed_b": ["latency_ratio"], "deployed_c": ["error_gap", "lowconf_gap"]}
    assert [fig["drift"] for fig in f.values()] == [["gw-3"], [], ["gw-1", "gw-4"]]


def test_logs_look_like_a_service(sites):
    for name, folder in site_dirs(sites[0]).items():
        recs, broken = records(folder)
        assert len(recs) > 3000 and broken >= 1, name  # a few lines cut short by a crash
        assert len({r["ts"][:13] for r in recs}) == 6, name
        assert {r["kind"] for r in recs} == {"speech", "text"} and {r["lang"] for r in recs} == {"zh", "en"}
        assert {r["host"] for r in recs} == {"gw-1", "gw-2", "gw-3", "gw-4"}
        errors = [r for r in recs if r["status"] == "error"]
        assert {r["error"] for r in errors} == {"asr_timeout", "audio_decode", "model_error", "bad_request"}, name
        assert all(0 <= r["confidence"] <= 1 for r in recs if r["status"] == "ok")


def test_deployed_models_are_real_onnx(sites):
    code = ("import sys, numpy as np, onnxruntime as ort\n"
            "k = ort.InferenceSession(sys.argv[1] + '/kws.onnx', providers=['CPUExecutionProvider'])\n"
            "i = ort.InferenceSession(sys.argv[1] + '/intent.onnx', providers=['CPUExecutionProvider'])\n"
            "print(k.run(None, {'logmel': np.zeros((2, 40, 98), np.float32)})[0].shape,\n"
            "      i.run(None, {'ids': np.ones((3, 32), np.int64)})[0].shape)\n")
    folder = site_dirs(sites[0])["deployed"] / "models" / "v2"
    res = subprocess.run([str(ML_PYTHON), "-c", code, str(folder)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "(2, 12) (3, 10)", res.stderr[-1000:]


def test_hidden_logmel_is_labkit_of_the_hidden_clips(sites):
    root = sites[0]
    code = ("import sys, numpy as np\nfrom labkit import audio\n"
            "w = np.load(sys.argv[1] + '/speech_commands/waves.npy')\n"
            "x = np.load(sys.argv[1] + '/speech_logmel/x.npy')\n"
            "assert x.dtype == np.float32 and x.shape == (len(w), 40, 98), x.shape\n"
            "assert np.array_equal(x[:50], audio.log_mel(w[:50], 8000))\nprint('ok')\n")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    res = subprocess.run([str(ML_PYTHON), "-c", code, str(root / "hidden" / "data")], capture_output=True, text=True,
                         env=env, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-1000:]
    # answers stay out of the inputs: the hidden data folder has no labels, the release has no test split
    assert not list((root / "hidden" / "data").rglob("labels.npy")) and not list((root / "hidden" / "data").rglob("intents.npy"))
    assert not (root / "source" / "nlp" / "data" / "speech_commands" / "test").exists()


@pytest.mark.parametrize("lab,name", [(JUNIOR, "predict_intent.py"), (PRACTICE, "nlu.py")])
def test_templates_are_the_solutions_without_answers(lab, name):
    solution = (lab / "solution" / name).read_text()
    released = next((lab / "source").glob(f"*/templates/{name}")).read_text()
    assert "BEGIN SOLUTION" not in released and "NotImplementedError" in released
    assert released.count("raise NotImplementedError()") == solution.count("### BEGIN SOLUTION") > 0
    given = re.sub(r"^ *### BEGIN SOLUTION\n.*?^ *### END SOLUTION\n", "", solution, flags=re.MULTILINE | re.DOTALL)
    starter = re.sub(r"^ *# YOUR CODE HERE\n *raise NotImplementedError\(\)\n", "", released, flags=re.MULTILINE)
    assert given == starter  # the given part is unchanged
    assert not list((lab / "source").glob(f"*/{name}"))  # the deliverable itself is never released


def test_practice_scripts_import_the_learners_module():
    for script in ("predict_intent.py", "predict_slots.py"):
        src = (PRACTICE / "source" / "practice" / script).read_text()
        assert "import nlu" in src and "nlu.encode" in src and "BEGIN SOLUTION" not in src
