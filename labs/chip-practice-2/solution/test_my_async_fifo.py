"""A reference bench for async_fifo (exercise 5): the library's bench with its model written in.

The two clocks run at unrelated periods with a 0.3 ns phase offset, so a wclk edge never coincides with
an rclk edge (write clock 10 ns against read clocks of 17 ns, 7 ns and 43 ns). The writer pushes a
seeded random stream with random push activity, the reader pops with random activity, in phases that
fill the FIFO (so full is exercised), drain it (empty), stream at full rate and idle. Every cycle of
each domain checks: full is high whenever the FIFO holds DEPTH unread words (a push is never accepted
over unread data) and empty whenever it holds none (a pop never reads unwritten data), dout is the
oldest unread word, and the flags follow the two-flop synchroniser timing (not released before a
two-flop synchroniser allows, nor more than one edge after). At the end, exactly the pushed words came
out, in order. flag_latency measures how many edges a word and a freed slot take to cross.
Self-contained: it runs in the lab and in the grading sandbox alike.
"""

import random
from collections import deque

import cocotb
from cocotb.clock import Clock
from cocotb.triggers import FallingEdge, RisingEdge, Timer
from cocotb.utils import get_sim_time

# ---------------------------------------------------------------- reference model
# wptr and rptr count accepted pushes and pops. Let r(m) be rptr at the m-th wclk rising edge and w(n)
# wptr at the n-th rclk rising edge. With a two-flop synchroniser, after wclk edge m and rclk edge n:
#     full  == (wptr - r(m-1) == DEPTH)      empty == (rptr == w(n-1))
# The bench checks the safe direction exactly and the timing with a one-stage tolerance:
#     full  must be 1 when wptr - r(m-1) == DEPTH     and may be 1 only when wptr - r(m-2) == DEPTH
#     empty must be 1 when rptr == w(n-1)             and may be 1 only when rptr == w(n-2)


class AsyncFifoModel:
    def __init__(self, depth: int = 8, width: int = 8):
        if depth < 4 or depth & (depth - 1):
            raise ValueError("DEPTH must be a power of two >= 4")
        self.depth, self.width = depth, width
        self.q: deque[int] = deque()
        self.wptr = self.rptr = 0
        self.r_at_w = [0, 0, 0]  # rptr at each wclk edge (reset edges first)
        self.w_at_r = [0, 0, 0]  # wptr at each rclk edge

    # --- edges (call at each rising edge of the clock, in time order)
    def wclk_edge(self, pushed: bool, word: int = 0) -> None:
        if pushed:
            if len(self.q) >= self.depth:
                raise AssertionError("a push was accepted with DEPTH unread words: overwrite")
            self.q.append(word & ((1 << self.width) - 1))
            self.wptr += 1
        self.r_at_w.append(self.rptr)

    def rclk_edge(self, popped: bool) -> int | None:
        word = None
        if popped:
            if not self.q:
                raise AssertionError("a pop was accepted from an empty FIFO")
            word = self.q.popleft()
            self.rptr += 1
        self.w_at_r.append(self.wptr)
        return word

    # --- what the flags may be between edges
    def full_bounds(self) -> tuple[bool, bool]:
        """(must be high, may be high) for full after the latest wclk edge."""
        return (self.wptr - self.r_at_w[-2] == self.depth, self.wptr - self.r_at_w[-3] == self.depth)

    def empty_bounds(self) -> tuple[bool, bool]:
        """(must be high, may be high) for empty after the latest rclk edge."""
        return (self.rptr == self.w_at_r[-2], self.rptr == self.w_at_r[-3])

    def exact_full(self) -> bool:
        """full as this RTL has it."""
        return self.full_bounds()[0]

    def exact_empty(self) -> bool:
        """empty as this RTL has it."""
        return self.empty_bounds()[0]


# ---------------------------------------------------------------- the bench

PHASE_OFFSET_PS = 300  # rclk starts 0.3 ns after wclk: with even-ns periods no two edges ever coincide


def params(dut):
    try:
        depth = int(dut.DEPTH.value)
    except Exception:  # noqa: BLE001 - a simulator that does not expose parameters: the default
        depth = 8
    return len(dut.din), depth


