"""Bench of sync_fifo against its golden model (a bounded queue).

Behaviour checked every cycle (see golden/sync_fifo.py): first-word-fall-through (dout is the head
while empty is low; not compared while empty), a push while full and a pop while empty are ignored,
push and pop together on a FIFO that is neither empty nor full both happen (count unchanged), on a
full FIFO only the pop, on an empty one only the push. WIDTH and DEPTH come from the port widths
(len(din), len(count) = log2(DEPTH) + 1), so the bench also runs with other parameters.
"""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

from hardware_sim.checks import report
from hardware_sim.golden import sync_fifo as golden


def params(dut):
    return len(dut.din), 2 ** (len(dut.count) - 1)


async def reset(dut):
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0


def observe(dut) -> dict:
    empty = int(dut.empty.value)
    return {"full": int(dut.full.value), "empty": empty, "count": dut.count.value.to_unsigned(),
            "dout": None if empty else dut.dout.value.to_unsigned()}


async def drive(dut, name, ops):
    """ops = [(push, din, pop, rst)], one per cycle; checks and reports the outputs after every edge."""
    width, depth = params(dut)
    model = golden.SyncFifo(depth, width)
    seen = []
    for i, (push, din, pop, rst) in enumerate(ops):
        dut.push.value, dut.din.value, dut.pop.value, dut.rst.value = int(push), din, int(pop), int(rst)
        model.step(push, din, pop, rst)
        await FallingEdge(dut.clk)
        got, want = observe(dut), model.outputs()
        seen.append([got["full"], got["empty"], got["count"], -1 if got["dout"] is None else got["dout"]])
        assert got == want, f"{name}: cycle {i} (push={push} pop={pop} rst={rst}): got {got}, expected {want}"
    dut.push.value, dut.pop.value, dut.rst.value = 0, 0, 0
    report(name, seen)


@cocotb.test()
async def fill_and_drain(dut):
    """Fill past full (extra pushes ignored), drain past empty (extra pops ignored), twice (wrap)."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(51)
    ops = []
    for _ in range(2):
        ops += [(1, rng.randrange(2 ** width), 0, 0) for _ in range(depth + 3)]
        ops += [(0, 0, 1, 0) for _ in range(depth + 3)]
    ops += [(1, rng.randrange(2 ** width), 0, 0) for _ in range(depth // 2)]
    await drive(dut, "fill_and_drain", ops)


@cocotb.test()
async def simultaneous(dut):
    """push and pop together: on full (only the pop), in between (both), on empty (only the push)."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(52)

    def word():
        return rng.randrange(2 ** width)

    ops = [(1, word(), 0, 0) for _ in range(depth)]        # full
    ops += [(1, word(), 1, 0) for _ in range(3)]            # on full: pop only, then both, both
    ops += [(1, word(), 1, 0) for _ in range(depth)]        # streaming at depth-1
    ops += [(0, 0, 1, 0) for _ in range(depth)]             # drain to empty (one extra pop ignored)
    ops += [(1, word(), 1, 0) for _ in range(2 * depth)]    # on empty: push only, then streaming at 1
    ops += [(0, 0, 1, 0), (1, word(), 1, 0), (1, word(), 0, 0), (1, word(), 1, 0), (0, 0, 1, 0), (0, 0, 1, 0)]
    await drive(dut, "simultaneous", ops)


@cocotb.test()
async def random_traffic(dut):
    """Random push/pop phases (fill-heavy, drain-heavy, balanced) over 1500 cycles."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(53)
    ops = []
    for phase in range(15):
        p_push, p_pop = [(0.8, 0.3), (0.3, 0.8), (0.5, 0.5), (0.95, 0.95), (0.1, 0.1)][phase % 5]
        ops += [(int(rng.random() < p_push), rng.randrange(2 ** width), int(rng.random() < p_pop), 0)
                for _ in range(100)]
    await drive(dut, "random_traffic", ops)


@cocotb.test()
async def reset_midway(dut):
    """rst with the pointers away from 0 and push/pop active: the FIFO restarts empty and consistent."""
    await reset(dut)
    width, depth = params(dut)
    rng = random.Random(54)
    ops = [(1, rng.randrange(2 ** width), 0, 0) for _ in range(depth - 1)]
    ops += [(0, 0, 1, 0) for _ in range(depth // 2 + 1)]   # read pointer now away from 0
    ops += [(1, rng.randrange(2 ** width), 1, 1)]           # reset while push and pop are high
    ops += [(1, rng.randrange(2 ** width), 0, 0) for _ in range(depth // 2 + 1)]
    ops += [(int(rng.random() < 0.6), rng.randrange(2 ** width), int(rng.random() < 0.5), 0)
            for _ in range(4 * depth)]
    await drive(dut, "reset_midway", ops)
