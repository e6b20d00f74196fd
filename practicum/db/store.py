"""The exam rules over the database: who may log in, start, submit, get extra time.

Functions take an open SQLAlchemy session (`with store.session() as db:`), so a web request,
the hub's authenticator and the CLI each do their work in one transaction.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Iterator

from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload, sessionmaker

from practicum.core.exam_spec import MIN_CERTIFICATION_MINUTES, ExamSpec
from practicum.core.i18n import ExamError
from practicum.core.passwords import (
    generate_slip_password,
    hash_password,
    normalize_candidate_password,
    verify_password,
)
from practicum.core.roster import CANDIDATE_ID_RE, RosterRow, normalize_candidate_id
from practicum.db.models import ROLES, Account, Candidate, Event, Sitting, Submission, utcnow

SITTING_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
MAX_EXTRA_MINUTES = 600  # per grant


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        self.engine: Engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        """Creates the database or brings it to the newest schema (Alembic migrations)."""
        from practicum.db.migrate import upgrade

        upgrade(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        db = self._sessions()
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
        finally:
            db.close()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the hub (authenticator, spawner) read while the service writes.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def log_event(
    db: Session,
    actor: str,
    action: str,
    sitting: Sitting | None = None,
    candidate: Candidate | None = None,
    **detail: object,
) -> None:
    db.add(
        Event(
            actor=actor,
            action=action,
            sitting_id=sitting.id if sitting else (candidate.sitting_id if candidate else None),
            candidate_pk=candidate.id if candidate else None,
            detail=detail,
        )
    )


# ---------------------------------------------------------------- accounts


def add_account(db: Session, username: str, role: str, password: str, display_name: str = "") -> Account:
    username = normalize_candidate_id(username)
    if not CANDIDATE_ID_RE.match(username):
        raise ExamError("err_bad_request", detail=f"username {username!r}")
    if role not in ROLES:
        raise ExamError("err_bad_role")
    if len(password) < 10:
        raise ExamError("err_password_short")
    if db.scalar(select(Account).where(Account.username == username)):
        raise ExamError("err_account_exists", status=409, username=username)
    account = Account(
        username=username, role=role, password_hash=hash_password(password), display_name=display_name
    )
    db.add(account)
    log_event(db, "cli", "account_add", username=username, role=role)
    return account


def get_account(db: Session, username: str) -> Account | None:
    return db.scalar(select(Account).where(Account.username == username))


# ---------------------------------------------------------------- sittings


def create_sitting(
    db: Session,
    code: str,
    exam: ExamSpec,
    *,
    mode: str = "exam",
    duration_s: int | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    actor: str = "cli",
) -> Sitting:
    """A sitting pins the exam's title, rules and limits; certification sittings last >= 120 min."""
    if not SITTING_CODE_RE.match(code):
        raise ExamError("err_bad_code", code=code)
    if db.scalar(select(Sitting).where(Sitting.code == code)):
        raise ExamError("err_sitting_exists", status=409, code=code)
    if mode not in ("exam", "practice"):
        raise ExamError("err_bad_request", detail=f"mode {mode!r}")
    duration_s = exam.minutes * 60 if duration_s is None else int(duration_s)
    if duration_s <= 0:
        raise ExamError("err_duration_invalid")
    if mode == "exam" and duration_s < MIN_CERTIFICATION_MINUTES * 60:
        raise ExamError("err_duration_short", minutes=round(duration_s / 60, 1))
    if mode == "exam" and exam.kind == "practice":
        raise ExamError("err_bad_request", detail=f"{exam.id} is a practice lab, not an exam")
    opens_at = opens_at or utcnow()
    closes_at = closes_at or opens_at + timedelta(hours=2)
    if closes_at <= opens_at:
        raise ExamError("err_window_invalid")
    sitting = Sitting(
        code=code,
        exam_id=exam.id,
        mode=mode,
        duration_s=duration_s,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
        title=exam.title.model_dump(),
        rules=[r.model_dump() for r in exam.rules],
        assignment=exam.assignment,
        environment=exam.environment,
        open_file=exam.open_file,
        limits=exam.limits.model_dump(),
    )
    db.add(sitting)
    db.flush()
    log_event(db, actor, "sitting_create", sitting, exam=exam.id, mode=mode, duration_s=duration_s)
    return sitting


