"""C: your cocotb bench for rtl/sync_fifo.v (WIDTH=8, DEPTH=8). See the notebook for the spec.

Graded: it must pass on the correct design; every buggy design it fails on earns points; line
coverage on the correct design earns more. Add as many @cocotb.test() functions as you like.
"""

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


@cocotb.test()
async def smoke(dut):
    await reset(dut)
    assert int(dut.empty.value) == 1
    # YOUR CODE HERE: push, pop, fill, drain, push and pop together, reset in the middle, ...
