"""Golden model of requant_int8: int32 accumulator -> int8 by a fixed-point multiplier and a shift."""

from __future__ import annotations

import numpy as np


def requant(acc, mult, shift) -> np.ndarray:
    """Requantises int32 accumulators to int8, elementwise (scalars broadcast).

    acc: signed 32-bit, mult: unsigned 16-bit (0..65535), shift: unsigned 5-bit (0..31).

    1. p = acc * mult, exact; it always fits a signed 48-bit integer (|p| < 2**47).
    2. If shift > 0: r = (p + 2**(shift-1)) >> shift with an arithmetic (flooring) shift, i.e.
       p / 2**shift rounded to the nearest integer with ties going up, toward +infinity
       (2.5 -> 3, -2.5 -> -2, -3.5 -> -3). If shift == 0: r = p (no rounding constant).
       The sum is exact (the hardware keeps 49 bits), so the rounding never wraps.
    3. q = min(max(r, -128), 127): saturation to int8.

    Returns an int64 array of the int8 results.
    """
    acc, mult, shift = np.broadcast_arrays(np.asarray(acc, dtype=np.int64), np.asarray(mult, dtype=np.int64),
                                           np.asarray(shift, dtype=np.int64))
    out = []
    for a, m, s in zip(acc.ravel().tolist(), mult.ravel().tolist(), shift.ravel().tolist()):
        if not (-2**31 <= a < 2**31 and 0 <= m < 2**16 and 0 <= s < 32):
            raise ValueError(f"operand out of range: acc={a} mult={m} shift={s}")
        p = a * m  # Python ints: exact
        r = (p + (1 << (s - 1))) >> s if s > 0 else p  # >> on Python ints floors (arithmetic shift)
        out.append(min(max(r, -128), 127))
    return np.array(out, dtype=np.int64).reshape(acc.shape)
