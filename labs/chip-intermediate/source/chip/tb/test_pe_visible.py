"""Public bench for B2 (systolic_pe): a short stream with one clear. The hidden bench has extremes,
reset in the middle and a long random stream."""

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


@cocotb.test()
async def short_stream(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.clear.value, dut.valid_in.value, dut.a_in.value, dut.b_in.value = 1, 0, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    acc = 0
    # (a, b, valid, clear)
    for a, b, valid, clear in [(3, 4, 1, 0), (-5, 6, 1, 0), (7, 7, 0, 0), (-128, -128, 1, 0), (2, 2, 1, 1), (1, -1, 1, 0)]:
        dut.a_in.value, dut.b_in.value, dut.valid_in.value, dut.clear.value = a, b, valid, clear
        await FallingEdge(dut.clk)
        acc = 0 if clear else acc + a * b if valid else acc
        assert dut.acc.value.to_signed() == acc, f"a={a} b={b} valid={valid} clear={clear}: acc={dut.acc.value.to_signed()}, expected {acc}"
        assert dut.a_out.value.to_signed() == a and dut.b_out.value.to_signed() == b, "a/b must pass on one cycle later"
        assert int(dut.valid_out.value) == valid, "valid_out must follow valid_in one cycle later"
