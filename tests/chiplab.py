"""A small chip lab for tests: candidate RTL against a hidden bench, a candidate bench against
mutants, and lint, all on the library's mac_int8."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import yaml

from hardware_sim import sim as hwsim

STARTER_RTL = """`default_nettype none
module mac_int8 (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    // TODO: accumulate a * b on every enabled clock; clear on rst.
    always @(posedge clk) acc <= 32'sd0;
endmodule
`default_nettype wire
"""

STARTER_BENCH = '''"""Write a cocotb bench for mac_int8 that finds its bugs."""
import cocotb


@cocotb.test()
async def my_test(dut):
    pass  # TODO
'''


def write_chip_lab(labs: Path, name: str = "chip-mini", sim: str = "icarus") -> Path:
    root = labs / name
    src = root / "source" / "chip"
    (src / "rtl").mkdir(parents=True)
    (root / "hidden" / "benches").mkdir(parents=True)
    (root / "hidden" / "rtl").mkdir(parents=True)
    (root / "solution" / "rtl").mkdir(parents=True)
    meta = lambda **kw: {"nbgrader": {"schema_version": 3, "task": False, "locked": False, **kw}}  # noqa: E731
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# MAC lab", metadata=meta(grade=False, solution=False, locked=True,
                                                                 grade_id="intro")),
        nbformat.v4.new_markdown_cell("Why sign-extend the product?",
                                      metadata=meta(grade=True, solution=True, points=1, grade_id="why")),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, src / "README.ipynb")
    (src / "rtl" / "mac_int8.v").write_text(STARTER_RTL)
    (src / "test_my_mac.py").write_text(STARTER_BENCH)
    shutil.copyfile(hwsim.RTL / "mac_int8.v", root / "hidden" / "rtl" / "mac_int8.v")
    shutil.copyfile(hwsim.BENCHES / "test_mac_int8.py", root / "hidden" / "benches" / "test_mac_hidden.py")
    shutil.copyfile(hwsim.RTL / "mac_int8.v", root / "solution" / "rtl" / "mac_int8.v")
    shutil.copyfile(hwsim.BENCHES / "test_mac_int8.py", root / "solution" / "test_my_mac.py")
    (root / "exam.yaml").write_text(yaml.safe_dump({
        "id": name, "kind": "practice", "title": {"zh": "乘加单元", "en": "MAC unit"}, "minutes": 60,
        "assignment": "chip", "open_file": "README.ipynb", "environment": "chip",
        "tasks": [
            {"id": "rtl", "title": {"zh": "设计", "en": "Design"}, "points": 6, "area": "design_dev",
             "skills": ["chip/junior/2.1.1"], "grading": "auto",
             "hdl": {"kind": "rtl", "top": "mac_int8", "sources": ["rtl/mac_int8.v"], "bench": "test_mac_hidden",
                     "reference": ["rtl/mac_int8.v"], "sim": sim}},
            {"id": "bench", "title": {"zh": "验证", "en": "Verification"}, "points": 3, "area": "test_verify",
             "skills": ["chip/junior/3.1.2"], "grading": "auto",
             "hdl": {"kind": "bench", "top": "mac_int8", "bench": "test_my_mac", "sim": sim}},
            {"id": "lint", "title": {"zh": "可综合检查", "en": "Lint"}, "points": 1, "area": "design_dev",
             "skills": ["chip/junior/2.1.2"], "grading": "auto",
             "hdl": {"kind": "lint", "top": "mac_int8", "sources": ["rtl/mac_int8.v"]}},
            {"id": "why", "title": {"zh": "简答", "en": "Short answer"}, "points": 1, "area": "design_dev",
             "skills": ["chip/junior/2.1.1"], "grading": "manual", "cells": ["why"],
             "rubric": [{"points": 1, "zh": "说明符号扩展", "en": "Explains sign extension"}]},
        ],
    }, allow_unicode=True))
    return root
