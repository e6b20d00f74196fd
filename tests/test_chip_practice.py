"""Practice feedback (hardware_sim.practice) and the chip practice lab, for real: the module as the
chip lab environment has it installed, run by the sandboxed learner's uid in bubblewrap with the
environment read-only, on Icarus (default run) and Verilator with coverage (slow); a notebook cell in
a real kernel; bad input; and `practicum check` of labs/chip-practice."""

from __future__ import annotations

import json
import os
import shutil
import struct
import textwrap
import time
from pathlib import Path

import nbformat
import pytest
from uids import uid_for

from hardware_sim import practice
from practicum import sandbox
from practicum.core.limits import Limits
from practicum.core.settings import PROJECT_ROOT

CHIP_ENV = PROJECT_ROOT / ".envs" / "chip"
LAB = PROJECT_ROOT / "labs" / "chip-practice"
UID = uid_for(__name__)
MARK = "PRACTICE-TEST "


@pytest.fixture
def workspace(data_root):
    """A learner's home: the lab's released files (starters), owned by the learner's uid."""
    ws = data_root / f"practice-{time.monotonic_ns()}"
    shutil.copytree(LAB / "source" / "practice", ws)
    (ws / "ref").mkdir()
    for f in (LAB / "solution" / "rtl").glob("*.v"):
        shutil.copyfile(f, ws / "ref" / f.name)
    return ws


def own(ws: Path) -> None:
    for path in [ws, *ws.rglob("*")]:
        os.lchown(path, UID, UID)


def in_lab(ws: Path, code: str, timeout: float = 180) -> dict:
    """Runs `code` with the chip environment's Python in a lab-like sandbox; returns what it
    printed after MARK (JSON), or fails with the output."""
    own(ws)
    env = {"PATH": f"{CHIP_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": sandbox.WORKSPACE_MOUNT,
           "MPLCONFIGDIR": "/tmp/.matplotlib", "XDG_CACHE_HOME": "/tmp/.cache", "IPYTHONDIR": "/tmp/.ipython",
           "JUPYTER_RUNTIME_DIR": "/tmp/.jupyter-runtime", "PYTHONNOUSERSITE": "1"}
    res = sandbox.run_sandboxed([str(CHIP_ENV / "bin" / "python"), "-c", SUMMARY + textwrap.dedent(code)], workspace=ws,
                                uid=UID, ro_paths=[CHIP_ENV], env=env, timeout=timeout,
                                limits=Limits(memory_mb=3072), cgroup_namespace="practicum-tests")
    out = res.stdout.decode(errors="replace")
    for line in out.splitlines():
        if line.startswith(MARK):
            return json.loads(line.removeprefix(MARK))
    err = res.stderr.decode(errors="replace")
    raise AssertionError(f"no result (exit {res.returncode}):\n{out[-4000:]}\n{err[-4000:]}")


SUMMARY = """
def summary(r):
    return {"passed": r.passed, "failed": r.failed, "problem": r.problem and vars(r.problem),
            "notes": [vars(n) for n in r.notes], "tests": [vars(t) for t in r.tests],
            "waves": str(r.waves_png) if r.waves_png else None, "caption": r.wave_caption,
            "coverage": r.coverage and {"summary": r.coverage.summary,
                                         "uncovered": r.coverage.uncovered(),
                                         "percent": {k: r.coverage.percent(k) for k in r.coverage.summary}},
            "html": r._repr_html_(), "text": r.text(), "module": practice.__file__}
"""


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def host_path(ws: Path, sandbox_path: str) -> Path:
    return ws / Path(sandbox_path).relative_to(sandbox.WORKSPACE_MOUNT)


# ---------------------------------------------------------------- the module as installed


def test_the_chip_environment_has_the_current_module():
    """scripts/setup installs hardware_sim's lab half into .envs/chip (labs cannot see the project)."""
    site = next((CHIP_ENV / "lib").glob("python3*/site-packages"))
    for name in ("__init__.py", "checks.py", "cocotb_runner.py", "coverage.py", "run_sim.py", "practice.py"):
        installed = site / "hardware_sim" / name
        assert installed.is_file(), f"{installed} missing: run ./scripts/setup"
        assert installed.read_bytes() == (PROJECT_ROOT / "hardware_sim" / name).read_bytes(), \
            f"{installed} is out of date: run ./scripts/setup"
    for secret in ("golden", "benches", "rtl", "mutants", "sim.py"):
        assert not (site / "hardware_sim" / secret).exists(), f"{secret} must not be in a lab environment"


# ---------------------------------------------------------------- Icarus in the sandbox (default run)


