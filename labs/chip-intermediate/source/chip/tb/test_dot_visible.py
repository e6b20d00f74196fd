"""Public bench for B2 (dot_int8, N = 4): a few vectors. The hidden bench has extremes and more."""

import cocotb
from cocotb.triggers import Timer


def pack(v):
    return sum((x & 0xFF) << (8 * i) for i, x in enumerate(v))


CASES = [([1, 2, 3, 4], [5, 6, 7, 8]), ([-1, -2, -3, -4], [1, 1, 1, 1]), ([127, 0, 0, 0], [127, 0, 0, 0]),
         ([-128, 5, 0, -7], [3, -9, 100, 2])]


@cocotb.test()
async def hand_picked(dut):
    for a, b in CASES:
        dut.a.value, dut.b.value = pack(a), pack(b)
        await Timer(1, unit="ns")
        want = sum(x * y for x, y in zip(a, b))
        got = dut.y.value.to_signed()
        assert got == want, f"a={a} b={b}: y={got}, expected {want}"
