"""Database checks: every service schema exists, owned by its role, migrated; pgvector."""

from __future__ import annotations

import asyncpg

from devstack.database import SERVICE_SCHEMAS, _asyncpg_dsn, role_for
from devstack.smoke.runner import SmokeRun, check, expect


async def _connect(run: SmokeRun) -> asyncpg.Connection:
    expect(run.database_url is not None, "no database URL: pass --database-url or set DATABASE_URL")
    assert run.database_url is not None
    dsn, extra = _asyncpg_dsn(run.database_url)
    return await asyncpg.connect(dsn, **extra)


@check("database schemas: one per service, owned by its role, pgvector installed")
async def schemas_and_owners(run: SmokeRun) -> None:
    connection = await _connect(run)
    try:
        rows = await connection.fetch(
            "SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace"
            " WHERE nspname = ANY($1::text[])",
            list(SERVICE_SCHEMAS),
        )
        owners = {row["nspname"]: row["owner"] for row in rows}
        expect(owners == {schema: role_for(schema) for schema in SERVICE_SCHEMAS}, str(owners))
        vector = await connection.fetchval(
            "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
        )
        expect(vector is not None, "pgvector is not installed")
    finally:
        await connection.close()


@check("database migrations applied for every subgraph")
async def migrations_applied(run: SmokeRun) -> None:
    connection = await _connect(run)
    try:
        for name in run.services:
            expect(name in SERVICE_SCHEMAS, f"{name} has no schema in db/bootstrap.sql")
            # The schema name is one of ours (checked above), never client input.
            query = f'SELECT version_num FROM "{name}".alembic_version'  # noqa: S608
            version = await connection.fetchval(query)
            expect(bool(version), f"{name}: no migration applied")
    finally:
        await connection.close()