async def start(dut, wperiod, rperiod, on_start=None):
    """Starts both clocks and resets both domains together (three edges of the slower clock).

    on_start(), if given, runs once both clocks run and before the resets are released (to start edge
    monitors that must not miss an edge). Returns at a falling edge of rclk, after both releases.
    """
    dut.wrst.value, dut.rrst.value, dut.push.value, dut.pop.value, dut.din.value = 1, 1, 0, 0, 0
    cocotb.start_soon(Clock(dut.wclk, wperiod, unit="ns").start())
    await Timer(PHASE_OFFSET_PS, unit="ps")
    cocotb.start_soon(Clock(dut.rclk, rperiod, unit="ns").start())
    if on_start:
        on_start()
    await Timer(3 * max(wperiod, rperiod), unit="ns")
    await FallingEdge(dut.wclk)
    dut.wrst.value = 0
    await FallingEdge(dut.rclk)
    dut.rrst.value = 0


def check_full(model, full, where):
    must, may = model.full_bounds()
    assert full or model.wptr - model.rptr < model.depth, f"{where}: full low with {model.depth} unread words"
    assert full or not must, f"{where}: full released before the read pointer crossed two flops"
    assert not full or may, f"{where}: full still high more than one edge after a two-flop crossing"


def check_empty(model, empty, dout, where):
    must, may = model.empty_bounds()
    assert empty or model.q, f"{where}: empty low with nothing unread"
    assert empty or not must, f"{where}: empty released before the write pointer crossed two flops"
    assert not empty or may, f"{where}: empty still high more than one edge after a two-flop crossing"
    if not empty:
        assert dout == model.q[0], f"{where}: dout {dout}, expected the oldest unread word {model.q[0]}"


