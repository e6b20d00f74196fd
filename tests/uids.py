"""Unprivileged uids for the tests' grading sandboxes, handed out in one place: each test module that
asks gets a uid of its own (RLIMIT_NPROC and the leftover-process checks count per uid), far from a
hub's candidates (uid_base 2_000_000 + roster id), practicum check's (1_999_000) and the grading
workers' (1_999_800 + n)."""

from __future__ import annotations

import itertools

_next = itertools.count(2_900_000, 100)
_given: dict[str, int] = {}


def uid_for(module: str) -> int:
    """The uid of a test module (`uid_for(__name__)`): the same on every call, unique in the session."""
    if module not in _given:
        _given[module] = next(_next)
    return _given[module]
