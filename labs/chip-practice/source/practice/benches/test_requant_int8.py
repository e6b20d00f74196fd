"""练习 2 的公开测试平台 / Visible bench of exercise 2: requant_int8 against a Python model.

The block is combinational: each case is applied and q is read 1 ns later.
"""

import random

import cocotb
from cocotb.triggers import Timer


def model(acc, mult, shift):
    """q = clamp(round_half_up((acc * mult) / 2**shift), -128, 127); no rounding for shift 0."""
    p = acc * mult
    r = (p + (1 << (shift - 1))) >> shift if shift > 0 else p  # Python's >> floors, like >>>
    return max(-128, min(127, r))


async def check(dut, cases):
    bad = []
    for acc, mult, shift in cases:
        dut.acc.value, dut.mult.value, dut.shift.value = acc, mult, shift
        await Timer(1, unit="ns")
        got, want = dut.q.value.to_signed(), model(acc, mult, shift)
        if got != want:
            bad.append((acc, mult, shift, got, want))
    assert not bad, f"{len(bad)} of {len(cases)} wrong; first (acc, mult, shift, q, expected): {bad[:3]}"


@cocotb.test()
async def hand_picked(dut):
    """Small cases, exact halves (2.5 -> 3, -2.5 -> -2) and the int8 bounds."""
    await check(dut, [(0, 1, 0), (100, 1, 0), (300, 1, 0), (-300, 1, 0), (5, 1, 1), (-5, 1, 1), (-1, 1, 1),
                      (1000, 3, 5), (-1000, 3, 5), (127, 1, 0), (128, 1, 0), (-128, 1, 0), (-129, 1, 0)])


@cocotb.test()
async def big_multipliers(dut):
    """mult is unsigned: 32768 and above are large positive numbers."""
    await check(dut, [(1, 40000, 16), (-1, 40000, 16), (3, 65535, 15), (-3, 65535, 15), (2**31 - 1, 65535, 31),
                      (-2**31, 65535, 31), (12345, 40000, 20)])


@cocotb.test()
async def random_cases(dut):
    """Random operands, shifts chosen so most results land near the int8 range."""
    rng = random.Random(303)
    cases = []
    for _ in range(300):
        acc = rng.choice([rng.randint(-2**31, 2**31 - 1), rng.randint(-4096, 4096)])
        mult = rng.randint(0, 65535)
        shift = min(31, max(0, abs(acc * mult).bit_length() - 7 + rng.randint(-2, 2)))
        cases.append((acc, mult, shift))
    await check(dut, cases)
