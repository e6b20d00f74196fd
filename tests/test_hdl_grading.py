"""Grading hardware tasks for real (Icarus, and one Verilator path), and hostile designs and benches."""

from __future__ import annotations

import dataclasses
import shutil
import time
from pathlib import Path

import pytest
from chiplab import STARTER_BENCH, write_chip_lab
from uids import uid_for

from hardware_sim import sim as hwsim
from practicum.authoring.validate import check_exams
from practicum.core.exam_spec import load_exam
from practicum.core.limits import HDL_GRADING, Limits
from practicum.core.settings import Settings
from practicum.grading.context import GradingContext
from practicum.grading.kinds.hdl import WAVES_KEPT_BYTES, keep_waves
from practicum.grading.pipeline import grade_files, reference
from practicum.sittings.sitting_files import prepare_sitting

UID = uid_for(__name__)


@pytest.fixture(scope="module")
def chip(data_root):
    labs = data_root / "chip-labs"
    labs.mkdir()
    write_chip_lab(labs)
    settings = Settings(data_dir=data_root / "chip-data", labs_dir=labs)
    exam = load_exam(labs, "chip-mini")
    files = prepare_sitting(settings, "CHIP", exam)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for("chip"),
                         scratch_root=data_root / "chip-scratch", cgroup_namespace="practicum-tests", cache_dir=settings.cache_dir)
    return labs, ctx, reference(ctx, UID)


def submission(ctx, tmp_path, rtl: str | None = None, bench: str | None = None) -> Path:
    sub = ctx.reference_submission(tmp_path / f"sub-{time.monotonic_ns()}")
    if rtl is not None:
        (sub / "rtl" / "mac_int8.v").write_text(rtl)
    if bench is not None:
        (sub / "test_my_mac.py").write_text(bench)
    return sub


def grade(chip, sub, limits: Limits | None = None) -> dict:
    _, ctx, ref = chip
    if limits is not None:
        ctx = dataclasses.replace(ctx, hdl_limits=limits)
    return grade_files(ctx, sub, "cand", UID, ref)


def scores(result) -> dict[str, float]:
    return {k: v["score"] for k, v in result["tasks"].items()}


def mutated(mutant_id: str) -> str:
    m = next(x for x in hwsim.mutants("mac_int8") if x.id == mutant_id)
    return m.apply((hwsim.RTL / "mac_int8.v").read_text())


def test_check_passes_the_chip_lab(chip):
    labs, _, _ = chip
    [report] = check_exams(labs, ["chip-mini"])
    assert report.conformant, report.problems
    assert report.reference_score == 10 and report.starter_score == 0


def test_a_wrong_design_earns_partial_credit(chip, tmp_path):
    result = grade(chip, submission(chip[1], tmp_path, rtl=mutated("unsigned_product")))
    s = scores(result)
    assert 0 < s["rtl"] < 6 and s["lint"] == 1 and s["bench"] == 3
    failed = [c for c in result["checks"] if c.get("task") == "rtl" and not c["ok"]]
    assert failed and "expected" in failed[0]["reason"]


def test_the_waveform_of_a_graded_design_is_kept_for_the_examiner(chip, tmp_path):
    _, ctx, _ = chip
    result = grade(chip, submission(chip[1], tmp_path, rtl=mutated("unsigned_product")))
    assert 0 < scores(result)["rtl"] < 6
    kept = ctx.waves_dir("cand") / "rtl.fst"
    assert kept.is_file() and kept.stat().st_size > 100 and oct(kept.stat().st_mode & 0o777) == "0o600"
    assert kept.read_bytes()[:1] == b"\x00"  # an FST header block


def test_keep_waves_trusts_nothing_the_sandbox_leaves(tmp_path):
    """The out dir is the sandbox's: a symlink or an oversized file is not kept."""
    out, kept = tmp_path / "out", tmp_path / "kept"
    out.mkdir()
    (out / "waves.fst").symlink_to("/etc/shadow")
    assert keep_waves(out, kept, "t") is None and not kept.exists()
    (out / "waves.fst").unlink()
    with open(out / "waves.vcd", "wb") as f:
        f.truncate(WAVES_KEPT_BYTES + 1)
    assert keep_waves(out, kept, "t") is None
    (out / "waves.vcd").write_text("$date today $end\n")
    assert keep_waves(out, kept, "t") == kept / "t.vcd" and (kept / "t.vcd").read_text().startswith("$date")


