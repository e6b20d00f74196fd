"""Reporting from a test bench to the grader, when there is one.

In a grading sandbox the harness passes a pipe in PRACTICUM_CHANNEL_FD and `report(name, value)`
sends the observed value there (the trusted grader compares it with the reference design's);
anywhere else (a practice lab, the library's own tests) it does nothing and the bench's asserts
give the feedback.
"""

from __future__ import annotations

import json
import os

_FD = os.environ.get("PRACTICUM_CHANNEL_FD")


def _plain(value):
    if isinstance(value, (list, tuple)):
        return {"$list": [_plain(v) for v in value]}
    if hasattr(value, "tolist"):  # numpy
        return _plain(value.tolist())
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return value
    return {"$unsupported": type(value).__name__}


def report(name: str, value, weight: float = 1.0, group: str = "") -> None:
    if _FD is None:
        return
    line = json.dumps({"event": "check", "cell": group or os.environ.get("PRACTICUM_CHECK_GROUP", "hdl"),
                       "name": str(name), "value": _plain(value), "weight": float(weight), "tol": None})
    os.write(int(_FD), (line + "\n").encode())
