"""Golden model of act_unit: identity / ReLU / ReLU6 (Q4.4) / leaky ReLU on signed int8."""

from __future__ import annotations

import numpy as np

IDENTITY, RELU, RELU6, LEAKY = 0, 1, 2, 3
RELU6_MAX = 6 << 4  # 96: 6.0 with 4 fraction bits (int8 read as Q4.4)


def activate(x, mode) -> np.ndarray:
    """y for int8 inputs x (-128..127) and 2-bit modes (elementwise, scalars broadcast).

    mode 0 (identity): y = x
    mode 1 (ReLU):     y = max(x, 0)
    mode 2 (ReLU6):    y = min(max(x, 0), 96): ReLU6 on Q4.4 data, 6.0 = 6 << 4 = 96
    mode 3 (leaky):    y = x for x >= 0, else x >> 3 (arithmetic shift: slope 1/8 rounded toward
                       -infinity, so -1 -> -1, -7 -> -1, -8 -> -1, -9 -> -2, -128 -> -16)
    Every result fits int8, no saturation beyond the ReLU6 clamp is needed. Returns int64.
    """
    x, mode = np.broadcast_arrays(np.asarray(x, dtype=np.int64), np.asarray(mode, dtype=np.int64))
    if ((x < -128) | (x > 127)).any() or ((mode < 0) | (mode > 3)).any():
        raise ValueError("x must be int8 and mode 0..3")
    relu = np.maximum(x, 0)
    y = np.select([mode == IDENTITY, mode == RELU, mode == RELU6],
                  [x, relu, np.minimum(relu, RELU6_MAX)],
                  np.where(x < 0, x >> 3, x))  # numpy >> on signed ints is arithmetic
    return y.astype(np.int64)