def test_a_bench_earns_what_it_catches(chip, tmp_path):
    weak = STARTER_BENCH.replace("    pass  # TODO", '''    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.en.value, dut.a.value, dut.b.value = 1, 1, 2, 3
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    await FallingEdge(dut.clk)
    await FallingEdge(dut.clk)
    assert dut.acc.value.to_signed() == 12  # catches a missing reset and a missing enable? only the reset''')
    result = grade(chip, submission(chip[1], tmp_path, bench=weak))
    caught = {c["name"] for c in result["checks"] if c.get("task") == "bench" and c["ok"]}
    assert "passes_correct_design" in caught and "catches_no_reset" in caught
    assert "catches_unsigned_product" not in caught
    assert 0 < scores(result)["bench"] < 3


def test_a_bench_that_fails_everything_earns_nothing(chip, tmp_path):
    always_fail = STARTER_BENCH.replace("    pass  # TODO", "    assert False, 'everything is a bug'")
    result = grade(chip, submission(chip[1], tmp_path, bench=always_fail))
    assert scores(result)["bench"] == 0


HOSTILE_DESIGNS = {
    "forged_report_lines": """
module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                 input wire signed [7:0] b, output reg signed [31:0] acc);
  initial begin
    $display("PRACTICUM-CHECK  {\\"name\\": \\"reset_clears\\", \\"value\\": [12], \\"weight\\": 1.0}");
    $display("PRACTICUM-CHECK {\\"name\\": \\"reset_clears\\", \\"value\\": [12], \\"weight\\": 100.0}");
  end
  always @(posedge clk) acc <= 0;
endmodule
""",
    "writes_files": """
module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                 input wire signed [7:0] b, output reg signed [31:0] acc);
  integer f;
  initial begin
    f = $fopen("/home/exam/results.xml", "w"); $fwrite(f, "<testsuites></testsuites>"); $fclose(f);
    f = $fopen("/run/practicum/submission/job.json", "w");
    f = $fopen("/tmp/forged", "w"); $fwrite(f, "x"); $fclose(f);
  end
  always @(posedge clk) acc <= 0;
endmodule
""",
    "endless_zero_delay_loop": """
module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                 input wire signed [7:0] b, output reg signed [31:0] acc);
  reg spin;
  initial spin = 0;
  always @(posedge clk) begin
    while (1) spin = ~spin;  // never returns: the simulation stops at the first clock edge
  end
endmodule
""",
    "gigabyte_waveform": """
module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                 input wire signed [7:0] b, output reg signed [31:0] acc);
  integer f, i;
  initial begin
    f = $fopen("/home/exam/huge.txt", "w");
    $dumpfile("/home/exam/huge.vcd"); $dumpvars(0, mac_int8);
  end
  always @(posedge clk) begin
    for (i = 0; i < 20000; i = i + 1) $fwrite(f, "0123456789012345678901234567890123456789012345678901234567890123456789");
    acc <= 0;
  end
endmodule
""",
    "system_call": """
module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                 input wire signed [7:0] b, output reg signed [31:0] acc);
  initial $system("touch /tmp/pwned");
  always @(posedge clk) acc <= 0;
endmodule
""",
    "finishes_at_once": """
module mac_int8 (input wire clk, input wire rst, input wire en, input wire signed [7:0] a,
                 input wire signed [7:0] b, output reg signed [31:0] acc);
  initial $finish;
endmodule
""",
    "does_not_compile": "module mac_int8 (input wire clk; endmodule\n",
}


@pytest.mark.parametrize("attack", sorted(HOSTILE_DESIGNS))
def test_hostile_designs_are_contained_and_score_nothing(chip, tmp_path, attack):
    start = time.monotonic()
    result = grade(chip, submission(chip[1], tmp_path, rtl=HOSTILE_DESIGNS[attack]),
                   HDL_GRADING.but(timeout_s=25, disk_mb=256, file_mb=64))
    assert scores(result)["rtl"] == 0, [c for c in result["checks"] if c.get("task") == "rtl"]
    assert time.monotonic() - start < 150  # the run goes on
    assert not Path("/tmp/pwned").exists() and not Path("/tmp/forged").exists()


