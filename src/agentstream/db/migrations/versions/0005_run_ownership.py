"""run ownership: owner worker, lease, cancel intent

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import agentstream.db.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner", sa.String(length=100), nullable=True))
        batch_op.add_column(
            sa.Column(
                "lease_expires_at", agentstream.db.base.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "cancel_requested_at",
                agentstream.db.base.UtcDateTime(timezone=True),
                nullable=True,
            )
        )
        batch_op.create_index("ix_runs_status_lease", ["status", "lease_expires_at"])


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_index("ix_runs_status_lease")
        batch_op.drop_column("cancel_requested_at")
        batch_op.drop_column("lease_expires_at")
        batch_op.drop_column("owner")
