"""membership token version (revocation of access tokens on role changes)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 12:45:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "memberships",
        sa.Column("token_version", sa.Integer(), server_default="0", nullable=False),
        schema="auth",
    )


def downgrade() -> None:
    op.drop_column("memberships", "token_version", schema="auth")
