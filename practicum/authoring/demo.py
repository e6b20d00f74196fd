"""The demo sitting that `practicum up --demo` sets up: a proctor, three examiners, three candidates.

Credentials are kept in `<data>/secrets/demo_credentials.json` (0600) and printed at every start;
once the demo sitting is over, the next `--demo` opens a fresh one (demo-2, demo-3, ...).
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta

from practicum.core.exam_spec import list_exam_ids, load_exam
from practicum.core.roster import RosterRow
from practicum.core.settings import Settings
from practicum.db import store
from practicum.db.models import utcnow
from practicum.results.panel import set_panel
from practicum.sittings import collector
from practicum.sittings.sitting_files import prepare_sitting

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


# The direction exams a trainer or candidate can try in the demo hub, one sitting each with its own
# candidates (a candidate belongs to one current sitting): (exam, mode, candidates).
DEMO_EXTRA = [
    ("chip-junior", "exam", [("chip001", "芯片初级考生 Chip junior")]),
    ("chip-intermediate", "exam", [("chip101", "芯片中级考生 Chip intermediate")]),
    ("chip-senior", "exam", [("chip201", "芯片高级考生 Chip senior")]),
    ("chip-practice", "practice", [("learn001", "芯片练习学员 Chip learner")]),
    ("chip-practice-2", "practice", [("learn002", "芯片练习二学员 Chip learner, lab 2")]),
    ("cv-junior", "exam", [("cv001", "视觉初级考生 CV junior")]),
    ("cv-intermediate", "exam", [("cv101", "视觉中级考生 CV intermediate")]),
    ("cv-senior", "exam", [("cv201", "视觉高级考生 CV senior")]),
    ("cv-practice", "practice", [("learn003", "视觉练习学员 CV learner")]),
    ("nlp-junior", "exam", [("nlp001", "语言语音初级考生 NLP/speech junior")]),
    ("nlp-intermediate", "exam", [("nlp101", "语言语音中级考生 NLP/speech intermediate")]),
    ("nlp-senior", "exam", [("nlp201", "语言语音高级考生 NLP/speech senior")]),
    ("nlp-practice", "practice", [("learn004", "语言语音练习学员 NLP/speech learner")]),
    ("platform-junior", "exam", [("plat001", "平台初级考生 Platform junior")]),
    ("platform-intermediate", "exam", [("plat101", "平台中级考生 Platform intermediate")]),
    ("platform-senior", "exam", [("plat201", "平台高级考生 Platform senior")]),
    ("platform-practice", "practice", [("learn005", "平台练习学员 Platform learner")]),
    ("integration-junior", "exam", [("integ001", "集成初级考生 Integration junior")]),
    ("integration-intermediate", "exam", [("integ101", "集成中级考生 Integration intermediate")]),
    ("integration-senior", "exam", [("integ201", "集成高级考生 Integration senior")]),
    ("integration-practice", "practice", [("learn006", "集成练习学员 Integration learner")]),
]


def _live(db, code: str | None, first_candidate: str, now) -> bool:
    if not code:
        return False
    try:
        sitting = store.get_sitting(db, code)
        first = next(c for c in sitting.candidates if c.candidate_id == first_candidate)
        return store.sitting_is_live(sitting, now) and first.closed_at is None and not store.is_over(first, now)
    except Exception:  # noqa: BLE001 - a missing or odd demo sitting: make a new one
        return False


def _retire(settings: Settings, st: store.Store, code: str | None, now) -> None:
    """Closes what is left open of a demo sitting being replaced (a clock that ran out while nothing
    was running is collected first, as the deadline watcher would): its candidate ids are then free
    for the new sitting, whose roster would otherwise be refused."""
    if not code:
        return
    with st.session() as db:
        try:
            pks = [c.id for c in store.get_sitting(db, code).candidates]
        except Exception:  # noqa: BLE001 - gone or odd: nothing to close
            return
    for pk in pks:
        collector.close(settings, st, pk, now)


def _open_sitting(settings: Settings, st: store.Store, entry: dict, exam_id: str, prefix: str, mode: str,
                  candidates: list[tuple[str, str]], now) -> dict:
    """Keeps the entry's sitting if it is still live, else releases a fresh one (prefix, prefix-2, ...)."""
    with st.session() as db:
        if _live(db, entry.get("sitting"), candidates[0][0], now):
            return entry
    _retire(settings, st, entry.get("sitting"), now)
    exam = load_exam(settings.labs_dir, exam_id)
    n = int(entry.get("n", 0)) + 1
    code = prefix if n == 1 else f"{prefix}-{n}"
    prepare_sitting(settings, code, exam)
    with st.session() as db:
        sitting = store.create_sitting(db, code, exam, mode=mode, opens_at=now,
                                       closes_at=now + timedelta(days=7), actor="demo")
        issued = store.import_roster(
            db, sitting, [RosterRow(i + 2, cid, name, None) for i, (cid, name) in enumerate(candidates)], "demo"
        )
        set_panel(db, sitting, ["examiner1", "examiner2", "examiner3"], "examiner1", "demo")
    return {"sitting": code, "n": n, "exam": exam_id, "candidates": {cid: pw for cid, _name, pw in issued}}


def ensure_demo(settings: Settings, st: store.Store, extra: bool = True) -> dict:
    """Returns {'sitting': code, 'accounts': {username: password}, 'candidates': {...},
    'extra': {exam_id: {'sitting', 'candidates', ...}}}; the extra sittings are the direction exams
    whose lab environment is installed."""
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
    main = _open_sitting(settings, st, {k: creds[k] for k in ("sitting", "n", "candidates") if k in creds},
                         DEMO_EXAM, "demo", "exam", CANDIDATES, now)
    creds.update(main)
    creds.pop("exam", None)
    creds.setdefault("extra", {})
    present = set(list_exam_ids(settings.labs_dir))
    for exam_id, mode, candidates in DEMO_EXTRA if extra else []:
        if exam_id not in present:
            continue
        spec = load_exam(settings.labs_dir, exam_id)
        if not (settings.lab_env_for(spec.environment) / "bin" / "python").exists():
            continue  # that direction's lab environment is not built here
        creds["extra"][exam_id] = _open_sitting(settings, st, creds["extra"].get(exam_id, {}), exam_id,
                                                f"demo-{exam_id}", mode, candidates, now)
    _save(cred_file, creds)
    return creds
