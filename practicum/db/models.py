"""The exam service's own database: sittings, rosters, the clock's facts, receipts, audit log.

Every time that matters (start, deadline, extra time, submissions) is a UTC timestamp stored
here, never in a browser: that is what makes the server clock rule and survive restarts.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, returns aware UTC: SQLite keeps no time zone, PostgreSQL would."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the exam database")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


ROLES = ("proctor", "trainer", "examiner")
STAFF_PROCTOR_ROLES = ("proctor", "trainer")


class Account(Base):
    """A staff member: proctor, trainer or examiner. Candidates live on rosters instead."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    display_name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Sitting(Base):
    """One exam session: an exam, a roster, a duration and a window in which Start is allowed."""

    __tablename__ = "sittings"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    exam_id: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(16))  # "exam" (certifying) or "practice"
    duration_s: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)  # last moment to press Start
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    # Pinned from the exam spec at creation, so editing labs/ never changes a running sitting.
    title: Mapped[dict] = mapped_column(JSON)  # {"zh": ..., "en": ...}
    rules: Mapped[list] = mapped_column(JSON, default=list)
    assignment: Mapped[str] = mapped_column(String(64))  # nbgrader assignment name
    environment: Mapped[str] = mapped_column(String(32), default="base")  # lab environment
    open_file: Mapped[str] = mapped_column(Text)
    limits: Mapped[dict] = mapped_column(JSON)
    candidates: Mapped[list["Candidate"]] = relationship(
        back_populates="sitting", order_by="Candidate.candidate_id"
    )


class Candidate(Base):
    """A roster entry: one candidate in one sitting, with that sitting's password and clock."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("sitting_id", "candidate_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("sittings.id"))
    candidate_id: Mapped[str] = mapped_column(String(64), index=True)  # the login name
    name: Mapped[str] = mapped_column(String(128), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extra_s: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The hub confirmed the candidate's server stopped after closing (retried until true).
    server_stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    sitting: Mapped[Sitting] = relationship(back_populates="candidates")
    submissions: Mapped[list["Submission"]] = relationship(
        back_populates="candidate", order_by="Submission.seq"
    )

    @property
    def deadline(self) -> datetime | None:
        if self.started_at is None:
            return None
        return self.started_at + timedelta(seconds=self.sitting.duration_s + self.extra_s)

    @property
    def final_submission(self) -> "Submission | None":
        """What gets graded: the last explicit submission, else the deadline collection."""
        submits = [s for s in self.submissions if s.kind == "submit"]
        if submits:
            return submits[-1]
        collects = [s for s in self.submissions if s.kind == "collect"]
        return collects[-1] if collects else None

    @property
    def status(self) -> str:
        if self.started_at is None:
            return "not_started"
        if any(s.kind == "submit" for s in self.submissions):
            return "submitted"
        if self.closed_at is not None:
            return "collected"
        return "working"


class Submission(Base):
    """A stored snapshot of a workspace with its receipt. Never updated, never deleted."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("candidate_pk", "seq"),
                      UniqueConstraint("candidate_pk", "client_key", name="uq_submissions_client_key"))
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_pk: Mapped[int] = mapped_column(ForeignKey("candidates.id"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # "submit" (by the candidate) or "collect"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sha256: Mapped[str] = mapped_column(String(64))
    total_bytes: Mapped[int] = mapped_column(Integer)
    manifest: Mapped[list] = mapped_column(JSON)  # [{"path", "size", "sha256"}]
    store_path: Mapped[str] = mapped_column(Text)
    # Files whose modification time is after the deadline (a late collection), for review.
    flags: Mapped[list] = mapped_column(JSON, default=list)
    # The key the candidate's page sent with this submit: a retry with the same key (its answer
    # was lost) gets this receipt back instead of storing the work twice. None for collections.
    client_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    candidate: Mapped[Candidate] = relationship(back_populates="submissions")

    @property
    def receipt_id(self) -> str:
        return f"{self.candidate.sitting.code}-{self.candidate.candidate_id}-{self.seq:03d}"


class Event(Base):
    """Audit log: who did what to whom, when. Extra time, resets, starts, submissions."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    sitting_id: Mapped[int | None] = mapped_column(ForeignKey("sittings.id"), nullable=True)
    candidate_pk: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), nullable=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    def __repr__(self) -> str:
        return f"<Event {self.action} by {self.actor}: {json.dumps(self.detail)}>"
