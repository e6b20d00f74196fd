"""Reference bench for rtl/sync_fifo.v: a Python model (a deque) checked against the ports after
every clock edge, over directed sequences (fill and drain past the bounds, push and pop together in
every state, reset in the middle) and a seeded random one."""

import random
from collections import deque

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

DEPTH = 8


class Model:
    def __init__(self):
        self.q = deque()

    def step(self, push, din, pop, rst):
        if rst:
            self.q.clear()
            return
        full, empty = len(self.q) == DEPTH, not self.q
        if pop and not empty:
            self.q.popleft()
        if push and not full:
            self.q.append(din)


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


async def play(dut, ops):
    """ops: (push, din, pop, rst) per cycle; outputs compared with the model after each edge."""
    model = Model()
    for i, (push, din, pop, rst) in enumerate(ops):
        dut.push.value, dut.din.value, dut.pop.value, dut.rst.value = push, din, pop, rst
        model.step(push, din, pop, rst)
        await FallingEdge(dut.clk)
        count = len(model.q)
        assert dut.count.value.to_unsigned() == count, f"cycle {i}: count {dut.count.value.to_unsigned()} != {count}"
        assert int(dut.full.value) == (count == DEPTH), f"cycle {i}: full wrong at count {count}"
        assert int(dut.empty.value) == (count == 0), f"cycle {i}: empty wrong at count {count}"
        if count:
            assert dut.dout.value.to_unsigned() == model.q[0], f"cycle {i}: dout {dut.dout.value} != {model.q[0]}"
    dut.push.value, dut.pop.value, dut.rst.value = 0, 0, 0


@cocotb.test()
async def fill_and_drain(dut):
    await reset(dut)
    ops = []
    for lap in range(2):  # twice, so the pointers wrap
        ops += [(1, 16 * lap + k, 0, 0) for k in range(DEPTH + 2)]
        ops += [(0, 0, 1, 0) for _ in range(DEPTH + 2)]
    await play(dut, ops)


@cocotb.test()
async def push_and_pop_together(dut):
    await reset(dut)
    ops = [(1, 0xA0 + k, 1, 0) for k in range(3)]             # on empty: only the push
    ops += [(1, k, 0, 0) for k in range(DEPTH)]                # fill up
    ops += [(1, 0xB0 + k, 1, 0) for k in range(DEPTH + 3)]     # on full, then in between
    ops += [(0, 0, 1, 0) for _ in range(DEPTH + 1)]
    await play(dut, ops)


@cocotb.test()
async def reset_in_the_middle(dut):
    await reset(dut)
    ops = [(1, k, 0, 0) for k in range(3)] + [(0, 0, 1, 0)] + [(0, 0, 0, 1)]
    ops += [(1, 0x50 + k, 0, 0) for k in range(DEPTH)] + [(0, 0, 1, 0) for _ in range(DEPTH)]
    await play(dut, ops)


@cocotb.test()
async def random_traffic(dut):
    await reset(dut)
    rng = random.Random(7)
    ops = [(int(rng.random() < 0.6), rng.randrange(256), int(rng.random() < 0.5), int(rng.random() < 0.02))
           for _ in range(600)]
    await play(dut, ops)
