"""Bench of act_unit against its golden model: every input in every mode, edge values per mode,
and seeded random (x, mode) sequences. The block is combinational: each case is sampled 1 ns later."""

import random

import cocotb
from cocotb.triggers import Timer

from hardware_sim.checks import report
from hardware_sim.golden import act_unit as golden


async def drive(dut, cases):
    seen = []
    for x, mode in cases:
        dut.x.value, dut.mode.value = x, mode
        await Timer(1, unit="ns")
        seen.append(dut.y.value.to_signed())
    return seen


async def check(dut, name, cases):
    seen = await drive(dut, cases)
    report(name, seen)
    want = golden.activate(*zip(*cases)).tolist()
    bad = [(c, s, w) for c, s, w in zip(cases, seen, want) if s != w]
    assert not bad, f"{len(bad)} mismatches, first ((x, mode), seen, expected): {bad[:5]}"


EDGES = [-128, -127, -17, -16, -10, -9, -8, -7, -2, -1, 0, 1, 2, 7, 8, 95, 96, 97, 126, 127]


@cocotb.test()
async def edges_per_mode(dut):
    """The interesting inputs (int8 extremes, zero, the ReLU6 bound 96, leaky rounding points) per mode."""
    await check(dut, "edges_per_mode", [(x, mode) for mode in range(4) for x in EDGES])


@cocotb.test()
async def exhaustive(dut):
    """All 256 inputs in each of the 4 modes."""
    await check(dut, "exhaustive", [(x, mode) for mode in range(4) for x in range(-128, 128)])


@cocotb.test()
async def random_sequence(dut):
    """Seeded random inputs and modes, the mode changing from case to case."""
    rng = random.Random(4711)
    await check(dut, "random_sequence", [(rng.randint(-128, 127), rng.randint(0, 3)) for _ in range(400)])
