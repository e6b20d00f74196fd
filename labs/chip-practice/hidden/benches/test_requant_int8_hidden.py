"""Bench of requant_int8 against its golden model: ties, saturation bounds, extremes, random cases.

The block is combinational: each case is applied and sampled 1 ns later.
"""

import random

import cocotb
from cocotb.triggers import Timer

from hardware_sim.checks import report
from hardware_sim.golden import requant_int8 as golden


async def drive(dut, cases):
    """Applies (acc, mult, shift) cases one at a time; returns q seen for each."""
    seen = []
    for acc, mult, shift in cases:
        dut.acc.value, dut.mult.value, dut.shift.value = acc, mult, shift
        await Timer(1, unit="ns")
        seen.append(dut.q.value.to_signed())
    return seen


async def check(dut, name, cases):
    seen = await drive(dut, cases)
    report(name, seen)
    want = golden.requant(*zip(*cases)).tolist()
    bad = [(c, s, w) for c, s, w in zip(cases, seen, want) if s != w]
    assert not bad, f"{len(bad)} mismatches, first (acc, mult, shift), seen, expected: {bad[:5]}"


@cocotb.test()
async def ties(dut):
    """Exact halves round up (toward +inf): 2.5 -> 3, -2.5 -> -2, -0.5 -> 0, 0.5 -> 1."""
    cases = []
    for shift in (1, 2, 3, 7, 15, 24, 30, 31):
        half = 1 << (shift - 1)
        for k in (-129, -128, -5, -3, -1, 0, 1, 2, 4, 126, 127):
            acc = (2 * k + 1) * half  # (k + 0.5) * 2**shift
            if -2**31 <= acc < 2**31:
                cases.append((acc, 1, shift))
            if half < 2**16:  # the same tie reached through the multiplier
                cases.append((2 * k + 1, half, shift))
        # just below and just above the tie
        cases += [(half - 1, 1, shift), (half + 1, 1, shift), (-half - 1, 1, shift), (-half + 1, 1, shift)]
    await check(dut, "ties", cases)


@cocotb.test()
async def saturation(dut):
    """Results at and just beyond the int8 bounds, the extreme operands, shift 0 and 31."""
    cases = []
    for shift in (0, 1, 4, 8, 16, 31):
        for r in (126, 127, 128, 129, 1000, -127, -128, -129, -130, -1000):
            acc = r << shift
            if -2**31 <= acc < 2**31:
                cases.append((acc, 1, shift))
                cases.append((acc - (1 << shift >> 1), 1, shift))  # rounds up onto r (tie)
                if shift > 0:
                    cases.append((acc - (1 << shift >> 1) - 1, 1, shift))  # rounds down below r
    for acc in (-2**31, -2**31 + 1, -1, 0, 1, 2**31 - 1):
        for mult in (0, 1, 2, 32767, 32768, 65535):
            for shift in (0, 1, 15, 16, 30, 31):
                cases.append((acc, mult, shift))
    await check(dut, "saturation", cases)


@cocotb.test()
async def random_in_range(dut):
    """Random operands with the shift chosen so most results land inside (or near) int8."""
    rng = random.Random(2024)
    cases = []
    for _ in range(400):
        acc = rng.choice([rng.randint(-2**31, 2**31 - 1), rng.randint(-2**20, 2**20), rng.randint(-4096, 4096)])
        mult = rng.choice([rng.randint(0, 65535), rng.randint(32768, 65535), rng.randint(1, 255)])
        size = abs(acc * mult).bit_length()
        shift = min(31, max(0, size - 7 + rng.randint(-2, 2)))
        cases.append((acc, mult, shift))
    await check(dut, "random_in_range", cases)


@cocotb.test()
async def random_any(dut):
    """Uniformly random operands and shifts (mostly saturating)."""
    rng = random.Random(99)
    cases = [(rng.randint(-2**31, 2**31 - 1), rng.randint(0, 65535), rng.randint(0, 31)) for _ in range(300)]
    await check(dut, "random_any", cases)