def get_sitting(db: Session, code: str) -> Sitting:
    sitting = db.scalar(
        select(Sitting)
        .where(Sitting.code == code)
        .options(selectinload(Sitting.candidates).selectinload(Candidate.submissions))
    )
    if sitting is None:
        raise ExamError("err_unknown_sitting", status=404, code=code)
    return sitting


def list_sittings(db: Session) -> list[Sitting]:
    return list(db.scalars(select(Sitting).order_by(Sitting.created_at.desc())))


def sitting_is_live(sitting: Sitting, now: datetime) -> bool:
    """Someone could still be working: the window is open or a started clock is still running."""
    if now <= sitting.closes_at:
        return True
    return any(c.started_at is not None and c.closed_at is None for c in sitting.candidates)


def import_roster(
    db: Session, sitting: Sitting, rows: list[RosterRow], actor: str
) -> list[tuple[str, str, str | None]]:
    """Adds candidates; returns (candidate_id, name, generated password or None) per row.

    Refused whole if any ID is a staff account, is already on this roster, or is on another
    sitting that is still live (a login must resolve to exactly one sitting).
    """
    now = utcnow()
    problems: list[tuple[str, dict]] = []
    staff = set(db.scalars(select(Account.username)))
    existing = {c.candidate_id for c in sitting.candidates}
    busy: dict[str, str] = {}
    for other in db.scalars(
        select(Sitting).where(Sitting.id != sitting.id).options(selectinload(Sitting.candidates))
    ):
        if sitting_is_live(other, now):
            for c in other.candidates:
                if c.closed_at is None:
                    busy[c.candidate_id] = other.code
    for row in rows:
        if row.candidate_id in staff:
            problems.append(("roster_staff", {"line": row.line, "id": row.candidate_id}))
        elif row.candidate_id in existing:
            problems.append(("roster_in_sitting", {"line": row.line, "id": row.candidate_id}))
        elif row.candidate_id in busy:
            problems.append(
                ("roster_busy", {"line": row.line, "id": row.candidate_id, "sitting": busy[row.candidate_id]})
            )
    if problems:
        raise ExamError("err_roster", details=problems)
    issued = []
    for row in rows:
        plain = row.password or generate_slip_password()
        db.add(
            Candidate(
                sitting=sitting,
                candidate_id=row.candidate_id,
                name=row.name,
                password_hash=hash_password(normalize_candidate_password(plain)),
                extra_s=0,
                server_stopped=False,
            )
        )
        issued.append((row.candidate_id, row.name, None if row.password else plain))
    log_event(db, actor, "roster_import", sitting, count=len(rows))
    return issued


def reset_password(db: Session, candidate: Candidate, actor: str) -> str:
    plain = generate_slip_password()
    candidate.password_hash = hash_password(normalize_candidate_password(plain))
    log_event(db, actor, "password_reset", candidate=candidate)
    return plain


# ---------------------------------------------------------------- login


def current_entry(db: Session, candidate_id: str) -> Candidate | None:
    """The roster entry a login name means now: the one in the most recently created sitting."""
    return db.scalar(
        select(Candidate)
        .join(Sitting)
        .where(Candidate.candidate_id == candidate_id)
        .order_by(Sitting.created_at.desc(), Sitting.id.desc())
        .options(selectinload(Candidate.sitting), selectinload(Candidate.submissions))
        .limit(1)
    )


def verify_login(db: Session, username: str, password: str) -> str | None:
    """Returns the role ('candidate' or a staff role) when the password matches, else None."""
    username = normalize_candidate_id(username)
    account = get_account(db, username)
    if account is not None:
        return account.role if verify_password(password, account.password_hash) else None
    entry = current_entry(db, username)
    if entry is not None and verify_password(
        normalize_candidate_password(password), entry.password_hash
    ):
        return "candidate"
    return None


