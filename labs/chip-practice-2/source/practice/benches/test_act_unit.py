"""练习 1 的公开测试平台 / Visible bench of exercise 1: act_unit against a Python model.

The block is combinational: each (x, mode) is applied and y is read 1 ns later.
"""

import random

import cocotb
from cocotb.triggers import Timer

RELU6_MAX = 6 << 4  # 6.0 in Q4.4


def model(x, mode):
    """y for an int8 x: 0 identity, 1 ReLU, 2 ReLU6 (Q4.4), 3 leaky ReLU (x >> 3 for x < 0)."""
    if mode == 0:
        return x
    if mode == 1:
        return max(x, 0)
    if mode == 2:
        return min(max(x, 0), RELU6_MAX)
    return x if x >= 0 else x >> 3  # Python's >> on a negative int floors, like Verilog's >>>


async def check(dut, cases):
    bad = []
    for x, mode in cases:
        dut.x.value, dut.mode.value = x, mode
        await Timer(1, unit="ns")
        got, want = dut.y.value.to_signed(), model(x, mode)
        if got != want:
            bad.append(((x, mode), got, want))
    assert not bad, f"{len(bad)} of {len(cases)} wrong; first ((x, mode), y, expected): {bad[:3]}"


EDGES = [-128, -127, -17, -16, -9, -8, -7, -1, 0, 1, 8, 95, 96, 97, 127]


@cocotb.test()
async def edges_per_mode(dut):
    """int8 extremes, zero, the ReLU6 bound 96 and the leaky rounding points, in every mode."""
    await check(dut, [(x, mode) for mode in range(4) for x in EDGES])


@cocotb.test()
async def every_input(dut):
    """All 256 inputs in each of the 4 modes."""
    await check(dut, [(x, mode) for mode in range(4) for x in range(-128, 128)])


@cocotb.test()
async def random_sequence(dut):
    """Random inputs with the mode changing from case to case."""
    rng = random.Random(101)
    await check(dut, [(rng.randint(-128, 127), rng.randint(0, 3)) for _ in range(200)])
