"""Golden model of systolic_pe, one output-stationary processing element.

RTL source: rtl/systolic_pe.v (one file). Per rising clock edge, in this order of priority:
  rst:   a_out, b_out, valid_out and acc all become 0;
  else:  a_out <= a_in, b_out <= b_in, valid_out <= valid_in (pass-through, one cycle later, whatever
         valid_in is), and
         clear:          acc <= 0 (clear beats valid_in: that cycle's product is dropped),
         else valid_in:  acc <= acc + a_in * b_in (signed int8 operands, exact product, the sum wrapped
                         to int32),
         else:           acc holds.
"""

from __future__ import annotations

import numpy as np


def wrap32(x: int) -> int:
    return (int(x) + 2**31) % 2**32 - 2**31


def run(a, b, valid, clear=None, rst=None) -> dict[str, np.ndarray]:
    """The registered outputs after each clock edge, from the reset state, for per-cycle inputs."""
    n = len(a)
    clear = [0] * n if clear is None else clear
    rst = [0] * n if rst is None else rst
    a_out = b_out = v_out = acc = 0
    out = {"a_out": [], "b_out": [], "valid_out": [], "acc": []}
    for i in range(n):
        if rst[i]:
            a_out = b_out = v_out = acc = 0
        else:
            if clear[i]:
                acc = 0
            elif valid[i]:
                acc = wrap32(acc + int(a[i]) * int(b[i]))
            a_out, b_out, v_out = int(a[i]), int(b[i]), int(bool(valid[i]))
        for k, v in (("a_out", a_out), ("b_out", b_out), ("valid_out", v_out), ("acc", acc)):
            out[k].append(v)
    return {k: np.array(v, dtype=np.int64) for k, v in out.items()}