def test_a_bench_that_reads_or_writes_around_it_finds_nothing(chip, tmp_path):
    snoop = STARTER_BENCH.replace("    pass  # TODO", '''    import glob, os
    found = glob.glob("/run/practicum/build/../**", recursive=True)
    sources = [p for p in found if p.endswith(".v")]
    os.makedirs("/run/practicum/build/x", exist_ok=True)''')
    result = grade(chip, submission(chip[1], tmp_path, bench=snoop))
    assert scores(result)["bench"] == 0  # it could not write there: the bench failed on the correct design


@pytest.mark.slow
def test_verilator_grading_with_coverage(data_root, tmp_path):
    labs = data_root / "chip-labs-verilator"
    labs.mkdir()
    root = write_chip_lab(labs, "chip-mini-v", sim="verilator")
    import yaml

    spec = yaml.safe_load((root / "exam.yaml").read_text())
    spec["tasks"][1]["hdl"]["coverage"] = {"kind": "line", "target": 0.9, "weight": 1}
    (root / "exam.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    [report] = check_exams(labs, ["chip-mini-v"])
    assert report.conformant, report.problems
    shutil.rmtree(labs)


def test_a_bench_task_on_a_block_with_dependencies(data_root, tmp_path):
    """systolic_array instantiates systolic_pe (rtl/systolic_pe.v): the reference design and every
    mutant are built with the block's dependencies, so the library's bench catches the mutants and
    a weaker bench earns only what it catches."""
    import yaml

    labs = data_root / "chip-labs-deps"
    labs.mkdir()
    root = write_chip_lab(labs, "chip-mini-deps")
    spec = yaml.safe_load((root / "exam.yaml").read_text())
    spec["tasks"] = [
        {"id": "bench", "title": {"zh": "验证", "en": "Verification"}, "points": 2, "area": "test_verify",
         "skills": ["chip/junior/3.1.2"], "grading": "auto",
         "hdl": {"kind": "bench", "top": "systolic_array", "bench": "test_my_array",
                 "mutants": ["no_clear_on_start", "c_transposed"]}},
        next(t for t in spec["tasks"] if t["id"] == "why"),
    ]
    (root / "exam.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True))
    (root / "source" / "chip" / "test_my_array.py").write_text(STARTER_BENCH)
    shutil.copyfile(hwsim.BENCHES / "test_systolic_array.py", root / "solution" / "test_my_array.py")
    assert [p.name for p in hwsim.sources("systolic_array")] == ["systolic_pe.v", "systolic_array.v"]

    [report] = check_exams(labs, ["chip-mini-deps"])
    assert report.conformant, report.problems
    assert report.reference_score == 2 and report.starter_score == 0

    # One multiply right after reset, checked against A @ B: it sees a transposed C, not the missing
    # clear (that needs a second multiply).
    one_shot = STARTER_BENCH.replace("    pass  # TODO", '''    import numpy as np
    from cocotb.clock import Clock
    from cocotb.triggers import FallingEdge
    from hardware_sim.golden import systolic_array as g
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    a = np.arange(16).reshape(4, 4) - 8
    b = np.arange(16).reshape(4, 4) * 3 - 20
    dut.rst.value, dut.start.value, dut.a.value, dut.b.value = 1, 0, g.pack(a), g.pack(b)
    await FallingEdge(dut.clk)
    dut.rst.value, dut.start.value = 0, 1
    await FallingEdge(dut.clk)
    dut.start.value = 0
    for _ in range(20):
        await FallingEdge(dut.clk)
    assert (g.unpack(dut.c.value.to_unsigned(), 4) == g.matmul(a, b)).all()''')
    settings = Settings(data_dir=data_root / "chip-deps-data", labs_dir=labs)
    exam = load_exam(labs, "chip-mini-deps")
    files = prepare_sitting(settings, "CHIPDEPS", exam)
    ctx = GradingContext(exam=exam, course_dir=files.course_dir, lab_env=settings.lab_env_for("chip"),
                         scratch_root=data_root / "chip-deps-scratch", cgroup_namespace="practicum-tests", cache_dir=settings.cache_dir)
    sub = ctx.reference_submission(tmp_path / "sub")
    (sub / "test_my_array.py").write_text(one_shot)
    result = grade_files(ctx, sub, "cand", UID, reference(ctx, UID))
    caught = {c["name"] for c in result["checks"] if c.get("task") == "bench" and c["ok"]}
    assert caught == {"passes_correct_design", "catches_c_transposed"}, result["checks"]
    assert scores(result)["bench"] == 1
    shutil.rmtree(labs)
