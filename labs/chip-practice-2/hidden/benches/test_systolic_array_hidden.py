"""Bench of systolic_array (sources: systolic_pe.v, systolic_array.v) against a NumPy int32 matmul.

Every multiply checks C and the exact documented latency (done high after rising edge 3N-2 counting
the edge that samples start as edge 0), that done drops at the accepting edge, and that done and C hold
while idle. Back-to-back multiplies without reset check that start clears the accumulators. N comes
from the port width, so the bench also runs with a non-default N.
"""

import math
import random

import cocotb
import numpy as np
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

from hardware_sim.checks import report
from hardware_sim.golden import systolic_array as golden


def size(dut) -> int:
    return math.isqrt(len(dut.a) // 8)


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.start.value, dut.a.value, dut.b.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


def result(dut):
    return golden.unpack(dut.c.value.to_unsigned(), size(dut))


async def multiply(dut, a, b, idle_after=2):
    """Pulses start with a, b; returns (edges until done, C at done). Checks done/C hold while idle."""
    n = size(dut)
    dut.a.value, dut.b.value, dut.start.value = golden.pack(a), golden.pack(b), 1
    await FallingEdge(dut.clk)  # rising edge 0 sampled start
    dut.start.value = 0
    dut.a.value, dut.b.value = 0, 0  # the block must have latched its operands
    edges = 0
    while not int(dut.done.value):
        assert int(dut.busy.value), f"busy low before done, {edges} edges after start"
        assert edges <= 4 * n + 4, "done never came"
        await FallingEdge(dut.clk)
        edges += 1
    c = result(dut)
    for _ in range(idle_after):
        await FallingEdge(dut.clk)
        assert int(dut.done.value) and not int(dut.busy.value), "done must hold until the next start"
        assert (result(dut) == c).all(), "C changed while idle"
    return edges, c


def check(name, n, runs):
    """runs: [(a, b, edges, c)]; reports latencies and results, asserts them."""
    report(name, [[e for _, _, e, _ in runs], [c.reshape(-1).tolist() for _, _, _, c in runs]])
    for i, (a, b, edges, c) in enumerate(runs):
        assert edges == golden.latency(n), f"{name} #{i}: done after {edges} edges, expected {golden.latency(n)}"
        assert (c == golden.matmul(a, b)).all(), f"{name} #{i}: C != A @ B\n{c}\n{golden.matmul(a, b)}"


@cocotb.test()
async def extremes(dut):
    """-128 and 127 everywhere: the largest magnitudes and the sign of every product."""
    await reset(dut)
    n = size(dut)
    full = lambda v: np.full((n, n), v)  # noqa: E731
    cases = [(full(-128), full(-128)), (full(-128), full(127)), (full(127), full(127)),
             (full(-1), full(-128)), (np.eye(n, dtype=int) * -128, full(-128))]
    runs = []
    for a, b in cases:
        edges, c = await multiply(dut, a, b)
        runs.append((a, b, edges, c))
    check("extremes", n, runs)


@cocotb.test()
async def structured(dut):
    """Identity, permutation and a ramp: which PE holds which C[r][c], and the skew of each row/col."""
    await reset(dut)
    n = size(dut)
    ramp = np.arange(n * n).reshape(n, n) - n * n // 2
    perm = np.eye(n, dtype=int)[list(range(1, n)) + [0]]
    cases = [(np.eye(n, dtype=int), ramp), (ramp, np.eye(n, dtype=int)), (perm, ramp), (ramp, perm),
             (ramp, ramp.T.copy())]
    runs = []
    for a, b in cases:
        edges, c = await multiply(dut, a, b, idle_after=0)  # back to back: start right after done
        runs.append((a, b, edges, c))
    check("structured", n, runs)


@cocotb.test()
async def random_matrices(dut):
    """Random matrices (some lanes forced to the extremes), back to back with random idle gaps."""
    await reset(dut)
    n = size(dut)
    rng = random.Random(31)

    def matrix():
        return np.array([[rng.choice([-128, 127]) if rng.random() < 0.2 else rng.randint(-128, 127)
                          for _ in range(n)] for _ in range(n)])

    runs = []
    for _ in range(16):
        a, b = matrix(), matrix()
        edges, c = await multiply(dut, a, b, idle_after=rng.randint(0, 3))
        runs.append((a, b, edges, c))
    check("random_matrices", n, runs)


@cocotb.test()
async def start_while_busy(dut):
    """A second start (with other operands) while busy is ignored; rst mid-run aborts cleanly."""
    await reset(dut)
    n = size(dut)
    rng = random.Random(41)
    a = np.array([[rng.randint(-127, 127) for _ in range(n)] for _ in range(n)])  # -a, -b stay int8
    b = np.array([[rng.randint(-127, 127) for _ in range(n)] for _ in range(n)])
    dut.a.value, dut.b.value, dut.start.value = golden.pack(a), golden.pack(b), 1
    await FallingEdge(dut.clk)  # accepted at edge 0
    edges = 0
    observed = []
    while not int(dut.done.value) and edges <= 4 * n + 4:
        if edges in (1, 3):  # start again with other operands while busy: must be ignored
            dut.a.value, dut.b.value, dut.start.value = golden.pack(-a), golden.pack(b.T.copy()), 1
        else:
            dut.start.value = 0
        await FallingEdge(dut.clk)
        edges += 1
    dut.start.value = 0
    c = result(dut)
    observed.append([edges, c.reshape(-1).tolist()])
    # rst while busy: back to idle, done low, accumulators zero; then a normal multiply
    dut.a.value, dut.b.value, dut.start.value = golden.pack(b), golden.pack(a), 1
    await FallingEdge(dut.clk)
    dut.start.value = 0
    for _ in range(n):
        await FallingEdge(dut.clk)
    dut.rst.value = 1
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    after_rst = [int(dut.busy.value), int(dut.done.value), result(dut).reshape(-1).tolist()]
    edges2, c2 = await multiply(dut, a, -b)
    observed += [after_rst, [edges2, c2.reshape(-1).tolist()]]
    report("start_while_busy", observed)
    assert edges == golden.latency(n), f"done after {edges} edges, expected {golden.latency(n)}"
    assert (c == golden.matmul(a, b)).all(), "a start while busy disturbed the product"
    assert after_rst == [0, 0, [0] * (n * n)], f"after rst: busy, done, C = {after_rst}"
    assert edges2 == golden.latency(n) and (c2 == golden.matmul(a, -b)).all(), "multiply after rst"