def test_a_passing_design_in_the_lab_sandbox(workspace, artifacts):
    started = time.monotonic()
    got = in_lab(workspace, f"""
        import json
        from hardware_sim import practice
        r = practice.run(["ref/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches")
        print({MARK!r} + json.dumps(summary(r)))
    """)
    assert time.monotonic() - started < 60
    assert got["module"].startswith(str(CHIP_ENV)), "the lab imports the installed copy"
    assert got["passed"] and got["problem"] is None
    assert [t["name"] for t in got["tests"]] == ["extremes", "random_with_gaps", "reset_clears"]
    assert all(t["status"] == "passed" and t["sim_time_ns"] > 0 for t in got["tests"])
    html = got["html"]
    for heading in ("测试结果 Test results", "测试<br>Test", "结果<br>Result", "失败信息<br>Failure message",
                    "波形 Waveform", "data:image/png;base64,"):
        assert heading in html, heading
    png = host_path(workspace, got["waves"])
    assert png.parent.parent.name == "practice" and png.parent.parent.parent.name == ".cache"
    width, height = png_size(png)
    assert width >= 1000 and height >= 300 and png.stat().st_size > 20_000
    shutil.copyfile(png, artifacts / "practice_waves_mac_int8.png")
    assert "first 6 cycles" in got["caption"] and "extremes" in got["caption"]


def test_failing_tests_show_their_messages_and_the_failure(workspace, artifacts):
    """The starter fails every test: the table carries the assertion, the waveform shows the cycles
    before the first failure."""
    (workspace / "rtl" / "sync_fifo.v").write_text(
        (workspace / "ref" / "sync_fifo.v").read_text().replace("assign full  = (count == FULL_COUNT);",
                                                                "assign full  = (count == FULL_COUNT - 1'b1);"))
    got = in_lab(workspace, f"""
        import json
        from hardware_sim import practice
        r = practice.run(["rtl/sync_fifo.v"], "sync_fifo", "test_sync_fifo", test_dir="benches", cycles=4)
        starter = practice.run(["rtl/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches", show=False)
        print({MARK!r} + json.dumps({{"fifo": summary(r), "starter": summary(starter)}}))
    """)
    fifo = got["fifo"]
    assert not fifo["passed"] and fifo["problem"] is None and fifo["failed"]
    first = next(t for t in fifo["tests"] if t["status"] == "failed")
    assert "AssertionError" in first["message"] and "expected" in first["message"]
    assert f"first failing test {first['name']}" in fifo["caption"]
    assert "last 4 cycles before the failure" in fifo["caption"]
    shutil.copyfile(host_path(workspace, fifo["waves"]), artifacts / "practice_waves_sync_fifo_failing.png")
    assert "sync_fifo" in fifo["text"] and "失败 FAIL" in fifo["text"]
    starter = got["starter"]
    assert starter["failed"] == ["extremes", "random_with_gaps", "reset_clears"]
    assert "up to the failure" in starter["caption"] or "before the failure" in starter["caption"]


