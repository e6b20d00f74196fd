"""你的测试平台 / Your bench for async_fifo (exercise 5).

目标：找出异步 FIFO 的常见错误。评分时，这个文件先在正确的设计上运行（必须全部通过），然后在 6 个植入了
真实缺陷的设计上运行：每个让你的测试失败的设计都算“发现”。设计本身（rtl/async_fifo.v）是正确的，不用改。
Goal: find the usual mistakes of an asynchronous FIFO. For grading, this file first runs on the correct
design (it must pass), then on 6 designs with planted, realistic bugs: each one that makes your bench
fail counts as caught. The design itself (rtl/async_fifo.v) is correct: do not change it.

提示 Hints（详见 05_async_fifo.ipynb / see the notebook）:
- 数据：写进去的每个字都要按顺序、恰好出来一次 / every pushed word comes out once, in order;
- 满时写、空时读必须被忽略：把 FIFO 写满、读空，并在满/空时继续请求 / fill it and drain it, and keep
  requesting while full or empty: those requests must be ignored;
- 标志的时序：写入的字要在其后第 2 个 rclk 上升沿之后才可读（empty 变低），太早就是同步器有问题；
  释放的空位同理（第 2 个 wclk 上升沿之后 full 变低）/ flag timing: a pushed word may become readable
  (empty low) only after the 2nd rclk rising edge after the push, a freed slot writable (full low) only
  after the 2nd wclk edge after the pop; earlier means a broken synchroniser;
- 指针回绕：写满读空多轮（格雷码指针的回绕错误只有绕过一圈以后才会出现）/ wrap the pointers many times.

规则 Rules: 在时钟下降沿驱动输入、采样输出；不要在 ReadOnly 阶段赋值；值含 X 时 .to_unsigned() 会出错，
先判断 empty。/ Drive inputs and sample outputs on falling edges; never assign in ReadOnly; a value with
X bits cannot be converted (.to_unsigned() raises): look at empty first.
"""

import random  # noqa: F401 - for your random stimulus

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge, Timer  # noqa: F401 - for your monitors

PHASE_OFFSET_PS = 300  # rclk starts 0.3 ns after wclk: with even-ns periods no two edges ever coincide


async def start(dut, wperiod=10, rperiod=17):
    """Starts both clocks (periods in ns) and resets both domains together; returns at a falling edge
    of rclk, after both resets are released."""
    dut.wrst.value, dut.rrst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 1, 0, 0, 0
    cocotb.start_soon(Clock(dut.wclk, wperiod, unit="ns").start())
    await Timer(PHASE_OFFSET_PS, unit="ps")
    cocotb.start_soon(Clock(dut.rclk, rperiod, unit="ns").start())
    await Timer(3 * max(wperiod, rperiod), unit="ns")
    await FallingEdge(dut.wclk)
    dut.wrst.value = 0
    await FallingEdge(dut.rclk)
    dut.rrst.value = 0


class Model:
    """TODO: 参考模型：一个队列，再加上你要检查的标志时序 / a reference model: a queue, plus the flag
    timing you want to check (e.g. record the other domain's pointer at each clock edge)."""

    def __init__(self, depth=8):
        self.depth = depth
        self.q = []


@cocotb.test()
async def my_first_test(dut):
    """TODO: 写入几个字，再读出来比较 / push a few words, pop them and compare."""
    await start(dut)
    await FallingEdge(dut.wclk)
    dut.push.value, dut.din.value = 1, 0x5A  # taken at the next rising edge of wclk (full is low)
    await FallingEdge(dut.wclk)
    dut.push.value = 0
    # TODO: 在 rclk 下降沿等待 empty 变低，检查 dout，然后 pop
    # TODO: wait (at falling edges of rclk) until empty is low, check dout, then pop:
    # assert dut.dout.value.to_unsigned() == 0x5A
