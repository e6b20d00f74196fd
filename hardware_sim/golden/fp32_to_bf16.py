"""Golden model of fp32_to_bf16: IEEE-754 binary32 bit patterns -> bfloat16 bit patterns."""

from __future__ import annotations

import numpy as np


def f32_bits(values) -> np.ndarray:
    """The binary32 bit patterns (uint32) of float values."""
    return np.asarray(values, dtype=np.float32).view(np.uint32)


def _narrow(bits: int, man: int, exp_bits: int) -> int:
    """A non-NaN binary32 pattern rounded (to nearest, ties to even) to a format with `man` stored
    mantissa bits and `exp_bits` exponent bits (IEEE layout, gradual underflow, overflow to inf).
    Works on the exact value M * 2**E, independently of any bit trick."""
    bias = 2 ** (exp_bits - 1) - 1
    sign = (bits >> 31) << (man + exp_bits)
    inf = sign | ((2**exp_bits - 1) << man)
    e, m = (bits >> 23) & 0xFF, bits & 0x7FFFFF
    if e == 0xFF:
        if m:
            raise ValueError("NaN: handled by the caller")
        return inf
    if e == 0 and m == 0:
        return sign
    M, E = (m, -149) if e == 0 else (m | 1 << 23, e - 150)  # value = M * 2**E exactly
    lead = E + M.bit_length() - 1  # value in [2**lead, 2**(lead+1))
    q = max(lead, 1 - bias) - man  # the target's quantum (ulp) exponent at this value
    d = E - q
    if d >= 0:
        N = M << d
    else:
        N, rem, half = M >> -d, M & ((1 << -d) - 1), 1 << (-d - 1)
        if rem > half or (rem == half and N & 1):
            N += 1
    if N == 1 << (man + 1):  # rounding carried into the next binade
        N, q = N >> 1, q + 1
    if N < 1 << man:  # subnormal (or zero)
        return sign | N
    biased = q + man + bias
    if biased >= 2**exp_bits - 1:
        return inf
    return sign | biased << man | (N - (1 << man))


def convert(bits) -> np.ndarray:
    """bfloat16 patterns (uint16) for binary32 patterns `bits` (ints or uint32 array).

    bfloat16 = 1 sign, 8 exponent (bias 127, as binary32), 7 mantissa bits.
    - Finite values: round to nearest, ties to even, on the exact value, with gradual underflow:
      binary32 subnormals round like any other value (no flush to zero; the largest ones round up
      to the smallest normal 0x0080), and a value that rounds past the largest finite bfloat16
      (0x7F7F = 3.3895e38) becomes infinity. Signed zeros keep their sign.
      Equivalently: h = f[31:16] + (f[15] and (f[14:0] != 0 or f[16])).
    - Infinities stay infinities (0x7F80 / 0xFF80).
    - NaN (exponent 0xFF, mantissa != 0) -> {sign, 0xFF, 1, f[21:16]}: a quiet NaN, same sign, the
      top 7 mantissa bits kept with the quiet bit (bf16 bit 6) forced to one, e.g. 0x7F800001 ->
      0x7FC0, 0xFFA00000 -> 0xFFE0, 0x7FFFFFFF -> 0x7FFF.
    """
    out = []
    for b in np.asarray(bits, dtype=np.int64).ravel().tolist():
        if not 0 <= b < 2**32:
            raise ValueError(f"not a 32-bit pattern: {b}")
        if (b >> 23) & 0xFF == 0xFF and b & 0x7FFFFF:
            out.append(((b >> 31) << 15) | 0x7F80 | 0x40 | ((b >> 16) & 0x3F))
        else:
            out.append(_narrow(b, 7, 8))
    return np.array(out, dtype=np.uint16).reshape(np.shape(bits))
