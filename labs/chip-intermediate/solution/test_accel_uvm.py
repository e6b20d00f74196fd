"""Reference solution: a pyuvm bench of the accel subsystem (INT8 dot product -> requantisation ->
activation behind a register bus), seen through its ports only: clk, rst, addr[5:0], wdata[31:0],
we, re, rdata[31:0].

Structure (UVM):

    BusItem (uvm_sequence_item)      one bus cycle: addr, wdata, we, re, rst -> rdata
    AccelOp (uvm_sequence_item)      one operation: a, b, MULT, SHIFT, ACT -> ACC, RESULT
    *Seq (uvm_sequence)              reset values, register access, directed operations, seeded
                                     random programs, random bus traffic, reset mid-operation
    AccelDriver (uvm_driver)         drives one BusItem per clock (inputs set on the falling edge,
                                     rdata sampled on the next falling edge)
    AccelMonitor (uvm_monitor)       samples the inputs at each rising edge and rdata after it,
                                     publishes every cycle on an analysis port
    AccelModel                       inline reference model: the arithmetic and a cycle model of
                                     the registers, the sequencer (LATENCY 2) and the bus
    AccelScoreboard (uvm_subscriber) steps the model on every observed cycle and compares rdata
    AccelCoverage (uvm_subscriber)   functional coverage of the operations, reported at the end
    AccelEnv (uvm_env), AccelBaseTest (uvm_test) and three tests run with @pyuvm.test()

Checks are collected by the scoreboard and asserted in its check_phase (pyuvm's logger.error does
not fail a cocotb test by itself). The design starts with X in its registers: the scoreboard starts
comparing at the first cycle with rst high, and every sequence begins with a reset.
"""

import random

import cocotb
import pyuvm
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, RisingEdge
from cocotb.utils import get_sim_time
from pyuvm import (ConfigDB, uvm_analysis_port, uvm_driver, uvm_env, uvm_monitor, uvm_sequence,
                   uvm_sequence_item, uvm_sequencer, uvm_subscriber, uvm_test)

# ---------------------------------------------------------------- register map (README of accel)

CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C
MAPPED = [CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID]
NAMES = {CTRL: "CTRL", STATUS: "STATUS", A: "A", B: "B", QPARAM: "QPARAM", RESULT: "RESULT", ACC: "ACC",
         ID: "ID"}
ALL_ADDRS = list(range(64))  # addr is 6 bits: every byte address, misaligned and unmapped included
START = 1 << 0  # CTRL
BUSY, DONE = 1 << 0, 1 << 1  # STATUS
ID_VALUE = 0x41434331  # "ACC1"
QPARAM_RESET = 0x00000001
LATENCY = 2  # busy polls after a start
MASK32 = 0xFFFFFFFF
RELU6_MAX = 96  # 6.0 in Q4.4


def pack(values) -> int:
    """Four int8 values as an A/B register value, element i in bits 8i+7..8i."""
    return sum((v & 0xFF) << (8 * i) for i, v in enumerate(values))


def unpack(word: int) -> list:
    return [s8((word >> (8 * i)) & 0xFF) for i in range(4)]


def s8(v: int) -> int:
    v &= 0xFF
    return v - 256 if v & 0x80 else v


def s32(v: int) -> int:
    v &= MASK32
    return v - 2**32 if v & 0x80000000 else v


def hexs(v, digits=8) -> str:
    """A value as hex, X for None (a signal with X or Z bits)."""
    return "X" if v is None else f"{v:#0{digits + 2}x}"


def qparam(mult: int, shift: int) -> int:
    return (mult & 0xFFFF) | (shift & 0x1F) << 16


def ctrl(act: int, start: bool = True) -> int:
    return (act & 3) << 1 | (START if start else 0)


# ---------------------------------------------------------------- reference model (written here)


def dot(a, b) -> int:
    """int32 dot product of two 4-element int8 vectors (exact, it cannot overflow)."""
    return s32(sum(x * y for x, y in zip(a, b)))


def requant(acc: int, mult: int, shift: int) -> int:
    """acc * mult (exact), rounding shift right (ties toward +inf), saturated to int8."""
    p = acc * mult
    r = (p + (1 << (shift - 1))) >> shift if shift else p  # Python's >> is an arithmetic (floor) shift
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


