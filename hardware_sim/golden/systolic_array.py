"""Golden model of systolic_array: C = A x B for N x N signed int8 matrices, in int32.

RTL sources (two files, in this order): rtl/systolic_pe.v and rtl/systolic_array.v; the top module is
systolic_array, which instantiates systolic_pe N*N times. Run it with

    sim.run_bench([sim.RTL / "systolic_pe.v", sim.RTL / "systolic_array.v"], "systolic_array",
                  "test_systolic_array", sim.BENCHES, sim=..., build_dir=..., workdir=...)

and a mutant of systolic_array.v with [sim.RTL / "systolic_pe.v", sim.write_mutant(...)].

Ports: a and b flattened row-major (A[r][k] in a[8*(N*r+k) +: 8], B[k][c] in b[8*(N*k+c) +: 8], two's
complement), c flattened row-major (C[r][c] in c[32*(N*r+c) +: 32]). Arithmetic: every product is
exact and the sums are exact in int32 (|C| <= N * 16384, no wrap for N < 131072).

Timing (LATENCY): start sampled high at rising edge 0 while not busy latches a and b and clears the
accumulators; done is high after rising edge 3N-2 (10 for N=4) and stays high, c holding C, until the
next accepted start. start while busy is ignored; busy is high from edge 0 until the edge that raises done.
"""

from __future__ import annotations

import numpy as np

SOURCES = ("systolic_pe.v", "systolic_array.v")


def latency(n: int) -> int:
    """Rising edges from the one that samples start to the one after which done is high."""
    return 3 * n - 2


def matmul(a, b) -> np.ndarray:
    """A x B for int8 matrices, as an int32 matrix (exact: no intermediate wraps)."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    for m in (a, b):
        if m.min() < -128 or m.max() > 127:
            raise ValueError("operands must be int8")
    return (a @ b).astype(np.int32)


def pack(m, width: int = 8) -> int:
    """A matrix flattened row-major into a port value, element (r, c) at bits width*(cols*r+c)."""
    word = 0
    for i, v in enumerate(np.asarray(m).reshape(-1).tolist()):
        word |= (int(v) & ((1 << width) - 1)) << (width * i)
    return word


def unpack(word: int, n: int, width: int = 32) -> np.ndarray:
    """The n x n signed matrix held row-major in a port value."""
    vals = []
    for i in range(n * n):
        v = (word >> (width * i)) & ((1 << width) - 1)
        vals.append(v - (1 << width) if v >> (width - 1) else v)
    return np.array(vals, dtype=np.int64).reshape(n, n)
