"""panel drafts: the text of the turns in progress, saved while they stream

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 01:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "drafts",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("panels", schema=None) as batch_op:
        batch_op.drop_column("drafts")
