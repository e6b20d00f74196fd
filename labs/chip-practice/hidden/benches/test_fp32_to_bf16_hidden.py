"""Bench of fp32_to_bf16 against its golden model: specials, ties to even, subnormals, overflow,
random bit patterns. The block is combinational: each pattern is applied and sampled 1 ns later."""

import random

import cocotb
from cocotb.triggers import Timer

from hardware_sim.checks import report
from hardware_sim.golden import fp32_to_bf16 as golden


async def drive(dut, patterns):
    seen = []
    for f in patterns:
        dut.f.value = f
        await Timer(1, unit="ns")
        seen.append(dut.h.value.to_unsigned())
    return seen


async def check(dut, name, patterns):
    seen = await drive(dut, patterns)
    report(name, seen)
    want = golden.convert(patterns).tolist()
    bad = [(hex(f), hex(s), hex(w)) for f, s, w in zip(patterns, seen, want) if s != w]
    assert not bad, f"{len(bad)} mismatches, first (f, seen, expected): {bad[:5]}"
    return seen


def both_signs(patterns):
    return [p for q in patterns for p in (q, q | 0x8000_0000)]


@cocotb.test()
async def specials(dut):
    """Zeros, infinities, quiet and signalling NaNs of both signs: NaN stays a quiet NaN, same sign."""
    nans = [0x7F80_0001, 0x7F80_FFFF, 0x7F81_0000, 0x7FA0_0000, 0x7FC0_0000, 0x7FFF_FFFF, 0x7FBF_8000,
            0x7F80_8000, 0x7FFF_8000]
    patterns = both_signs([0x0000_0000, 0x7F80_0000] + nans)
    seen = await check(dut, "specials", patterns)
    for f, h in zip(patterns, seen):
        if f & 0x7FFF_FFFF > 0x7F80_0000:
            assert h & 0x7FC0 == 0x7FC0 and h >> 15 == f >> 31, f"{f:#x} -> {h:#x} is not a quiet NaN of that sign"


@cocotb.test()
async def ties_to_even(dut):
    """Dropped halves just below, at and above 0x8000, with even and odd kept lsb, across exponents."""
    patterns = []
    for upper in (0x3F80, 0x3F81, 0x3FFF, 0x4000, 0x407F, 0x0000, 0x0001, 0x007F, 0x0080, 0x0081, 0x7F00,
                  0x7F7E, 0x7F7F, 0x5555, 0x2AAA):
        for lower in (0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFF):
            patterns.append(upper << 16 | lower)
    await check(dut, "ties_to_even", both_signs(patterns))


@cocotb.test()
async def subnormals_and_overflow(dut):
    """Subnormals round (no flush), the largest subnormal rounds up to the smallest normal,
    values past the largest finite bfloat16 become infinity, values just below stay finite."""
    patterns = [0x0000_0001, 0x0000_7FFF, 0x0000_8000, 0x0000_8001, 0x0001_7FFF, 0x0001_8000, 0x0002_8000,
                0x0040_0000, 0x007F_7FFF, 0x007F_8000, 0x007F_FFFF, 0x0080_0000, 0x0080_8000, 0x0081_8000,
                0x7F7F_0000, 0x7F7F_7FFF, 0x7F7F_8000, 0x7F7F_FFFF, 0x7F7E_8000, 0x7F7E_8001, 0x7F00_0000]
    await check(dut, "subnormals_and_overflow", both_signs(patterns))


@cocotb.test()
async def random_bits(dut):
    """Random 32-bit patterns, and random patterns with a forced tie or near-tie in the low half."""
    rng = random.Random(1616)
    patterns = [rng.getrandbits(32) for _ in range(300)]
    patterns += [rng.getrandbits(16) << 16 | rng.choice([0x7FFF, 0x8000, 0x8001]) for _ in range(200)]
    await check(dut, "random_bits", patterns)
