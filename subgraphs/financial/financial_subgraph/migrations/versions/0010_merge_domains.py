"""merge the financial domains' branches (categorisation, GoCardless, documents, schedules)

The domains were built side by side on branches of 0003/0004/0005; from here the history is
one line again, so `devstack revision financial -m ...` needs no --head.

Revision ID: 0010
Revises: 0006, 0007, 0008, 0009
Create Date: 2026-11-29 15:50:00

"""
from typing import Sequence, Union


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = ('0006', '0007', '0008', '0009')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Nothing to change: the merge only joins the branches."""


def downgrade() -> None:
    """Nothing to change: the merge only joins the branches."""
