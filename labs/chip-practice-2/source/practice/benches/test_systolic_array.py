"""练习 4 的公开测试平台 / Visible bench of exercise 4: systolic_array (with systolic_pe) against NumPy.

Each multiply pulses start, counts the rising edges until done (it must be 3N-2, counting the edge
that samples start as edge 0) and compares C with A @ B; done and C must hold while idle. N comes from
the port width.
"""

import math
import random

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


def size(dut):
    return math.isqrt(len(dut.a) // 8)


def pack(m):
    """A matrix flattened row-major into a port value, 8 bits per element."""
    return sum((int(v) & 0xFF) << (8 * i) for i, v in enumerate(np.asarray(m).reshape(-1)))


def result(dut):
    n = size(dut)
    raw = dut.c.value.to_unsigned()
    words = [(raw >> (32 * i)) & 0xFFFFFFFF for i in range(n * n)]
    return np.array([w - (1 << 32) if w >> 31 else w for w in words]).reshape(n, n)


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.start.value, dut.a.value, dut.b.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def multiply(dut, a, b, idle_after=2):
    """Pulses start with a and b; checks the latency, C, and that done and C hold while idle."""
    n = size(dut)
    dut.a.value, dut.b.value, dut.start.value = pack(a), pack(b), 1
    await FallingEdge(dut.clk)  # rising edge 0 sampled start
    dut.start.value = 0
    dut.a.value, dut.b.value = 0, 0  # the block must have latched its operands
    edges = 0
    while not int(dut.done.value):
        assert int(dut.busy.value), f"busy is low before done, {edges} edges after start"
        assert edges <= 4 * n + 4, "done never came"
        await FallingEdge(dut.clk)
        edges += 1
    c = result(dut)
    assert edges == 3 * n - 2, f"done after {edges} edges, expected {3 * n - 2}"
    want = np.asarray(a) @ np.asarray(b)
    assert (c == want).all(), f"C =\n{c}\nexpected A @ B =\n{want}"
    for _ in range(idle_after):
        await FallingEdge(dut.clk)
        assert int(dut.done.value) and not int(dut.busy.value), "done must hold until the next start"
        assert (result(dut) == c).all(), "C changed while idle"


@cocotb.test()
async def identity(dut):
    """I x B = B and A x I = A: which PE holds which C[r][c]."""
    await reset(dut)
    n = size(dut)
    ramp = np.arange(n * n).reshape(n, n) - n * n // 2
    await multiply(dut, np.eye(n, dtype=int), ramp)
    await multiply(dut, ramp, np.eye(n, dtype=int))


@cocotb.test()
async def extremes(dut):
    """-128 and 127 everywhere: the sign of every product."""
    await reset(dut)
    n = size(dut)
    for va, vb in ((-128, -128), (-128, 127), (127, 127)):
        await multiply(dut, np.full((n, n), va), np.full((n, n), vb))


@cocotb.test()
async def back_to_back(dut):
    """Random matrices, each start right after the previous done: start clears the accumulators."""
    await reset(dut)
    n = size(dut)
    rng = random.Random(404)
    for _ in range(6):
        a = np.array([[rng.randint(-128, 127) for _ in range(n)] for _ in range(n)])
        b = np.array([[rng.randint(-128, 127) for _ in range(n)] for _ in range(n)])
        await multiply(dut, a, b, idle_after=0)


@cocotb.test()
async def start_while_busy(dut):
    """A second start while busy (other operands) is ignored; rst in the middle aborts cleanly."""
    await reset(dut)
    n = size(dut)
    a = np.arange(n * n).reshape(n, n) - 3
    b = np.arange(n * n).reshape(n, n)[::-1] - 5
    dut.a.value, dut.b.value, dut.start.value = pack(a), pack(b), 1
    await FallingEdge(dut.clk)
    dut.a.value, dut.b.value = pack(-a), pack(b.T)  # start stays high: ignored while busy
    for _ in range(3):
        await FallingEdge(dut.clk)
    dut.start.value = 0
    for _ in range(4 * n):
        if int(dut.done.value):
            break
        await FallingEdge(dut.clk)
    assert int(dut.done.value), "done never came"
    assert (result(dut) == a @ b).all(), "a start while busy disturbed the product"
    dut.a.value, dut.b.value, dut.start.value = pack(b), pack(a), 1
    await FallingEdge(dut.clk)
    dut.start.value = 0
    await FallingEdge(dut.clk)
    dut.rst.value = 1
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    assert not int(dut.busy.value) and not int(dut.done.value), "rst must return to idle with done low"
    assert (result(dut) == 0).all(), "rst must clear every accumulator"
    await multiply(dut, a, b)
