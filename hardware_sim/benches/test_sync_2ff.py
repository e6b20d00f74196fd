"""Bench of sync_2ff against its golden model: latency 2, reset, and a d asynchronous to clk.

The clk is the library's 10 ns clock. d is driven on falling edges in the first and last tests; in
async_input it changes at random moments (never within 0.1 ns of a rising edge, where RTL simulation
would have a race instead of metastability), including pulses that no edge samples. The bench samples
d itself at every rising edge and compares q, read at the following falling edge, with the model.
"""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge, Timer

from hardware_sim.checks import report
from hardware_sim.golden import sync_2ff as golden


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.d.value = 1, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def drive(dut, d, rst):
    """One d and rst per cycle, set on the falling edge; returns q after each rising edge."""
    seen = []
    for dk, rk in zip(d, rst):
        dut.d.value, dut.rst.value = dk, rk
        await FallingEdge(dut.clk)
        seen.append(int(dut.q.value))
    dut.rst.value = 0
    return seen


@cocotb.test()
async def edge_aligned(dut):
    """Single-cycle pulses, long levels and random bits driven on falling edges: q is d two edges late."""
    await reset(dut)
    rng = random.Random(61)
    d = [0, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0]
    d += [rng.randint(0, 1) for _ in range(300)]
    seen = await drive(dut, d, [0] * len(d))
    report("edge_aligned", seen)
    assert seen == golden.run(d), "q is not d delayed by two rising edges"


@cocotb.test()
async def reset_behaviour(dut):
    """d held high through resets of 1 and 3 cycles: q is 0 from the first reset edge, back 2 edges later."""
    await reset(dut)
    d = [1] * 6 + [1] * 4 + [1] * 6 + [0, 1] + [1] * 5
    rst = [0] * 6 + [1] + [0] * 3 + [1, 1, 1] + [0] * 3 + [0, 1] + [0] * 5
    seen = await drive(dut, d, rst)
    report("reset_behaviour", seen)
    assert seen == golden.run(d, rst), "q during or after rst"


@cocotb.test()
async def async_input(dut):
    """d changes at random times unrelated to clk (0-3 changes per period, short pulses included)."""
    await reset(dut)
    rng = random.Random(62)
    cycles = 400
    sampled, seen = [], []
    state = {"d": 0}

    async def sampler():
        for _ in range(cycles):
            await RisingEdge(dut.clk)
            sampled.append(state["d"])
            await FallingEdge(dut.clk)
            seen.append(int(dut.q.value))

    async def driver():
        # runs from a falling edge; rising edges are 5 ns after each falling edge, 10 ns apart
        while len(seen) < cycles:
            offsets = sorted({rng.choice([rng.randint(200, 4900), rng.randint(5100, 9800)])  # ps
                              for _ in range(rng.choice([0, 1, 1, 2, 3]))})
            t = 0
            for off in offsets:
                await Timer(off - t, unit="ps")
                t = off
                state["d"] ^= 1
                dut.d.value = state["d"]
            await FallingEdge(dut.clk)

    cocotb.start_soon(driver())
    await sampler()
    report("async_input", seen)
    assert seen == golden.run(sampled), "q is not d (as sampled at each rising edge) two edges late"
