"""Builds and runs one cocotb bench with cocotb's runner API; prints a JSON summary.

Runs under the chip lab environment's Python (where cocotb and the simulators' Python parts live),
in a sandbox when the code is a candidate's. Usage: python -m hardware_sim.run_sim JOB.json
Job: {"sim": "icarus"|"verilator", "sources": [...], "toplevel", "test_module", "test_dir",
"build_dir", "results_xml", "waves": bool, "coverage": bool, "lint_only": bool,
"parameters": {}, "testcase": null, "waves_out": dir (keep the waveform there, see keep_waves)}
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

TIMESCALE = ("1ns", "1ps")
# Line (with branches), toggle and expression coverage, named one by one: Verilator 5.48's
# --coverage (the same set plus user points) aborts with an internal error on a memory write
# such as `mem[wr_ptr] <= din`.
COVERAGE_ARGS = ["--coverage-line", "--coverage-toggle", "--coverage-expr"]


def build_key(job: dict) -> str:
    h = hashlib.sha256()
    for src in job["sources"]:
        h.update(Path(src).name.encode() + Path(src).read_bytes())
    h.update(json.dumps([job["sim"], job["toplevel"], job.get("parameters", {}), job.get("coverage"),
                         job.get("waves")], sort_keys=True).encode())
    return h.hexdigest()


def parse_results(path: Path) -> list[dict]:
    tests = []
    if not path.exists():
        return tests
    for case in ET.parse(path).getroot().iter("testcase"):
        failure = case.find("failure")
        error = case.find("error")
        skipped = case.find("skipped")
        status = "failed" if failure is not None or error is not None else "skipped" if skipped is not None else "passed"
        node = failure if failure is not None else error
        message = (node.get("message") or node.text or "")[:2000] if node is not None else ""
        tests.append({"name": case.get("name"), "status": status, "message": message,
                      "time": float(case.get("time") or 0)})
    return tests


def lint(sources: list[str]) -> dict:
    """Verilator's synthesizability and style checks (-Wall) on the sources."""
    import subprocess

    res = subprocess.run(["verilator", "--lint-only", "-Wall", *sources], capture_output=True, text=True)
    warnings = [line for line in (res.stdout + res.stderr).splitlines() if line.startswith("%")]
    return {"clean": res.returncode == 0 and not warnings, "messages": warnings[:50]}


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
    marker = build_dir / ".practicum-build-key"
    summary = {"built": False, "cached": False, "build_s": 0.0, "test_s": 0.0, "tests": [], "error": None,
               "coverage": None, "lint": None}
    if job.get("lint_only"):
        summary["lint"] = lint(job["sources"])
        print(f"PRACTICUM-SIM {os.environ.get('PRACTICUM_REPORT_NONCE', '')} " + json.dumps(summary), flush=True)
        return
    build_args = []
    if job["sim"] == "verilator":
        build_args = ["-Wno-fatal"] + (COVERAGE_ARGS if job.get("coverage") else [])
    t0 = time.monotonic()
    try:
        if job.get("prebuilt"):  # a trusted build mounted read-only; its sources are not here
            summary["cached"] = True
        elif marker.exists() and marker.read_text() == key:
            summary["cached"] = True
        else:
            runner.build(sources=job["sources"], hdl_toplevel=job["toplevel"], build_dir=build_dir, always=True,
                         build_args=build_args, parameters=job.get("parameters", {}), timescale=TIMESCALE,
                         waves=job.get("waves", False))
            marker.write_text(key)
            summary["built"] = True
    except (SystemExit, Exception) as exc:  # noqa: BLE001 - a failed build is a result, not a crash
        summary["error"] = f"build failed: {type(exc).__name__}: {exc}"[:2000]
    summary["build_s"] = time.monotonic() - t0
    if summary["error"] is None:
        t1 = time.monotonic()
        results = Path(job["results_xml"])
        try:
            # The language is given, not inferred from a build in this process: cached builds skip it.
            runner.test(hdl_toplevel=job["toplevel"], hdl_toplevel_lang="verilog",
                        test_module=job["test_module"], test_dir=job["test_dir"],
                        build_dir=build_dir, results_xml=str(results), waves=job.get("waves", False),
                        testcase=job.get("testcase"), timescale=TIMESCALE,
                        extra_env={"PYTHONPATH": os.environ.get("PYTHONPATH", "")})
        except SystemExit as exc:
            summary["error"] = f"simulation failed ({exc.code})"
        except Exception as exc:  # noqa: BLE001 - reported, not raised: the grader decides
            summary["error"] = f"simulation failed: {type(exc).__name__}: {exc}"[:2000]
        summary["test_s"] = time.monotonic() - t1
        summary["tests"] = parse_results(results)
        if job.get("waves_out"):
            keep_waves(job, build_dir)
        dat = Path(job["test_dir"]) / "coverage.dat"
        if job.get("coverage") and dat.exists():
            from hardware_sim.coverage import summarize

            summary["coverage"] = summarize(dat)
    print(f"PRACTICUM-SIM {os.environ.get('PRACTICUM_REPORT_NONCE', '')} " + json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
