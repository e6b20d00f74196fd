"""Schema upgrades through Alembic's migrations (practicum/db/migrations/versions), as JupyterHub
upgrades its own database: every data dir is brought to the newest revision at start-up, rows kept.

A database made before migrations existed (tables, no `alembic_version`) is adopted: the old
additive upgrade fills in columns added since it was made, it is stamped as the baseline, and the
migrations after the baseline run as for any other."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from practicum.db.models import Base

MIGRATIONS = Path(__file__).with_name("migrations")
BASELINE = "0001"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Brings the database to the newest revision (creates it when empty). A SQLite file that has
    a migration to run is first copied beside itself (`<file>.before-<revision>`): SQLite alters a
    table by copying it, and a crash half-way must not cost an exam's records."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # a table copy must not trip the foreign keys of the rows that point at it
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            tables = set(inspect(conn).get_table_names())
            current = MigrationContext.configure(conn).get_current_revision()
            conn.commit()
            if sqlite and tables and current != head_revision():
                _backup_sqlite(conn, current or "unversioned")
            with conn.begin():
                cfg = alembic_config(conn)
                if "alembic_version" not in tables and "sittings" in tables:
                    _add_missing_columns(conn)
                    command.stamp(cfg, BASELINE)
                command.upgrade(cfg, "head")
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def _backup_sqlite(conn: Connection, revision: str) -> Path | None:
    path = conn.engine.url.database
    if not path or path == ":memory:":
        return None
    dest = Path(f"{path}.before-{revision}")
    target = sqlite3.connect(dest)
    try:
        conn.connection.driver_connection.backup(target)
    finally:
        target.close()
    return dest


def _add_missing_columns(conn: Connection) -> list[str]:
    """The pre-migration upgrade, kept only to adopt such a database: a column of a model that the
    table lacks is added with its default (nothing is dropped or changed)."""
    import practicum.db.grading_models  # noqa: F401 - grading's tables live in the same database

    added = []
    insp = inspect(conn)
    for table in Base.metadata.sorted_tables:
        existing = {c["name"] for c in insp.get_columns(table.name)}
        for col in table.columns:
            if col.name in existing:
                continue
            default = col.default.arg if col.default is not None and not callable(col.default.arg) else None
            ddl = f'ALTER TABLE {table.name} ADD COLUMN {col.name} {col.type.compile(conn.dialect)}'
            if default is not None:
                literal = f"'{default}'" if isinstance(default, str) else str(int(default) if isinstance(default, bool) else default)
                ddl += f" DEFAULT {literal}" + ("" if col.nullable else " NOT NULL")
            conn.execute(text(ddl))
            added.append(f"{table.name}.{col.name}")
    return added
