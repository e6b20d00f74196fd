"""Golden model of sync_fifo: a bounded queue, one operation set per rising clock edge.

RTL source: rtl/sync_fifo.v (one file). Parameters WIDTH (8) and DEPTH (8, a power of two >= 2).

Exact behaviour, per rising edge with inputs push, din, pop (and rst, synchronous):
  rst:  the FIFO empties (count 0), whatever push and pop say;
  else: the pop is accepted iff empty is low, the push iff full is low, both judged on the state
        before the edge. So a push while full is ignored (even with a pop in the same cycle: only the
        pop happens), a pop while empty is ignored (with a push: only the push happens), and a push and
        pop together on a FIFO that is neither empty nor full both happen, count unchanged.
Outputs (functions of the state only, never of this cycle's inputs):
  count = number of entries (0..DEPTH, $clog2(DEPTH)+1 bits), full = count == DEPTH, empty = count == 0,
  dout  = the head, i.e. the oldest entry (first-word-fall-through: it is on dout before it is popped,
          and pop removes it at the edge); dout is undefined while empty (None here).
"""

from __future__ import annotations

from collections import deque


class SyncFifo:
    def __init__(self, depth: int = 8, width: int = 8):
        if depth < 2 or depth & (depth - 1):
            raise ValueError("DEPTH must be a power of two >= 2")
        self.depth, self.width = depth, width
        self.q: deque[int] = deque()

    def outputs(self) -> dict:
        """full, empty, count, dout (None when empty) as they are between two edges."""
        n = len(self.q)
        return {"full": int(n == self.depth), "empty": int(n == 0), "count": n,
                "dout": self.q[0] if self.q else None}

    def step(self, push: bool, din: int, pop: bool, rst: bool = False) -> None:
        """One rising edge."""
        if rst:
            self.q.clear()
            return
        do_pop = pop and len(self.q) > 0
        do_push = push and len(self.q) < self.depth
        if do_pop:
            self.q.popleft()
        if do_push:
            self.q.append(din & ((1 << self.width) - 1))


def run(ops, depth: int = 8, width: int = 8) -> list[dict]:
    """Outputs after each edge, from an empty FIFO, for ops = [(push, din, pop, rst), ...]."""
    fifo, out = SyncFifo(depth, width), []
    for push, din, pop, rst in ops:
        fifo.step(push, din, pop, rst)
        out.append(fifo.outputs())
    return out
