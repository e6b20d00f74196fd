"""Verilator's coverage.dat, read once for the grader and the learners: its points, and summarised:
covered and total points of line, toggle and branch.

`lcov(dat, out)` renders the same data with Debian's `verilator_coverage --write-info` for tools
that draw HTML from lcov.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

_ENTRY = re.compile(r"^C '(.*)' (\d+)$")


def points(dat: Path):
    """Each coverage point of Verilator's coverage.dat: (its fields, e.g. f file, l line, page kind, o
    comment; the times it was hit)."""
    for line in Path(dat).read_text(errors="replace").splitlines():
        m = _ENTRY.match(line)
        if m:
            yield dict(part.split("\x02", 1) for part in m.group(1).split("\x01") if "\x02" in part), int(m.group(2))


def kind_of(fields: dict) -> str:
    return fields.get("page", "").split("/")[0].removeprefix("v_") or "other"


def summarize(dat: Path) -> dict[str, dict[str, int]]:
    kinds: dict[str, dict[str, int]] = {}
    for fields, count in points(dat):
        entry = kinds.setdefault(kind_of(fields), {"covered": 0, "total": 0})
        entry["total"] += 1
        entry["covered"] += int(count > 0)
    return kinds


def share(summary: dict[str, dict[str, int]], kind: str) -> float | None:
    entry = summary.get(kind)
    return entry["covered"] / entry["total"] if entry and entry["total"] else None


def lcov(dat: Path, out: Path) -> bool:
    res = subprocess.run(["verilator_coverage", "--write-info", str(out), str(dat)], capture_output=True, text=True)
    return res.returncode == 0 and out.exists()
