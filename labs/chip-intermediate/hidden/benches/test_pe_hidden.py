"""Bench of systolic_pe against its golden model: pass-through, signed accumulation, clear, reset."""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

from hardware_sim.checks import report
from hardware_sim.golden import systolic_pe as golden

OUTPUTS = ("a_out", "b_out", "valid_out", "acc")


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.clear.value, dut.valid_in.value = 1, 0, 0
    dut.a_in.value, dut.b_in.value = 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def drive(dut, a, b, valid, clear=None, rst=None):
    """One input set per cycle; returns every registered output seen after each edge."""
    n = len(a)
    clear = clear or [0] * n
    rst = rst or [0] * n
    seen = {k: [] for k in OUTPUTS}
    for i in range(n):
        dut.a_in.value, dut.b_in.value = a[i], b[i]
        dut.valid_in.value, dut.clear.value, dut.rst.value = int(valid[i]), int(clear[i]), int(rst[i])
        await FallingEdge(dut.clk)
        seen["a_out"].append(dut.a_out.value.to_signed())
        seen["b_out"].append(dut.b_out.value.to_signed())
        seen["valid_out"].append(int(dut.valid_out.value))
        seen["acc"].append(dut.acc.value.to_signed())
    dut.rst.value, dut.clear.value, dut.valid_in.value = 0, 0, 0
    return seen


def check(name, seen, expected):
    report(name, [seen[k] for k in OUTPUTS])
    for k in OUTPUTS:
        assert seen[k] == expected[k].tolist(), f"{name}: {k} differs from the golden model"


@cocotb.test()
async def extremes(dut):
    """-128 * -128 and friends: the sign extension of the product into the accumulator."""
    await reset(dut)
    a = [-128, -128, 127, -1, 127, -128, -128]
    b = [-128, 127, 127, -1, -128, 1, -128]
    seen = await drive(dut, a, b, [1] * len(a))
    check("extremes", seen, golden.run(a, b, [1] * len(a)))


@cocotb.test()
async def clear_and_reset(dut):
    """clear zeroes acc and beats valid_in; rst zeroes everything (valid_out too) mid-stream."""
    await reset(dut)
    a = [10, -20, 30, 5, 6, 7, 8, 9, -3, 4]
    b = [10, 20, -30, 5, 6, 7, 8, 9, -3, 4]
    valid = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]
    clear = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]   # clear together with valid_in: the product is dropped
    rst = [0, 0, 0, 0, 0, 1, 1, 0, 0, 0]     # reset while valid_in and operands are busy
    seen = await drive(dut, a, b, valid, clear, rst)
    check("clear_and_reset", seen, golden.run(a, b, valid, clear, rst))


@cocotb.test()
async def random_stream(dut):
    """Random operands, valid gaps, occasional clear and reset; every output checked every cycle."""
    await reset(dut)
    rng = random.Random(21)
    n = 600
    a = [rng.randint(-128, 127) for _ in range(n)]
    b = [rng.randint(-128, 127) for _ in range(n)]
    valid = [int(rng.random() < 0.8) for _ in range(n)]
    clear = [int(rng.random() < 0.04) for _ in range(n)]
    rst = [int(rng.random() < 0.02) for _ in range(n)]
    seen = await drive(dut, a, b, valid, clear, rst)
    check("random_stream", seen, golden.run(a, b, valid, clear, rst))
