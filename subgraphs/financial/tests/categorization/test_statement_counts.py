"""A transaction list with categories and matched invoices costs the same SQL at any size."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from devstack.factories.financial import create_bank_account, create_invoice, issue_invoice, line

from ..conftest import GraphQL, create_client
from .conftest import contains, create_category, create_rule, import_csv, sets

LIST = """query($first: Int!) { bankTransactions(first: $first) { edges { node {
  id categorySource category { fullName path } matchedInvoice { number balanceDue } } } } }"""


async def test_category_and_invoice_fields_add_a_fixed_number_of_statements(
    gql: GraphQL, member: str, admin: str, financial_app: Any
) -> None:
    parent = await create_category(gql, admin, "Parent")
    child = await create_category(gql, admin, "Child", parent_id=parent["id"])
    await create_rule(gql, admin, "All", [contains("row")], [sets(child["id"])])
    client_id = (await create_client(gql, member, name="Acme GmbH"))["id"]
    numbers = []
    for _ in range(3):
        draft = await create_invoice(
            gql, member, client_id, lines=[line("Work", unit_price="10.00")]
        )
        # Issued before the payments are booked: a payment older than its invoice is only
        # suggested.
        issued = await issue_invoice(gql, admin, draft["id"], "2026-04-30")
        numbers.append(issued["invoice"]["number"])
    account_id = (await create_bank_account(gql, admin))["id"]
    # Same client, same amounts: only the numbers tell the three payments apart.
    rows = [
        (f"2026-05-0{day}", f"row {number}", "10.00", "Acme GmbH")
        for day, number in enumerate(numbers, start=1)
    ]
    rows += [(f"2026-04-{day:02d}", f"row x{day}", "-5.00", "Shop") for day in range(1, 9)]
    await import_csv(gql, member, account_id, *rows)

    engine = financial_app.state.runtime.database.engine.sync_engine
    counts = []
    # Newest first: both pages hold matched invoices, the second every other row too.
    for first in (2, 11):
        statements: list[str] = []

        def count(*args: Any, _statements: list[str] = statements) -> None:
            _statements.append(args[2])

        event.listen(engine, "before_cursor_execute", count)
        try:
            body = await gql(LIST, bearer=member, first=first)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert "errors" not in body, body
        nodes = [edge["node"] for edge in body["data"]["bankTransactions"]["edges"]]
        assert len(nodes) == first
        assert all(node["category"]["path"] == ["Parent", "Child"] for node in nodes)
        # The app's outbox relay shares the engine; its polling is not the request's.
        ours = [s for s in statements if "set_config" not in s and "outbox_events" not in s]
        counts.append(len(ours))
    matched = [node for node in nodes if node["matchedInvoice"] is not None]
    assert len(matched) == 3
    # The page, the organisation's category tree, the matched invoices: at any page size.
    assert counts == [3, 3]
