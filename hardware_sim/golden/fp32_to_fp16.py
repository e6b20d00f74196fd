"""Golden model of fp32_to_fp16: IEEE-754 binary32 bit patterns -> binary16 bit patterns."""

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
    """binary16 patterns (uint16) for binary32 patterns `bits` (ints or uint32 array).

    binary16 = 1 sign, 5 exponent (bias 15), 10 mantissa bits.
    - Finite values: round to nearest, ties to even, on the exact value.
      |f| >= 65520 (halfway between the largest half 65504 and 2**16) -> infinity of the same sign;
      below 2**-14 the result is a half subnormal (multiple of 2**-24) rounded the same way, the
      largest ones rounding up to the smallest normal 0x0400; |f| <= 2**-25 (the tie with zero goes
      to even, i.e. zero) and all binary32 subnormals -> signed zero.
    - Infinities stay infinities (0x7C00 / 0xFC00).
    - NaN (exponent 0xFF, mantissa != 0) -> {sign, 0x1F, 1, f[21:13]}: a quiet NaN, same sign, the
      top 10 mantissa bits kept with the quiet bit (half bit 9) forced to one, e.g. 0x7F800001 ->
      0x7E00, 0xFFC02000 -> 0xFE01. (This is what x86 F16C / Arm hardware does; numpy's software
      path keeps the quiet bit as it is, so the two are only compared on non-NaN inputs.)
    For every non-NaN input this equals numpy's float32 -> float16 cast (see `via_numpy`).
    """
    out = []
    for b in np.asarray(bits, dtype=np.int64).ravel().tolist():
        if not 0 <= b < 2**32:
            raise ValueError(f"not a 32-bit pattern: {b}")
        if (b >> 23) & 0xFF == 0xFF and b & 0x7FFFFF:
            out.append(((b >> 31) << 15) | 0x7C00 | 0x200 | ((b >> 13) & 0x1FF))
        else:
            out.append(_narrow(b, 10, 5))
    return np.array(out, dtype=np.uint16).reshape(np.shape(bits))


def via_numpy(bits) -> np.ndarray:
    """numpy's own float32 -> float16 cast of the patterns, as uint16 patterns (the cross-check)."""
    with np.errstate(over="ignore", invalid="ignore"):
        return np.asarray(bits, dtype=np.uint32).view(np.float32).astype(np.float16).view(np.uint16)


def is_nan(bits) -> np.ndarray:
    """Which binary32 patterns are NaNs."""
    b = np.asarray(bits, dtype=np.uint32)
    return ((b >> 23) & 0xFF == 0xFF) & (b & 0x7FFFFF != 0)
