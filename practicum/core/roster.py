"""Reading a roster CSV: candidate IDs, names and optional passwords, with every problem named.

Proctors export rosters from spreadsheets: UTF-8 (with or without BOM) and GBK/GB18030 are both
accepted. A roster with any problem is refused whole, listing each bad line, so nothing is ever
half-imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from practicum.core.i18n import ExamError

CANDIDATE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
MAX_ROSTER = 2000
MAX_ROSTER_BYTES = 1_000_000


@dataclass(frozen=True)
class RosterRow:
    line: int
    candidate_id: str
    name: str
    password: str | None  # None: generate one


def normalize_candidate_id(raw: str) -> str:
    """JupyterHub lower-cases user names; do the same so 'A001' and 'a001' are one candidate."""
    return raw.strip().lower()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExamError("err_roster", details=[("roster_encoding", {})])


def parse_roster(data: bytes) -> list[RosterRow]:
    if len(data) > MAX_ROSTER_BYTES:
        raise ExamError("err_roster", details=[("roster_too_many", {"limit": MAX_ROSTER})])
    text = _decode(data)
    rows = [r for r in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in r)]
    if not rows:
        raise ExamError("err_roster", details=[("roster_empty", {})])
    header = [h.strip().lower() for h in rows[0]]
    if "candidate_id" not in header or "name" not in header:
        raise ExamError("err_roster", details=[("roster_header", {"got": ",".join(rows[0])})])
    col = {name: header.index(name) for name in ("candidate_id", "name", "password") if name in header}
    problems: list[tuple[str, dict]] = []
    seen: dict[str, int] = {}
    parsed: list[RosterRow] = []
    if len(rows) - 1 > MAX_ROSTER:
        raise ExamError("err_roster", details=[("roster_too_many", {"limit": MAX_ROSTER})])
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            problems.append(("roster_columns", {"line": line, "want": len(header), "got": len(row)}))
            continue
        cid = normalize_candidate_id(row[col["candidate_id"]])
        name = row[col["name"]].strip()
        password = row[col["password"]].strip() if "password" in col else ""
        if not CANDIDATE_ID_RE.match(cid):
            problems.append(("roster_bad_id", {"line": line, "id": row[col["candidate_id"]]}))
            continue
        if cid in seen:
            problems.append(("roster_duplicate", {"line": line, "id": cid, "first": seen[cid]}))
            continue
        seen[cid] = line
        if len(name) > 128:
            problems.append(("roster_name_long", {"line": line}))
        if password and len(password) < 6:
            problems.append(("roster_password", {"line": line}))
        parsed.append(RosterRow(line, cid, name, password or None))
    if problems:
        raise ExamError("err_roster", details=problems)
    if not parsed:
        raise ExamError("err_roster", details=[("roster_no_rows", {})])
    return parsed
