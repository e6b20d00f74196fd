"""Bench of fp32_to_fp16 against its golden model, and of the golden model against numpy's
float32 -> float16 cast (all non-NaN inputs): specials, the edges of both formats, ties to even,
overflow, random bit patterns. The block is combinational: each pattern is sampled 1 ns later."""

import random

import cocotb
import numpy as np
from cocotb.triggers import Timer

from hardware_sim.checks import report
from hardware_sim.golden import fp32_to_fp16 as golden


async def drive(dut, patterns):
    seen = []
    for f in patterns:
        dut.f.value = f
        await Timer(1, unit="ns")
        seen.append(dut.h.value.to_unsigned())
    return seen


async def check(dut, name, patterns):
    patterns = [int(p) for p in patterns]
    want = golden.convert(patterns).tolist()
    ref = golden.via_numpy(patterns).tolist()
    nan = golden.is_nan(patterns).tolist()
    off = [(hex(f), hex(w), hex(r)) for f, w, r, n in zip(patterns, want, ref, nan) if not n and w != r]
    assert not off, f"golden model differs from numpy on {len(off)} inputs, first (f, golden, numpy): {off[:5]}"
    seen = await drive(dut, patterns)
    report(name, seen)
    bad = [(hex(f), hex(s), hex(w)) for f, s, w in zip(patterns, seen, want) if s != w]
    assert not bad, f"{len(bad)} mismatches, first (f, seen, expected): {bad[:5]}"
    return seen


def both_signs(patterns):
    return [int(p) | s for p in patterns for s in (0, 0x8000_0000)]


def neighbours(values):
    """Each float32 value with the next float32 below and above it (positive values)."""
    x = np.asarray(values, dtype=np.float32)
    below = np.nextafter(x, np.float32(0))
    above = np.nextafter(x, np.float32(np.inf))
    return golden.f32_bits(np.stack([below, x, above], axis=1).ravel()).tolist()


@cocotb.test()
async def specials(dut):
    """Zeros, infinities, quiet and signalling NaNs of both signs: NaN stays a quiet NaN, same sign."""
    nans = [0x7F80_0001, 0x7F80_1FFF, 0x7F80_2000, 0x7FA0_0000, 0x7FC0_0000, 0x7FFF_FFFF, 0x7FBF_E000,
            0x7FC0_2000]
    patterns = both_signs([0x0000_0000, 0x7F80_0000] + nans)
    seen = await check(dut, "specials", patterns)
    for f, h in zip(patterns, seen):
        if f & 0x7FFF_FFFF > 0x7F80_0000:
            assert h & 0x7E00 == 0x7E00 and h >> 15 == f >> 31, f"{f:#x} -> {h:#x} is not a quiet NaN of that sign"


@cocotb.test()
async def format_edges(dut):
    """Smallest/largest subnormals and normals of both formats, their neighbours, the zero tie 2**-25,
    and values just below, at and above the overflow threshold 65520 (and 65504, 65536)."""
    patterns = [0x0000_0001, 0x0000_0002, 0x007F_FFFF, 0x0080_0000, 0x0080_0001, 0x7F7F_FFFF, 0x7F7F_FFFE]
    patterns += neighbours([2.0**-24, 2.0**-25, 1.5 * 2.0**-25, 1.5 * 2.0**-24, 2.5 * 2.0**-24,
                            1023 * 2.0**-24, 1023.5 * 2.0**-24, 2.0**-14, (1 + 1023 / 1024) * 2.0**-14,
                            2.0**-26, 1.0, 2.0, 65504.0, 65505.0, 65519.0, 65520.0, 65535.0, 65536.0,
                            100000.0, 131072.0])
    await check(dut, "format_edges", both_signs(patterns))


@cocotb.test()
async def ties_to_even(dut):
    """Exact halfway cases with an even and an odd kept lsb: every normal half exponent (dropped bits
    0x1000) and every subnormal shift (the bit just below the kept lsb set, nothing below it)."""
    patterns = []
    for e in range(113, 143):
        for kept in (0x000, 0x001, 0x2AA, 0x155, 0x3FE, 0x3FF):
            patterns += [e << 23 | kept << 13 | low for low in (0x1000, 0x0FFF, 0x1001)]
    for e in range(102, 113):
        sh = 126 - e  # the half subnormal is M >> sh with M = {1, m}, 24 bits
        lead = 1 << 23 >> sh  # the implicit one as seen in the kept bits (0 for sh = 24)
        for low in sorted({v for v in (0, 1, 2, 3, lead - 1) if 0 <= v < max(lead, 1)}):
            M = ((lead | low) << sh) | 1 << (sh - 1)  # (lead | low) + 0.5 half ulps
            patterns += [e << 23 | (M & 0x7FFFFF), e << 23 | ((M + 1) & 0x7FFFFF), e << 23 | ((M - 1) & 0x7FFFFF)]
    await check(dut, "ties_to_even", both_signs(patterns))


@cocotb.test()
async def random_bits(dut):
    """Uniformly random 32-bit patterns (mostly overflow, zero and NaN: they exercise the decode)."""
    rng = random.Random(3232)
    await check(dut, "random_bits", [rng.getrandbits(32) for _ in range(300)])


@cocotb.test()
async def random_in_range(dut):
    """Random patterns with exponents around the half range (subnormal to overflow), some near ties."""
    rng = random.Random(1616)
    patterns = [rng.getrandbits(1) << 31 | rng.randint(98, 145) << 23 | rng.getrandbits(23) for _ in range(300)]
    patterns += [rng.getrandbits(1) << 31 | rng.randint(100, 143) << 23 | rng.getrandbits(10) << 13
                 | rng.choice([0x1000, 0x0FFF, 0x1001]) for _ in range(200)]
    await check(dut, "random_in_range", patterns)
