"""Tenant isolation: by query filter, by entity lookup, and by row-level security beneath."""

from __future__ import annotations

import uuid

import asyncpg

from devstack.database import _asyncpg_dsn
from financial_subgraph.settings import FinancialSettings

from ..conftest import ENTITIES, GET, LIST, UPDATE, GraphQL, TokenFactory, create_client


async def test_one_organisation_never_sees_anothers_clients(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    alice, bob = token_for(org_a), token_for(org_b)
    theirs = await create_client(gql, bob, name="Bob's client")
    ours = await create_client(gql, alice, name="Alice's client")

    listed = (await gql(LIST, bearer=alice, includeArchived=True))["data"]["clients"]["edges"]
    assert [edge["node"]["id"] for edge in listed] == [ours["id"]]
    assert (await gql(LIST, bearer=alice, search="Bob"))["data"]["clients"]["edges"] == []
    assert (await gql(GET, bearer=alice, id=theirs["id"]))["data"]["client"] is None
    update = await gql(UPDATE, bearer=alice, id=theirs["id"], input={"name": "Mine now"})
    assert update["data"]["updateClient"]["code"] == "CLIENT_NOT_FOUND"
    assert (await gql(GET, bearer=bob, id=theirs["id"]))["data"]["client"]["name"] == (
        "Bob's client"
    )


async def test_entities_resolve_only_within_the_callers_organisation(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    alice, bob = token_for(org_a), token_for(org_b)
    ours = await create_client(gql, alice, name="Ours")
    theirs = await create_client(gql, bob, name="Theirs")
    representations = [
        {"__typename": "Client", "id": ours["id"]},
        {"__typename": "Client", "id": theirs["id"]},
        {"__typename": "Client", "id": "not-a-uuid"},
    ]
    body = await gql(ENTITIES, bearer=alice, representations=representations)
    assert body["data"]["_entities"] == [{"id": ours["id"], "name": "Ours"}, None, None]
    anonymous = await gql(ENTITIES, representations=representations[:1])
    assert anonymous["data"]["_entities"] == [None]


async def test_row_level_security_hides_rows_without_the_organisation_setting(
    gql: GraphQL, member: str, org_a: uuid.UUID, financial_settings: FinancialSettings
) -> None:
    await create_client(gql, member, contacts=[{"name": "Ada"}])
    # The service's own role (the tables' owner): FORCE ROW LEVEL SECURITY binds it too.
    dsn, extra = _asyncpg_dsn(financial_settings.database_url)
    connection = await asyncpg.connect(dsn, **extra)
    try:
        assert await connection.fetchval("SELECT count(*) FROM financial.clients") == 0
        assert await connection.fetchval("SELECT count(*) FROM financial.client_contacts") == 0
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(uuid.uuid4())
            )
            assert await connection.fetchval("SELECT count(*) FROM financial.clients") == 0
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(org_a)
            )
            assert await connection.fetchval("SELECT count(*) FROM financial.clients") == 1
        # The setting ended with its transaction.
        assert await connection.fetchval("SELECT count(*) FROM financial.clients") == 0
    finally:
        await connection.close()


async def test_row_level_security_refuses_writes_for_another_organisation(
    org_a: uuid.UUID, financial_settings: FinancialSettings
) -> None:
    dsn, extra = _asyncpg_dsn(financial_settings.database_url)
    connection = await asyncpg.connect(dsn, **extra)
    try:
        async with connection.transaction():
            await connection.execute(
                "SELECT set_config('app.organization_id', $1, true)", str(org_a)
            )
            try:
                await connection.execute(
                    "INSERT INTO financial.clients (id, organization_id, name, default_currency)"
                    " VALUES ($1, $2, 'Smuggled', 'EUR')",
                    uuid.uuid4(),
                    uuid.uuid4(),
                )
            except asyncpg.InsufficientPrivilegeError:
                pass
            else:
                raise AssertionError("RLS let a row of another organisation in")
    finally:
        await connection.close()
