"""Golden model of mac_int8: a running signed sum of int8 products, wrapped to int32."""

from __future__ import annotations

import numpy as np


def accumulate(a, b, en=None, reset_at=()) -> np.ndarray:
    """The accumulator after each cycle, for int8 sequences a and b (en: which cycles add)."""
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    en = np.ones(len(a), dtype=bool) if en is None else np.asarray(en, dtype=bool)
    out, acc = [], 0
    for i in range(len(a)):
        if i in reset_at:
            acc = 0
        elif en[i]:
            acc = (acc + int(a[i]) * int(b[i]) + 2**31) % 2**32 - 2**31  # int32 wrap
        out.append(acc)
    return np.array(out, dtype=np.int64)
