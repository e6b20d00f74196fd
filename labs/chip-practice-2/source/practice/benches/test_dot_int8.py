"""练习 2 的公开测试平台 / Visible bench of exercise 2: dot_int8 (N = 4) against a Python model.

The block is combinational: each pair of vectors is applied and y is read 1 ns later. N comes from
the port width, so the bench also runs with another N (practice.run(..., parameters={"N": 8})).
"""

import random

import cocotb
from cocotb.triggers import Timer


def pack(values):
    """A vector as a port value: element i in bits [8*i+7:8*i], two's complement."""
    return sum((v & 0xFF) << (8 * i) for i, v in enumerate(values))


def model(a, b):
    return sum(x * y for x, y in zip(a, b))


async def check(dut, pairs):
    bad = []
    for a, b in pairs:
        dut.a.value, dut.b.value = pack(a), pack(b)
        await Timer(1, unit="ns")
        got, want = dut.y.value.to_signed(), model(a, b)
        if got != want:
            bad.append((a, b, got, want))
    assert not bad, f"{len(bad)} of {len(pairs)} wrong; first (a, b, y, expected): {bad[:3]}"


def lanes(dut):
    return len(dut.a) // 8


@cocotb.test()
async def hand_picked(dut):
    """Small vectors you can check by hand."""
    n = lanes(dut)
    pairs = [([1, 2, 3, 4], [5, 6, 7, 8]), ([1, 2, 3, 4], [-1, -1, -1, -1]), ([-1, 2, -3, 4], [4, -3, 2, -1])]
    await check(dut, [(a[:n] + [0] * (n - 4), b[:n] + [0] * (n - 4)) for a, b in pairs])


@cocotb.test()
async def extremes(dut):
    """-128 and 127 everywhere: every product's sign, and a sum beyond 16 bits."""
    n = lanes(dut)
    await check(dut, [([-128] * n, [-128] * n), ([-128] * n, [127] * n), ([127] * n, [127] * n),
                      ([-1] * n, [-1] * n), ([0] * n, [-128] * n)])


@cocotb.test()
async def one_lane_at_a_time(dut):
    """Only lane i nonzero: each lane is used, in its own bits."""
    n = lanes(dut)
    pairs = []
    for i in range(n):
        a, b = [0] * n, [0] * n
        a[i], b[i] = -(i + 2), 3 + i
        pairs.append((a, b))
    await check(dut, pairs)


@cocotb.test()
async def random_vectors(dut):
    """Random int8 vectors."""
    n = lanes(dut)
    rng = random.Random(202)
    await check(dut, [([rng.randint(-128, 127) for _ in range(n)], [rng.randint(-128, 127) for _ in range(n)])
                      for _ in range(300)])
