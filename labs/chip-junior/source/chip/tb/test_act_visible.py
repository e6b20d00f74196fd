"""Public bench for B2 (act_unit): one value per mode. The hidden bench tries every input."""

import cocotb
from cocotb.triggers import Timer


def model(x, mode):
    if mode == 0:
        return x
    if mode == 1:
        return max(x, 0)
    if mode == 2:
        return min(max(x, 0), 96)
    return x if x >= 0 else x >> 3


@cocotb.test()
async def one_per_mode(dut):
    for x in (-100, -9, 0, 50, 120):
        for mode in range(4):
            dut.x.value, dut.mode.value = x, mode
            await Timer(1, unit="ns")
            got = dut.y.value.to_signed()
            assert got == model(x, mode), f"x={x} mode={mode}: y={got}, expected {model(x, mode)}"
