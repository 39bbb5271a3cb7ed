"""background jobs: financial.jobs (service_runtime/jobs)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 16:00:00

"""
from typing import Sequence, Union

from service_runtime.jobs.migration import create_jobs_table, drop_jobs_table


# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    create_jobs_table('financial')


def downgrade() -> None:
    """Downgrade schema."""
    drop_jobs_table('financial')
