"""Listing transactions (filters, keyset pages, fixed SQL cost), entities and the event."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import event, text

from devstack.factories.financial import create_bank_account, import_statement
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

from ..conftest import GraphQL
from .conftest import (
    ACCOUNTS,
    TRANSACTIONS,
    sample,
    transactions,
)

LAYOUT = {"dateColumn": "Date", "descriptionColumn": "Text", "amountColumn": "Amount"}
TEN_DAYS = "Date,Text,Amount\n" + "".join(
    f"2026-10-{day:02d},Row {day},{day}.00\n" for day in range(10, 20)
)


def request_statements(statements: list[str]) -> list[str]:
    return [s for s in statements if "set_config" not in s and "outbox_events" not in s]


async def test_pages_follow_each_other_newest_first(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    await import_statement(gql, member, account["id"], "CSV", TEN_DAYS, csvMapping=LAYOUT)
    seen: list[str] = []
    after = None
    while True:
        body = await gql(TRANSACTIONS, bearer=member, first=4, after=after)
        connection = body["data"]["bankTransactions"]
        seen += [edge["node"]["bookedOn"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [f"2026-10-{day:02d}" for day in range(19, 9, -1)]
    bad = await gql(TRANSACTIONS, bearer=member, after="nonsense")
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_filters_by_date_search_account_and_category(gql: GraphQL, member: str) -> None:
    first = await create_bank_account(gql, member, name="First")
    second = await create_bank_account(gql, member, name="Second")
    await import_statement(gql, member, first["id"], "CSV", TEN_DAYS, csvMapping=LAYOUT)
    await import_statement(gql, member, second["id"], "QIF", sample("statement.qif"))
    window = await transactions(gql, member, **{"from": "2026-10-12", "to": "2026-10-13"})
    assert [row["description"] for row in window] == ["Row 13", "Row 12"]
    found = await transactions(gql, member, search="telekom")
    assert [row["counterparty"] for row in found] == ["Telekom Deutschland"]
    literal = await transactions(gql, member, search="%")
    assert literal == []
    assert len(await transactions(gql, member, accountId=second["id"])) == 3
    assert len(await transactions(gql, member, uncategorized=True)) == 13


async def test_lists_run_a_fixed_number_of_statements(
    gql: GraphQL, member: str, financial_app: Any
) -> None:
    for index in range(4):
        account = await create_bank_account(gql, member, name=f"A{index}")
        content = sample("statement-2.ofx").replace("X-", f"{index}-")
        await import_statement(gql, member, account["id"], "OFX", content)
    engine = financial_app.state.runtime.database.engine.sync_engine
    query = TRANSACTIONS.replace("importId", "importId account { name balance }")
    counts = []
    for document, variables in [
        (ACCOUNTS, {}),
        (TRANSACTIONS, {"first": 1}),
        (query, {"first": 1}),
        (query, {"first": 8}),
    ]:
        statements: list[str] = []

        def count(*args: Any, _statements: list[str] = statements) -> None:
            _statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            body = await gql(document, bearer=member, **variables)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert "errors" not in body, body
        counts.append(len(request_statements(statements)))
    # Accounts, then every balance in one; a page, plus its accounts and their balances in one
    # statement each, whatever the page size.
    assert counts == [2, 1, 3, 3]


async def test_transactions_resolve_as_entities(gql: GraphQL, member: str) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], "OFX", sample("statement-2.ofx"))
    ids = result["transactionIds"]
    body = await gql(
        """query($r: [_Any!]!) { _entities(representations: $r) {
             ... on Transaction { id amount account { id } } } }""",
        bearer=member,
        r=[{"__typename": "Transaction", "id": id_} for id_ in [*ids, str(uuid.uuid4()), "x"]],
    )
    entities = body["data"]["_entities"]
    assert [entity and entity["id"] for entity in entities] == [*ids, None, None]
    assert {entity["account"]["id"] for entity in entities[:2]} == {account["id"]}


async def test_one_event_per_import_carries_every_new_id(
    gql: GraphQL, member: str, org_a: uuid.UUID, financial_settings: FinancialSettings
) -> None:
    account = await create_bank_account(gql, member)
    result = await import_statement(gql, member, account["id"], "CSV", TEN_DAYS, csvMapping=LAYOUT)
    await import_statement(gql, member, account["id"], "CSV", TEN_DAYS, csvMapping=LAYOUT)
    database = Database(financial_settings.database_url)
    async with database.read() as session:
        rows = (
            await session.execute(
                text(
                    "SELECT organization_id, payload FROM financial.outbox_events"
                    " WHERE type = 'financial.transaction.imported.v1'"
                )
            )
        ).all()
    await database.dispose()
    # One event for the import; none for the re-import, which imported nothing.
    assert len(rows) == 1
    organization_id, payload = rows[0]
    assert organization_id == org_a
    assert (payload if isinstance(payload, dict) else json.loads(payload)) == {
        "import_id": result["bankImport"]["id"],
        "account_id": account["id"],
        "transaction_ids": result["transactionIds"],
    }
