"""Golden model of sync_2ff, the two-flop synchroniser.

RTL source: rtl/sync_2ff.v (one file). In RTL simulation (no metastability) the block is a two-stage
shift register clocked by clk: per rising edge, rst (synchronous) clears both flops; otherwise
meta <= d and q <= meta. So q after rising edge k is d as sampled at rising edge k-1: latency 2
destination clocks, counting the edge that samples d. A pulse of d that no rising edge samples never
reaches q. (In hardware the first flop may resolve either way when d changes at the edge; the
simulation has no such uncertainty.)
"""

from __future__ import annotations

LATENCY = 2


def run(d, rst=None) -> list[int]:
    """q after each rising edge, from the reset state, for d (and rst) as sampled at each edge."""
    rst = [0] * len(d) if rst is None else rst
    meta = sync = 0
    out = []
    for dk, rk in zip(d, rst):
        if rk:
            meta = sync = 0
        else:
            meta, sync = int(bool(dk)), meta
        out.append(sync)
    return out
