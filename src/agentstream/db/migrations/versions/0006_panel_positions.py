"""panel positions: option, abstention, citations, incomplete turns

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 17:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("panel_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("option", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("abstain", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("abstain_reason", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "citations",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                server_default=sa.text("'[]'"),
                nullable=False,
            )
        )
        batch_op.add_column(
            sa.Column("incomplete", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("panel_messages", schema=None) as batch_op:
        for column in ("incomplete", "citations", "abstain_reason", "abstain", "option"):
            batch_op.drop_column(column)
