"""Grading's tables, in the exam database beside the sittings they grade.

Only trusted processes write here: the grading workers (never the sandboxes they start) and the
exam service on an examiner's behalf. Every change of a score also goes to the audit log (Event).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from practicum.db.models import Base, UTCDateTime, utcnow

_ = DateTime  # (UTCDateTime wraps it)


class GradingJob(Base):
    """Autograding of one submission. A regrade adds a new job and supersedes the old one."""

    __tablename__ = "grading_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("sittings.id"), index=True)
    candidate_pk: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued running done failed
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str] = mapped_column(String(64), default="")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")


class PanelMember(Base):
    """An examiner on a sitting's panel; the chief adjudicates and signs off."""

    __tablename__ = "panel_members"
    __table_args__ = (UniqueConstraint("sitting_id", "username"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("sittings.id"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    chief: Mapped[bool] = mapped_column(Boolean, default=False)


class PanelSettings(Base):
    __tablename__ = "panel_settings"
    sitting_id: Mapped[int] = mapped_column(ForeignKey("sittings.id"), primary_key=True)
    # Examiners' scores for a task may differ by at most this share of its points without adjudication.
    spread_threshold: Mapped[float] = mapped_column(Float, default=0.25)
    signed_off_by: Mapped[str] = mapped_column(String(64), default="")
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    feedback_released: Mapped[bool] = mapped_column(Boolean, default=False)


class ManualScore(Base):
    """One examiner's score of one manual task of one candidate (unseen by the other examiners)."""

    __tablename__ = "manual_scores"
    __table_args__ = (UniqueConstraint("candidate_pk", "task_id", "examiner"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("sittings.id"), index=True)
    candidate_pk: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(40))
    examiner: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Adjudication(Base):
    """The chief examiner's decision where the panel's scores spread too far."""

    __tablename__ = "adjudications"
    __table_args__ = (UniqueConstraint("candidate_pk", "task_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("sittings.id"), index=True)
    candidate_pk: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    task_id: Mapped[str] = mapped_column(String(40))
    examiner: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
