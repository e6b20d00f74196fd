"""Bench of accel (sources: dot_int8.v, requant_int8.v, act_unit.v, accel.v) through its register bus.

Every clock is also stepped on the cycle model golden.Accel and rdata is compared after every edge,
so register values, decode, reset values, the exact busy/done timing, writes ignored while busy and
the W1C of DONE are all checked cycle by cycle; operations are also checked against the golden
arithmetic (golden.compute: dot_int8 -> requant_int8 -> act_unit) for clearer failure messages.
Bus transfers are coroutines: write(addr, value) and read(addr) take one clock each.
"""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

from hardware_sim.checks import report
from hardware_sim.golden import accel as golden

MAPPED = list(golden.REGISTERS.values())
ALL_ADDRS = list(range(2 ** golden.ADDR_BITS))


class Bus:
    """Drives the bus on the falling edge, samples rdata on the next falling edge, checks the model."""

    def __init__(self, dut, name):
        self.dut, self.name = dut, name
        self.model = golden.Accel()
        self.cycle = 0

    async def clock(self, addr=0, wdata=0, we=0, re=0, rst=0) -> int:
        d = self.dut
        d.addr.value, d.wdata.value, d.we.value, d.re.value, d.rst.value = addr, wdata, int(we), int(re), int(rst)
        self.model.step(addr, wdata, bool(we), bool(re), bool(rst))
        await FallingEdge(d.clk)
        d.we.value, d.re.value, d.rst.value = 0, 0, 0
        got = d.rdata.value.to_unsigned()
        want = self.model.rdata
        assert got == want, (f"{self.name}: cycle {self.cycle} (addr={addr:#04x} wdata={wdata:#010x} we={we} re={re} "
                             f"rst={rst}): rdata {got:#010x}, expected {want:#010x}")
        self.cycle += 1
        return got

    async def write(self, addr, value):
        await self.clock(addr=addr, wdata=value & golden.MASK32, we=1)

    async def read(self, addr) -> int:
        return await self.clock(addr=addr, re=1)

    async def idle(self, n=1):
        for _ in range(n):
            await self.clock()

    async def reset(self):
        await self.clock(rst=1)

    async def run(self, a, b, mult, shift, act, poll=True):
        """One operation: operands, QPARAM, CTRL start; polls STATUS until DONE (checking the number
        of busy polls), reads RESULT and ACC. Returns (busy polls, RESULT as int8, ACC as int32)."""
        await self.write(golden.A, golden.pack(a))
        await self.write(golden.B, golden.pack(b))
        await self.write(golden.QPARAM, golden.qparam(mult, shift))
        await self.write(golden.CTRL, golden.ctrl(act))
        polls = 0
        if poll:
            while True:
                status = await self.read(golden.STATUS)
                if status & golden.DONE:
                    break
                assert status & golden.BUSY, f"{self.name}: neither busy nor done after a start"
                polls += 1
                assert polls <= 8, f"{self.name}: done never came"
        else:
            await self.idle(golden.LATENCY)
        result = golden.signed32(await self.read(golden.RESULT))
        acc = golden.signed32(await self.read(golden.ACC))
        want_acc, want_result = golden.compute(a, b, mult, shift, act)
        assert (acc, result) == (want_acc, want_result), (
            f"{self.name}: a={a} b={b} mult={mult} shift={shift} act={act}: ACC, RESULT = {acc}, {result}, "
            f"expected {want_acc}, {want_result}")
        if poll:
            assert polls == golden.LATENCY, f"{self.name}: {polls} busy polls, expected {golden.LATENCY}"
        return polls, result, acc


async def start(dut, name) -> Bus:
    cocotb.start_soon(Clock(dut.clk, 10, unit="ns").start())
    dut.rst.value, dut.we.value, dut.re.value, dut.addr.value, dut.wdata.value = 1, 0, 0, 0, 0
    await RisingEdge(dut.clk)
    await FallingEdge(dut.clk)
    dut.rst.value = 0
    bus = Bus(dut, name)
    await bus.reset()  # the model starts from reset too
    return bus


