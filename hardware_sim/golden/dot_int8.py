"""Golden model of dot_int8: the dot product of two int8 vectors, exact in int32.

RTL source: rtl/dot_int8.v (one file). Ports: a and b are flattened vectors of N signed int8 elements
(element i in bits [8*i+7:8*i], two's complement), y is a signed 32-bit result.
"""

from __future__ import annotations

import numpy as np


def dot(a, b) -> int:
    """sum(a[i] * b[i]) for int8 vectors a and b.

    Each product is exact (|a*b| <= 16384 fits int16); the sum is exact in int32 for N <= 2**17 (the
    RTL adds in 32 bits; for such N it never wraps), so this is plain integer arithmetic.
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("a and b must be vectors of the same length")
    if a.size and (a.min() < -128 or a.max() > 127 or b.min() < -128 or b.max() > 127):
        raise ValueError("operands must be int8")
    total = int(np.dot(a, b))
    return (total + 2**31) % 2**32 - 2**31  # int32 (never wraps for N <= 2**17)


def pack(values, width: int = 8) -> int:
    """A flattened port value: element i in bits [width*i+width-1:width*i], two's complement."""
    word = 0
    for i, v in enumerate(values):
        word |= (int(v) & ((1 << width) - 1)) << (width * i)
    return word
