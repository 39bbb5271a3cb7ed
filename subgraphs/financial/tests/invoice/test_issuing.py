"""Issuing (numbers, dates, base amounts, event), refusals, voiding and derived overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from financial_subgraph.settings import FinancialSettings

from ..conftest import GraphQL
from .conftest import (
    GET_INVOICE,
    LIST_INVOICES,
    VOID,
    Invoices,
    line,
    outbox_events,
    store_rates,
    vat,
)


async def test_issuing_assigns_number_dates_and_emits_the_event(
    invoices: Invoices, financial_settings: FinancialSettings
) -> None:
    client = await invoices.client(paymentTermsDays=14)
    issued = await invoices.issued(
        client["id"], issue_date="2026-01-30", lines=[line(taxes=[vat()])]
    )
    assert (issued["status"], issued["number"]) == ("ISSUED", "INV-2026-0001")
    assert (issued["issueDate"], issued["dueDate"]) == ("2026-01-30", "2026-02-13")
    assert (issued["baseCurrency"], issued["baseTotal"], issued["exchangeRate"]) == (
        "EUR",
        "119.00",
        "1",
    )
    assert issued["issuedAt"] is not None
    [event] = await outbox_events(financial_settings, "financial.invoice.issued.v1")
    assert event["invoice_id"] == issued["id"]
    assert (event["number"], event["total"], event["due_date"]) == (
        "INV-2026-0001",
        "119.00",
        "2026-02-13",
    )


async def test_issue_date_defaults_to_today(invoices: Invoices) -> None:
    issued = await invoices.issued()
    assert issued["issueDate"] == datetime.now(UTC).date().isoformat()


async def test_a_foreign_currency_invoice_stores_its_base_total_at_the_issue_rate(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    await store_rates(gql, admin)
    client = await invoices.client(defaultCurrency="USD")
    # Sunday 2026-01-11: the last rate published before it is Friday's, 1 EUR = 1.10 USD.
    issued = await invoices.issued(
        client["id"], issue_date="2026-01-11", lines=[line(unit_price="110")]
    )
    assert (issued["currency"], issued["total"]) == ("USD", "110.00")
    assert (issued["baseCurrency"], issued["baseTotal"], issued["rateDate"]) == (
        "EUR",
        "100.00",
        "2026-01-09",
    )


async def test_an_invoice_without_lines_is_refused(invoices: Invoices) -> None:
    draft = await invoices.draft(lines=[])
    result = await invoices.issue(draft["id"])
    assert result["code"] == "NO_LINES"


async def test_a_negative_total_is_refused(invoices: Invoices) -> None:
    draft = await invoices.draft(lines=[line(), line("Refund", "1", "-150")])
    assert draft["total"] == "-50.00"
    result = await invoices.issue(draft["id"])
    assert result["code"] == "NEGATIVE_TOTAL"


async def test_an_issued_invoice_is_not_issued_again(invoices: Invoices) -> None:
    issued = await invoices.issued()
    again = await invoices.issue(issued["id"])
    assert again["code"] == "INVALID_STATE"


async def test_a_refused_issue_writes_nothing(
    gql: GraphQL, member: str, invoices: Invoices, financial_settings: FinancialSettings
) -> None:
    draft = await invoices.draft(lines=[])
    await invoices.issue(draft["id"])
    fetched = (await gql(GET_INVOICE, bearer=member, id=draft["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["number"]) == ("DRAFT", None)
    assert await outbox_events(financial_settings, "financial.invoice.issued.v1") == []


async def test_unknown_ids_are_not_found(invoices: Invoices) -> None:
    for id_ in ("00000000-0000-0000-0000-000000000000", "nope"):
        assert (await invoices.issue(id_))["code"] == "INVOICE_NOT_FOUND"


async def test_void_an_unpaid_invoice_keeps_its_number(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    issued = await invoices.issued(issue_date="2026-03-01")
    body = await gql(VOID, bearer=admin, id=issued["id"], reason="Sent to the wrong client")
    voided = body["data"]["voidInvoice"]["invoice"]
    assert (voided["status"], voided["number"], voided["balanceDue"]) == (
        "VOID",
        issued["number"],
        "0.00",
    )
    assert voided["voidReason"] == "Sent to the wrong client"
    # The next invoice continues the sequence: voiding leaves no gap and frees no number.
    assert (await invoices.issued(issue_date="2026-03-02"))["number"] == "INV-2026-0002"


async def test_only_issued_unpaid_invoices_can_be_voided(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    body = await gql(VOID, bearer=admin, id=draft["id"], reason="x")
    assert body["data"]["voidInvoice"]["code"] == "NOT_VOIDABLE"
    paid = await invoices.issued()
    await invoices.pay(paid["id"], "10.00")
    refused = await gql(VOID, bearer=admin, id=paid["id"], reason="x")
    assert refused["data"]["voidInvoice"]["code"] == "NOT_VOIDABLE"
    blank = await gql(VOID, bearer=admin, id=draft["id"], reason="  ")
    assert blank["data"]["voidInvoice"]["field"] == "reason"


async def test_overdue_is_derived_from_due_date_and_balance(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    today = datetime.now(UTC).date()
    client = (await invoices.client(paymentTermsDays=10))["id"]
    late = await invoices.issued(client, issue_date=(today - timedelta(days=11)).isoformat())
    due_today = await invoices.issued(client, issue_date=(today - timedelta(days=10)).isoformat())
    settled = await invoices.issued(client, issue_date=(today - timedelta(days=30)).isoformat())
    await invoices.pay(settled["id"], "100.00", paid_on=today.isoformat())
    assert (late["overdue"], due_today["overdue"]) == (True, False)
    overdue = await gql(LIST_INVOICES, bearer=member, overdue=True)
    assert [edge["node"]["id"] for edge in overdue["data"]["invoices"]["edges"]] == [late["id"]]
    current = await gql(LIST_INVOICES, bearer=member, overdue=False)
    assert {edge["node"]["id"] for edge in current["data"]["invoices"]["edges"]} == {
        due_today["id"],
        settled["id"],
    }
    assert date.fromisoformat(late["dueDate"]) < today
