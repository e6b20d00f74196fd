"""Bench of mac_int8 against its golden model: reset, random signed operands, enable gaps."""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

from hardware_sim.checks import report
from hardware_sim.golden import mac_int8 as golden


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.en.value, dut.a.value, dut.b.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def drive(dut, a, b, en):
    """Applies one operand pair per cycle; returns the accumulator seen after each edge."""
    seen = []
    for x, y, e in zip(a, b, en):
        dut.a.value, dut.b.value, dut.en.value = x, y, int(e)
        await FallingEdge(dut.clk)
        seen.append(dut.acc.value.to_signed())
    return seen


@cocotb.test()
async def extremes(dut):
    """-128 * -128 and friends: the sign extension of the product."""
    await reset(dut)
    a = [-128, -128, 127, -1, 127, -128]
    b = [-128, 127, 127, -1, -128, 1]
    seen = await drive(dut, a, b, [1] * len(a))
    report("extremes", seen)
    assert seen == golden.accumulate(a, b).tolist()


@cocotb.test()
async def random_with_gaps(dut):
    """Random operands; en low on some cycles must hold the sum."""
    await reset(dut)
    rng = random.Random(7)
    a = [rng.randint(-128, 127) for _ in range(300)]
    b = [rng.randint(-128, 127) for _ in range(300)]
    en = [rng.random() > 0.2 for _ in range(300)]
    seen = await drive(dut, a, b, en)
    report("random_with_gaps", seen)
    assert seen == golden.accumulate(a, b, en).tolist()


@cocotb.test()
async def reset_clears(dut):
    """A reset in the middle of accumulating clears the sum."""
    await reset(dut)
    await drive(dut, [100, 100], [100, 100], [1, 1])
    dut.rst.value = 1
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    seen = await drive(dut, [3], [4], [1])
    report("reset_clears", seen)
    assert seen == [12]
