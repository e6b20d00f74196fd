"""The one driver of cocotb's runner, for everything that simulates: the grader's sandboxed runs
(run_sim.py) and the learners' feedback (practice.py). One build with its cache key, one test run,
one JUnit reader and one Verilator lint, with the same timescale and coverage options, so a learner's
practice build is the grader's build. Standard library only at import; cocotb's runner is passed in
by the caller (it lives in the chip lab environment).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

TIMESCALE = ("1ns", "1ps")
# Line (with branches), toggle and expression coverage, named one by one: Verilator 5.48's
# --coverage (the same set plus user points) aborts with an internal error on a memory write
# such as `mem[wr_ptr] <= din`.
COVERAGE_ARGS = ["--coverage-line", "--coverage-toggle", "--coverage-expr"]


def build_args(sim: str, coverage: bool) -> list[str]:
    if sim != "verilator":
        return []
    return ["-Wno-fatal"] + (COVERAGE_ARGS if coverage else [])


def build_key(sources: list, options: dict, salt: str = "") -> str:
    """What a build depends on: its sources (by path and content) and its options."""
    h = hashlib.sha256(salt.encode())
    for src in sources:
        h.update(str(src).encode() + b"\0" + Path(src).read_bytes())
    h.update(json.dumps(options, sort_keys=True).encode())
    return h.hexdigest()


def build_and_test(runner, job: dict, *, build_dir: Path, test_dir, results_xml, key: str | None,
                   marker: str = ".practicum-build-key", log_file: Path | None = None, plusargs: list[str] = (),
                   extra_env: dict | None = None, on_phase=None) -> dict:
    """Builds (unless the build dir already holds the build of `key`; `key` None: a trusted build is
    mounted there read-only) and runs the tests of job["test_module"]. Returns the timings, whether it
    built or reused a build, and the exception that stopped the build or the tests (None if none):
    callers word them for their readers."""
    summary = {"built": False, "cached": False, "build_s": 0.0, "test_s": 0.0, "build_exc": None, "test_exc": None}
    stamp = build_dir / marker
    phase = on_phase or (lambda name: None)
    phase("build")
    t0 = time.monotonic()
    try:
        if key is None or (stamp.exists() and stamp.read_text() == key):
            summary["cached"] = True
        else:
            stamp.unlink(missing_ok=True)
            runner.build(sources=job["sources"], hdl_toplevel=job["toplevel"], build_dir=build_dir, always=True,
                         build_args=build_args(job["sim"], job.get("coverage", False)),
                         parameters=job.get("parameters", {}), timescale=TIMESCALE, waves=job.get("waves", False),
                         **({"log_file": log_file} if log_file is not None else {}))
            stamp.write_text(key)
            summary["built"] = True
    except (SystemExit, Exception) as exc:  # noqa: BLE001 - a failed build is a result, not a crash
        summary["build_exc"] = exc
    summary["build_s"] = time.monotonic() - t0
    if summary["build_exc"] is None:
        phase("test")
        t1 = time.monotonic()
        try:
            # The language is given, not inferred from a build in this process: cached builds skip it.
            runner.test(hdl_toplevel=job["toplevel"], hdl_toplevel_lang="verilog", test_module=job["test_module"],
                        test_dir=test_dir, build_dir=build_dir, results_xml=str(results_xml),
                        waves=job.get("waves", False), testcase=job.get("testcase"), timescale=TIMESCALE,
                        plusargs=list(plusargs), extra_env=extra_env or {})
        except (SystemExit, Exception) as exc:  # noqa: BLE001 - reported, not raised: the caller decides
            summary["test_exc"] = exc
        summary["test_s"] = time.monotonic() - t1
    phase("done")
    return summary


def read_junit(path: Path) -> list[dict]:
    """cocotb's JUnit XML, one dict per test: name, status (passed, failed, skipped), the failure's
    message attribute, text and type, the wall time and cocotb's properties (simulated times)."""
    if not Path(path).exists():
        return []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        return []
    tests = []
    for case in root.iter("testcase"):
        bad = case.find("failure")
        if bad is None:
            bad = case.find("error")
        status = "failed" if bad is not None else "skipped" if case.find("skipped") is not None else "passed"
        tests.append({"name": case.get("name"), "status": status,
                      "message": (bad.get("message") or "") if bad is not None else "",
                      "text": (bad.text or "") if bad is not None else "",
                      "type": bad.get("type") if bad is not None else None,
                      "time": case.get("time"),
                      "properties": {p.get("name"): p.get("value") for p in case.iter("property")}})
    return tests


def lint(sources: list, *, cwd=None, env: dict | None = None, timeout: float | None = None) -> tuple[int, list[str]]:
    """Verilator's synthesizability and style checks, as graded: `verilator --lint-only -Wall`.
    Returns its exit code and its output lines (raises subprocess.TimeoutExpired)."""
    res = subprocess.run(["verilator", "--lint-only", "-Wall", *map(str, sources)], capture_output=True, text=True,
                         cwd=cwd, env=env, timeout=timeout)
    return res.returncode, (res.stdout + res.stderr).splitlines()