def test_bad_input_gives_clear_messages_and_never_hangs(workspace):
    (workspace / "rtl" / "broken.v").write_text("module mac_int8 (input wire clk);\n  assign x = \nendmodule\n")
    (workspace / "rtl" / "endless.v").write_text(textwrap.dedent("""\
        module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                         input wire signed [7:0] b, output reg signed [31:0] acc);
            reg spin;
            initial spin = 1'b0;
            always @(spin) spin <= ~spin;  // a zero-delay loop: simulated time never advances
            always @(posedge clk) acc <= 0;
        endmodule
    """))
    (workspace / "test_bad_bench.py").write_text("import cocotb\n\n@cocotb.test()\nasync def t(dut)\n    pass\n")
    (workspace / "test_bad_import.py").write_text("import cocotb\nimport no_such_module\n")
    started = time.monotonic()
    got = in_lab(workspace, f"""
        import json, os, time
        from hardware_sim import practice
        out = {{}}
        for name, args, kw in [
            ("missing", (["rtl/nope.v"], "mac_int8", "test_mac_int8"), {{"test_dir": "benches"}}),
            ("no_bench", (["rtl/mac_int8.v"], "mac_int8", "test_nope"), {{}}),
            ("syntax", (["rtl/broken.v"], "mac_int8", "test_mac_int8"), {{"test_dir": "benches"}}),
            ("bench_syntax", (["rtl/mac_int8.v"], "mac_int8", "test_bad_bench"), {{}}),
            ("bench_import", (["rtl/mac_int8.v"], "mac_int8", "test_bad_import"), {{}}),
            ("endless", (["rtl/endless.v"], "mac_int8", "test_mac_int8"), {{"test_dir": "benches", "timeout": 4}}),
            ("wrong_top", (["rtl/mac_int8.v"], "mac_int9", "test_mac_int8"), {{"test_dir": "benches"}}),
            ("wrong_sim", (["rtl/mac_int8.v"], "mac_int8", "test_mac_int8"), {{"sim": "modelsim"}}),
        ]:
            t = time.monotonic()
            r = practice.run(*args, show=False, **kw)
            out[name] = {{**summary(r), "seconds": time.monotonic() - t}}
        # the endless simulation was stopped, not left behind: no live simulator in this PID namespace
        # (a killed one may linger a moment as a zombie until the namespace's init reaps it)
        for _ in range(20):
            names = []
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    stat = open(f"/proc/{{pid}}/stat").read()
                except OSError:
                    continue
                if stat.rsplit(")", 1)[1].split()[0] != "Z":
                    names.append(stat[stat.index("(") + 1:stat.rindex(")")])
            if "vvp" not in names:
                break
            time.sleep(0.1)
        out["processes"] = names
        print({MARK!r} + json.dumps(out))
    """, timeout=120)
    assert time.monotonic() - started < 90
    kinds = {name: (r["problem"] or {}).get("kind") for name, r in got.items() if name != "processes"}
    assert kinds == {"missing": "missing_file", "no_bench": "missing_file", "syntax": "compile",
                     "bench_syntax": "bench_syntax", "bench_import": "bench_error", "endless": "timeout",
                     "wrong_top": "compile", "wrong_sim": "bad_argument"}
    p = {name: r["problem"] for name, r in got.items() if name != "processes"}
    assert p["missing"]["details"] == ["rtl/nope.v"] and "找不到文件" in p["missing"]["zh"]
    assert "File not found" in p["missing"]["en"]
    assert p["no_bench"]["details"] == ["test_nope.py"]
    assert "编译失败" in p["syntax"]["zh"] and "Compilation failed" in p["syntax"]["en"]
    assert any(line.startswith("rtl/broken.v:3") and "syntax error" in line for line in p["syntax"]["details"])
    assert "语法错误" in p["bench_syntax"]["zh"] and "test_bad_bench.py, line 4" in p["bench_syntax"]["details"][0]
    assert any("No module named 'no_such_module'" in line for line in p["bench_import"]["details"])
    assert "4 秒" in p["endless"]["zh"] and "did not finish within 4 s" in p["endless"]["en"]
    assert got["endless"]["seconds"] < 30
    assert "vvp" not in got["processes"], got["processes"]
    for name in kinds:
        html = got[name]["html"]
        assert p[name]["zh"].split("（")[0][:6] in html and "No test results" in html


def test_a_notebook_cell_shows_the_feedback_once(workspace):
    """An exercise's run cell in a real kernel (the chip environment's) in the lab sandbox: one HTML
    view per run, even for a cell that ends in practice.run(...); the result shows again on request."""
    nb = nbformat.read(workspace / "01_mac_int8.ipynb", as_version=4)
    run_cell = next(c for c in nb.cells if c.cell_type == "code" and "practice.run" in c.source)
    assert "sim=" not in run_cell.source  # the Icarus one
    again = 'practice.run(["ref/mac_int8.v"], "mac_int8", "test_mac_int8", test_dir="benches")'
    cells = [nbformat.v4.new_code_cell(run_cell.source.replace("rtl/mac_int8.v", "ref/mac_int8.v")),
             nbformat.v4.new_code_cell(again), nbformat.v4.new_code_cell("r")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), workspace / "check.ipynb")
    got = in_lab(workspace, f"""
        import json, nbformat
        from nbclient import NotebookClient
        nb = nbformat.read("check.ipynb", as_version=4)
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
        print({MARK!r} + json.dumps([c.outputs for c in nb.cells]))
    """)
    for outputs in got:
        html = [o for o in outputs if "text/html" in o.get("data", {})]
        assert len(html) == 1, outputs
        assert not [o for o in outputs if o.get("output_type") == "error"], outputs
        body = html[0]["data"]["text/html"]
        assert "全部通过 3/3" in body and "all 3 tests passed" in body and "data:image/png;base64," in body


# ---------------------------------------------------------------- Verilator with coverage (slow)


