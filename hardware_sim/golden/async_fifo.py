"""Golden model of async_fifo: a queue, plus the flag timing a two-flop pointer synchroniser allows.

RTL source: rtl/async_fifo.v (one file). Parameters WIDTH (8) and DEPTH (8, a power of two >= 4).

Data: every word accepted by a push (push high at a wclk edge while full is low) comes out exactly once,
in order: it is on dout (first-word-fall-through) while empty is low until a pop (pop high at an rclk
edge while empty is low) removes it. A push while full and a pop while empty are ignored.

Flags. wptr and rptr count accepted pushes and pops (the RTL keeps them modulo 2*DEPTH, crossing as
Gray code through two flops). Let r(m) be rptr at the m-th wclk rising edge and w(n) wptr at the n-th
rclk rising edge (the clocks' edges never coincide in the benches). In RTL simulation, after wclk edge m
and rclk edge n, this block has exactly
    full  == (wptr - r(m-1) == DEPTH)      empty == (rptr == w(n-1))
i.e. each side sees the other's pointer as it was one edge before its latest edge, because the value
sampled by the first flop at edge m-1 reaches the second at edge m. Consequences: the flags are never
wrong in the unsafe direction (full is high whenever wptr - rptr == DEPTH, empty whenever nothing
unread is there), a word pushed at a wclk edge is poppable after the 2nd rclk edge after it
(WORD_LATENCY), a slot freed by a pop writable after the 2nd wclk edge after it (SLOT_LATENCY).

The bench checks the safe direction exactly and the timing with a one-stage tolerance (a design that
also registers its flags, e.g. the classic Cummings FIFO, is one edge later and passes):
    full  must be 1 when wptr - r(m-1) == DEPTH     and may be 1 only when wptr - r(m-2) == DEPTH
    empty must be 1 when rptr == w(n-1)             and may be 1 only when rptr == w(n-2)
A single-flop or missing synchroniser breaks the "must" (a flag is released too early), a longer
chain the "may".
"""

from __future__ import annotations

from collections import deque

WORD_LATENCY = 2   # rclk edges after the push edge until empty is low (this RTL; 2..3 tolerated)
SLOT_LATENCY = 2   # wclk edges after the pop edge until full is low (this RTL; 2..3 tolerated)


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
