"""createClient, updateClient, archiveClient, restoreClient: results, typed errors, scopes."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text

from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

from ..conftest import (
    ARCHIVE,
    CREATE,
    GET,
    RESTORE,
    UPDATE,
    GraphQL,
    TokenFactory,
    client_input,
    create_client,
)


async def test_create_client_stores_every_field(gql: GraphQL, member: str) -> None:
    client = await create_client(
        gql,
        member,
        email="billing@acme.example",
        phone="+49 30 1234",
        taxId="DE123456789",
        defaultCurrency="eur",
        language="de-AT",
        paymentTermsDays=14,
        billingAddress={
            "line1": "Hauptstr. 1",
            "city": "Wien",
            "postalCode": "1010",
            "country": "at",
        },
        notes="Prefers e-mail.",
        customFields={"crm": {"id": 42}},
        contacts=[
            {"name": "Ada", "email": "ada@acme.example", "isPrimary": True},
            {"name": "Bob"},
        ],
    )
    assert client["defaultCurrency"] == "EUR"
    assert client["billingAddress"]["country"] == "AT"
    assert client["customFields"] == {"crm": {"id": 42}}
    assert [(c["name"], c["isPrimary"]) for c in client["contacts"]] == [
        ("Ada", True),
        ("Bob", False),
    ]
    fetched = (await gql(GET, bearer=member, id=client["id"]))["data"]["client"]
    assert fetched == client


async def test_create_client_emits_the_created_event_in_its_transaction(
    gql: GraphQL, member: str, org_a: uuid.UUID, financial_settings: FinancialSettings
) -> None:
    client = await create_client(gql, member, email="a@acme.example")
    database = Database(financial_settings.database_url)
    async with database.read() as session:
        rows = (
            await session.execute(
                text("SELECT type, organization_id, payload FROM financial.outbox_events")
            )
        ).all()
    await database.dispose()
    assert len(rows) == 1
    event_type, organization_id, payload = rows[0]
    assert (event_type, organization_id) == ("financial.client.created.v1", org_a)
    payload = payload if isinstance(payload, dict) else json.loads(payload)
    assert payload["client_id"] == client["id"]
    assert payload["default_currency"] == "EUR"


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"defaultCurrency": "XYZ"}, "INVALID_CURRENCY", "defaultCurrency"),
        ({"defaultCurrency": "euro"}, "INVALID_CURRENCY", "defaultCurrency"),
        ({"defaultCurrency": "DEM"}, "INVALID_CURRENCY", "defaultCurrency"),
        ({"defaultCurrency": "XXX"}, "INVALID_CURRENCY", "defaultCurrency"),
        ({"defaultCurrency": "XTS"}, "INVALID_CURRENCY", "defaultCurrency"),
        ({"name": "  "}, "INVALID_INPUT", "name"),
        ({"email": "not-an-email"}, "INVALID_EMAIL", "email"),
        ({"paymentTermsDays": -1}, "INVALID_INPUT", "paymentTermsDays"),
        ({"language": "xx"}, "INVALID_INPUT", "language"),
        ({"billingAddress": {"country": "ZZ"}}, "INVALID_INPUT", "billingAddress.country"),
        ({"customFields": [1, 2]}, "INVALID_INPUT", "customFields"),
        (
            {"contacts": [{"name": "A", "isPrimary": True}, {"name": "B", "isPrimary": True}]},
            "INVALID_INPUT",
            "contacts",
        ),
    ],
)
async def test_bad_input_is_a_typed_error_and_writes_nothing(
    gql: GraphQL, member: str, overrides: dict[str, object], code: str, field: str
) -> None:
    body = await gql(CREATE, bearer=member, input=client_input(**overrides))
    result = body["data"]["createClient"]
    assert (result["__typename"], result["code"], result["field"]) == ("ClientError", code, field)
    listed = await gql("{ clients(includeArchived: true) { edges { cursor } } }", bearer=member)
    assert listed["data"]["clients"]["edges"] == []


async def test_update_changes_only_the_given_fields(gql: GraphQL, member: str) -> None:
    client = await create_client(
        gql, member, email="a@acme.example", contacts=[{"name": "Ada", "isPrimary": True}]
    )
    body = await gql(
        UPDATE,
        bearer=member,
        id=client["id"],
        input={"name": "Acme AG", "phone": None, "contacts": [{"name": "Eve"}]},
    )
    updated = body["data"]["updateClient"]["client"]
    assert updated["name"] == "Acme AG"
    assert updated["email"] == "a@acme.example"
    assert updated["phone"] is None
    assert [c["name"] for c in updated["contacts"]] == ["Eve"]
    assert updated["updatedAt"] >= client["updatedAt"]


async def test_update_rejects_an_unknown_currency_and_keeps_the_client(
    gql: GraphQL, member: str
) -> None:
    client = await create_client(gql, member)
    body = await gql(UPDATE, bearer=member, id=client["id"], input={"defaultCurrency": "ABC"})
    assert body["data"]["updateClient"]["code"] == "INVALID_CURRENCY"
    body = await gql(UPDATE, bearer=member, id=client["id"], input={"name": None})
    assert body["data"]["updateClient"]["code"] == "INVALID_INPUT"
    fetched = (await gql(GET, bearer=member, id=client["id"]))["data"]["client"]
    assert (fetched["defaultCurrency"], fetched["name"]) == ("EUR", "Acme GmbH")


async def test_update_of_an_unknown_client_is_not_found(gql: GraphQL, member: str) -> None:
    for id_ in (str(uuid.uuid4()), "not-a-uuid"):
        body = await gql(UPDATE, bearer=member, id=id_, input={"name": "X"})
        assert body["data"]["updateClient"]["code"] == "CLIENT_NOT_FOUND"


async def test_archive_and_restore(gql: GraphQL, member: str) -> None:
    client = await create_client(gql, member)
    archived = (await gql(ARCHIVE, bearer=member, id=client["id"]))["data"]["archiveClient"]
    assert archived["client"]["archivedAt"] is not None
    again = (await gql(ARCHIVE, bearer=member, id=client["id"]))["data"]["archiveClient"]
    assert again["code"] == "ALREADY_ARCHIVED"
    restored = (await gql(RESTORE, bearer=member, id=client["id"]))["data"]["restoreClient"]
    assert restored["client"]["archivedAt"] is None
    again = (await gql(RESTORE, bearer=member, id=client["id"]))["data"]["restoreClient"]
    assert again["code"] == "NOT_ARCHIVED"
    missing = (await gql(ARCHIVE, bearer=member, id=str(uuid.uuid4())))["data"]["archiveClient"]
    assert missing["code"] == "CLIENT_NOT_FOUND"


async def test_a_viewer_cannot_write(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, member: str
) -> None:
    viewer = token_for(org_a, role="viewer")
    body = await gql(CREATE, bearer=viewer, input=client_input())
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    client = await create_client(gql, member)
    body = await gql(ARCHIVE, bearer=viewer, id=client["id"])
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # Reading is what a viewer may do.
    assert (await gql(GET, bearer=viewer, id=client["id"]))["data"]["client"]["id"] == client["id"]


async def test_anonymous_callers_are_unauthenticated(gql: GraphQL) -> None:
    body = await gql(CREATE, input=client_input())
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await gql("{ clients { edges { cursor } } }")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_without_an_organisation_is_forbidden(
    gql: GraphQL, token_for: TokenFactory
) -> None:
    body = await gql(CREATE, bearer=token_for(None), input=client_input())
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