class AccelModel:
    """Cycle model of accel: step() is one rising edge, rdata is the port's value after it."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.act, self.a, self.b, self.mult, self.shift = 0, 0, 0, 1, 0
        self.busy = self.done = False
        self.phase = 0
        self.acc = self.result = 0
        self.rdata = 0
        self.finished = None  # (a, b, mult, shift, act, acc, result) of an operation ending at this edge

    def read_value(self, addr: int) -> int:
        if addr % 4:
            return 0  # misaligned
        return {CTRL: self.act << 1, STATUS: (DONE if self.done else 0) | (BUSY if self.busy else 0),
                A: self.a, B: self.b, QPARAM: self.mult | self.shift << 16, RESULT: self.result & MASK32,
                ACC: self.acc & MASK32, ID: ID_VALUE}.get(addr, 0)  # unmapped: 0

    def step(self, addr, wdata, we, re, rst):
        self.finished = None
        if rst:
            self.reset()
            return
        rdata = self.read_value(addr) if re else self.rdata  # the value from before the edge
        wr = we and addr % 4 == 0 and addr in MAPPED and not self.busy  # writes while busy are ignored
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
                self.finished = (unpack(self.a), unpack(self.b), self.mult, self.shift, self.act, self.acc,
                                 self.result)
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


# ---------------------------------------------------------------- transactions


class BusItem(uvm_sequence_item):
    """One bus cycle. The driver fills rdata (None while the port is X) after the clock edge."""

    def __init__(self, name="bus_item", addr=0, wdata=0, we=False, re=False, rst=False):
        super().__init__(name)
        self.addr, self.wdata, self.we, self.re, self.rst = addr, wdata & MASK32, bool(we), bool(re), bool(rst)
        self.rdata = None

    def randomize(self, rng: random.Random):
        """Any address (mostly mapped ones), random data, START in a CTRL write half the time."""
        self.addr = rng.choice(MAPPED) if rng.random() < 0.75 else rng.choice(ALL_ADDRS)
        self.we, self.re, self.rst = rng.random() < 0.4, rng.random() < 0.6, False
        self.wdata = rng.getrandbits(32)
        if self.addr == CTRL and rng.random() < 0.5:
            self.wdata |= START

    def __str__(self):
        what = "rst" if self.rst else " ".join(filter(None, ["we" if self.we else "", "re" if self.re else ""])) or "idle"
        return (f"{what} addr={hexs(self.addr, 2)}({NAMES.get(self.addr, '-')}) wdata={hexs(self.wdata)} "
                f"rdata={hexs(self.rdata)}")


class AccelOp(uvm_sequence_item):
    """One operation of the accelerator (layered onto BusItems by AccelBaseSeq.operation)."""

    def __init__(self, name="accel_op", a=(0, 0, 0, 0), b=(0, 0, 0, 0), mult=1, shift=0, act=0):
        super().__init__(name)
        self.a, self.b, self.mult, self.shift, self.act = list(a), list(b), mult, shift, act
        self.acc = self.result = None  # read back from the design

    def randomize(self, rng: random.Random):
        def operand():
            return rng.choice([-128, 127]) if rng.random() < 0.15 else rng.randint(-128, 127)

        self.a, self.b = [operand() for _ in range(4)], [operand() for _ in range(4)]
        self.mult = rng.choice([0, 1, 65535, rng.randrange(2**16), rng.randrange(2**16)])
        self.shift = rng.choice([0, 31, rng.randint(8, 24), rng.randint(8, 24), rng.randint(8, 24)])
        self.act = rng.randrange(4)

    def __str__(self):
        return f"a={self.a} b={self.b} mult={self.mult} shift={self.shift} act={self.act}"


# ---------------------------------------------------------------- sequences


class AccelBaseSeq(uvm_sequence):
    """Bus helpers shared by the sequences: each call is one BusItem, i.e. one clock."""

    def __init__(self, name, seed=0):
        super().__init__(name)
        self.rng = random.Random(seed)

    async def cycle(self, **fields) -> BusItem:
        item = BusItem("bus_item", **fields)
        await self.start_item(item)
        await self.finish_item(item)  # returns after the driver's item_done: rdata is filled
        return item

    async def write(self, addr, value):
        await self.cycle(addr=addr, wdata=value, we=True)

    async def read(self, addr):
        return (await self.cycle(addr=addr, re=True)).rdata

    async def idle(self, n=1):
        for _ in range(n):
            await self.cycle()

    async def reset(self):
        await self.cycle(rst=True)

    async def operation(self, op: AccelOp, poll=True):
        """Operands, QPARAM, CTRL with START; polls STATUS until DONE (or waits LATENCY cycles);
        reads RESULT and ACC into op. The scoreboard checks every read."""
        await self.write(A, pack(op.a))
        await self.write(B, pack(op.b))
        await self.write(QPARAM, qparam(op.mult, op.shift))
        await self.write(CTRL, ctrl(op.act))
        if poll:
            for _ in range(2 * LATENCY + 4):  # bounded: a broken design must not hang the bench
                status = await self.read(STATUS)
                if status is None or status & DONE:
                    break
        else:
            await self.idle(LATENCY)
        result, acc = await self.read(RESULT), await self.read(ACC)
        op.result = None if result is None else s32(result)
        op.acc = None if acc is None else s32(acc)
        return op


class ResetValuesSeq(AccelBaseSeq):
    """Every byte address read after reset: reset values, ID, 0 for misaligned and unmapped."""

    async def body(self):
        await self.reset()
        for addr in ALL_ADDRS:
            await self.read(addr)


class RegisterAccessSeq(AccelBaseSeq):
    """Random values written to every address (CTRL without START), all read back; W1C with DONE
    low; a read and a write in the same cycle; reset restores the reset values."""

    async def body(self):
        await self.reset()
        for _ in range(2):
            for addr in ALL_ADDRS:
                value = self.rng.getrandbits(32)
                await self.write(addr, value & ~START if addr == CTRL else value)
            for addr in ALL_ADDRS:
                await self.read(addr)
        await self.write(STATUS, MASK32)
        await self.read(STATUS)
        await self.cycle(addr=A, wdata=0x80FF017F, we=True, re=True)  # the read sees the old value
        await self.read(A)
        await self.reset()
        for addr in MAPPED:
            await self.read(addr)


class ResetMidOperationSeq(AccelBaseSeq):
    """rst zero and one cycle into an operation, then a normal operation."""

    async def body(self):
        await self.reset()
        for wait in (0, 1):
            await self.write(A, pack([5, -6, 7, -8]))
            await self.write(B, pack([1, 2, 3, 4]))
            await self.write(CTRL, ctrl(1))
            await self.idle(wait)
            await self.reset()
            for addr in MAPPED:
                await self.read(addr)
        await self.operation(AccelOp("op", [5, -6, 7, -8], [1, 2, 3, 4], 3, 1, 3))


class DirectedOpsSeq(AccelBaseSeq):
    """Extremes, every ACT mode on negative / positive / saturating results, rounding ties, shift 0
    and 31, MULT 0 and 65535, STATUS W1C, DONE cleared by the next START, writes while busy."""

    async def body(self):
        await self.reset()
        lo, hi = [-128] * 4, [127] * 4
        cases = [
            (lo, lo, 1, 0, 0), (lo, lo, 1, 16, 0), (lo, hi, 1, 0, 0), (lo, hi, 1, 16, 0),
            (hi, hi, 65535, 31, 0), (lo, hi, 65535, 31, 0),
            ([1, 2, 3, 4], [5, 6, 7, 8], 1, 0, 0), ([1, 2, 3, 4], [-5, -6, -7, -8], 1, 0, 0),
            ([1, -2, 3, -4], [1, 1, 1, 1], 0, 0, 0), ([0, 0, 0, 0], [0, 0, 0, 0], 65535, 0, 1),
            ([-3, 0, 0, 0], [1, 0, 0, 0], 1, 1, 0),  # -1.5 -> -1 (ties up)
            ([3, 0, 0, 0], [1, 0, 0, 0], 1, 1, 0),  # 1.5 -> 2
            ([-5, 0, 0, 0], [1, 0, 0, 0], 1, 1, 0),  # -2.5 -> -2
            ([100, 20, 0, 0], [100, 3, 0, 0], 3, 7, 0),  # a shift that uses bit 16 of QPARAM
        ]
        for act in range(4):
            cases += [([-100, 50, -20, 7], [90, 3, 60, -1], 1, 6, act),
                      ([100, -50, 20, 7], [90, 3, 60, 1], 1, 6, act),
                      ([-9, 0, 0, 0], [1, 0, 0, 0], 1, 0, act),
                      ([-128, 0, 0, 0], [1, 0, 0, 0], 1, 0, act),
                      ([97, 0, 0, 0], [1, 0, 0, 0], 1, 0, act),
                      ([96, 0, 0, 0], [1, 0, 0, 0], 1, 0, act)]
        for i, (a, b, mult, shift, act) in enumerate(cases):
            await self.operation(AccelOp(f"op{i}", a, b, mult, shift, act))
            if i % 3 == 0:  # clear DONE by W1C, then read STATUS: DONE low
                await self.write(STATUS, DONE)
                await self.read(STATUS)
        # a START, then writes while busy (ignored: the operation and the registers are unchanged)
        await self.write(CTRL, ctrl(1))
        await self.write(A, pack([1, 1, 1, 1]))
        await self.write(CTRL, ctrl(0))
        for addr in (STATUS, A, CTRL, RESULT, ACC):
            await self.read(addr)


class RandomProgramSeq(AccelBaseSeq):
    """Seeded random programs: random operations (polled or not), writes while busy (ignored),
    register reads in random order, W1C of DONE, idle gaps."""

    def __init__(self, name, seed=0, count=30):
        super().__init__(name, seed)
        self.count = count

    async def body(self):
        await self.reset()
        rng = self.rng
        for i in range(self.count):
            op = AccelOp(f"op{i}")
            op.randomize(rng)
            if rng.random() < 0.3:  # START, then writes while busy: all ignored
                await self.write(A, pack(op.a))
                await self.write(B, pack(op.b))
                await self.write(QPARAM, qparam(op.mult, op.shift))
                await self.write(CTRL, ctrl(op.act))
                for _ in range(LATENCY):
                    await self.write(rng.choice([A, B, QPARAM, CTRL, STATUS]), rng.getrandbits(32))
                for addr in (A, B, QPARAM, CTRL, STATUS, RESULT, ACC):
                    await self.read(addr)
            else:
                await self.operation(op, poll=rng.random() < 0.8)
            for addr in rng.sample(MAPPED, k=len(MAPPED)):
                await self.read(addr)
            if rng.random() < 0.5:
                await self.write(STATUS, DONE if rng.random() < 0.7 else 0)
                await self.read(STATUS)
            await self.idle(rng.randint(0, 2))


class BusTrafficSeq(AccelBaseSeq):
    """Random reads and writes on every cycle: any address, START and W1C, re and we together,
    writes and starts while busy."""

    def __init__(self, name, seed=0, count=400):
        super().__init__(name, seed)
        self.count = count

    async def body(self):
        await self.reset()
        for _ in range(self.count):
            item = BusItem("bus_item")
            await self.start_item(item)
            item.randomize(self.rng)
            await self.finish_item(item)


# ---------------------------------------------------------------- components


def sample(signal):
    """An int, or None while the signal has X or Z bits. (cocotb 2: a 1-bit port's value is a Logic,
    a vector's a LogicArray; int() works on both.)"""
    value = signal.value
    return int(value) if value.is_resolvable else None


class AccelDriver(uvm_driver):
    """One BusItem per clock: inputs set on the falling edge, rdata sampled on the next falling
    edge (after the rising edge that performed the transfer)."""

    def build_phase(self):
        self.dut = ConfigDB().get(self, "", "DUT")

    def drive(self, addr=0, wdata=0, we=False, re=False, rst=False):
        d = self.dut
        d.addr.value, d.wdata.value, d.we.value, d.re.value, d.rst.value = addr, wdata, int(we), int(re), int(rst)

    async def run_phase(self):
        self.drive(rst=True)  # held in reset until the first item
        await FallingEdge(self.dut.clk)
        aligned_at = get_sim_time()
        while True:
            item = await self.seq_item_port.get_next_item()
            if get_sim_time() != aligned_at:  # the item came between edges: wait for a falling edge
                await FallingEdge(self.dut.clk)
            self.drive(item.addr, item.wdata, item.we, item.re, item.rst)
            await FallingEdge(self.dut.clk)
            aligned_at = get_sim_time()
            item.rdata = sample(self.dut.rdata)
            self.drive()  # idle until the next item
            self.seq_item_port.item_done()


class AccelMonitor(uvm_monitor):
    """Every clock: the inputs at the rising edge, rdata after it; published as a BusItem."""

    def build_phase(self):
        self.dut = ConfigDB().get(self, "", "DUT")
        self.ap = uvm_analysis_port("ap", self)

    async def run_phase(self):
        d = self.dut
        while True:
            await RisingEdge(d.clk)
            obs = BusItem("observed")
            obs.addr, obs.wdata = sample(d.addr), sample(d.wdata)
            obs.we, obs.re, obs.rst = sample(d.we), sample(d.re), sample(d.rst)
            await FallingEdge(d.clk)
            obs.rdata = sample(d.rdata)
            self.ap.write(obs)


class AccelScoreboard(uvm_subscriber):
    """Steps AccelModel on every observed cycle and compares rdata; publishes finished operations
    (from the model) to the coverage collector."""

    def build_phase(self):
        self.model = AccelModel()
        self.synced = False  # compare only after the first reset
        self.cycles = self.errors = 0
        self.first_error = None
        self.op_ap = uvm_analysis_port("op_ap", self)

    def write(self, obs: BusItem):
        inputs = (obs.addr, obs.wdata, obs.we, obs.re, obs.rst)
        if not self.synced:  # the first cycle with rst high: the model starts from reset too
            if obs.rst == 1 and None not in inputs:
                self.synced = True
                self.model.step(0, 0, False, False, True)
            return  # (rdata of this first cycle is not compared: the clock may just have started)
        if None in inputs:
            self.fail(f"an input is X or Z: {obs}")
            return
        self.model.step(obs.addr, obs.wdata, bool(obs.we), bool(obs.re), bool(obs.rst))
        self.cycles += 1
        want = self.model.rdata
        if obs.rdata != want:
            what = f"read of {NAMES.get(obs.addr, 'unmapped/misaligned')}" if obs.re else "rdata held"
            self.fail(f"cycle {self.cycles} ({obs}): {what} gave {hexs(obs.rdata)}, expected {hexs(want)}")
        if self.model.finished:
            self.op_ap.write(self.model.finished)

    def fail(self, message):
        self.errors += 1
        if self.first_error is None:
            self.first_error = message
        if self.errors <= 5:
            self.logger.error(message)

    def check_phase(self):
        assert self.cycles > 0, "the scoreboard saw no cycle after a reset"
        assert self.errors == 0, f"{self.errors} mismatches; the first: {self.first_error}"

    def report_phase(self):
        self.logger.info(f"{self.cycles} cycles checked, {self.errors} mismatches")


class AccelCoverage(uvm_subscriber):
    """Functional coverage of the finished operations: ACT x sign of the requantised value,
    saturation, shift 0, MULT 0."""

    def build_phase(self):
        self.bins = set()

    def write(self, op):
        a, b, mult, shift, act, acc, result = op
        q = requant(acc, mult, shift)
        self.bins.add(f"act{act}_{'neg' if q < 0 else 'zero' if q == 0 else 'pos'}")
        if q in (-128, 127):
            self.bins.add(f"saturate_{q}")
        if shift == 0:
            self.bins.add("shift0")
        if mult == 0:
            self.bins.add("mult0")
        if act == 2 and q > RELU6_MAX:
            self.bins.add("relu6_clamp")

    def report_phase(self):
        wanted = {f"act{m}_{s}" for m in range(4) for s in ("neg", "zero", "pos")}
        wanted |= {"saturate_127", "saturate_-128", "shift0", "mult0", "relu6_clamp"}
        if self.bins:
            missing = sorted(wanted - self.bins)
            self.logger.info(f"coverage {len(wanted & self.bins)}/{len(wanted)} bins"
                             + (f"; not hit: {missing}" if missing else ""))


class AccelEnv(uvm_env):
    def build_phase(self):
        self.seqr = uvm_sequencer("seqr", self)
        self.driver = AccelDriver("driver", self)
        self.monitor = AccelMonitor("monitor", self)
        self.scoreboard = AccelScoreboard("scoreboard", self)
        self.coverage = AccelCoverage("coverage", self)

    def connect_phase(self):
        self.driver.seq_item_port.connect(self.seqr.seq_item_export)
        self.monitor.ap.connect(self.scoreboard.analysis_export)
        self.scoreboard.op_ap.connect(self.coverage.analysis_export)


# ---------------------------------------------------------------- tests


class AccelBaseTest(uvm_test):
    """Builds the env, starts the 10 ns clock, runs sequences() in order on the sequencer."""

    def build_phase(self):
        ConfigDB().set(None, "*", "DUT", cocotb.top)
        self.env = AccelEnv("env", self)

    def sequences(self):
        return []

    async def run_phase(self):
        self.raise_objection()
        dut = cocotb.top
        Clock(dut.clk, 10, unit="ns").start()
        for seq in self.sequences():
            await seq.start(self.env.seqr)
        await ClockCycles(dut.clk, 3)  # let the monitor deliver the last cycles
        self.drop_objection()


@pyuvm.test(timeout_time=2, timeout_unit="ms")
class AccelRegisterTest(AccelBaseTest):
    """Reset values, register access on every address, reset in the middle of an operation."""

    def sequences(self):
        return [ResetValuesSeq("reset_values"), RegisterAccessSeq("register_access", seed=71),
                ResetMidOperationSeq("reset_mid_operation")]


@pyuvm.test(timeout_time=2, timeout_unit="ms")
class AccelOperationTest(AccelBaseTest):
    """Directed operations."""

    def sequences(self):
        return [DirectedOpsSeq("directed_ops")]


@pyuvm.test(timeout_time=2, timeout_unit="ms")
class AccelRandomTest(AccelBaseTest):
    """Seeded random programs and random bus traffic."""

    def sequences(self):
        return [RandomProgramSeq("random_programs", seed=72, count=30), BusTrafficSeq("bus_traffic", seed=73)]
