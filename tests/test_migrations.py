"""The exam database's schema through Alembic migrations: a new database is made by them and
matches the models, an old one is brought up to date with its rows kept, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from practicum.core.exam_spec import load_exam
from practicum.core.settings import PROJECT_ROOT
from practicum.db import grading_models, store
from practicum.db.migrate import alembic_config, current_revision, head_revision
from practicum.db.models import Base, Submission

LABS = PROJECT_ROOT / "labs"


def url_for(request, tmp_path, backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'exam.sqlite'}"
    return request.getfixturevalue("postgres").create_database(f"mig_{uuid.uuid4().hex[:12]}")


def upgrade_to(st: store.Store, revision: str) -> None:
    with st.engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def seed(st: store.Store) -> None:
    """A sitting with a candidate, a submission and its grading job (a row pointing at it)."""
    with st.session() as db:
        sitting = store.create_sitting(db, "OLD", load_exam(LABS, "demo-numpy"))
        db.flush()
        db.execute(text("INSERT INTO candidates (sitting_id, candidate_id, name, password_hash, lang, extra_s, "
                        "server_stopped) VALUES (:s, 'c001', 'C', 'x', 'zh', 0, :no)"), {"s": sitting.id, "no": False})
        cand = db.execute(text("SELECT id FROM candidates")).scalar_one()
        db.execute(text("INSERT INTO submissions (candidate_pk, seq, kind, created_at, sha256, total_bytes, manifest, "
                        "store_path, flags) VALUES (:c, 1, 'submit', '2026-12-01 09:00:00', 'ab', 3, '[]', '/x', '[]')"),
                   {"c": cand})
        sub = db.execute(text("SELECT id FROM submissions")).scalar_one()
        db.execute(text("INSERT INTO grading_jobs (sitting_id, candidate_pk, submission_id, status, superseded, attempts, "
                        "worker, queued_at, error) VALUES (:s, :c, :u, 'done', :no, 1, '', '2026-12-01 09:05:00', '')"),
                   {"s": sitting.id, "c": cand, "u": sub, "no": False})


def assert_schema_is_the_models(st: store.Store) -> None:
    with st.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"the migrations and the models disagree: {diff}"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_new_database_is_made_by_the_migrations_and_matches_the_models(request, tmp_path, backend):
    assert grading_models.GradingJob.__tablename__ in Base.metadata.tables
    st = store.Store(url_for(request, tmp_path, backend))
    st.migrate()
    assert current_revision(st.engine) == head_revision()
    assert_schema_is_the_models(st)
    st.migrate()  # a second start changes nothing
    assert current_revision(st.engine) == head_revision()
    st.engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_baseline_database_is_upgraded_with_its_rows(request, tmp_path, backend):
    st = store.Store(url_for(request, tmp_path, backend))
    upgrade_to(st, "0001")
    seed(st)
    st.migrate()
    assert current_revision(st.engine) == head_revision()
    assert_schema_is_the_models(st)
    with st.session() as db:
        sub = db.scalars(select(Submission)).one()
        assert (sub.seq, sub.client_key) == (1, None)
        assert db.scalars(select(grading_models.GradingJob)).one().submission_id == sub.id
        sub.client_key = "key-0001-abcd"
    with pytest.raises(IntegrityError):  # the new uniqueness holds in the database itself
        with st.session() as db:
            db.execute(text("INSERT INTO submissions (candidate_pk, seq, kind, created_at, sha256, total_bytes, "
                            "manifest, store_path, flags, client_key) SELECT candidate_pk, 2, 'submit', created_at, "
                            "sha256, total_bytes, manifest, store_path, flags, 'key-0001-abcd' FROM submissions"))
    if backend == "sqlite":  # the file as it was before the table copy is kept beside it
        backup = sqlite3.connect(tmp_path / "exam.sqlite.before-0001")
        assert backup.execute("SELECT count(*) FROM submissions").fetchone() == (1,)
        backup.close()
    st.engine.dispose()


def test_a_database_from_before_migrations_is_adopted(tmp_path):
    """Made by create_all, before Alembic (no alembic_version), and older still: it lacks a column
    that later versions added by hand. It gains the column with its default, then the migrations."""
    path = tmp_path / "exam.sqlite"
    st = store.Store(f"sqlite:///{path}")
    upgrade_to(st, "0001")
    seed(st)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE alembic_version")
    con.execute("ALTER TABLE sittings DROP COLUMN environment")
    con.commit()
    con.close()
    assert "environment" not in {c["name"] for c in inspect(st.engine).get_columns("sittings")}
    st2 = store.Store(f"sqlite:///{path}")
    st2.migrate()
    assert current_revision(st2.engine) == head_revision()
    with st2.session() as db:
        assert store.get_sitting(db, "OLD").environment == "base"
        assert db.scalars(select(Submission)).one().seq == 1
    assert_schema_is_the_models(st2)
    st.engine.dispose()
    st2.engine.dispose()