@cocotb.test()
async def reset_values(dut):
    """Every byte address read after reset: the reset values, ID, 0 for unmapped and misaligned."""
    bus = await start(dut, "reset_values")
    seen = [await bus.read(addr) for addr in ALL_ADDRS]
    report("reset_values", seen)
    assert seen[golden.QPARAM] == golden.QPARAM_RESET and seen[golden.ID] == golden.ID_VALUE
    assert sum(1 for v in seen if v) == 2, "only QPARAM and ID are nonzero after reset"


@cocotb.test()
async def register_access(dut):
    """Random values written to every address (misaligned, unmapped and read-only ones included, CTRL
    without START), all read back; W1C of DONE while DONE is low; reset restores the reset values."""
    bus = await start(dut, "register_access")
    rng = random.Random(71)
    seen = []
    for _ in range(3):
        for addr in ALL_ADDRS:
            value = rng.getrandbits(32)
            if addr == golden.CTRL:
                value &= ~golden.START
            await bus.write(addr, value)
        seen += [await bus.read(addr) for addr in ALL_ADDRS]
    await bus.write(golden.STATUS, golden.MASK32)
    seen.append(await bus.read(golden.STATUS))
    # re and we together: the read returns the value from before the write
    await bus.clock(addr=golden.A, wdata=0x80FF017F, we=1, re=1)
    seen.append(await bus.read(golden.A))
    await bus.reset()
    seen += [await bus.read(addr) for addr in MAPPED]
    report("register_access", seen)
    assert seen[-len(MAPPED):] == [0, 0, 0, 0, golden.QPARAM_RESET, 0, 0, golden.ID_VALUE]


@cocotb.test()
async def operations(dut):
    """Directed operations: extreme operands, every ACT mode on negative and positive results,
    saturation, rounding ties, shift 0 and 31, MULT 0 and 65535; RESULT is read sign-extended."""
    bus = await start(dut, "operations")
    lo, hi = [-128] * 4, [127] * 4
    cases = [
        (lo, lo, 1, 0, 0), (lo, lo, 1, 16, 0), (lo, hi, 1, 0, 0), (lo, hi, 1, 16, 0), (hi, hi, 65535, 31, 0),
        (lo, hi, 65535, 31, 0), ([1, 2, 3, 4], [5, 6, 7, 8], 1, 0, 0), ([1, 2, 3, 4], [-5, -6, -7, -8], 1, 0, 0),
        ([1, -2, 3, -4], [1, 1, 1, 1], 0, 0, 0), ([0, 0, 0, 0], [0, 0, 0, 0], 65535, 0, 1),
        ([-3, 0, 0, 0], [1, 0, 0, 0], 1, 1, 0),   # -1.5 -> -1 (ties up)
        ([3, 0, 0, 0], [1, 0, 0, 0], 1, 1, 0),    # 1.5 -> 2
        ([-5, 0, 0, 0], [1, 0, 0, 0], 1, 1, 0),   # -2.5 -> -2
    ]
    for act in range(4):  # each mode on a negative, a small positive and a large positive result
        cases += [([-100, 50, -20, 7], [90, 3, 60, -1], 1, 6, act),
                  ([100, -50, 20, 7], [90, 3, 60, 1], 1, 6, act),
                  ([-9, 0, 0, 0], [1, 0, 0, 0], 1, 0, act),
                  ([-128, 0, 0, 0], [1, 0, 0, 0], 1, 0, act),
                  ([97, 0, 0, 0], [1, 0, 0, 0], 1, 0, act),
                  ([96, 0, 0, 0], [1, 0, 0, 0], 1, 0, act)]
    seen = []
    for a, b, mult, shift, act in cases:
        seen.append(list(await bus.run(a, b, mult, shift, act)))
    report("operations", seen)


