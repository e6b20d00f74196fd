"""Unprivileged uids for the tests' grading sandboxes, handed out in one place: each test module that
asks gets a uid of its own (RLIMIT_NPROC and the leftover-process checks count per uid), far from a
hub's candidates (uid_base 2_000_000 + roster id, moved per pytest-xdist worker by hubtest),
`practicum check`'s (1_999_000 + a free slot) and the grading workers' (uid_base - 200 + n).

The uid comes from the module's name, not from the order of asking, so the suite's parallel workers
(each its own process) agree on it and never hand two modules the same uid."""

from __future__ import annotations

from pathlib import Path

_MODULES = sorted(p.stem for p in Path(__file__).parent.glob("test_*.py"))


def uid_for(module: str) -> int:
    """The uid of a test module (`uid_for(__name__)`): the same in every worker, unique in the suite."""
    return 2_900_000 + 100 * _MODULES.index(module.rpartition(".")[2])
