"""C1: your cocotb bench for rtl/async_fifo.v (WIDTH=8, DEPTH=8). See the notebook and the RTL's
header comment for the spec. Graded: it must pass on the correct design; every buggy design it
fails on earns points; line coverage on the correct design earns more."""

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, Timer


async def start(dut, wperiod=10, rperiod=17):
    """Both clocks (0.3 ns apart so their edges never coincide) and both resets."""
    dut.wrst.value, dut.rrst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 1, 0, 0, 0
    cocotb.start_soon(Clock(dut.wclk, wperiod, unit="ns").start())
    await Timer(300, unit="ps")
    cocotb.start_soon(Clock(dut.rclk, rperiod, unit="ns").start())
    await Timer(3 * max(wperiod, rperiod), unit="ns")
    await FallingEdge(dut.wclk)
    dut.wrst.value = 0
    await FallingEdge(dut.rclk)
    dut.rrst.value = 0


@cocotb.test()
async def smoke(dut):
    await start(dut)
    assert int(dut.empty.value) == 1
    # YOUR CODE HERE: a writer and a reader coroutine, a reference queue, flag timing checks, ...