async def stream(dut, name, wperiod, rperiod, seed, words=400):
    width, depth = params(dut)
    model = AsyncFifoModel(depth, width)
    rng = random.Random(seed)
    # (push probability, pop probability) per phase of 50 pushed words: fill, drain hard (slow
    # enough for even a 43 ns reader to empty a 16-deep FIFO), full rate, balanced, fill hard, drain
    phases = [(0.9, 0.15), (0.03, 1.0), (1.0, 1.0), (0.5, 0.5), (0.95, 0.05), (0.2, 0.95)]
    sent, got = [], []
    pending = {"push": False, "word": 0, "pop": False}  # what the DUT takes at the next rising edge
    stats = {"full_cycles": 0, "empty_cycles": 0, "refused_pushes": 0, "refused_pops": 0}
    limit = 60 * words

    # Edge monitors: every rising edge of each clock, from before the resets are released, commits
    # the accepted push or pop to the model and records the other domain's pointer.
    async def wmon():
        while True:
            await RisingEdge(dut.wclk)
            model.wclk_edge(pending["push"], pending["word"])
            if pending["push"]:
                sent.append(pending["word"])
            pending["push"] = False

    async def rmon():
        while True:
            await RisingEdge(dut.rclk)
            word = model.rclk_edge(pending["pop"])
            if pending["pop"]:
                got.append(word)
            pending["pop"] = False

    await start(dut, wperiod, rperiod, on_start=lambda: (cocotb.start_soon(wmon()), cocotb.start_soon(rmon())))

    def phase():
        return phases[(len(sent) // 50) % len(phases)]

    async def writer():
        for cycle in range(limit):
            await FallingEdge(dut.wclk)
            if len(sent) >= words:
                break
            full = int(dut.full.value)
            check_full(model, full, f"{name} wclk cycle {cycle}")
            stats["full_cycles"] += full
            want = rng.random() < phase()[0]
            word = rng.randrange(2 ** width)
            dut.push.value, dut.din.value = int(want), word
            stats["refused_pushes"] += int(want and full)
            pending["push"], pending["word"] = want and not full, word
        dut.push.value = 0

    async def reader():
        for cycle in range(limit):
            await FallingEdge(dut.rclk)
            if len(got) >= words:
                break
            empty = int(dut.empty.value)
            dout = None if empty else dut.dout.value.to_unsigned()
            check_empty(model, empty, dout, f"{name} rclk cycle {cycle}")
            stats["empty_cycles"] += empty
            want = rng.random() < phase()[1]
            dut.pop.value = int(want)
            stats["refused_pops"] += int(want and empty)
            pending["pop"] = want and not empty
        dut.pop.value = 0

    w = cocotb.start_soon(writer())
    await reader()
    await w
    assert len(got) == words, f"{name}: only {len(got)} of {words} words came out"
    assert got == sent, f"{name}: the words that came out are not the words pushed, in order"
    # the stimulus must have exercised both flags and both refusals
    assert min(stats.values()) > 0, f"{name}: stimulus did not exercise every case: {stats}"


@cocotb.test()
async def write_faster(dut):
    """wclk 10 ns, rclk 17 ns."""
    await stream(dut, "write_faster", 10, 17, seed=71)


@cocotb.test()
async def read_faster(dut):
    """wclk 10 ns, rclk 7 ns."""
    await stream(dut, "read_faster", 10, 7, seed=72)


@cocotb.test()
async def slow_reader(dut):
    """wclk 10 ns, rclk 43 ns: the FIFO spends long stretches full."""
    await stream(dut, "slow_reader", 10, 43, seed=73, words=250)


@cocotb.test()
async def flag_latency(dut):
    """Edges for a word to cross (push -> empty low) and a slot (pop -> full low), at many phases."""
    wperiod, rperiod = 10, 17
    await start(dut, wperiod, rperiod)
    width, depth = params(dut)
    rng = random.Random(74)
    rises = {"w": [], "r": []}

    async def log(clk, key):
        while True:
            await RisingEdge(clk)
            rises[key].append(get_sim_time("ps"))

    cocotb.start_soon(log(dut.wclk, "w"))
    cocotb.start_soon(log(dut.rclk, "r"))

    async def push_one(word):
        await FallingEdge(dut.wclk)
        assert not int(dut.full.value)
        dut.push.value, dut.din.value = 1, word
        await RisingEdge(dut.wclk)
        t = get_sim_time("ps")
        await FallingEdge(dut.wclk)
        dut.push.value = 0
        return t

    async def pop_one():
        await FallingEdge(dut.rclk)
        assert not int(dut.empty.value)
        dout = dut.dout.value.to_unsigned()
        dut.pop.value = 1
        await RisingEdge(dut.rclk)
        t = get_sim_time("ps")
        await FallingEdge(dut.rclk)
        dut.pop.value = 0
        return t, dout

    word_lat, slot_lat = [], []
    for trial in range(12):  # a word into an empty FIFO: rclk edges until it is poppable
        for _ in range(rng.randint(0, 6)):
            await FallingEdge(dut.wclk)
        word = rng.randrange(2 ** width)
        t_push = await push_one(word)
        for _ in range(20):
            await FallingEdge(dut.rclk)
            if not int(dut.empty.value):
                break
        word_lat.append(sum(t > t_push for t in rises["r"]))
        _, dout = await pop_one()
        assert dout == word, f"trial {trial}: dout {dout}, expected {word}"
    for _ in range(depth):  # fill
        await push_one(rng.randrange(2 ** width))
    for _ in range(6):
        await FallingEdge(dut.wclk)
    for trial in range(12):  # a slot freed in a full FIFO: wclk edges until full is low
        assert int(dut.full.value), f"trial {trial}: FIFO not full"
        for _ in range(rng.randint(0, 4)):
            await FallingEdge(dut.rclk)
        t_pop, _ = await pop_one()
        for _ in range(20):
            await FallingEdge(dut.wclk)
            if not int(dut.full.value):
                break
        slot_lat.append(sum(t > t_pop for t in rises["w"]))
        await push_one(rng.randrange(2 ** width))
        for _ in range(4):
            await FallingEdge(dut.wclk)
    assert all(2 <= x <= 3 for x in word_lat), f"word crossing latency (rclk edges) {word_lat}, expected 2..3"
    assert all(2 <= x <= 3 for x in slot_lat), f"slot crossing latency (wclk edges) {slot_lat}, expected 2..3"
