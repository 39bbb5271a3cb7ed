"""Each service's login role can use only its own schema."""

from __future__ import annotations

import asyncpg
import pytest

from devstack.database import SERVICE_SCHEMAS, _asyncpg_dsn
from devstack.stack import Stack


async def connect(stack: Stack, schema: str) -> asyncpg.Connection:
    dsn, extra = _asyncpg_dsn(stack.database_urls[schema])
    return await asyncpg.connect(dsn, **extra)


async def test_financial_role_cannot_read_auth_tables(stack: Stack) -> None:
    connection = await connect(stack, "financial")
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="schema auth"):
            await connection.fetch("SELECT * FROM auth.users")
    finally:
        await connection.close()


async def test_auth_role_cannot_read_or_create_in_financial_schema(stack: Stack) -> None:
    connection = await connect(stack, "auth")
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="schema financial"):
            await connection.fetch("SELECT * FROM financial.clients")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("CREATE TABLE financial.intruder (id int)")
    finally:
        await connection.close()


@pytest.mark.parametrize("schema", SERVICE_SCHEMAS)
async def test_every_role_owns_its_schema_and_nothing_else(stack: Stack, schema: str) -> None:
    connection = await connect(stack, schema)
    try:
        owned = await connection.fetch(
            "SELECT nspname FROM pg_namespace WHERE pg_get_userbyid(nspowner) = current_user"
        )
        assert [row["nspname"] for row in owned] == [schema]
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("CREATE TABLE public.stray (id int)")
        await connection.execute(f"CREATE TABLE {schema}.probe (id int)")
        await connection.execute(f"DROP TABLE {schema}.probe")
    finally:
        await connection.close()


async def test_pgvector_is_installed(stack: Stack) -> None:
    connection = await connect(stack, "ai")
    try:
        assert await connection.fetchval("SELECT '[1,2,3]'::vector <-> '[1,2,4]'::vector") == 1.0
    finally:
        await connection.close()


async def test_migrations_keep_version_table_inside_the_service_schema(stack: Stack) -> None:
    connection = await connect(stack, "auth")
    try:
        version = await connection.fetchval("SELECT version_num FROM auth.alembic_version")
        assert version
    finally:
        await connection.close()
