"""练习 1 的公开测试平台 / Visible bench of exercise 1: mac_int8 against a Python model.

Drive inputs on the falling edge, sample on the next falling edge (after the rising edge that
updates acc). 评分用的隐藏测试平台与此类似，但激励不同 / the hidden bench used for grading is
similar, with other stimulus.
"""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


def model(a, b, en):
    """The accumulator after each cycle: a running signed sum of int8 products, wrapped to int32."""
    out, acc = [], 0
    for x, y, e in zip(a, b, en):
        if e:
            acc = (acc + x * y + 2**31) % 2**32 - 2**31
        out.append(acc)
    return out


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.en.value, dut.a.value, dut.b.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def drive(dut, a, b, en):
    """One operand pair per cycle; returns acc as seen after each rising edge."""
    seen = []
    for x, y, e in zip(a, b, en):
        dut.a.value, dut.b.value, dut.en.value = x, y, int(e)
        await FallingEdge(dut.clk)
        seen.append(dut.acc.value.to_signed())
    return seen


def compare(seen, want):
    bad = [(i, s, w) for i, (s, w) in enumerate(zip(seen, want)) if s != w]
    assert not bad, f"{len(bad)} wrong cycle(s); first (cycle, acc seen, expected): {bad[:3]}"


@cocotb.test()
async def extremes(dut):
    """-128 * -128 and friends: the product must be sign-extended."""
    await reset(dut)
    a = [-128, -128, 127, -1, 127, -128]
    b = [-128, 127, 127, -1, -128, 1]
    compare(await drive(dut, a, b, [1] * len(a)), model(a, b, [1] * len(a)))


@cocotb.test()
async def random_with_gaps(dut):
    """Random operands; en low holds the sum."""
    await reset(dut)
    rng = random.Random(101)
    a = [rng.randint(-128, 127) for _ in range(200)]
    b = [rng.randint(-128, 127) for _ in range(200)]
    en = [rng.random() > 0.25 for _ in range(200)]
    compare(await drive(dut, a, b, en), model(a, b, en))


@cocotb.test()
async def reset_clears(dut):
    """rst in the middle of accumulating clears the sum."""
    await reset(dut)
    await drive(dut, [100, 100], [100, 100], [1, 1])
    dut.rst.value = 1
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    assert dut.acc.value.to_signed() == 0, "rst did not clear acc"
    compare(await drive(dut, [3, -7], [4, 5], [1, 1]), [12, -23])
