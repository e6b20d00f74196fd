"""A submission's client key, unique per candidate: a retried Submit whose answer was lost gets its
first receipt back instead of storing the work twice.

Data dirs made before migrations may already have the column (the old additive upgrade added
columns but never constraints); this adds what is missing of the two.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("submissions")}
    # batch: SQLite cannot add a constraint in place, so the table is copied (rows kept)
    with op.batch_alter_table("submissions") as batch:
        if "client_key" not in columns:
            batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_submissions_client_key", ["candidate_pk", "client_key"])


def downgrade() -> None:
    raise NotImplementedError("the exam database is never downgraded: restore a backup instead")
