"""The CV exams' generated material: cv-junior's deployed-product sites (part E) are deterministic
and each hidden site leads to a different, unambiguous answer, so a hard-coded answer cannot pass;
the released templates are the solutions with only the solution regions taken out.
(The exams' reference and starter runs are covered by tests/test_check.py.)"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml

from practicum.core.settings import PROJECT_ROOT

ML_PYTHON = PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"
JUNIOR = PROJECT_ROOT / "labs" / "cv-junior"
PRACTICE = PROJECT_ROOT / "labs" / "cv-practice"


def build(dest: Path) -> Path:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    res = subprocess.run([str(ML_PYTHON), str(JUNIOR / "build.py"), str(dest)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    return dest


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    if not ML_PYTHON.exists():
        pytest.skip("the ml lab environment is not set up (scripts/setup)")
    root = tmp_path_factory.mktemp("cvj")
    a, b = build(root / "a"), build(root / "b")
    return a, b


def site_dirs(root: Path) -> dict[str, Path]:
    return {"deployed": root / "source" / "cv" / "deployed", "deployed_b": root / "hidden" / "data" / "deployed_b",
            "deployed_c": root / "hidden" / "data" / "deployed_c"}


def records(folder: Path) -> tuple[list[dict], int]:
    good, broken = [], 0
    for line in (folder / "logs" / "inference.jsonl").read_text().splitlines():
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
    start = min(r["ts"] for r in recs if r["model_version"] == "v2")
    period = [r for r in recs if r["ts"] >= start]

    def rate(v):
        mine = [r for r in period if r["model_version"] == v]
        return sum(r["status"] != "ok" for r in mine) / len(mine)

    def p95(v):
        return float(np.percentile([r["latency_ms"] for r in period if r["status"] == "ok" and r["model_version"] == v], 95))

    return {"error_gap": rate("v2") - rate("v1"), "latency_ratio": p95("v2") / p95("v1")}


def test_sites_are_deterministic(sites):
    a, b = sites
    for name, folder in site_dirs(a).items():
        files = sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
        assert len(files) == 7, name
        for rel in files:
            assert (folder / rel).read_bytes() == (site_dirs(b)[name] / rel).read_bytes(), (name, rel)


def test_each_site_has_its_own_answer_with_margins(sites):
    dirs = site_dirs(sites[0])
    assert mismatches(dirs["deployed"]) == ["models/v1/labels.json"]
    assert mismatches(dirs["deployed_b"]) == ["models/v2/shape_cls.onnx"]
    assert mismatches(dirs["deployed_c"]) == []
    figures = {name: canary_figures(folder) for name, folder in dirs.items()}
    # the decision rule: error gap > 0.01 fails, latency ratio > 1.2 fails; every site stays clear of both edges
    for name, f in figures.items():
        assert abs(f["error_gap"] - 0.01) > 0.005, (name, f)
        assert abs(f["latency_ratio"] - 1.2) > 0.1, (name, f)
    assert figures["deployed"]["error_gap"] < 0.01 and figures["deployed"]["latency_ratio"] < 1.2       # upgrade
    assert figures["deployed_b"]["error_gap"] < 0.01 and figures["deployed_b"]["latency_ratio"] > 1.2   # latency
    assert figures["deployed_c"]["error_gap"] > 0.01 and figures["deployed_c"]["latency_ratio"] < 1.2   # error rate


def test_logs_look_like_a_service(sites):
    for name, folder in site_dirs(sites[0]).items():
        recs, broken = records(folder)
        assert len(recs) > 1500 and broken >= 1, name  # a few lines cut short by a crash
        hours = {r["ts"][:13] for r in recs}
        assert len(hours) == 6, name
        errors = [r for r in recs if r["status"] == "error"]
        assert {r["error"] for r in errors} == {"camera_timeout", "decode_error", "model_error"}, name
        config = json.loads((folder / "config.json").read_text())
        assert config["active_version"] == "v1" and config["canary_version"] == "v2"


def test_deployed_models_are_real_onnx(sites):
    code = ("import sys, numpy as np, onnxruntime as ort\n"
            "s = ort.InferenceSession(sys.argv[1], providers=['CPUExecutionProvider'])\n"
            "print(s.run(None, {'image': np.zeros((2, 32, 32, 3), np.float32)})[0].shape)\n")
    folder = site_dirs(sites[0])["deployed"]
    res = subprocess.run([str(ML_PYTHON), "-c", code, str(folder / "models" / "v2" / "shape_cls.onnx")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "(2, 3)", res.stderr[-1000:]


@pytest.mark.parametrize("lab,name", [(JUNIOR, "detect.py"), (PRACTICE, "detect.py"), (PRACTICE, "segment.py")])
def test_templates_are_the_solutions_without_answers(lab, name):
    solution = (lab / "solution" / name).read_text()
    released = next((lab / "source").glob(f"*/templates/{name}")).read_text()
    assert "BEGIN SOLUTION" not in released and "NotImplementedError" in released
    assert released.count("raise NotImplementedError()") == solution.count("### BEGIN SOLUTION") > 0
    # the given part is unchanged, but for the wording a lab declares for a solution it shares
    spec = yaml.safe_load((lab / "starters.yaml").read_text()) if (lab / "starters.yaml").is_file() else {}
    entry = next((v for k, v in (spec or {}).items() if k.endswith(f"templates/{name}")), None)
    for old_text, new_text in (entry.get("replace", {}) if isinstance(entry, dict) else {}).items():
        solution = solution.replace(old_text, new_text)
    keep = [line for line in solution.splitlines() if "SOLUTION" not in line]
    assert all(line in released.splitlines() for line in keep[:20])
    assert not list((lab / "source").glob(f"*/{name}"))  # the deliverable itself is never released
