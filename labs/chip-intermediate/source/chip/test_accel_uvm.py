"""C1 · 用 pyuvm 为 accel 子系统搭建面向对象的验证环境 / an object-oriented pyuvm bench for accel.

在每个 `# YOUR CODE HERE` 处补全代码：事务（sequence item）、序列（定向 + 带种子的随机）、driver、
monitor、参考模型、scoreboard；env 与 test 已连好。测试平台只能通过端口（clk, rst, addr, wdata, we,
re, rdata）观察设计；不能导入任何外部参考模型，参考模型要自己写在本文件里。评分：先在正确设计上必须
通过，再在植入缺陷的设计上运行，每发现（失败）一个得分。
Fill in every `# YOUR CODE HERE`: the transactions, the sequences (directed and seeded random), the
driver, the monitor, the reference model and the scoreboard; the env and the tests are wired already.
The bench sees the design through its ports only and may import no outside reference model: write
your own in this file. Graded: it must pass on the correct design, then each buggy design it fails on
earns points.

The design (correct, with its submodules) and its register map: accel/accel.v (header comment).
Run it locally from the notebook:

    practice.run(["accel/dot_int8.v", "accel/requant_int8.v", "accel/act_unit.v", "accel/accel.v"],
                 "accel", "test_accel_uvm")

Notes on pyuvm 5 with cocotb 2:
- a uvm_test class becomes a cocotb test with the @pyuvm.test() decorator (below);
- self.logger.error() does not fail a test: raise or assert (e.g. in the scoreboard's check_phase);
  an exception in any run_phase fails the test too;
- a 1-bit port's value is a cocotb Logic, a vector's a LogicArray: int(value) works on both once
  value.is_resolvable (no X or Z bits), see sample();
- sequences talk to the driver with `await self.start_item(item)` / `await self.finish_item(item)`;
  finish_item returns after the driver's item_done(), so the driver can write results into the item.
"""

import random

import cocotb
import pyuvm
from cocotb.clock import Clock
from cocotb.triggers import ClockCycles, FallingEdge, RisingEdge  # noqa: F401 - for your driver and monitor
from pyuvm import (ConfigDB, uvm_analysis_port, uvm_driver, uvm_env, uvm_monitor, uvm_sequence,
                   uvm_sequence_item, uvm_sequencer, uvm_subscriber, uvm_test)

# ---------------------------------------------------------------- register map (see accel/accel.v)

CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID = 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x1C
MAPPED = [CTRL, STATUS, A, B, QPARAM, RESULT, ACC, ID]
ALL_ADDRS = list(range(64))  # addr is 6 bits
START = 1 << 0  # CTRL
BUSY, DONE = 1 << 0, 1 << 1  # STATUS
MASK32 = 0xFFFFFFFF


def sample(signal):
    """The value of a port as an int, or None while it has X or Z bits."""
    value = signal.value
    return int(value) if value.is_resolvable else None


# ---------------------------------------------------------------- reference model


def compute(a, b, mult: int, shift: int, act: int):
    """(ACC, RESULT) of one operation: ACC = sum a[i]*b[i] (int32), RESULT = the activation (ACT)
    of the requantised ACC (MULT, SHIFT), an int8."""
    # YOUR CODE HERE
    raise NotImplementedError()


class AccelModel:
    """Reference model of the registers and the operation's timing (optional but recommended: a
    cycle model that predicts rdata after every clock edge)."""

    def __init__(self):
        self.reset()

    def reset(self):
        """The reset values."""
        # YOUR CODE HERE

    def step(self, addr, wdata, we, re, rst):
        """One rising edge of the clock with these inputs."""
        # YOUR CODE HERE
        raise NotImplementedError()


# ---------------------------------------------------------------- transactions


class BusItem(uvm_sequence_item):
    """One bus cycle: the inputs, and rdata (filled in by the driver after the clock edge)."""

    def __init__(self, name="bus_item", addr=0, wdata=0, we=False, re=False, rst=False):
        super().__init__(name)
        self.addr, self.wdata, self.we, self.re, self.rst = addr, wdata & MASK32, bool(we), bool(re), bool(rst)
        self.rdata = None

    def randomize(self, rng: random.Random):
        """Random fields (constrained as you choose)."""
        # YOUR CODE HERE