@pytest.mark.slow
def test_verilator_coverage_in_the_lab_sandbox(workspace, artifacts):
    """sync_fifo has a memory (Verilator's plain --coverage aborts on it): coverage by kind, and the
    uncovered lines of a bench that leaves things out."""
    got = in_lab(workspace, f"""
        import json
        from hardware_sim import practice
        full = practice.run(["ref/sync_fifo.v"], "sync_fifo", "test_sync_fifo", test_dir="benches",
                            sim="verilator", coverage=True)
        part = practice.run(["ref/sync_fifo.v"], "sync_fifo", "test_sync_fifo", test_dir="benches",
                            sim="verilator", coverage=True, testcase="fill_and_drain", show=False)
        print({MARK!r} + json.dumps({{"full": summary(full), "part": summary(part)}}))
    """, timeout=400)
    full, part = got["full"], got["part"]
    assert full["passed"] and part["passed"]
    assert {"line", "branch", "toggle"} <= set(full["coverage"]["summary"])
    assert full["coverage"]["percent"]["line"] == 100 and full["coverage"]["percent"]["branch"] == 100
    assert part["coverage"]["percent"]["toggle"] < full["coverage"]["percent"]["toggle"]
    assert part["coverage"]["uncovered"], "a partial bench leaves lines uncovered"
    assert "覆盖率 Coverage" in part["html"] and "未覆盖 uncovered" in part["html"]
    assert "行 Line" in part["html"] and "分支 Branch" in part["html"] and "翻转 Toggle" in part["html"]
    assert "coverage / 覆盖率: " in part["text"]
    assert part["tests"] and [t["name"] for t in part["tests"]] == ["fill_and_drain"]
    (artifacts / "practice_sync_fifo_coverage.html").write_text("<meta charset='utf-8'>" + part["html"])
    shutil.copyfile(host_path(workspace, full["waves"]), artifacts / "practice_waves_sync_fifo_verilator.png")


# The practice labs' reference and starter are checked with every exam in tests/test_check.py.


# ---------------------------------------------------------------- the parts, without a simulator


def test_the_lab_is_a_practice_lab_for_the_chip_environment():
    from practicum.core.exam_spec import load_exam

    exam = load_exam(PROJECT_ROOT / "labs", "chip-practice")
    assert exam.kind == "practice" and exam.environment == "chip" and exam.minutes >= 480
    assert any("练习" in r.zh and "practice" in r.en.lower() for r in exam.rules)
    kinds = sorted(t.hdl["kind"] for t in exam.tasks)
    assert kinds.count("rtl") == 5 and kinds.count("bench") == 1 and kinds.count("lint") == 1
    src = exam.source_dir
    for block in ("mac_int8", "requant_int8", "fp32_to_bf16", "sync_fifo", "systolic_pe"):
        assert (src / "rtl" / f"{block}.v").is_file() and (src / "benches" / f"test_{block}.py").is_file()
        assert (exam.hidden_dir / "benches" / f"test_{block}_hidden.py").is_file()
        assert "TODO" in (src / "rtl" / f"{block}.v").read_text()
        nb = next(src.glob(f"0?_{block}.ipynb"))
        text = "".join(c.source for c in nbformat.read(nb, as_version=4).cells)
        assert "practice.run(" in text and "coverage=True" in text and "规格 / Specification" in text
    assert not list(src.rglob("*hidden*")), "hidden benches stay out of the release"


def test_the_second_practice_lab_has_the_other_blocks():
    """labs/chip-practice-2: four designs with self-contained visible benches, two benches of given,
    correct designs (the library's) graded against the library's mutants."""
    from hardware_sim import sim
    from practicum.core.exam_spec import load_exam

    exam = load_exam(PROJECT_ROOT / "labs", "chip-practice-2")
    assert exam.kind == "practice" and exam.environment == "chip" and exam.minutes >= 480
    assert sum(t.points for t in exam.tasks) == 100
    src = exam.source_dir
    for block in ("act_unit", "dot_int8", "fp32_to_fp16", "systolic_array"):
        bench = (src / "benches" / f"test_{block}.py").read_text()
        assert "TODO" in (src / "rtl" / f"{block}.v").read_text() and "hardware_sim" not in bench
        assert (exam.hidden_dir / "benches" / f"test_{block}_hidden.py").is_file()
        nb = next(src.glob(f"0?_{block}.ipynb"))
        text = "".join(c.source for c in nbformat.read(nb, as_version=4).cells)
        assert "practice.run(" in text and "coverage=True" in text and "规格 / Specification" in text
    benches = {t.hdl["top"]: t.hdl for t in exam.tasks if t.hdl["kind"] == "bench"}
    assert set(benches) == {"async_fifo", "accel"}
    for top, spec in benches.items():
        assert (src / f"{spec['bench']}.py").is_file()
        assert "hardware_sim" not in (exam.root / "solution" / f"{spec['bench']}.py").read_text()
        assert set(spec["mutants"]) <= {m.id for m in sim.mutants(top)}
    given = {"rtl/systolic_pe.v": "systolic_pe.v", "rtl/async_fifo.v": "async_fifo.v",
             **{f"accel/{p.name}": p.name for p in sim.sources("accel")}}
    for path, lib in given.items():
        assert (src / path).read_bytes() == (sim.RTL / lib).read_bytes(), f"{path} differs from the library's"
    assert not list(src.rglob("*hidden*")), "hidden benches stay out of the release"


