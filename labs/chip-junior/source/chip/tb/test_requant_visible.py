"""Public bench for B1 (requant_int8): a few hand-picked cases. The hidden bench has many more."""

import cocotb
from cocotb.triggers import Timer


def model(acc, mult, shift):
    p = acc * mult
    r = (p + (1 << (shift - 1))) >> shift if shift > 0 else p  # Python's >> floors, like >>>
    return max(-128, min(127, r))


CASES = [(0, 1, 0), (100, 1, 0), (300, 1, 0), (-300, 1, 0), (5, 1, 1), (-5, 1, 1), (1000, 3, 5),
         (-1000, 3, 5), (2**31 - 1, 65535, 31), (-2**31, 65535, 31), (12345, 40000, 20)]


@cocotb.test()
async def hand_picked(dut):
    for acc, mult, shift in CASES:
        dut.acc.value, dut.mult.value, dut.shift.value = acc, mult, shift
        await Timer(1, unit="ns")
        got, want = dut.q.value.to_signed(), model(acc, mult, shift)
        assert got == want, f"acc={acc} mult={mult} shift={shift}: q={got}, expected {want}"
