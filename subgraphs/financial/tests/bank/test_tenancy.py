"""One organisation never sees, changes or imports into another's bank data."""

from __future__ import annotations

import uuid

from devstack.factories.financial import create_bank_account, import_statement

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    ACCOUNTS,
    account,
    sample,
    transactions,
)

ENTITIES = """query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Transaction { id amount } } }"""


async def test_org_b_sees_nothing_of_org_a(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    a, b = token_for(org_a), token_for(org_b)
    mine = await create_bank_account(gql, a)
    imported = await import_statement(gql, a, mine["id"], "OFX", sample("statement-1.02.ofx"))
    ids = imported["transactionIds"]
    assert len(ids) == 3

    assert (await gql(ACCOUNTS, bearer=b))["data"]["bankAccounts"] == []
    assert await account(gql, b, mine["id"]) is None
    assert await transactions(gql, b) == []
    assert await transactions(gql, b, accountId=mine["id"]) == []
    representations = [{"__typename": "Transaction", "id": id_} for id_ in ids]
    entities = await gql(ENTITIES, bearer=b, representations=representations)
    assert entities["data"]["_entities"] == [None, None, None]
    own = await gql(ENTITIES, bearer=a, representations=representations)
    assert [entity["id"] for entity in own["data"]["_entities"]] == ids


async def test_org_b_cannot_change_or_import_into_org_a(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    mine = await create_bank_account(gql, token_for(org_a))
    b_admin = token_for(org_b, "admin")
    renamed = await gql(
        'mutation($id: ID!) { updateBankAccount(id: $id, input: {name: "x"}) {'
        " ... on BankError { code } } }",
        bearer=b_admin,
        id=mine["id"],
    )
    assert renamed["data"]["updateBankAccount"] == {"code": "ACCOUNT_NOT_FOUND"}
    archived = await gql(
        "mutation($id: ID!) { archiveBankAccount(id: $id) { ... on BankError { code } } }",
        bearer=b_admin,
        id=mine["id"],
    )
    assert archived["data"]["archiveBankAccount"] == {"code": "ACCOUNT_NOT_FOUND"}
    result = await import_statement(gql, b_admin, mine["id"], "QIF", sample("statement.qif"))
    assert result["code"] == "ACCOUNT_NOT_FOUND"
    assert (await account(gql, token_for(org_a), mine["id"]) or {})["name"] == "Main"
    assert await transactions(gql, token_for(org_a)) == []


async def test_saved_mappings_are_per_organisation(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    saved = await gql(
        """mutation { saveCsvMapping(name: "Mine", layout: {dateColumn: "D", amountColumn: "A"})
           { ... on CsvMappingPayload { mapping { id } } } }""",
        bearer=token_for(org_a),
    )
    mapping_id = saved["data"]["saveCsvMapping"]["mapping"]["id"]
    b = token_for(org_b)
    assert (await gql("{ csvMappings { id } }", bearer=b))["data"]["csvMappings"] == []
    theirs = await create_bank_account(gql, b)
    result = await import_statement(
        gql, b, theirs["id"], "CSV", "D,A\n2026-10-26,1.00\n", csvMappingId=mapping_id
    )
    assert result["code"] == "MAPPING_NOT_FOUND"
