"""Trusted comparison of a candidate's reported value with the reference's, as plain data.

Both sides arrive as the harness's JSON encoding (never as objects), so no `__eq__`, `__float__`
or patched library of the candidate's takes part. Types must agree (a bool is not a number, a
string is not an array); numbers and numeric arrays agree within the reference's tolerance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DEFAULT_RTOL = 1e-6
DEFAULT_ATOL = 1e-9


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str = ""


def _number(v) -> float | int | None:
    if type(v) in (int, float):
        return v
    if isinstance(v, dict) and set(v) == {"$float"}:
        return float(v["$float"])
    if isinstance(v, dict) and set(v) == {"$int"}:
        return int(v["$int"])
    return None


def _array(v) -> np.ndarray | None:
    if not (isinstance(v, dict) and set(v) == {"$array"}):
        return None
    spec = v["$array"]
    data = [_number(x) if isinstance(x, dict) else x for x in spec["data"]]
    kind = spec["kind"]
    dtype = float if kind == "f" else bool if kind == "b" else int if kind in "iu" else str
    return np.array(data, dtype=dtype).reshape(spec["shape"])


def compare(expected, got, tol: float | None = None, path: str = "") -> Verdict:
    rtol = DEFAULT_RTOL if tol is None else tol
    atol = DEFAULT_ATOL if tol is None else tol
    where = path or "value"
    if isinstance(got, dict) and "$unsupported" in got:
        return Verdict(False, f"{where}: not plain data ({got['$unsupported']})")
    if type(expected) is bool or expected is None or type(expected) is str:
        if type(got) is type(expected) and got == expected:
            return Verdict(True)
        return Verdict(False, f"{where}: expected {expected!r}, got {_short(got)}")
    exp_num = _number(expected)
    if exp_num is not None:
        got_num = _number(got)
        if got_num is None or type(got) is bool:
            return Verdict(False, f"{where}: expected a number, got {_short(got)}")
        if math.isnan(exp_num) and math.isnan(got_num):
            return Verdict(True)
        if math.isclose(got_num, exp_num, rel_tol=rtol, abs_tol=atol):
            return Verdict(True)
        return Verdict(False, f"{where}: expected {exp_num!r}, got {got_num!r}")
    exp_arr = _array(expected)
    if exp_arr is not None:
        got_arr = _array(got)
        if got_arr is None:
            return Verdict(False, f"{where}: expected an array, got {_short(got)}")
        if got_arr.shape != exp_arr.shape:
            return Verdict(False, f"{where}: expected shape {exp_arr.shape}, got {got_arr.shape}")
        if exp_arr.dtype.kind in "biuf" and got_arr.dtype.kind in "biuf":
            ok = np.allclose(got_arr.astype(float), exp_arr.astype(float), rtol=rtol, atol=atol, equal_nan=True)
            if ok:
                return Verdict(True)
            bad = int(np.sum(~np.isclose(got_arr.astype(float), exp_arr.astype(float), rtol=rtol, atol=atol,
                                         equal_nan=True)))
            return Verdict(False, f"{where}: {bad} of {exp_arr.size} elements differ")
        if exp_arr.dtype.kind == got_arr.dtype.kind and np.array_equal(exp_arr, got_arr):
            return Verdict(True)
        return Verdict(False, f"{where}: arrays differ")
    if isinstance(expected, dict) and "$list" in expected:
        if not (isinstance(got, dict) and "$list" in got):
            return Verdict(False, f"{where}: expected a list, got {_short(got)}")
        a, b = expected["$list"], got["$list"]
        if len(a) != len(b):
            return Verdict(False, f"{where}: expected {len(a)} items, got {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            v = compare(x, y, tol, f"{where}[{i}]")
            if not v.ok:
                return v
        return Verdict(True)
    if isinstance(expected, dict) and "$dict" in expected:
        if not (isinstance(got, dict) and "$dict" in got):
            return Verdict(False, f"{where}: expected a dict, got {_short(got)}")
        a = {_key(k): v for k, v in expected["$dict"]}
        b = {_key(k): v for k, v in got["$dict"]}
        if set(a) != set(b):
            return Verdict(False, f"{where}: keys differ")
        for k in sorted(a):
            v = compare(a[k], b[k], tol, f"{where}[{k!r}]")
            if not v.ok:
                return v
        return Verdict(True)
    return Verdict(False, f"{where}: the reference value cannot be compared")


def _key(k) -> str:
    return f"{type(k).__name__}:{k}"


def _short(v) -> str:
    text = repr(v)
    return text if len(text) <= 80 else text[:77] + "..."
