"""A reference bench for accel (exercise 6): the library's bench with its model written in.

Plain cocotb (no pyuvm), through the register bus only: clk, rst, addr[5:0], wdata[31:0], we, re,
rdata[31:0]. Every clock is also stepped on a cycle model (class Accel below) and rdata is compared
after every edge, so register values, decode, reset values, the exact busy/done timing, writes ignored
while busy and the W1C of DONE are all checked cycle by cycle; operations are also checked against the
arithmetic (compute: dot product -> requantisation -> activation) for clearer failure messages.
Bus transfers are coroutines: write(addr, value) and read(addr) take one clock each.
Self-contained: it runs in the lab and in the grading sandbox alike.
"""

import random

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge

# ---------------------------------------------------------------- register map (accel/accel.v)

CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C
REGISTERS = {"CTRL": CTRL, "STATUS": STATUS, "A": A, "B": B, "QPARAM": QPARAM, "RESULT": RESULT, "ACC": ACC,
             "ID": ID}
ADDR_BITS = 6
START = 1 << 0
BUSY, DONE = 1 << 0, 1 << 1
ID_VALUE = 0x41434331
QPARAM_RESET = 0x00000001
LATENCY = 2
MASK32 = 0xFFFFFFFF
RELU6_MAX = 6 << 4  # 6.0 in Q4.4


def pack(values) -> int:
    """Four int8 values as an A or B register value (element i in bits 8i+7..8i)."""
    return sum((int(v) & 0xFF) << (8 * i) for i, v in enumerate(values))


def unpack(word: int) -> list:
    """The four signed int8 values of an A or B register value."""
    out = []
    for i in range(4):
        v = (word >> (8 * i)) & 0xFF
        out.append(v - 256 if v & 0x80 else v)
    return out


def qparam(mult: int, shift: int) -> int:
    return (mult & 0xFFFF) | (shift & 0x1F) << 16


def ctrl(act: int, start: bool = True) -> int:
    return (act & 3) << 1 | (START if start else 0)


def signed32(v: int) -> int:
    return v - 2**32 if v & 0x80000000 else v


# ---------------------------------------------------------------- reference model


def dot(a, b) -> int:
    """int32 dot product of two 4-element int8 vectors (exact: it cannot overflow)."""
    return sum(x * y for x, y in zip(a, b))


def requant(acc: int, mult: int, shift: int) -> int:
    """acc * mult (exact), rounding shift right (ties toward +inf), saturated to int8."""
    p = acc * mult
    r = (p + (1 << (shift - 1))) >> shift if shift else p  # Python's >> floors, like >>>
    return max(-128, min(127, r))


def activate(x: int, mode: int) -> int:
    """0 identity, 1 ReLU, 2 ReLU6 on Q4.4 (clamp to 0..96), 3 leaky ReLU (x >> 3 for x < 0)."""
    if mode == 0:
        return x
    if mode == 1:
        return max(x, 0)
    if mode == 2:
        return min(max(x, 0), RELU6_MAX)
    return x if x >= 0 else x >> 3


def compute(a, b, mult: int, shift: int, act: int):
    """(ACC, RESULT) of one operation."""
    acc = dot(a, b)
    return acc, activate(requant(acc, mult, shift), act)


