"""Alembic's environment for the exam database. Migrations run on the connection that
`practicum.db.migrate.upgrade` hands over (config.attributes["connection"]), or, for an author
making a new revision with the alembic command (see practicum/db/README.md), on the URL in
PRACTICUM_DB_URL."""

import os

from alembic import context
from sqlalchemy import create_engine

from practicum.db import grading_models  # noqa: F401 - grading's tables live in the same database
from practicum.db.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection) -> None:
    # render_as_batch: SQLite alters a table by copying it; PostgreSQL alters in place
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with create_engine(os.environ.get("PRACTICUM_DB_URL", "sqlite:///exam.sqlite")).connect() as conn:
        run(conn)