# ---------------------------------------------------------------- the clock


def seconds_left(candidate: Candidate, now: datetime) -> float | None:
    deadline = candidate.deadline
    return None if deadline is None else max(0.0, (deadline - now).total_seconds())


def is_over(candidate: Candidate, now: datetime) -> bool:
    return candidate.closed_at is not None or (
        candidate.deadline is not None and now >= candidate.deadline
    )


def still_open(sitting: Sitting, cand: Candidate) -> bool:
    """The candidate may still work or start: their clock runs, or the start window is open."""
    if cand.closed_at is not None:
        return False
    if cand.started_at is not None:
        return True
    return utcnow() <= sitting.closes_at


def start_attempt(db: Session, candidate: Candidate, *, lang: str, sandboxed: bool, now: datetime) -> None:
    sitting = candidate.sitting
    if candidate.started_at is not None:
        raise ExamError("err_already_started", status=409, at=candidate.started_at.isoformat())
    if sitting.mode == "exam" and not sandboxed:
        raise ExamError("err_insecure_exam", status=403)
    if now < sitting.opens_at:
        raise ExamError("err_window_not_open", status=409, at=sitting.opens_at.isoformat())
    if now > sitting.closes_at:
        raise ExamError("err_window_closed", status=409, at=sitting.closes_at.isoformat())
    candidate.started_at = now
    candidate.lang = lang
    log_event(db, candidate.candidate_id, "start", candidate=candidate, deadline=candidate.deadline.isoformat())


def grant_extra_time(db: Session, candidate: Candidate, minutes: object, reason: str, actor: str) -> None:
    try:
        minutes_int = int(str(minutes))
    except ValueError:
        raise ExamError("err_extra_invalid") from None
    if not 1 <= minutes_int <= MAX_EXTRA_MINUTES:
        raise ExamError("err_extra_invalid")
    if not reason.strip():
        raise ExamError("err_reason_required")
    if candidate.closed_at is not None:
        raise ExamError("err_already_closed", status=409, candidate=candidate.candidate_id)
    old_deadline = candidate.deadline
    candidate.extra_s += minutes_int * 60
    log_event(
        db,
        actor,
        "extra_time",
        candidate=candidate,
        minutes=minutes_int,
        reason=reason.strip()[:500],
        old_deadline=old_deadline.isoformat() if old_deadline else None,
        new_deadline=candidate.deadline.isoformat() if candidate.deadline else None,
    )


def get_candidate(db: Session, pk: int) -> Candidate:
    """A roster entry with its sitting and submissions loaded (they are read after the commit)."""
    return db.get(Candidate, pk, options=[selectinload(Candidate.sitting), selectinload(Candidate.submissions)])


def next_seq(candidate: Candidate) -> int:
    return max((s.seq for s in candidate.submissions), default=0) + 1


def submission_by_key(candidate: Candidate, client_key: str) -> Submission | None:
    return next((s for s in candidate.submissions if s.client_key == client_key), None)


def add_submission(db: Session, candidate: Candidate, kind: str, seq: int, **fields: object) -> Submission:
    sub = Submission(candidate=candidate, seq=seq, kind=kind, **fields)
    db.add(sub)
    db.flush()
    log_event(db, candidate.candidate_id if kind == "submit" else "service", kind,
              candidate=candidate, seq=seq, sha256=sub.sha256)
    return sub


def open_attempts(db: Session) -> list[Candidate]:
    """Started and not yet closed, or closed with the server stop not yet confirmed."""
    return list(
        db.scalars(
            select(Candidate)
            .where(Candidate.started_at.is_not(None))
            .where((Candidate.closed_at.is_(None)) | (Candidate.server_stopped.is_(False)))
            .options(selectinload(Candidate.sitting), selectinload(Candidate.submissions))
        )
    )


def events_for(db: Session, sitting: Sitting, limit: int = 200) -> list[Event]:
    return list(
        db.scalars(
            select(Event).where(Event.sitting_id == sitting.id).order_by(Event.at.desc()).limit(limit)
        )
    )
