"""练习 5 的公开测试平台 / Visible bench of exercise 5: systolic_pe against a Python model."""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

OUTPUTS = ("a_out", "b_out", "valid_out", "acc")


def model(a, b, valid, clear, rst):
    """The registered outputs after each rising edge."""
    a_out = b_out = v_out = acc = 0
    out = {k: [] for k in OUTPUTS}
    for i in range(len(a)):
        if rst[i]:
            a_out = b_out = v_out = acc = 0
        else:
            if clear[i]:
                acc = 0
            elif valid[i]:
                acc = (acc + a[i] * b[i] + 2**31) % 2**32 - 2**31
            a_out, b_out, v_out = a[i], b[i], int(valid[i])
        for k, v in zip(OUTPUTS, (a_out, b_out, v_out, acc)):
            out[k].append(v)
    return out


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.clear.value, dut.valid_in.value, dut.a_in.value, dut.b_in.value = 1, 0, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def check(dut, a, b, valid, clear=None, rst=None):
    n = len(a)
    clear, rst = clear or [0] * n, rst or [0] * n
    seen = {k: [] for k in OUTPUTS}
    for i in range(n):
        dut.a_in.value, dut.b_in.value = a[i], b[i]
        dut.valid_in.value, dut.clear.value, dut.rst.value = valid[i], clear[i], rst[i]
        await FallingEdge(dut.clk)
        for k in OUTPUTS:
            v = getattr(dut, k).value
            seen[k].append(v.to_signed() if k != "valid_out" else int(v))
    dut.rst.value, dut.clear.value, dut.valid_in.value = 0, 0, 0
    want = model(a, b, valid, clear, rst)
    for k in OUTPUTS:
        bad = [(i, s, w) for i, (s, w) in enumerate(zip(seen[k], want[k])) if s != w]
        assert not bad, f"{k}: {len(bad)} wrong cycle(s); first (cycle, seen, expected): {bad[:3]}"


@cocotb.test()
async def pass_through(dut):
    """Operands and valid move on one cycle later, whatever valid_in says."""
    await reset(dut)
    await check(dut, [1, -2, 3, -4, 5], [-5, 4, -3, 2, -1], [1, 0, 1, 0, 1])


@cocotb.test()
async def extremes(dut):
    """-128 * -128 and friends: the product is signed."""
    await reset(dut)
    a = [-128, -128, 127, -1, 127, -128]
    b = [-128, 127, 127, -1, -128, 1]
    await check(dut, a, b, [1] * len(a))


@cocotb.test()
async def clear_and_reset(dut):
    """clear zeroes acc and beats valid_in; rst zeroes every output."""
    await reset(dut)
    a = [10, -20, 30, 5, 6, 7, 8, 9]
    b = [10, 20, -30, 5, 6, 7, 8, 9]
    await check(dut, a, b, [1] * 8, clear=[0, 0, 1, 0, 0, 0, 0, 0], rst=[0, 0, 0, 0, 1, 0, 0, 0])


@cocotb.test()
async def random_stream(dut):
    """Random operands, valid gaps, occasional clear and reset."""
    await reset(dut)
    rng = random.Random(505)
    n = 300
    a = [rng.randint(-128, 127) for _ in range(n)]
    b = [rng.randint(-128, 127) for _ in range(n)]
    valid = [int(rng.random() < 0.8) for _ in range(n)]
    clear = [int(rng.random() < 0.05) for _ in range(n)]
    rst = [int(rng.random() < 0.02) for _ in range(n)]
    await check(dut, a, b, valid, clear, rst)
