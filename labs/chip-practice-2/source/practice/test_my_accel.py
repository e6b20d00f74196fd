"""你的测试平台 / Your bench for the accel subsystem (exercise 6).

目标：通过寄存器总线验证 accel（点积 -> 重量化 -> 激活）。评分时，这个文件先在正确的设计上运行（必须全部
通过），然后在 9 个植入了真实缺陷的设计上运行：每个让你的测试失败的设计都算“发现”。设计（accel/ 中的四个文件）
是正确的，不用改；寄存器表在 accel/accel.v 的开头和 06_accel.ipynb 里。
Goal: verify accel (dot product -> requantisation -> activation) through its register bus. For grading,
this file first runs on the correct design (it must pass), then on 9 designs with planted, realistic
bugs: each one that makes your bench fail counts as caught. The design (the four files in accel/) is
correct: do not change it; the register map is at the top of accel/accel.v and in 06_accel.ipynb.

可以用普通的 cocotb（下面的 Bus 类），也可以用 pyuvm 搭建 UVM 风格的环境（见笔记本）。测试平台只能通过端口
（clk, rst, addr, wdata, we, re, rdata）观察设计，参考模型要写在这个文件里。
Plain cocotb (the Bus class below) is fine; pyuvm is there if you want a UVM-style environment (see the
notebook). The bench sees the design through its ports only (clk, rst, addr, wdata, we, re, rdata);
write the reference model in this file.
"""

import random  # noqa: F401 - for your random programs

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C
START = 1 << 0  # CTRL
BUSY, DONE = 1 << 0, 1 << 1  # STATUS
MASK32 = 0xFFFFFFFF


def pack(values):
    """Four int8 values as an A or B register value (element i in bits 8i+7..8i)."""
    return sum((v & 0xFF) << (8 * i) for i, v in enumerate(values))


def compute(a, b, mult, shift, act):
    """TODO: (ACC, RESULT) of one operation: ACC = sum a[i]*b[i] (int32); RESULT = the activation
    ACT of requant(ACC, MULT, SHIFT), an int8 (see the notebook)."""
    return 0, 0


class Bus:
    """One bus transfer per clock: inputs driven after a falling edge, rdata sampled at the next
    falling edge (after the rising edge that did the transfer)."""

    def __init__(self, dut):
        self.dut = dut

    async def clock(self, addr=0, wdata=0, we=0, re=0, rst=0):
        """One clock with these inputs; returns rdata after it (None while rdata has X or Z bits)."""
        d = self.dut
        d.addr.value, d.wdata.value, d.we.value, d.re.value, d.rst.value = addr, wdata & MASK32, we, re, rst
        await FallingEdge(d.clk)
        d.we.value, d.re.value, d.rst.value = 0, 0, 0
        value = d.rdata.value
        return int(value) if value.is_resolvable else None

    async def write(self, addr, value):
        await self.clock(addr=addr, wdata=value, we=1)

    async def read(self, addr):
        return await self.clock(addr=addr, re=1)

    async def reset(self):
        await self.clock(rst=1)


async def start(dut):
    """Starts the 10 ns clock and resets the design; returns a Bus."""
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.we.value, dut.re.value, dut.addr.value, dut.wdata.value = 1, 0, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    bus = Bus(dut)
    await bus.reset()
    return bus


@cocotb.test()
async def my_first_test(dut):
    """TODO: 读 ID 寄存器，做一次运算并检查 RESULT 和 ACC / read ID, run one operation, check RESULT and ACC."""
    bus = await start(dut)
    await bus.read(ID)
    # TODO: assert (await bus.read(ID)) == 0x41434331
    # TODO: write A, B, QPARAM, then CTRL with START; poll STATUS until DONE; read RESULT and ACC and
    #       compare them with compute(...)
