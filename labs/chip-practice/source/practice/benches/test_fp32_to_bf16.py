"""练习 3 的公开测试平台 / Visible bench of exercise 3: fp32_to_bf16 against a Python model.

The block is combinational: each bit pattern is applied and h is read 1 ns later. The model rounds
the exact value (it does not use the bit trick the hardware may use).
"""

import random
import struct

import cocotb
from cocotb.triggers import Timer


def model(bits):
    """The bfloat16 pattern of a binary32 pattern: round to nearest, ties to even; NaN -> quiet NaN."""
    sign, exp, man = bits >> 31, (bits >> 23) & 0xFF, bits & 0x7FFFFF
    if exp == 0xFF and man:  # NaN: same sign, top 7 mantissa bits, quiet bit forced
        return (sign << 15) | 0x7FC0 | ((bits >> 16) & 0x3F)
    if exp == 0xFF:
        return (sign << 15) | 0x7F80
    # value = M * 2**E exactly; the bfloat16 quantum at this value is 2**q
    M, E = (man, -149) if exp == 0 else (man | 1 << 23, exp - 150)
    if M == 0:
        return sign << 15
    lead = E + M.bit_length() - 1
    q = max(lead, -126) - 7
    if E >= q:
        N = M << (E - q)
    else:
        d = q - E
        N, rem, half = M >> d, M & ((1 << d) - 1), 1 << (d - 1)
        if rem > half or (rem == half and N & 1):
            N += 1
    if N == 1 << 8:
        N, q = N >> 1, q + 1
    if N < 1 << 7:  # subnormal
        return (sign << 15) | N
    biased = q + 7 + 127
    if biased >= 0xFF:
        return (sign << 15) | 0x7F80  # overflow to infinity
    return (sign << 15) | (biased << 7) | (N - (1 << 7))


def f32(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


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
    """1.0, -2.5, pi, 1/3 ..."""
    await check(dut, [f32(x) for x in (1.0, -2.5, 3.14159265, 1 / 3, -1 / 3, 100.0, 1e-3, 6.5e4, -7.25)])


@cocotb.test()
async def ties_to_even(dut):
    """Dropped half exactly 0x8000: round to the even neighbour; just above: round up."""
    patterns = []
    for upper in (0x3F80, 0x3F81, 0x4049, 0xC049, 0x0001, 0x7F7E):
        for lower in (0x7FFF, 0x8000, 0x8001):
            patterns.append(upper << 16 | lower)
    await check(dut, patterns)


@cocotb.test()
async def specials(dut):
    """Zeros, infinities, NaNs (quiet and signalling, both signs), overflow to infinity."""
    await check(dut, [0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7F80_0001,
                      0xFFA0_0000, 0x7FFF_FFFF, 0x7F7F_FFFF, 0x7F7F_8000, 0x007F_FFFF, 0x0000_8001])


@cocotb.test()
async def random_bits(dut):
    """Random bit patterns."""
    rng = random.Random(404)
    await check(dut, [rng.getrandbits(32) for _ in range(300)])
