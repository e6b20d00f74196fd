"""Bench of dot_int8 against its golden model: extremes, one-hot lanes, random vectors.

dot_int8 is combinational and has no clock: each test applies a pair of vectors, waits 10 ns
(one period of the library's clock) and samples y. N comes from the port width (len(a) // 8), so the
bench also runs with a non-default N.
"""

import random

import cocotb
from cocotb.triggers import Timer

from hardware_sim.checks import report
from hardware_sim.golden import dot_int8 as golden


def lanes(dut) -> int:
    return len(dut.a) // 8


async def apply(dut, pairs):
    """Applies each (a, b) vector pair for 10 ns; returns y seen at the end of each."""
    seen = []
    for a, b in pairs:
        dut.a.value, dut.b.value = golden.pack(a), golden.pack(b)
        await Timer(10, unit="ns")
        seen.append(dut.y.value.to_signed())
    return seen


@cocotb.test()
async def extremes(dut):
    """All -128 and 127 combinations: sign extension of every product and of the sum."""
    n = lanes(dut)
    pairs = [([-128] * n, [-128] * n), ([-128] * n, [127] * n), ([127] * n, [127] * n),
             ([-1] * n, [-1] * n), ([-1] * n, [1] * n), ([0] * n, [-128] * n),
             ([-128, 127] * (n // 2) + [-128] * (n % 2), [-128] * n)]
    seen = await apply(dut, pairs)
    report("extremes", seen)
    assert seen == [golden.dot(a, b) for a, b in pairs]


@cocotb.test()
async def one_hot_lanes(dut):
    """One nonzero lane at a time (distinct values per lane): element order and every lane counted."""
    n = lanes(dut)
    pairs = []
    for i in range(n):
        a, b = [0] * n, [0] * n
        a[i], b[i] = -(i + 2), 3 + i
        pairs.append((a, b))
        a2 = [0] * n
        a2[i] = 5
        pairs.append((a2, [7 + j for j in range(n)]))  # picks b[i] out of a vector with distinct lanes
    seen = await apply(dut, pairs)
    report("one_hot_lanes", seen)
    assert seen == [golden.dot(a, b) for a, b in pairs]


@cocotb.test()
async def random_vectors(dut):
    """Random int8 vectors, biased towards the extremes on some lanes."""
    n = lanes(dut)
    rng = random.Random(11)

    def value():
        return rng.choice([-128, 127, -1]) if rng.random() < 0.15 else rng.randint(-128, 127)

    pairs = [([value() for _ in range(n)], [value() for _ in range(n)]) for _ in range(400)]
    seen = await apply(dut, pairs)
    report("random_vectors", seen)
    assert seen == [golden.dot(a, b) for a, b in pairs]