class Accel:
    """Cycle model: step() is one rising edge; rdata is the port's value after it."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.act, self.a, self.b, self.mult, self.shift = 0, 0, 0, 1, 0
        self.busy = self.done = False
        self.phase = 0
        self.acc = self.result = 0
        self.rdata = 0

    def read_value(self, addr: int) -> int:
        """What a read of addr returns (unsigned 32-bit), from the present state."""
        if addr % 4:
            return 0
        return {CTRL: self.act << 1, STATUS: (DONE if self.done else 0) | (BUSY if self.busy else 0),
                A: self.a, B: self.b, QPARAM: self.mult | self.shift << 16, RESULT: self.result & MASK32,
                ACC: self.acc & MASK32, ID: ID_VALUE}.get(addr, 0)

    def step(self, addr=0, wdata=0, we=False, re=False, rst=False) -> None:
        if rst:
            self.reset()
            return
        rdata = self.read_value(addr) if re else self.rdata  # the value from before the edge
        wr = we and addr % 4 == 0 and not self.busy  # every write while busy is ignored
        start = wr and addr == CTRL and bool(wdata & START)
        if start:
            self.busy, self.done, self.phase = True, False, 0  # a new START clears DONE
        elif self.busy:
            if self.phase == 0:
                self.acc = dot(unpack(self.a), unpack(self.b))  # edge 1
                self.phase = 1
            else:
                self.result = activate(requant(self.acc, self.mult, self.shift), self.act)  # edge 2
                self.busy, self.done = False, True
        elif wr and addr == STATUS and wdata & DONE:
            self.done = False  # W1C
        if wr:
            if addr == CTRL:
                self.act = (wdata >> 1) & 3
            elif addr == A:
                self.a = wdata
            elif addr == B:
                self.b = wdata
            elif addr == QPARAM:
                self.mult, self.shift = wdata & 0xFFFF, (wdata >> 16) & 0x1F
        self.rdata = rdata


# ---------------------------------------------------------------- the bench

MAPPED = list(REGISTERS.values())
ALL_ADDRS = list(range(2 ** ADDR_BITS))


class Bus:
    """Drives the bus on the falling edge, samples rdata on the next falling edge, checks the model."""

    def __init__(self, dut, name):
        self.dut, self.name = dut, name
        self.model = Accel()
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
        await self.clock(addr=addr, wdata=value & MASK32, we=1)

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
        await self.write(A, pack(a))
        await self.write(B, pack(b))
        await self.write(QPARAM, qparam(mult, shift))
        await self.write(CTRL, ctrl(act))
        polls = 0
        if poll:
            while True:
                status = await self.read(STATUS)
                if status & DONE:
                    break
                assert status & BUSY, f"{self.name}: neither busy nor done after a start"
                polls += 1
                assert polls <= 8, f"{self.name}: done never came"
        else:
            await self.idle(LATENCY)
        result = signed32(await self.read(RESULT))
        acc = signed32(await self.read(ACC))
        want_acc, want_result = compute(a, b, mult, shift, act)
        assert (acc, result) == (want_acc, want_result), (
            f"{self.name}: a={a} b={b} mult={mult} shift={shift} act={act}: ACC, RESULT = {acc}, {result}, "
            f"expected {want_acc}, {want_result}")
        if poll:
            assert polls == LATENCY, f"{self.name}: {polls} busy polls, expected {LATENCY}"
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
    assert seen[QPARAM] == QPARAM_RESET and seen[ID] == ID_VALUE
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
            if addr == CTRL:
                value &= ~START
            await bus.write(addr, value)
        seen += [await bus.read(addr) for addr in ALL_ADDRS]
    await bus.write(STATUS, MASK32)
    seen.append(await bus.read(STATUS))
    # re and we together: the read returns the value from before the write
    await bus.clock(addr=A, wdata=0x80FF017F, we=1, re=1)
    seen.append(await bus.read(A))
    await bus.reset()
    seen += [await bus.read(addr) for addr in MAPPED]
    assert seen[-len(MAPPED):] == [0, 0, 0, 0, QPARAM_RESET, 0, 0, ID_VALUE]


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
            await bus.write(A, pack(a))
            await bus.write(B, pack(b))
            await bus.write(QPARAM, qparam(mult, shift))
            await bus.write(CTRL, ctrl(act))
            for _ in range(LATENCY):
                target = rng.choice([A, B, QPARAM, CTRL, STATUS])
                await bus.write(target, rng.getrandbits(32))
            seen.append([await bus.read(r) for r in (A, B, QPARAM, CTRL)])
            assert seen[-1] == [pack(a), pack(b), qparam(mult, shift), act << 1], \
                f"program {i}: a write while busy changed a register"
            acc, result = compute(a, b, mult, shift, act)
            assert signed32(await bus.read(RESULT)) == result
            assert signed32(await bus.read(ACC)) == acc
        else:
            seen.append(list(await bus.run(a, b, mult, shift, act, poll=rng.random() < 0.8)))
        order = rng.sample(MAPPED, k=len(MAPPED))
        seen.append([await bus.read(r) for r in order])
        if rng.random() < 0.5:
            await bus.write(STATUS, DONE if rng.random() < 0.7 else 0)
            seen.append([await bus.read(STATUS)])
        await bus.idle(rng.randint(0, 2))


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
        if addr == CTRL and rng.random() < 0.5:
            wdata |= START
        seen.append(await bus.clock(addr=addr, wdata=wdata, we=we, re=re))


@cocotb.test()
async def reset_mid_operation(dut):
    """rst one and two cycles into an operation: every register back to its reset value, then a
    normal operation."""
    bus = await start(dut, "reset_mid_operation")
    seen = []
    for wait in (0, 1):
        await bus.write(A, pack([5, -6, 7, -8]))
        await bus.write(B, pack([1, 2, 3, 4]))
        await bus.write(CTRL, ctrl(1))
        await bus.idle(wait)
        await bus.reset()
        seen.append([await bus.read(r) for r in MAPPED])
        assert seen[-1] == [0, 0, 0, 0, QPARAM_RESET, 0, 0, ID_VALUE], "registers after rst"
    seen.append(list(await bus.run([5, -6, 7, -8], [1, 2, 3, 4], 3, 1, 3)))
