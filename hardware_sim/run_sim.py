"""Builds and runs one cocotb bench with cocotb's runner API; prints a JSON summary.

Runs under the chip lab environment's Python (where cocotb and the simulators' Python parts live),
in a sandbox when the code is a candidate's. Usage: python -m hardware_sim.run_sim JOB.json
Job: {"sim": "icarus"|"verilator", "sources": [...], "toplevel", "test_module", "test_dir",
"build_dir", "results_xml", "waves": bool, "coverage": bool, "lint_only": bool,
"parameters": {}, "testcase": null, "waves_out": dir (keep the waveform there, see keep_waves)}
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from hardware_sim import cocotb_runner


def build_key(job: dict) -> str:
    return cocotb_runner.build_key(job["sources"], {k: job.get(k) for k in ("sim", "toplevel", "parameters",
                                                                             "coverage", "waves")})


def test_rows(path: Path) -> list[dict]:
    """The grader's view of each test: name, status, the failure's message, wall time."""
    return [{"name": t["name"], "status": t["status"], "message": (t["message"] or t["text"])[:2000],
             "time": float(t["time"] or 0)} for t in cocotb_runner.read_junit(path)]


def lint(sources: list[str]) -> dict:
    returncode, lines = cocotb_runner.lint(sources)
    warnings = [line for line in lines if line.startswith("%")]
    return {"clean": returncode == 0 and not warnings, "messages": warnings[:50]}


WAVES_CAP = 16 * 2**20  # a waveform kept for the examiner; a larger one is dropped, not truncated


def keep_waves(job: dict, build_dir: Path) -> None:
    """Copies the run's waveform (Icarus: <top>.fst in the build dir; Verilator: dump.vcd) into
    job["waves_out"], the one writable directory the grader gives, unless it is over WAVES_CAP; the
    dump itself was written in the sandbox's size-capped home, so a runaway dump never reaches the
    host's disk. The grader checks what it finds there again (practicum/grading/kinds/hdl.py keep_waves)."""
    for path in (build_dir / f"{job['toplevel']}.fst", Path(job["test_dir"]) / "dump.vcd", build_dir / "dump.vcd"):
        if path.is_file() and not path.is_symlink():
            if path.stat().st_size <= WAVES_CAP:
                with open(path, "rb") as src, open(Path(job["waves_out"]) / ("waves" + path.suffix), "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            return


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text())
    from cocotb_tools.runner import get_runner

    runner = get_runner(job["sim"])
    build_dir = Path(job["build_dir"])
    key = "" if job.get("prebuilt") else build_key(job)
    summary = {"built": False, "cached": False, "build_s": 0.0, "test_s": 0.0, "tests": [], "error": None,
               "coverage": None, "lint": None}
    if job.get("lint_only"):
        summary["lint"] = lint(job["sources"])
        print(f"PRACTICUM-SIM {os.environ.get('PRACTICUM_REPORT_NONCE', '')} " + json.dumps(summary), flush=True)
        return
    results = Path(job["results_xml"])
    ran = cocotb_runner.build_and_test(
        runner, job, build_dir=build_dir, test_dir=job["test_dir"], results_xml=results,
        key=None if job.get("prebuilt") else key,  # prebuilt: a trusted build mounted read-only, no sources here
        extra_env={"PYTHONPATH": os.environ.get("PYTHONPATH", "")})
    summary.update(built=ran["built"], cached=ran["cached"], build_s=ran["build_s"], test_s=ran["test_s"])
    if ran["build_exc"] is not None:
        exc = ran["build_exc"]
        summary["error"] = f"build failed: {type(exc).__name__}: {exc}"[:2000]
    else:
        exc = ran["test_exc"]
        if isinstance(exc, SystemExit):
            summary["error"] = f"simulation failed ({exc.code})"
        elif exc is not None:
            summary["error"] = f"simulation failed: {type(exc).__name__}: {exc}"[:2000]
        summary["tests"] = test_rows(results)
        if job.get("waves_out"):
            keep_waves(job, build_dir)
        dat = Path(job["test_dir"]) / "coverage.dat"
        if job.get("coverage") and dat.exists():
            from hardware_sim.coverage import summarize

            summary["coverage"] = summarize(dat)
    print(f"PRACTICUM-SIM {os.environ.get('PRACTICUM_REPORT_NONCE', '')} " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
