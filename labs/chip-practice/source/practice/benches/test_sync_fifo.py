"""练习 4 的公开测试平台 / Visible bench of exercise 4: sync_fifo against a Python queue.

Every cycle: drive push/din/pop on the falling edge, then compare full, empty, count and (when not
empty) dout with the model after the next rising edge. WIDTH and DEPTH come from the port widths.
"""

import random
from collections import deque

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge


class Model:
    """A bounded queue; one operation set per rising edge, judged on the state before the edge."""

    def __init__(self, depth, width):
        self.depth, self.width, self.q = depth, width, deque()

    def step(self, push, din, pop, rst=0):
        if rst:
            self.q.clear()
            return
        do_pop = pop and len(self.q) > 0
        do_push = push and len(self.q) < self.depth
        if do_pop:
            self.q.popleft()
        if do_push:
            self.q.append(din)

    def outputs(self):
        n = len(self.q)
        return {"full": int(n == self.depth), "empty": int(n == 0), "count": n, "dout": self.q[0] if n else None}


def params(dut):
    return len(dut.din), 2 ** (len(dut.count) - 1)


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def run_ops(dut, name, ops):
    """ops = [(push, din, pop, rst)], one per cycle."""
    width, depth = params(dut)
    model = Model(depth, width)
    for i, (push, din, pop, rst) in enumerate(ops):
        dut.push.value, dut.din.value, dut.pop.value, dut.rst.value = push, din, pop, rst
        model.step(push, din, pop, rst)
        await FallingEdge(dut.clk)
        empty = int(dut.empty.value)
        got = {"full": int(dut.full.value), "empty": empty, "count": dut.count.value.to_unsigned(),
               "dout": None if empty else dut.dout.value.to_unsigned()}
        want = model.outputs()
        assert got == want, f"{name}, cycle {i} (push={push} pop={pop} rst={rst}): got {got}, expected {want}"
    dut.push.value, dut.pop.value, dut.rst.value = 0, 0, 0


@cocotb.test()
async def fill_and_drain(dut):
    """Fill past full (extra pushes ignored), then drain past empty (extra pops ignored)."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(61)
    ops = [(1, rng.randrange(2**width), 0, 0) for _ in range(depth + 2)]
    ops += [(0, 0, 1, 0) for _ in range(depth + 2)]
    await run_ops(dut, "fill_and_drain", ops)


@cocotb.test()
async def push_and_pop_together(dut):
    """Both at once: on full only the pop happens, in between both, on empty only the push."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(62)
    ops = [(1, rng.randrange(2**width), 0, 0) for _ in range(depth)]
    ops += [(1, rng.randrange(2**width), 1, 0) for _ in range(depth + 2)]
    ops += [(0, 0, 1, 0) for _ in range(depth + 1)]
    ops += [(1, rng.randrange(2**width), 1, 0) for _ in range(4)]
    await run_ops(dut, "push_and_pop_together", ops)


@cocotb.test()
async def random_traffic(dut):
    """Random pushes and pops, with a reset in the middle."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(63)
    ops = [(int(rng.random() < 0.6), rng.randrange(2**width), int(rng.random() < 0.5), 0) for _ in range(300)]
    ops[150] = (1, 0, 1, 1)
    await run_ops(dut, "random_traffic", ops)