@cocotb.test()
async def random_programs(dut):
    """Seeded random programs: operations with random operands (some at the extremes), QPARAM and
    ACT, register reads in random order, W1C of DONE, writes while busy (ignored: checked by reading
    back), back-to-back starts and starts without polling."""
    bus = await start(dut, "random_programs")
    rng = random.Random(72)

    def operand():
        return rng.choice([-128, 127]) if rng.random() < 0.15 else rng.randint(-128, 127)

    seen = []
    for i in range(40):
        a, b = [operand() for _ in range(4)], [operand() for _ in range(4)]
        mult = rng.choice([0, 1, 65535, rng.randrange(2**16), rng.randrange(2**16)])
        shift = rng.choice([0, 31, rng.randint(8, 24), rng.randint(8, 24), rng.randint(8, 24)])
        act = rng.randrange(4)
        if rng.random() < 0.3:  # a start followed by writes while busy: all ignored
            await bus.write(golden.A, golden.pack(a))
            await bus.write(golden.B, golden.pack(b))
            await bus.write(golden.QPARAM, golden.qparam(mult, shift))
            await bus.write(golden.CTRL, golden.ctrl(act))
            for _ in range(golden.LATENCY):
                target = rng.choice([golden.A, golden.B, golden.QPARAM, golden.CTRL, golden.STATUS])
                await bus.write(target, rng.getrandbits(32))
            seen.append([await bus.read(r) for r in (golden.A, golden.B, golden.QPARAM, golden.CTRL)])
            assert seen[-1] == [golden.pack(a), golden.pack(b), golden.qparam(mult, shift), act << 1], \
                f"program {i}: a write while busy changed a register"
            acc, result = golden.compute(a, b, mult, shift, act)
            assert golden.signed32(await bus.read(golden.RESULT)) == result
            assert golden.signed32(await bus.read(golden.ACC)) == acc
        else:
            seen.append(list(await bus.run(a, b, mult, shift, act, poll=rng.random() < 0.8)))
        order = rng.sample(MAPPED, k=len(MAPPED))
        seen.append([await bus.read(r) for r in order])
        if rng.random() < 0.5:
            await bus.write(golden.STATUS, golden.DONE if rng.random() < 0.7 else 0)
            seen.append([await bus.read(golden.STATUS)])
        await bus.idle(rng.randint(0, 2))
    report("random_programs", seen)


@cocotb.test()
async def bus_traffic(dut):
    """Random reads and writes on every cycle (any address, START and W1C included, re and we
    together, writes and starts while busy), checked against the cycle model."""
    bus = await start(dut, "bus_traffic")
    rng = random.Random(73)
    seen = []
    for _ in range(600):
        addr = rng.choice(MAPPED) if rng.random() < 0.75 else rng.choice(ALL_ADDRS)
        we, re = rng.random() < 0.4, rng.random() < 0.6
        wdata = rng.getrandbits(32)
        if addr == golden.CTRL and rng.random() < 0.5:
            wdata |= golden.START
        seen.append(await bus.clock(addr=addr, wdata=wdata, we=we, re=re))
    report("bus_traffic", seen)


@cocotb.test()
async def reset_mid_operation(dut):
    """rst one and two cycles into an operation: every register back to its reset value, then a
    normal operation."""
    bus = await start(dut, "reset_mid_operation")
    seen = []
    for wait in (0, 1):
        await bus.write(golden.A, golden.pack([5, -6, 7, -8]))
        await bus.write(golden.B, golden.pack([1, 2, 3, 4]))
        await bus.write(golden.CTRL, golden.ctrl(1))
        await bus.idle(wait)
        await bus.reset()
        seen.append([await bus.read(r) for r in MAPPED])
        assert seen[-1] == [0, 0, 0, 0, golden.QPARAM_RESET, 0, 0, golden.ID_VALUE], "registers after rst"
    seen.append(list(await bus.run([5, -6, 7, -8], [1, 2, 3, 4], 3, 1, 3)))
    report("reset_mid_operation", seen)
