"""Reporting from a test bench to the grader, when there is one.

In a grading sandbox (PRACTICUM_REPORT=1) `report(name, value)` prints the observed value on a
marked line of the simulator's output, which the trusted grader reads and compares with the
reference design's; anywhere else (a practice lab, the library's own tests) it does nothing and
the bench's asserts give the feedback. The line can be forged by code in the same process; the
grader's design does not depend on it (practicum/grading/README.md).
"""

from __future__ import annotations

import json
import os

_ON = os.environ.get("PRACTICUM_REPORT") == "1"
MARK = "PRACTICUM-CHECK "


def _plain(value):
    if isinstance(value, (list, tuple)):
        return {"$list": [_plain(v) for v in value]}
    if hasattr(value, "tolist"):  # numpy
        return _plain(value.tolist())
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return value
    return {"$unsupported": type(value).__name__}


def report(name: str, value, weight: float = 1.0) -> None:
    """The grader passes a per-run nonce: a line the design prints itself ($display) lacks it."""
    if not _ON:
        return
    line = json.dumps({"name": str(name), "value": _plain(value), "weight": float(weight)})
    print("\n" + MARK + os.environ.get("PRACTICUM_REPORT_NONCE", "") + " " + line, flush=True)
