"""The demo sitting that `practicum up --demo` sets up: a proctor, three examiners, three candidates.

Credentials are kept in `<data>/secrets/demo_credentials.json` (0600) and printed at every start;
once the demo sitting is over, the next `--demo` opens a fresh one (demo-2, demo-3, ...).
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta

from graders.panel import set_panel

from . import store
from .exam_spec import load_exam
from .models import utcnow
from .roster import RosterRow
from .settings import Settings
from .sitting_files import prepare_sitting

DEMO_EXAM = "demo-numpy"
STAFF = [("proctor", "proctor", "Demo proctor 监考老师"),
         ("examiner1", "examiner", "Demo examiner 1 考评员"),
         ("examiner2", "examiner", "Demo examiner 2 考评员"),
         ("examiner3", "examiner", "Demo examiner 3 考评员")]
CANDIDATES = [("demo001", "演示考生一 Demo One"), ("demo002", "演示考生二 Demo Two"), ("demo003", "演示考生三 Demo Three")]


def _load(path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def _save(path, data: dict) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)


def ensure_demo(settings: Settings, st: store.Store) -> dict:
    """Returns {'sitting': code, 'accounts': {username: password}, 'candidates': {...}}."""
    cred_file = settings.secrets_dir / "demo_credentials.json"
    creds = _load(cred_file)
    creds.setdefault("accounts", {})
    now = utcnow()
    with st.session() as db:
        for username, role, display in STAFF:
            if store.get_account(db, username) is None:
                password = secrets.token_urlsafe(9)
                store.add_account(db, username, role, password, display)
                creds["accounts"][username] = password
        code = creds.get("sitting")
        live = False
        if code:
            try:
                sitting = store.get_sitting(db, code)
                first = next(c for c in sitting.candidates if c.candidate_id == CANDIDATES[0][0])
                live = store.sitting_is_live(sitting, now) and first.closed_at is None and not store.is_over(first, now)
            except Exception:  # noqa: BLE001 - a missing or odd demo sitting: make a new one
                live = False
    if live:
        return creds
    exam = load_exam(settings.labs_dir, DEMO_EXAM)
    n = int(creds.get("n", 0)) + 1
    code = "demo" if n == 1 else f"demo-{n}"
    prepare_sitting(settings, code, exam)
    with st.session() as db:
        sitting = store.create_sitting(db, code, exam, mode="exam", opens_at=now,
                                       closes_at=now + timedelta(days=7), actor="demo")
        issued = store.import_roster(
            db, sitting, [RosterRow(i + 2, cid, name, None) for i, (cid, name) in enumerate(CANDIDATES)], "demo"
        )
        set_panel(db, sitting, ["examiner1", "examiner2", "examiner3"], "examiner1", "demo")
    creds.update(sitting=code, n=n, candidates={cid: pw for cid, _name, pw in issued})
    _save(cred_file, creds)
    return creds
