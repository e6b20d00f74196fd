"""Public bench for B2 (systolic_array, N = 4): one identity product and one random product, with
the latency. The hidden bench has extremes, structured matrices and start while busy."""

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

N = 4


def pack(m):
    return sum((int(v) & 0xFF) << (8 * i) for i, v in enumerate(np.asarray(m).reshape(-1)))


def unpack_c(value):
    raw = value.to_unsigned()
    words = [(raw >> (32 * i)) & 0xFFFFFFFF for i in range(N * N)]
    return np.array([w - (1 << 32) if w >> 31 else w for w in words]).reshape(N, N)


async def multiply(dut, a, b):
    dut.a.value, dut.b.value, dut.start.value = pack(a), pack(b), 1
    await FallingEdge(dut.clk)
    dut.start.value = 0
    edges = 0
    while not int(dut.done.value):
        assert edges <= 4 * N + 4, "done never came"
        await FallingEdge(dut.clk)
        edges += 1
    return edges, unpack_c(dut.c.value)


@cocotb.test()
async def identity_and_random(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.start.value, dut.a.value, dut.b.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    rng = np.random.default_rng(1)
    for a, b in [(np.eye(N, dtype=int), rng.integers(-128, 128, (N, N))),
                 (rng.integers(-128, 128, (N, N)), rng.integers(-128, 128, (N, N)))]:
        edges, c = await multiply(dut, a, b)
        assert edges == 3 * N - 2, f"done after {edges} edges, expected {3 * N - 2}"
        assert (c == a @ b).all(), f"C =\n{c}\nexpected\n{a @ b}"
