"""Grading hardware tasks: candidate RTL against hidden benches, candidate benches against mutants,
lint. Everything that touches a candidate's files runs in the grading sandbox.

An HDL task in exam.yaml carries an `hdl` section:

    hdl:
      kind: rtl | bench | lint
      top: <module>              # the design's top module
      sources: [rtl/x.v, ...]    # the candidate's files (rtl, lint) -- relative to the submission
      bench: test_x              # rtl: a hidden bench, hidden/benches/<bench>.py
                                 # bench: the candidate's bench module, in the submission
      reference: [rtl/x.v]       # bench: the correct design, hidden/<path> (default: the library's
                                 #   block `top` with its dependencies, hardware_sim.sim.sources)
      mutants: [id, ...]         # bench: the library's mutants of `top` to catch (default: all), each
                                 #   built with the library's dependencies of `top`
      sim: icarus | verilator
      coverage: {kind: line, target: 0.9, weight: 2}   # bench, verilator: a check for coverage

rtl: the reference run (the hidden reference RTL under the hidden bench) gives the expected
values of each `report()`; the candidate's RTL under the same bench must report the same values.
bench: the candidate's bench must pass on the correct design; each mutant it fails is caught.
lint: Verilator --lint-only -Wall must be clean.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hardware_sim import sim as hwsim
from hardware_sim.run_sim import WAVES_CAP
from practicum import sandbox
from practicum.core.exam_spec import ExamSpec, Task
from practicum.core.limits import HDL_GRADING, Limits
from practicum.grading.compare import compare
from practicum.grading.kinds.base import GradingKind, GradingRun, each_task

if TYPE_CHECKING:
    from practicum.grading.context import GradingContext

SUBMISSION_MOUNT = "/run/practicum/submission"
BUILD_MOUNT = "/run/practicum/build"
OUT_MOUNT = "/run/practicum/out"
# The sandbox's run_sim keeps a waveform up to WAVES_CAP; checked again here, on the host.
WAVES_KEPT_BYTES = WAVES_CAP
HOME = sandbox.WORKSPACE_MOUNT


def run_in_sandbox(job: dict, files: dict[str, Path], *, chip_env: Path, uid: int, limits: Limits,
                   cache_dirs: dict[Path, bool] | None = None, ro_mounts: dict[str, Path] | None = None,
                   scratch_root: Path, cgroup_namespace: str | None = None,
                   out_dir: Path | None = None) -> hwsim.SimResult:
    """Runs hardware_sim.run_sim on `job` in a sandbox whose home holds `files` (name -> host path).

    `cache_dirs` binds build directories at their own path, writable (True: a trusted build fills
    it) or not; `ro_mounts` binds read-only at another path; `out_dir` (owned by `uid`) is bound
    writable at OUT_MOUNT, for what the run hands back (a waveform).
    """
    stage = Path(tempfile.mkdtemp(prefix="hdl-", dir=scratch_root))
    try:
        for name, src in files.items():
            target = stage / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, target, symlinks=False, dirs_exist_ok=True)
            else:
                shutil.copyfile(src, target)
        (stage / "job.json").write_text(json.dumps(job))
        for path in [stage, *stage.rglob("*")]:
            os.lchown(path, uid, uid)
        os.chmod(stage, 0o755)
        extra_binds: list[str] = []
        for cache, writable in (cache_dirs or {}).items():
            extra_binds += ["--bind" if writable else "--ro-bind", str(cache), str(cache)]
        if out_dir is not None:
            extra_binds += ["--bind", str(out_dir), OUT_MOUNT]
        argv = sandbox.bwrap_argv(
            workspace=None, tmpfs_mb=limits.disk_mb, ro_paths=[chip_env, hwsim.HERE],
            ro_mounts={SUBMISSION_MOUNT: stage, **(ro_mounts or {})}, network=False, die_with_parent=True,
        )
        argv = argv[:-1] + extra_binds + ["--"]  # the caches, before the command
        argv += ["/bin/sh", "-c", f"cp -r {SUBMISSION_MOUNT}/. {HOME}/ && exec python -m hardware_sim.run_sim "
                                  f"{HOME}/job.json"]
        nonce = secrets.token_hex(16)
        env = {**hwsim.sim_env(chip_env, [HOME]), "HOME": HOME, "PRACTICUM_REPORT": "1", "OMP_NUM_THREADS": "1",
               "PRACTICUM_REPORT_NONCE": nonce}
        return _run(argv, env, uid, limits, cgroup_namespace, nonce)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _run(argv, env, uid, limits: Limits, cgroup_namespace, nonce: str) -> hwsim.SimResult:
    out = bytearray()

    def on_output(chunk: bytes) -> str | None:
        out.extend(chunk)
        return "output over the cap" if len(out) > limits.output_bytes else None

    with sandbox.SandboxRun(argv, uid=uid, limits=limits, env=env, name="hdl", cgroup_namespace=cgroup_namespace) as run:
        stopped = run.pump({run.stdout_fd: on_output}, until_exit=True, tick=lambda: (
            f"timeout after {limits.timeout_s:.0f} s" if time.monotonic() - run.started > limits.timeout_s else None))
    result = hwsim.parse_summary(out[: limits.output_bytes].decode(errors="replace"), nonce)
    if stopped:
        result.error = stopped
    return result


# ---------------------------------------------------------------- the three kinds


@dataclass
class HdlContext:
    exam: ExamSpec
    hidden_dir: Path  # the pinned exam's hidden/ folder (grader only)
    cache_dir: Path  # builds of trusted designs, per sitting
    chip_env: Path
    scratch_root: Path
    cgroup_namespace: str | None = None
    limits: Limits = HDL_GRADING


def _job(spec: dict, sources: list[str], bench: str, build_dir: str, **kw) -> dict:
    return {"sim": spec.get("sim", "icarus"), "sources": sources, "toplevel": spec["top"], "test_module": bench,
            "test_dir": HOME, "build_dir": build_dir, "results_xml": f"{HOME}/results.xml", "waves": False,
            "coverage": False, "parameters": spec.get("parameters", {}), **kw}


def reference_values(ctx: HdlContext, task: Task, uid: int) -> dict:
    """rtl tasks: what the hidden bench reports for the reference design."""
    spec = task.hdl
    files = {f"bench/{spec['bench']}.py": ctx.hidden_dir / "benches" / f"{spec['bench']}.py"}
    for src in spec["reference"]:
        files[f"ref/{src}"] = ctx.hidden_dir / src
    job = _job(spec, [f"{HOME}/ref/{s}" for s in spec["reference"]], spec["bench"], f"{HOME}/build")
    job["test_dir"] = f"{HOME}/bench"
    res = run_in_sandbox(job, files, chip_env=ctx.chip_env, uid=uid, limits=ctx.limits, scratch_root=ctx.scratch_root,
                         cgroup_namespace=ctx.cgroup_namespace)
    return {"passed": res.passed, "checks": res.checks, "error": res.error, "tests": res.tests,
            "output": res.output[-4000:]}


# $system runs a shell from the design (Verilator supports it): never in an exam design.
FORBIDDEN = re.compile(r"\$system\b")


def grade_rtl(ctx: HdlContext, task: Task, submission: Path, uid: int, expected: dict,
              waves_dir: Path | None = None) -> list[dict]:
    """The candidate's RTL under the hidden bench; with `waves_dir`, the run's waveform is kept
    there as <task id>.fst (or .vcd) for the examiner."""
    spec = task.hdl
    files = {f"bench/{spec['bench']}.py": ctx.hidden_dir / "benches" / f"{spec['bench']}.py"}
    missing = [s for s in spec["sources"] if not _regular(submission / s)]
    forbidden = [s for s in spec["sources"] if s not in missing
                 and FORBIDDEN.search((submission / s).read_text(errors="replace"))]
    if forbidden:
        return [_row(task, exp["name"], False, f"$system is not allowed in a design ({', '.join(forbidden)})",
                     exp.get("weight", 1.0)) for exp in expected["checks"]]
    for src in spec["sources"]:
        if src not in missing:
            files[f"cand/{src}"] = submission / src
    res = None
    if not missing:
        job = _job(spec, [f"{HOME}/cand/{s}" for s in spec["sources"]], spec["bench"], f"{HOME}/build")
        job["test_dir"] = f"{HOME}/bench"
        out = None
        if waves_dir is not None:
            job.update(waves=True, waves_out=OUT_MOUNT)
            out = Path(tempfile.mkdtemp(prefix="out-", dir=ctx.scratch_root))
            os.chown(out, uid, uid)
        try:
            res = run_in_sandbox(job, files, chip_env=ctx.chip_env, uid=uid, limits=ctx.limits,
                                 scratch_root=ctx.scratch_root, cgroup_namespace=ctx.cgroup_namespace, out_dir=out)
            if out is not None:
                keep_waves(out, waves_dir, task.id)
        finally:
            if out is not None:
                shutil.rmtree(out, ignore_errors=True)
    got = {c["name"]: c for c in (res.checks if res else [])}
    rows = []
    for exp in expected["checks"]:
        if missing:
            ok, reason = False, f"missing file(s): {', '.join(missing)}"
        elif exp["name"] not in got:
            failed = next((t for t in (res.tests if res else []) if t["name"] == exp["name"] and t["message"]), None)
            ok, reason = False, ((res.error or (f"the test stopped before reporting: {failed['message'][:300]}"
                                                if failed else "no value reported")) if res else "not run")
        else:
            verdict = compare(_encode(exp["value"]), _encode(got[exp["name"]].get("value")))
            ok, reason = verdict.ok, verdict.reason
        rows.append(_row(task, exp["name"], ok, reason, exp.get("weight", 1.0)))
    return rows


def keep_waves(out: Path, waves_dir: Path, task_id: str) -> Path | None:
    """Moves the waveform the sandbox left in `out` to waves_dir/<task>.<fst|vcd>: a regular file
    within the size kept, else nothing (the directory is the sandbox's, so nothing in it is trusted)."""
    for suffix in (".fst", ".vcd"):
        src = out / f"waves{suffix}"
        try:
            st = os.lstat(src)
        except FileNotFoundError:
            continue
        if not stat.S_ISREG(st.st_mode) or st.st_size > WAVES_KEPT_BYTES:
            return None
        waves_dir.mkdir(parents=True, exist_ok=True)
        for old in waves_dir.glob(f"{task_id}.*"):
            old.unlink()
        target = waves_dir / f"{task_id}{suffix}"
        shutil.copyfile(src, target, follow_symlinks=False)
        os.chmod(target, 0o600)
        return target
    return None


def _encode(value):
    """report() sends plain lists; give them the harness's encoding so compare() applies."""
    if isinstance(value, dict):
        return value
    if isinstance(value, list):
        return {"$list": [_encode(v) for v in value]}
    return value


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()


def _trusted_build(ctx: HdlContext, spec: dict, name: str, sources: dict[str, Path], uid: int,
                   coverage: bool) -> Path:
    """Builds a trusted design (reference or mutant) once per sitting into the cache."""
    key = f"{spec['top']}-{name}-{spec.get('sim', 'icarus')}-{'cov' if coverage else 'nocov'}"
    build_dir = ctx.cache_dir / key
    ctx.cache_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(ctx.cache_dir, 0o755)
    with open(ctx.cache_dir / f".{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two workers never build the same design at once
        if (build_dir / ".practicum-build-key").exists():
            return build_dir
        shutil.rmtree(build_dir, ignore_errors=True)
        build_dir.mkdir()
        os.chown(build_dir, uid, uid)
        stage = Path(tempfile.mkdtemp(prefix="stub-", dir=ctx.scratch_root))
        (stage / "build_only.py").write_text("import cocotb\n\n\n@cocotb.test()\nasync def build_only(dut):\n    pass\n")
        files = {**{f"src/{n}": p for n, p in sources.items()}, "bench/build_only.py": stage / "build_only.py"}
        job = _job(spec, [f"{HOME}/src/{n}" for n in sources], "build_only", str(build_dir), coverage=coverage)
        job["test_dir"] = f"{HOME}/bench"
        res = run_in_sandbox(job, files, chip_env=ctx.chip_env, uid=uid, limits=ctx.limits,
                             cache_dirs={build_dir: True}, scratch_root=ctx.scratch_root,
                             cgroup_namespace=ctx.cgroup_namespace)
        shutil.rmtree(stage, ignore_errors=True)
        if res.error:
            shutil.rmtree(build_dir, ignore_errors=True)
            raise RuntimeError(f"building the trusted design {key} failed: {res.error}\n{res.output[-2000:]}")
        for path in [build_dir, *build_dir.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644 | (path.stat().st_mode & 0o111))
    return build_dir


def _row(task: Task, name: str, ok: bool, reason: str, weight: float = 1.0) -> dict:
    return {"task": task.id, "notebook": f"hdl:{task.id}", "cell": task.id, "name": name, "weight": weight,
            "ok": ok, "reason": reason}


def grade_bench(ctx: HdlContext, task: Task, submission: Path, uid: int) -> list[dict]:
    """The candidate's bench: it must pass on the correct design, then each mutant it fails counts."""
    spec = task.hdl
    top = spec["top"]
    bench_file = submission / f"{spec['bench']}.py"
    if spec.get("reference"):
        ref_sources = {Path(s).name: ctx.hidden_dir / s for s in spec["reference"]}
    else:
        ref_sources = {p.name: p for p in hwsim.sources(top)}  # the library's, with its dependencies
    chosen = [m for m in hwsim.mutants(top) if not spec.get("mutants") or m.id in spec["mutants"]]
    cov = spec.get("coverage")
    if not _regular(bench_file):
        reason = f"missing file {spec['bench']}.py"
        return ([_row(task, "passes_correct_design", False, reason, 0.0)]
                + [_row(task, f"catches_{m.id}", False, reason) for m in chosen]
                + ([_row(task, f"{cov.get('kind', 'line')}_coverage", False, reason, float(cov.get("weight", 1)))]
                   if cov else []))

    def run_candidate(build_dir: Path, sources: dict[str, Path], coverage: bool) -> hwsim.SimResult:
        """The candidate's bench against one prebuilt design, mounted alone at a neutral path and
        without its source: the bench sees the design's behaviour, not which design it is."""
        job = _job(spec, [], spec["bench"], BUILD_MOUNT, coverage=coverage, prebuilt=True)
        files = {f"{spec['bench']}.py": bench_file}
        for extra in spec.get("bench_files", []):
            if _regular(submission / extra):
                files[extra] = submission / extra
        return run_in_sandbox(job, files, chip_env=ctx.chip_env, uid=uid, limits=ctx.limits,
                              ro_mounts={BUILD_MOUNT: build_dir}, scratch_root=ctx.scratch_root,
                              cgroup_namespace=ctx.cgroup_namespace)

    with_cov = bool(cov)
    ref_build = _trusted_build(ctx, spec, "reference", ref_sources, uid, with_cov)
    on_ref = run_candidate(ref_build, ref_sources, with_cov)
    good = on_ref.passed
    # A gate, worth nothing by itself: a bench that passes everything catches nothing.
    rows = [_row(task, "passes_correct_design", good,
                 "" if good else (on_ref.error or f"fails on the correct design: {on_ref.failed_tests()}"), 0.0)]
    for m in chosen:
        mdir = Path(tempfile.mkdtemp(prefix="mut-", dir=ctx.scratch_root))
        try:
            # the mutated file with the library's (unchanged) dependencies of the block
            mut_sources = {p.name: p for p in hwsim.sources(top, own=hwsim.write_mutant(top, m, mdir))}
            build = _trusted_build(ctx, spec, f"mutant-{m.id}", mut_sources, uid, False)
            if good:
                res = run_candidate(build, mut_sources, False)
                caught, reason = not res.passed, "" if not res.passed else f"passes on this bug: {m.description}"
            else:
                caught, reason = False, "the bench must pass on the correct design first"
        finally:
            shutil.rmtree(mdir, ignore_errors=True)
        rows.append(_row(task, f"catches_{m.id}", caught, reason))
    if cov:
        kind = cov.get("kind", "line")
        entry = (on_ref.coverage or {}).get(kind)
        value = entry["covered"] / entry["total"] if entry and entry["total"] else 0.0
        # Coverage measures stimulus, not checking: it counts only for a bench that checks
        # something, i.e. catches at least one bug (a bare reset-and-wait already covers much).
        checks_something = not chosen or any(r["ok"] for r in rows if r["name"].startswith("catches_"))
        ok = good and value >= cov["target"] and checks_something
        if not good:
            reason = "the bench fails"
        elif value < cov["target"]:
            reason = f"{value:.0%} < {cov['target']:.0%}"
        else:
            reason = "" if ok else f"{value:.0%}, but coverage counts only for a bench that catches at least one bug"
        rows.append(_row(task, f"{kind}_coverage", ok, reason, float(cov.get("weight", 1))))
    return rows


def grade_lint(ctx: HdlContext, task: Task, submission: Path, uid: int) -> list[dict]:
    spec = task.hdl
    missing = [s for s in spec["sources"] if not _regular(submission / s)]
    if missing:
        ok, reason = False, f"missing file(s): {', '.join(missing)}"
    else:
        job = _job({**spec, "sim": "verilator"}, [f"{HOME}/cand/{s}" for s in spec["sources"]], "none",
                   f"{HOME}/build", lint_only=True)
        files = {f"cand/{s}": submission / s for s in spec["sources"]}
        res = run_in_sandbox(job, files, chip_env=ctx.chip_env, uid=uid, limits=ctx.limits,
                             scratch_root=ctx.scratch_root, cgroup_namespace=ctx.cgroup_namespace)
        lint = res.lint or {}
        ok = bool(lint.get("clean")) and not res.error
        reason = "" if ok else (res.error or "; ".join(lint.get("messages", [])[:5]) or "lint failed")
    return [_row(task, "lint_clean", ok, reason)]


# ---------------------------------------------------------------- the kind


def hdl_context(ctx: "GradingContext") -> HdlContext:
    """The hardware view of a sitting's grading: trusted builds cached per sitting."""
    return HdlContext(exam=ctx.exam, hidden_dir=ctx.exam.hidden_dir, chip_env=ctx.lab_env,
                      cache_dir=ctx.scratch_root / "hdl-cache" / ctx.course_dir.parent.name,
                      scratch_root=ctx.scratch_root, cgroup_namespace=ctx.cgroup_namespace, limits=ctx.hdl_limits)


class HdlKind(GradingKind):
    name = "hdl"

    def make_reference(self, ctx: "GradingContext", task: Task, uid: int) -> dict | None:
        if task.hdl["kind"] != "rtl":
            return None
        ref = reference_values(hdl_context(ctx), task, uid)
        return {"checks": ref["checks"], "completed": ref["passed"], "stopped": ref["error"],
                "errors": [] if ref["passed"] else [{"grade_id": task.id, "ename": "BenchFailed",
                                                     "evalue": str(ref["tests"])[:500]}],
                "output": ref["output"]}

    def grade(self, run: GradingRun, tasks: list[Task]) -> list[dict]:
        ctx = hdl_context(run.ctx)
        waves = run.ctx.waves_dir(run.student)

        def grade_one(task: Task) -> list[dict]:
            kind = task.hdl["kind"]
            if kind == "rtl":
                return grade_rtl(ctx, task, run.submission_dir, run.uid, run.expected[self.reference_key(task)],
                                 waves_dir=waves)
            if kind == "bench":
                return grade_bench(ctx, task, run.submission_dir, run.uid)
            return grade_lint(ctx, task, run.submission_dir, run.uid)

        return each_task(run, tasks, grade_one)

    def check_spec(self, exam: ExamSpec, task: Task, problems: list[str]) -> None:
        """An RTL task's module may be defined in the released files only in the task's own (starter)
        sources: a correct copy elsewhere (say, inside a given subsystem) would be the answer."""
        if exam.kind != "certification" or task.hdl.get("kind") != "rtl":
            return
        released = [f for f in exam.source_dir.rglob("*") if f.is_file() and f.suffix in (".v", ".sv", ".vh")]
        own = {(exam.source_dir / s).resolve() for s in task.hdl.get("sources", [])}
        pattern = re.compile(rf"^\s*module\s+{re.escape(task.hdl['top'])}\b", re.MULTILINE)
        for f in released:
            if f.resolve() not in own and pattern.search(f.read_text(errors="replace")):
                problems.append(f"task {task.id}: the released file {f.relative_to(exam.source_dir)} defines module "
                                f"{task.hdl['top']}, the task's answer")

    def check_reference(self, exam: ExamSpec, task: Task, expected: dict, graded: dict, problems: list[str]) -> None:
        data = expected.get(self.reference_key(task))
        if data is not None and not data["checks"]:
            problems.append(f"task {task.id}: the hidden bench reports no value on the reference design")

    def summary(self, task: Task) -> str:
        spec = task.hdl
        files = spec.get("sources") or [spec.get("bench", "") + ".py"]
        return f"{spec['kind']}: {', '.join(files)}"
