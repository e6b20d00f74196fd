"""练习 3 的公开测试平台 / Visible bench of exercise 3: fp32_to_fp16 against a Python model.

The block is combinational: each bit pattern is applied and h is read 1 ns later. The model rounds
the exact value (it does not use the bit tricks the hardware may use); for every non-NaN input it
agrees with numpy's float32 -> float16 cast (see the notebook).
"""

import random
import struct

import cocotb
from cocotb.triggers import Timer


def model(bits):
    """The binary16 pattern of a binary32 pattern: round to nearest, ties to even, half subnormals,
    overflow to infinity; NaN -> a quiet NaN of the same sign with the top mantissa bits."""
    sign, exp, man = bits >> 31, (bits >> 23) & 0xFF, bits & 0x7FFFFF
    if exp == 0xFF and man:  # NaN: quiet bit (half bit 9) forced, f[21:13] kept
        return (sign << 15) | 0x7E00 | ((bits >> 13) & 0x1FF)
    if exp == 0xFF:
        return (sign << 15) | 0x7C00
    M, E = (man, -149) if exp == 0 else (man | 1 << 23, exp - 150)  # value = M * 2**E exactly
    if M == 0:
        return sign << 15
    lead = E + M.bit_length() - 1  # value in [2**lead, 2**(lead+1))
    q = max(lead, -14) - 10  # the half's quantum (ulp) at this value is 2**q
    if E >= q:
        n = M << (E - q)
    else:
        d = q - E
        n, rem, half = M >> d, M & ((1 << d) - 1), 1 << (d - 1)
        if rem > half or (rem == half and n & 1):
            n += 1
    if n == 1 << 11:  # the rounding carried into the next binade
        n, q = n >> 1, q + 1
    if n < 1 << 10:  # subnormal (or zero)
        return (sign << 15) | n
    biased = q + 10 + 15
    if biased >= 0x1F:
        return (sign << 15) | 0x7C00  # overflow to infinity
    return (sign << 15) | (biased << 10) | (n - (1 << 10))


def f32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def both_signs(patterns):
    return [p | s for p in patterns for s in (0, 0x8000_0000)]


async def check(dut, patterns):
    bad = []
    for f in patterns:
        dut.f.value = f
        await Timer(1, unit="ns")
        got, want = dut.h.value.to_unsigned(), model(f)
        if got != want:
            bad.append((hex(f), hex(got), hex(want)))
    assert not bad, f"{len(bad)} of {len(patterns)} wrong; first (f, h, expected): {bad[:3]}"


@cocotb.test()
async def ordinary_numbers(dut):
    """1.0, -2.5, pi, 1/3, 1000 ..."""
    await check(dut, [f32(x) for x in (1.0, -2.5, 3.14159265, 1 / 3, -1 / 3, 100.0, 1000.0, 1e-3, -7.25, 0.1)])


@cocotb.test()
async def specials(dut):
    """Zeros, infinities, quiet and signalling NaNs of both signs."""
    await check(dut, both_signs([0x0000_0000, 0x7F80_0000, 0x7F80_0001, 0x7F80_2000, 0x7FA0_0000, 0x7FC0_0000,
                                 0x7FFF_FFFF]))


@cocotb.test()
async def overflow(dut):
    """65504 is the largest half; from 65520 on the value rounds to infinity."""
    await check(dut, both_signs([f32(x) for x in (65504.0, 65505.0, 65519.0, 65519.996, 65520.0, 65536.0, 1e6)]
                                + [0x7F7F_FFFF]))


@cocotb.test()
async def subnormals(dut):
    """Below 2**-14 the half is subnormal (a multiple of 2**-24); at most 2**-25 it is zero."""
    values = [2.0**-14, 2.0**-15, 2.0**-24, 2.0**-25, 1.5 * 2.0**-25, 1.5 * 2.0**-24, 2.5 * 2.0**-24,
              1023 * 2.0**-24, 1023.5 * 2.0**-24, 2.0**-26, 1e-6, 1e-10]
    await check(dut, both_signs([f32(x) for x in values] + [0x0000_0001, 0x007F_FFFF, 0x0080_0000]))


@cocotb.test()
async def ties_to_even(dut):
    """Dropped bits exactly half (0x1000): round to the even neighbour; just below or above: nearest."""
    patterns = []
    for e in (113, 127, 128, 142):
        for kept in (0x000, 0x001, 0x2AA, 0x3FF):
            patterns += [e << 23 | kept << 13 | low for low in (0x0FFF, 0x1000, 0x1001)]
    await check(dut, both_signs(patterns))


@cocotb.test()
async def random_in_range(dut):
    """Random patterns with exponents from the subnormal to the overflow range."""
    rng = random.Random(303)
    await check(dut, [rng.getrandbits(1) << 31 | rng.randint(98, 145) << 23 | rng.getrandbits(23) for _ in range(300)])
