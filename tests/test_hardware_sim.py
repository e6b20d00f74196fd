"""The block library on real simulators: every bench passes on Icarus and Verilator, every mutant
is caught, every block is lint-clean. Verilator builds take seconds each: most are marked slow, and
one Verilator path stays in the default run."""

from __future__ import annotations

import subprocess

import pytest

from hardware_sim import sim as hwsim

BLOCKS = hwsim.blocks()
# Blocks whose RTL needs more than its own file.
EXTRA_SOURCES = {"systolic_array": ["systolic_pe.v"]}


def sources(block: str) -> list:
    return [hwsim.RTL / name for name in EXTRA_SOURCES.get(block, [])] + [hwsim.RTL / f"{block}.v"]


def run(block: str, simulator: str, rtl=None):
    w = hwsim.scratch()
    return hwsim.run_bench(rtl or sources(block), block, f"test_{block}", hwsim.BENCHES, sim=simulator,
                           build_dir=w / "build", workdir=w)


def test_the_library_has_the_issue_blocks():
    assert set(BLOCKS) >= {"mac_int8", "requant_int8", "fp32_to_bf16", "fp32_to_fp16", "act_unit"}


@pytest.mark.parametrize("block", BLOCKS)
def test_bench_passes_on_icarus(block):
    result = run(block, "icarus")
    assert result.passed, (result.error, result.failed_tests(), result.output[-3000:])


@pytest.mark.parametrize("block", ["mac_int8"])
def test_bench_passes_on_verilator(block):
    result = run(block, "verilator")
    assert result.passed, (result.error, result.failed_tests(), result.output[-3000:])


@pytest.mark.slow
@pytest.mark.parametrize("block", [b for b in BLOCKS if b != "mac_int8"])
def test_bench_passes_on_verilator_slow(block):
    result = run(block, "verilator")
    assert result.passed, (result.error, result.failed_tests(), result.output[-3000:])


@pytest.mark.parametrize("block,mutant", [(b, m.id) for b in BLOCKS for m in hwsim.mutants(b)])
def test_every_mutant_is_caught(block, mutant):
    m = next(x for x in hwsim.mutants(block) if x.id == mutant)
    w = hwsim.scratch()
    mutated = hwsim.write_mutant(block, m, w / "rtl")
    rtl = [hwsim.RTL / name for name in EXTRA_SOURCES.get(block, [])] + [mutated]
    result = run(block, "icarus", rtl)
    assert not result.passed, f"{block}/{mutant} ({m.description}) passes the bench"


@pytest.mark.parametrize("block", BLOCKS)
def test_every_block_is_lint_clean(block):
    env = hwsim.sim_env(hwsim.chip_env())
    res = subprocess.run(["verilator", "--lint-only", "-Wall", *map(str, sources(block))], env=env,
                         capture_output=True, text=True)
    assert res.returncode == 0 and "%Warning" not in res.stdout + res.stderr, res.stdout + res.stderr


def test_every_mutant_changes_its_design():
    for block in BLOCKS:
        original = (hwsim.RTL / f"{block}.v").read_text()
        for m in hwsim.mutants(block):
            assert m.apply(original) != original, (block, m.id)