def test_the_second_practice_labs_visible_benches(tmp_path):
    """Each visible bench passes on the reference design and fails on the starter (Icarus)."""
    from hardware_sim import sim

    lab = PROJECT_ROOT / "labs" / "chip-practice-2"
    src = lab / "source" / "practice"
    for block in ("act_unit", "dot_int8", "fp32_to_fp16", "systolic_array"):
        deps = [src / "rtl" / "systolic_pe.v"] if block == "systolic_array" else []
        for what, rtl in (("reference", lab / "solution" / "rtl"), ("starter", src / "rtl")):
            w = tmp_path / f"{block}-{what}"
            w.mkdir()
            r = sim.run_bench(deps + [rtl / f"{block}.v"], block, f"test_{block}", src / "benches", sim="icarus",
                              build_dir=w / "build", workdir=w)
            assert r.error is None and r.tests, (block, what, r.error, r.output[-2000:])
            assert r.passed == (what == "reference"), (block, what, r.tests)


def test_grading_skips_the_simulation(monkeypatch, tmp_path):
    monkeypatch.setenv("PRACTICUM_GRADING", "1")
    r = practice.run(["rtl/x.v"], "x", "test_x", workdir=tmp_path, show=False)
    assert r.problem is None and not r.tests and r.notes[0].kind == "grading"


VCD = """$date today $end
$version Icarus Verilog $end
$timescale 1ps $end
$scope module top $end
$var wire 1 ! clk $end
$var wire 8 " a [7:0] $end
$var reg 32 # acc [31:0] $end
$var wire 16 $ product [15:0] $end
$scope module inner $end
$var wire 1 % clk $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
1!
bx "
b0 #
b0 $
$end
#5000
0!
b10000000 "
#10000
1!
b11111111111111111100000000000000 #
#15000
0!
bz "
#20000
1!
"""


def test_vcd_reading_and_values(tmp_path):
    path = tmp_path / "w.vcd"
    path.write_text(VCD)
    sigs, scale = practice.read_vcd(path, "top", ["clk", "a", "acc"])
    assert scale == 1e-3 and set(sigs) == {"clk", "a", "acc"}
    assert sigs["clk"].changes == [(0, "1"), (5000, "0"), (10000, "1"), (15000, "0"), (20000, "1")]
    assert [practice.format_value(v, 8, True) for _, v in sigs["a"].changes] == ["x", "-128", "z"]
    assert practice.format_value(sigs["acc"].changes[-1][1], 32, True) == "-16384"
    assert practice.format_value("1010", 8, False) == "a" and practice.format_value("11", 4, False) == "3"
    window, _ = practice.read_vcd(path, "top", None, start_ns=9.0, stop_ns=16.0)
    assert set(window) == {"clk", "a", "acc", "product"}  # the top scope only
    assert window["clk"].changes == [(9000, "0"), (10000, "1"), (15000, "0")]


def test_ports_of_the_top_module(tmp_path):
    ansi = tmp_path / "a.v"
    ansi.write_text("module other(input a); endmodule\n"
                    "module top #(parameter W = 8, parameter D = (4)) (\n  input wire clk, rst, // c\n"
                    "  input wire signed [W-1:0] a, /* b */ output reg [2*W:0] acc, output wire done = 1'b0\n);\n"
                    "  wire internal;\nendmodule\n")
    assert practice.verilog_ports([ansi], "top") == [("clk", "input", False), ("rst", "input", False),
                                                     ("a", "input", True), ("acc", "output", False),
                                                     ("done", "output", False)]
    old = tmp_path / "b.v"
    old.write_text("module top(clk, q);\n  input clk;\n  output [3:0] q;\n  reg [3:0] q;\nendmodule\n")
    assert practice.verilog_ports([old], "top") == [("clk", "input", False), ("q", "output", False)]
    assert practice.verilog_ports([old], "absent") == []