class AccelOp(uvm_sequence_item):
    """One operation: operands a, b (four int8 each), MULT, SHIFT, ACT; ACC and RESULT read back."""

    def __init__(self, name="accel_op", a=(0, 0, 0, 0), b=(0, 0, 0, 0), mult=1, shift=0, act=0):
        super().__init__(name)
        self.a, self.b, self.mult, self.shift, self.act = list(a), list(b), mult, shift, act
        self.acc = self.result = None

    def randomize(self, rng: random.Random):
        """Random operands and parameters (include the extremes)."""
        # YOUR CODE HERE


# ---------------------------------------------------------------- sequences


class AccelBaseSeq(uvm_sequence):
    """Bus helpers shared by the sequences: each call is one BusItem, i.e. one clock."""

    def __init__(self, name, seed=0):
        super().__init__(name)
        self.rng = random.Random(seed)

    async def cycle(self, **fields) -> BusItem:
        """Sends one BusItem(**fields) to the driver and returns it after the driver is done."""
        # YOUR CODE HERE

    async def write(self, addr, value):
        await self.cycle(addr=addr, wdata=value, we=True)

    async def read(self, addr):
        item = await self.cycle(addr=addr, re=True)
        return None if item is None else item.rdata

    async def idle(self, n=1):
        for _ in range(n):
            await self.cycle()

    async def reset(self):
        await self.cycle(rst=True)

    async def operation(self, op: AccelOp, poll=True):
        """Programs op, starts it, waits for DONE (polling STATUS), reads RESULT and ACC into op."""
        # YOUR CODE HERE


class ResetValuesSeq(AccelBaseSeq):
    """Reads after reset."""

    async def body(self):
        # YOUR CODE HERE
        pass


class RegisterAccessSeq(AccelBaseSeq):
    """Register writes and read-back."""

    async def body(self):
        # YOUR CODE HERE
        pass


class ResetMidOperationSeq(AccelBaseSeq):
    """Reset during an operation."""

    async def body(self):
        # YOUR CODE HERE
        pass


class DirectedOpsSeq(AccelBaseSeq):
    """Directed operations (corner cases)."""

    async def body(self):
        # YOUR CODE HERE
        pass


class RandomProgramSeq(AccelBaseSeq):
    """Seeded random programs of operations and register accesses."""

    def __init__(self, name, seed=0, count=30):
        super().__init__(name, seed)
        self.count = count

    async def body(self):
        # YOUR CODE HERE
        pass


class BusTrafficSeq(AccelBaseSeq):
    """Random bus cycles."""

    def __init__(self, name, seed=0, count=400):
        super().__init__(name, seed)
        self.count = count

    async def body(self):
        # YOUR CODE HERE
        pass


# ---------------------------------------------------------------- components


class AccelDriver(uvm_driver):
    """Drives one BusItem per clock on the DUT's inputs and fills in item.rdata (drive on the
    falling edge, sample rdata on the next falling edge)."""

    def build_phase(self):
        self.dut = ConfigDB().get(self, "", "DUT")

    async def run_phase(self):
        # YOUR CODE HERE: get_next_item(), drive, wait for the clock, sample, item_done()
        pass


class AccelMonitor(uvm_monitor):
    """Observes every bus cycle (inputs and rdata) and publishes it on self.ap."""

    def build_phase(self):
        self.dut = ConfigDB().get(self, "", "DUT")
        self.ap = uvm_analysis_port("ap", self)

    async def run_phase(self):
        # YOUR CODE HERE
        pass


class AccelScoreboard(uvm_subscriber):
    """Receives the monitor's BusItems (write()), compares them with the reference model; fails the
    test in check_phase if anything differed."""

    def build_phase(self):
        self.model = AccelModel()
        self.errors = 0
        self.op_ap = uvm_analysis_port("op_ap", self)  # finished operations, for the coverage collector

    def write(self, obs: BusItem):
        # YOUR CODE HERE
        pass

    def check_phase(self):
        # YOUR CODE HERE
        pass


class AccelCoverage(uvm_subscriber):
    """Functional coverage of the operations (optional): what was exercised, reported at the end."""

    def build_phase(self):
        self.bins = set()

    def write(self, op):
        # YOUR CODE HERE
        pass

    def report_phase(self):
        # YOUR CODE HERE
        pass


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
    """Reset values, register access, reset in the middle of an operation."""

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
        return [RandomProgramSeq("random_programs", seed=72), BusTrafficSeq("bus_traffic", seed=73)]
