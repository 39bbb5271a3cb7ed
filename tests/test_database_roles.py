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


def migrated(stack: Stack) -> list[str]:
    """The schemas whose service has migrations (each subgraph's schema bears its name)."""
    return sorted(name for name, service in stack.services.items() if service.spec is not None)


async def test_migrations_keep_version_table_inside_the_service_schema(stack: Stack) -> None:
    """One alembic_version per migrated service, in its own schema: none in public (where
    alembic puts it unless told otherwise) or in any other schema."""
    dsn, extra = _asyncpg_dsn(stack.admin_url)
    admin = await asyncpg.connect(dsn, **extra)
    try:
        rows = await admin.fetch(
            "SELECT schemaname FROM pg_tables WHERE tablename = 'alembic_version' ORDER BY 1"
        )
    finally:
        await admin.close()
    assert migrated(stack), "no service has migrations: the check would prove nothing"
    assert [row["schemaname"] for row in rows] == migrated(stack)
    for schema in migrated(stack):
        connection = await connect(stack, schema)
        try:
            assert await connection.fetchval(f'SELECT version_num FROM "{schema}".alembic_version')
        finally:
            await connection.close()


AUDIT_INSERT = """INSERT INTO monitoring.audit_log (service, mutation, arguments, outcome)
    VALUES ('probe', 'probe', '{}', 'OK')"""


@pytest.mark.parametrize("schema", ["financial", "auth"])
async def test_service_roles_can_only_append_to_the_audit_log(stack: Stack, schema: str) -> None:
    connection = await connect(stack, schema)
    try:
        await connection.execute(AUDIT_INSERT)
        for statement in (
            "UPDATE monitoring.audit_log SET outcome = 'OK'",
            "DELETE FROM monitoring.audit_log",
            "TRUNCATE monitoring.audit_log",
            "ALTER TABLE monitoring.audit_log DISABLE ROW LEVEL SECURITY",
            "DROP TABLE monitoring.audit_log",
            "CREATE TABLE monitoring.shadow (id int)",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await connection.execute(statement)
    finally:
        await connection.close()


async def test_only_auth_reads_the_audit_log_and_only_one_organisation_at_a_time(
    stack: Stack,
) -> None:
    financial = await connect(stack, "financial")
    auth = await connect(stack, "auth")
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="audit_log"):
            await financial.fetch("SELECT * FROM monitoring.audit_log")
        mine, theirs = (
            "11111111-1111-1111-1111-111111111111",
            "22222222-2222-2222-2222-222222222222",
        )
        for organization in (mine, theirs):
            async with financial.transaction():
                await financial.execute(
                    "SELECT set_config('app.organization_id', $1, true)", organization
                )
                await financial.execute(
                    "INSERT INTO monitoring.audit_log (service, organization_id, mutation,"
                    " arguments, outcome) VALUES ('probe', $1, 'probe', '{}', 'OK')",
                    organization,
                )
        # A service may record only the organisation its transaction is scoped to.
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level security"):
            await financial.execute(
                "INSERT INTO monitoring.audit_log (service, organization_id, mutation, arguments,"
                " outcome) VALUES ('probe', $1, 'probe', '{}', 'OK')",
                theirs,
            )
        async with auth.transaction():
            await auth.execute("SELECT set_config('app.organization_id', $1, true)", mine)
            rows = await auth.fetch("SELECT organization_id FROM monitoring.audit_log")
        assert [str(row["organization_id"]) for row in rows] == [mine]
        assert await auth.fetch("SELECT * FROM monitoring.audit_log") == []
    finally:
        await financial.close()
        await auth.close()
