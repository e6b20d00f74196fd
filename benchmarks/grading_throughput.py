"""Practicum's sandboxed grading against plain `nbgrader autograde`, on the same submissions.

Two sittings are collected into nbgrader's course layout: the demo exam (NumPy) and a small
PaddlePaddle exam (its notebook imports paddle), each with honest submissions (right, wrong, or
partly right). Then, in this one run:
  1. plain nbgrader: `nbgrader autograde` over each course (serial, unsandboxed, the lab's kernel);
  2. Practicum: `grade_sitting` with N workers (sandboxed, trusted comparison);
and it reports the throughput ratio, the scores side by side (they must agree on honest
submissions), and Practicum's overhead per submission over the time the candidate's code itself
takes (the same cells run plainly in one Python process).

    .venv/bin/python benchmarks/grading_throughput.py [--per-exam 24] [--workers 2]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from notebooks import VARIANTS, cell, make_sitting  # noqa: E402
from results_file import save  # noqa: E402

from practicum.core.settings import Settings  # noqa: E402
from practicum.db import store  # noqa: E402
from practicum.db.grading_models import GradingJob  # noqa: E402
from practicum.grading.pipeline import grade_files, reference  # noqa: E402
from practicum.grading.queue import context_for, grade_sitting, grader_uid  # noqa: E402

PADDLE_SOLUTION = '''import numpy as np
import paddle


def softmax_rows(x):
    """Row-wise softmax of a 2-D array, computed with PaddlePaddle."""
    ### BEGIN SOLUTION
    t = paddle.to_tensor(np.asarray(x, dtype="float32"))
    return paddle.nn.functional.softmax(t, axis=1).numpy()
    ### END SOLUTION'''
PADDLE_TEST = '''assert softmax_rows([[0.0, 0.0]]).shape == (1, 2)
### BEGIN HIDDEN TESTS
if "check" not in globals():  # plain nbgrader: the asserts decide; Practicum: the checks do
    def check(*args, **kwargs):
        pass
_x = np.random.default_rng(3).normal(size=(64, 10))
_e = np.exp(_x - _x.max(axis=1, keepdims=True))
assert np.allclose(softmax_rows(_x), _e / _e.sum(axis=1, keepdims=True), atol=1e-5)
check("simple", softmax_rows([[0.0, 0.0], [1.0, 0.0]]), tol=1e-5)
check("random", softmax_rows(_x), tol=1e-5)
### END HIDDEN TESTS'''


def paddle_exam(labs: Path) -> None:
    """A one-task practice exam whose notebook imports paddle (for this benchmark only)."""
    root = labs / "bench-paddle"
    (root / "source" / "softmax").mkdir(parents=True)
    meta = lambda **kw: {"nbgrader": {"schema_version": 3, "task": False, "locked": False, **kw}}  # noqa: E731
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Softmax with PaddlePaddle", metadata=meta(grade=False, solution=False,
                                                                                    locked=True, grade_id="intro")),
        nbformat.v4.new_code_cell(PADDLE_SOLUTION, metadata=meta(grade=False, solution=True, grade_id="softmax")),
        nbformat.v4.new_code_cell(PADDLE_TEST, metadata=meta(grade=True, solution=False, locked=True, points=5,
                                                            grade_id="test_softmax")),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, root / "source" / "softmax" / "softmax.ipynb")
    (root / "exam.yaml").write_text(yaml.safe_dump({
        "id": "bench-paddle", "kind": "practice", "title": {"zh": "Paddle 基准", "en": "Paddle benchmark"},
        "minutes": 30, "assignment": "softmax", "open_file": "softmax.ipynb",
        "tasks": [{"id": "softmax", "title": {"zh": "softmax", "en": "softmax"}, "points": 5, "area": "common_tech",
                   "skills": ["platform/junior/1.2.1"], "grading": "auto", "cells": ["test_softmax"]}],
    }, allow_unicode=True))


def paddle_wrong(nb):
    cell(nb, "softmax").source = "import numpy as np\nimport paddle\n\n\ndef softmax_rows(x):\n    return np.asarray(x)\n"


def nbgrader_autograde(course: Path, assignment: str, lab_env: Path, work: Path) -> float:
    """Plain nbgrader over the whole course, with a kernel of the candidates' lab environment."""
    kernels = work / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True, exist_ok=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(lab_env / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python"}))
    env = {**os.environ, "JUPYTER_PATH": str(work / "jupyter"), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    start = time.monotonic()
    res = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "autograde", assignment, "--force"],
                         cwd=course, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    if res.returncode != 0:
        raise RuntimeError(res.stdout[-3000:] + res.stderr[-3000:])
    return elapsed


def nbgrader_scores(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            out[sub.student_id] = sum(g.score for nb in sub.notebooks for g in nb.grades
                                      if g.cell.name.startswith("test_"))
    return out


def practicum_scores(st: store.Store, code: str) -> dict[str, float]:
    from sqlalchemy import select

    with st.session() as db:
        sitting = store.get_sitting(db, code)
        names = {c.id: c.candidate_id for c in sitting.candidates}
        return {names[j.candidate_pk]: sum(t["score"] for t in j.result["tasks"].values())
                for j in db.scalars(select(GradingJob).where(GradingJob.sitting_id == sitting.id,
                                                             GradingJob.superseded.is_(False)))}


def own_code_seconds(notebook: Path, lab_env: Path, workdir: Path) -> float:
    """The candidate's code by itself: its cells run plainly, one Python process, no grading."""
    cells = [c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code"]
    script = workdir / "own.py"
    script.write_text("import time\n_t = time.perf_counter()\n"
                      + "\n".join(f"try:\n    exec({src!r})\nexcept BaseException:\n    pass" for src in cells)
                      + "\nprint(time.perf_counter() - _t)\n")
    res = subprocess.run([str(lab_env / "bin" / "python"), str(script)], cwd=workdir, capture_output=True, text=True,
                         env={**os.environ, "MPLBACKEND": "Agg"})
    return float(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-exam", type=int, default=24, help="submissions per exam (two exams)")
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="practicum-bench-"))
    os.chmod(tmp, 0o711)
    labs = tmp / "labs"
    labs.mkdir()
    for src in (ROOT / "labs").iterdir():
        if src.is_dir():
            os.symlink(src, labs / src.name)
    paddle_exam(labs)
    settings = Settings(data_dir=tmp / "data", labs_dir=labs)
    settings.data_dir.mkdir(parents=True)
    os.chmod(settings.data_dir, 0o711)
    settings.save()
    st = store.Store(settings.database_url)

    demo_plan = {f"d{i:03d}": ("full", "wrong", "normalize_only")[i % 3] for i in range(args.per_exam)}
    VARIANTS["paddle_wrong"] = paddle_wrong
    paddle_plan = {f"p{i:03d}": ("full", "paddle_wrong")[i % 2] for i in range(args.per_exam)}
    print(f"collecting {len(demo_plan)} demo and {len(paddle_plan)} paddle submissions…", flush=True)
    make_sitting(settings, "BD", demo_plan, st)
    make_sitting(settings, "BP", paddle_plan, st, exam_id="bench-paddle")

    results = {}
    for code, assignment in (("BD", "demo"), ("BP", "softmax")):
        course = settings.sittings_dir / code / "course"
        print(f"{code}: plain nbgrader autograde…", flush=True)
        t_nb = nbgrader_autograde(course, assignment, settings.lab_env, tmp)
        print(f"{code}: Practicum, {args.workers} workers…", flush=True)
        start = time.monotonic()
        grade_sitting(settings, code, workers=args.workers, out=io.StringIO())
        t_pr = time.monotonic() - start
        ours, theirs = practicum_scores(st, code), nbgrader_scores(course, assignment)
        agree = sum(1 for k in ours if abs(ours[k] - theirs.get(k, -1)) < 1e-6)
        # overhead: one submission graded alone vs its code run plainly
        with st.session() as db:
            sitting = store.get_sitting(db, code)
            cand = sitting.candidates[0]
            sub_dir = Path(cand.final_submission.store_path)
            ctx = context_for(settings, sitting, 0)
        expected = reference(ctx, grader_uid(settings, 0))
        lat = []
        for _ in range(3):
            s0 = time.monotonic()
            grade_files(ctx, sub_dir, cand.candidate_id, grader_uid(settings, 0), expected)
            lat.append(time.monotonic() - s0)
        own = statistics.median(own_code_seconds(sub_dir / ctx.exam.notebooks[0], settings.lab_env, sub_dir.parent)
                                for _ in range(3))
        results[code] = {"submissions": len(ours), "nbgrader_s": t_nb, "practicum_s": t_pr,
                         "throughput_ratio": t_nb / t_pr, "scores_agree": agree, "single_latency_s": statistics.median(lat),
                         "own_code_s": own, "overhead_s": statistics.median(lat) - own}
    total_nb = sum(r["nbgrader_s"] for r in results.values())
    total_pr = sum(r["practicum_s"] for r in results.values())
    report = {"machine_cores": os.cpu_count(), "workers": args.workers, "exams": results,
              "total_submissions": sum(r["submissions"] for r in results.values()),
              "throughput_ratio": total_nb / total_pr}
    save("grading_throughput", report)
    print()
    print(f"Grading {report['total_submissions']} submissions on {os.cpu_count()} cores "
          f"(Practicum: {args.workers} workers, sandboxed)")
    for code, r in results.items():
        name = {"BD": "demo exam (NumPy)", "BP": "Paddle notebook"}[code]
        print(f"  {name:<20} nbgrader {r['nbgrader_s']:6.1f} s · Practicum {r['practicum_s']:6.1f} s · "
              f"{r['throughput_ratio']:.1f}x · scores agree {r['scores_agree']}/{r['submissions']} · "
              f"one submission {r['single_latency_s']:.2f} s of which own code {r['own_code_s']:.2f} s "
              f"(overhead {r['overhead_s']:.2f} s)")
    print(f"  overall throughput: {report['throughput_ratio']:.1f}x plain nbgrader")
    return 0


if __name__ == "__main__":
    sys.exit(main())
