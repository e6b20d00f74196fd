"""The intermediate and senior CV exams' own material (the committed notebooks are what
`practicum author` renders: tests/test_authoring.py); cv-intermediate's deployed service really is broken by its four planted
defects (and the reference repair really fixes it, with ONNX Runtime); cv-senior's data (site
camera, logs) is deterministic and its hidden days raise the intended alerts; each hidden variant of
cv-senior's product model fails exactly the intended tests of the reference CI suite.
(The exams' reference and starter runs are covered by tests/test_check.py.)"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import nbformat
import numpy as np
import pytest

from practicum.core.settings import PROJECT_ROOT

ML_PYTHON = PROJECT_ROOT / ".envs" / "ml" / "bin" / "python"
INTERMEDIATE = PROJECT_ROOT / "labs" / "cv-intermediate"
SENIOR = PROJECT_ROOT / "labs" / "cv-senior"


def needs_ml():
    if not ML_PYTHON.exists():
        pytest.skip("the ml lab environment is not set up (scripts/setup)")


def build(lab: Path, dest: Path) -> Path:
    """A pinned copy of the lab (links resolved, as a sitting pins it) with its data built."""
    shutil.copytree(lab, dest)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    res = subprocess.run([str(ML_PYTHON), str(lab / "build.py"), str(dest)], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    return dest


def ml_run(code: str, cwd: Path, timeout: int = 300) -> dict:
    """Runs code with the ml environment's Python in cwd; the code prints one JSON line last."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "OMP_NUM_THREADS": "1"}
    res = subprocess.run([str(ML_PYTHON), "-c", textwrap.dedent(code)], cwd=cwd, capture_output=True, text=True,
                         env=env, timeout=timeout)
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def cell_source(nb_path: Path, grade_id: str) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_senior_shares_the_detection_pipeline():
    for rel in ("source/cv/pipeline.py", "source/cv/detect.py", "solution/pipeline.py"):
        assert (SENIOR / rel).read_bytes() == (INTERMEDIATE / rel).read_bytes(), rel


def test_deployed_service_is_broken_by_its_four_defects_and_the_reference_repairs_it(tmp_path):
    needs_ml()
    deployed = INTERMEDIATE / "source" / "cv" / "deployed"
    config = json.loads((deployed / "config.json").read_text())
    assert hashlib.sha256((deployed / "model.onnx").read_bytes()).hexdigest() == config["model_sha256"]
    root = build(INTERMEDIATE, tmp_path / "int")
    fix = cell_source(INTERMEDIATE / "source" / "cv" / "exam.ipynb", "e1_fix")
    fix = fix.split("_logits = infer.session()")[0]
    out = ml_run(f"""
        import json, sys
        import numpy as np
        sys.path.insert(0, "deployed")
        import infer
        frames, labels = np.load("deployed/samples/frames.npy"), np.load("deployed/samples/labels.npy")
        classes = infer.CONFIG["classes"]
        broken = float(np.mean([classes.index(n) for n in infer.predict(frames)] == labels))
        exec({fix!r})
        ok = lambda prep, names: float(np.mean([classes.index(names[i]) for i in
                                       infer.session().run(None, {{"pixels": prep(frames)}})[0].argmax(1)] == labels))
        one_left = {{  # the reference repair with one defect put back
            "layout": ok(lambda f: fixed_preprocess(f).transpose(0, 2, 3, 1).reshape(len(f), 3, 32, 32), FIXED_CLASSES),
            "normalisation": ok(lambda f: ((fixed_preprocess(f) * 0.25 + 0.5) * 255 - 0.5) / 0.25, FIXED_CLASSES),
            "resize": ok(lambda f: fixed_preprocess(np.repeat(np.repeat(f[:, 16:48, 16:48], 2, 1), 2, 2)), FIXED_CLASSES),
            "class_order": ok(fixed_preprocess, infer.CLASSES),
        }}
        print(json.dumps({{"broken": broken, "fixed": ok(fixed_preprocess, FIXED_CLASSES), "one_left": one_left,
                          "diagnosis": DIAGNOSIS, "sha": model_sha256() == infer.CONFIG["model_sha256"]}}))
    """, cwd=root / "source" / "cv")
    assert out["broken"] < 0.4 and out["fixed"] >= 0.95 and out["sha"]
    assert sorted(out["diagnosis"]) == sorted(out["one_left"])
    for defect, acc in out["one_left"].items():
        assert acc < 0.9, f"the {defect} defect alone does not show in the service's accuracy ({acc})"


