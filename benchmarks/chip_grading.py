"""Grading time of one chip exam submission: build, hidden suites and mutants, in one run.

The junior chip exam (labs/chip-junior) is pinned and its reference solution graded as a
candidate's submission, sandboxed exactly as in a sitting, in four configurations:

    simulator   every HDL task on Icarus, or on Verilator (the exam's own choice: Verilator with
                line coverage for the bench task, Icarus for the RTL tasks, is reported as "exam")
    cache       cold: the sitting's trusted-build cache is empty (the first submission of a
                sitting builds the reference and every mutant); warm: the cache is filled (every
                later submission)

It reports seconds per submission, split into the notebook (PaddlePaddle part) and the HDL tasks,
and checks the scores are identical in every configuration (the reference earns full marks).
The target: one chip submission graded in under 60 s on this 2-core machine.

    .venv/bin/python benchmarks/chip_grading.py [--exam chip-junior] [--repeat 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import save  # noqa: E402

from practicum.core.exam_spec import load_exam, load_exam_dir  # noqa: E402
from practicum.core.settings import Settings  # noqa: E402
from practicum.grading.context import GradingContext  # noqa: E402
from practicum.grading.pipeline import grade_files, run_reference  # noqa: E402
from practicum.sittings.sitting_files import prepare_sitting  # noqa: E402

UID = 1_999_100


def variant(labs: Path, exam_id: str, sim: str | None) -> str:
    """A copy of the exam with every HDL task on one simulator (None: the exam as written)."""
    if sim is None:
        return exam_id
    name = f"{exam_id}-{sim}"
    shutil.copytree(ROOT / "labs" / exam_id, labs / name, symlinks=False)
    spec = yaml.safe_load((labs / name / "exam.yaml").read_text())
    spec["id"] = name
    for task in spec["tasks"]:
        hdl = task.get("hdl")
        if hdl and hdl["kind"] in ("rtl", "bench"):
            hdl["sim"] = sim
            if sim == "icarus":
                hdl.pop("coverage", None)  # Icarus measures no coverage
    (labs / name / "exam.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    return name


def measure(work: Path, labs: Path, exam_id: str, repeat: int) -> dict:
    settings = Settings(data_dir=work / f"data-{exam_id}", labs_dir=labs)
    exam = load_exam(labs, exam_id)
    files = prepare_sitting(settings, f"bench-{exam_id}"[:40], exam)
    exam = load_exam_dir(files.exam_dir)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for(exam.environment),
                         scratch_root=work / f"scratch-{exam_id}", cgroup_namespace=f"bench-chip-{os.getpid()}")
    t0 = time.monotonic()
    expected = run_reference(ctx, UID)
    reference_s = time.monotonic() - t0
    submission = ctx.reference_submission(work / f"submission-{exam_id}")
    runs = []
    for i in range(repeat + 1):  # the first is cold (nothing cached), the rest warm
        if i == 0:
            shutil.rmtree(ctx.scratch_root / "hdl-cache", ignore_errors=True)
        t0 = time.monotonic()
        full = grade_files(ctx, submission, f"c{i}", UID, expected)
        total_s = time.monotonic() - t0
        notebook_s = sum(nb["seconds"] for nb in full["notebooks"].values())
        hdl_rows = [r for r in full["checks"] if "task" in r]
        runs.append({"cold": i == 0, "submission_s": round(total_s, 2), "notebook_s": round(notebook_s, 2),
                     "hdl_s": round(total_s - notebook_s, 2), "score": sum(t["score"] for t in full["tasks"].values()),
                     "hdl_ok": sum(r["ok"] for r in hdl_rows), "hdl_rows": len(hdl_rows), "flags": full["flags"]})
    auto = sum(t.points for t in exam.tasks if t.grading == "auto")
    return {"exam": exam_id, "reference_run_s": round(reference_s, 2), "autograded_points": auto, "runs": runs}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--exam", default="chip-junior")
    ap.add_argument("--repeat", type=int, default=2, help="warm runs after the cold one")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-chip-") as tmp:
        work = Path(tmp)
        os.chmod(work, 0o711)
        labs = work / "labs"
        labs.mkdir()
        shutil.copytree(ROOT / "labs" / args.exam, labs / args.exam, symlinks=False)
        results = {}
        for label, sim in (("exam", None), ("icarus", "icarus"), ("verilator", "verilator")):
            results[label] = measure(work, labs, variant(labs, args.exam, sim), args.repeat)
    print(f"{'configuration':<12} {'cache':<5} {'notebook s':>10} {'HDL s':>7} {'submission s':>13} {'score':>6}")
    for label, res in results.items():
        for run in res["runs"]:
            print(f"{label:<12} {'cold' if run['cold'] else 'warm':<5} {run['notebook_s']:>10.1f} {run['hdl_s']:>7.1f} {run['submission_s']:>13.1f} "
                  f"{run['score']:>6g}")
    for label, res in results.items():
        full = all(abs(r["score"] - res["autograded_points"]) < 1e-6 for r in res["runs"])
        print(f"{label}: reference run {res['reference_run_s']} s; full marks in every run: {full}")
        assert full, res
    warm_exam = max(r["submission_s"] for r in results["exam"]["runs"] if not r["cold"])
    cold_exam = results["exam"]["runs"][0]["submission_s"]
    print(f"one submission (exam as written): cold {cold_exam:.1f} s, warm {warm_exam:.1f} s (target < 60 s)")
    out = save("chip_grading", results)
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
