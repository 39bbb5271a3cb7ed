"""Alembic helpers: a subgraph's migration calls create_jobs_table("<schema>") in upgrade() and
drop_jobs_table("<schema>") in downgrade() to get `<schema>.jobs` exactly as jobs_table()
declares it (so the drift check agrees), with its row-level security."""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

from service_runtime.jobs.table import INDEXES, TABLE, job_columns
from service_runtime.migrations import disable_tenant_isolation, enable_tenant_isolation

# Workers and the sweeper handle every organisation's jobs: their transactions set
# app.job_runner = 'on' (jobs/store.py). Request sessions see their organisation's jobs only.
RUNNER_PREDICATE = "current_setting('app.job_runner', true) = 'on'"


def create_jobs_table(schema: str) -> None:
    op.create_table(TABLE, *job_columns(), schema=schema)
    for name, columns, where in INDEXES:
        condition = text(where) if where else None
        op.create_index(name, TABLE, list(columns), schema=schema, postgresql_where=condition)
    enable_tenant_isolation(schema, TABLE)
    op.execute(
        f"CREATE POLICY job_runner ON {schema}.{TABLE}"
        f" USING ({RUNNER_PREDICATE}) WITH CHECK ({RUNNER_PREDICATE})"
    )


def drop_jobs_table(schema: str) -> None:
    op.execute(f"DROP POLICY job_runner ON {schema}.{TABLE}")
    disable_tenant_isolation(schema, TABLE)
    op.drop_table(TABLE, schema=schema)