@pytest.fixture(scope="module")
def senior_builds(tmp_path_factory):
    needs_ml()
    root = tmp_path_factory.mktemp("cvs")
    return build(SENIOR, root / "a"), build(SENIOR, root / "b")


def test_senior_data_is_deterministic(senior_builds):
    a, b = senior_builds
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and ("logs" in p.parts or "site" in str(p)))
    assert len(files) == 18  # 8 public and 6 hidden logs, site samples, hidden site images and labels
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    clean = np.load(a / "hidden" / "data" / "shapes" / "single_images.npy")
    site = np.load(a / "hidden" / "data" / "site" / "single_images.npy")
    assert site.shape == clean.shape and site.mean() < clean.mean() - 30  # the site camera is darker
    assert np.array_equal(np.load(a / "hidden" / "labels" / "site" / "single_labels.npy"),
                          np.load(a / "hidden" / "labels" / "shapes" / "single_labels.npy"))


def test_senior_days_raise_the_intended_alerts(senior_builds):
    root = senior_builds[0]
    tool = cell_source(SENIOR / "source" / "cv" / "exam.ipynb", "e1_drift").split("for day, r in drift_report")[0]
    out = ml_run(f"""
        import glob, json, os
        import numpy as np
        exec({tool!r})
        days = sorted(glob.glob("logs/day-*.jsonl")) + sorted(glob.glob("../../hidden/data/logs/day-*.jsonl"))
        print(json.dumps({{k: v["alerts"] for k, v in drift_report(days, "logs/reference.jsonl").items()}}))
    """, cwd=root / "source" / "cv")
    assert out == {"day-01": [], "day-02": [], "day-03": [], "day-04": ["class_mix"], "day-05": ["confidence"],
                   "day-06": ["confidence"], "day-07": ["latency"], "day-11": [], "day-12": ["class_mix"],
                   "day-13": ["confidence"], "day-14": ["latency"], "day-15": ["confidence"],
                   "day-16": ["class_mix", "confidence", "data"]}


@pytest.mark.slow
def test_each_product_variant_fails_exactly_its_defect(senior_builds):
    root = senior_builds[0]
    suite = cell_source(SENIOR / "source" / "cv" / "exam.ipynb", "c1_suite").split("def slow_product")[0]
    hidden = cell_source(SENIOR / "source" / "cv" / "exam.ipynb", "test_c1_suite")
    hidden = hidden.split("### BEGIN HIDDEN TESTS\n")[1].split("### END HIDDEN TESTS")[0]
    out = ml_run(f"""
        import json, sys, time
        import numpy as np
        sys.path.insert(0, ".")
        val = {{"single_images": np.load("data/shapes/val/single_images.npy"),
               "single_labels": np.load("data/shapes/val/single_labels.npy")}}
        exec({suite!r})
        results = {{}}
        def check(name, value, **kw):
            results[name] = value
        exec({hidden!r})
        print(json.dumps(results))
    """, cwd=root / "source" / "cv")
    sound = {"contract": True, "accuracy": True, "latency": True, "brightness": True, "flip": True, "determinism": True}
    failing = {"float_scores": set(sound), "one_based": set(sound), "triangle_lost": {"accuracy"},
               "batch_stats": {"brightness"}, "mirrored": {"flip"}, "flaky": {"determinism"}, "slow": {"latency"}}
    assert set(out) == {f"variant_{k}" for k in failing}
    for name, tests in failing.items():
        first, variant = out[f"variant_{name}"]
        assert first == sound
        assert {k for k, v in variant.items() if not v} == tests, name
