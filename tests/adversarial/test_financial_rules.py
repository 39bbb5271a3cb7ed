"""Financial business rules through the router (issue 8, items 8 and 9): dates far from
today, discounts larger than what they reduce, non-tender currencies, a payment booked before
its invoice was issued, and statement cells that would run as spreadsheet formulas.

Each refused input answers a typed error naming the field and writes nothing.
"""

from __future__ import annotations

import asyncio
import csv
import io
from typing import Any

import httpx
import pytest

from devstack.testing import router_graphql as graphql

pytestmark = pytest.mark.e2e

# Within the Date scalar's range (1900..2999, refused before any rule), far from today.
FAR_DATES = ["1900-01-01", "1950-06-30", "2999-12-31"]
NON_TENDER = ["XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBD", "XSU", "XUA"]

CREATE_CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  __typename ... on ClientPayload { client { id } } ... on ClientError { code field } } }"""
CREATE_INVOICE = """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
  __typename ... on InvoicePayload { invoice { id total } }
  ... on InvoiceError { code field } } }"""
ISSUE = """mutation($id: ID!, $on: Date) { issueInvoice(id: $id, issueDate: $on) {
  __typename ... on InvoicePayload { invoice { id number status } }
  ... on InvoiceError { code field } } }"""
PAY = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  __typename ... on PaymentPayload { invoice { status } }
  ... on InvoiceError { code field } } }"""
SCHEDULE = """mutation($input: CreateRecurringInvoiceInput!) {
  createRecurringInvoice(input: $input) { __typename ... on ScheduleError { code field } } }"""
RUN = """mutation($asOf: Date) { runSchedules(asOf: $asOf) {
  __typename ... on ScheduleError { code field } } }"""
CREATE_ACCOUNT = """mutation($input: CreateBankAccountInput!) { createBankAccount(input: $input) {
  __typename ... on BankAccountPayload { account { id } } ... on BankError { code field } } }"""
BASE_CURRENCY = """mutation($code: String!) { updateFinancialSettings(baseCurrency: $code) {
  __typename ... on SettingsError { code } } }"""
IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  __typename ... on ImportBankStatementPayload { transactionIds formulaCells
    warnings { row field message } }
  ... on BankImportError { code message } } }"""
TRANSACTIONS = """{ bankTransactions(first: 20) { edges { node {
  description counterparty invoiceId } } } }"""
INVOICE = "query($id: ID!) { invoice(id: $id) { status payments { amount } } }"
UNMATCHED = """{ unmatchedPayments { edges { node {
  candidates { invoiceId reasons } } } } }"""
EXPORT = "{ bankTransactionsCsv { content rows truncated } }"
LAYOUT = {
    "dateColumn": "Date",
    "descriptionColumn": "Text",
    "counterpartyColumn": "Payee",
    "amountColumn": "Amount",
}


def result(body: dict[str, Any], field: str) -> dict[str, Any]:
    assert "errors" not in body, body
    return dict(body["data"][field])


async def settled(snapshot: Any) -> dict[str, int]:
    """Row counts once the set-up's asynchronous effects (events, inboxes) have landed."""
    before = await snapshot()
    for _ in range(20):
        await asyncio.sleep(0.25)
        now = await snapshot()
        if now == before:
            return dict(now)
        before = now
    return dict(before)


async def client_and_draft(router: httpx.AsyncClient, token: str, **draft: Any) -> str:
    client = {"name": "Acme GmbH", "defaultCurrency": "EUR"}
    created = result(await graphql(router, CREATE_CLIENT, token, input=client), "createClient")
    lines = [{"description": "Work", "quantity": "1", "unitPrice": "100.00"}]
    fields = {"clientId": created["client"]["id"], "lines": lines, **draft}
    invoice = result(await graphql(router, CREATE_INVOICE, token, input=fields), "createInvoice")
    assert invoice["__typename"] == "InvoicePayload", invoice
    return str(invoice["invoice"]["id"])


async def test_far_dates_are_refused_and_write_nothing(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any, assert_typed: Any
) -> None:
    draft_id = await client_and_draft(router, owner_token)
    issued_id = await client_and_draft(router, owner_token)
    issued = result(await graphql(router, ISSUE, owner_token, id=issued_id), "issueInvoice")
    assert issued["__typename"] == "InvoicePayload", issued
    client = result(
        await graphql(
            router, CREATE_CLIENT, owner_token, input={"name": "Schedule", "defaultCurrency": "EUR"}
        ),
        "createClient",
    )["client"]["id"]
    before = await settled(snapshot)
    for day in FAR_DATES:
        line = {"description": "Hosting", "quantity": "1", "unitPrice": "10"}
        schedule = {"clientId": client, "frequency": "MONTHLY", "lines": [line], "startOn": day}
        payment = {"invoiceId": issued_id, "amount": "100.00", "paidOn": day}
        attempts = [
            (await graphql(router, ISSUE, owner_token, id=draft_id, on=day), "issueInvoice"),
            (await graphql(router, PAY, owner_token, input=payment), "recordPayment"),
            (
                await graphql(router, SCHEDULE, owner_token, input=schedule),
                "createRecurringInvoice",
            ),
        ]
        if day < "2000":  # asOf is already capped at a year ahead
            attempts.append((await graphql(router, RUN, owner_token, asOf=day), "runSchedules"))
        for body, field in attempts:
            assert_typed(body)
            refused = result(body, field)
            assert refused["code"] == "DATE_OUT_OF_RANGE", (day, field, refused)
            assert refused["field"] in {"issueDate", "paidOn", "startOn", "asOf"}, refused
    assert await snapshot() == before


async def test_discounts_larger_than_what_they_reduce_are_refused(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any, assert_typed: Any
) -> None:
    created = result(
        await graphql(
            router, CREATE_CLIENT, owner_token, input={"name": "Acme", "defaultCurrency": "EUR"}
        ),
        "createClient",
    )
    client_id = created["client"]["id"]
    before = await settled(snapshot)
    fine = {"description": "Work", "quantity": "2", "unitPrice": "50.00"}
    cases = [
        ({"kind": "AMOUNT", "value": "100.01"}, None, "DISCOUNT_TOO_LARGE", "lines[1].discount"),
        ({"kind": "PERCENT", "value": "100.5"}, None, "DISCOUNT_TOO_LARGE", "lines[1].discount"),
        ({"kind": "AMOUNT", "value": "-1"}, None, "INVALID_INPUT", "lines[1].discount"),
        (None, {"kind": "AMOUNT", "value": "200.01"}, "DISCOUNT_TOO_LARGE", "discount"),
    ]
    for line_discount, document_discount, code, field in cases:
        line = {**fine, "discount": line_discount} if line_discount else fine
        draft = {"clientId": client_id, "lines": [fine, line], "discount": document_discount}
        body = await graphql(router, CREATE_INVOICE, owner_token, input=draft)
        assert_typed(body)
        refused = result(body, "createInvoice")
        assert (refused["code"], refused["field"]) == (code, field), refused
    assert await snapshot() == before


async def test_non_tender_currencies_are_refused_everywhere(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any, assert_typed: Any
) -> None:
    created = result(
        await graphql(
            router, CREATE_CLIENT, owner_token, input={"name": "Acme", "defaultCurrency": "EUR"}
        ),
        "createClient",
    )
    lines = [{"description": "Work", "quantity": "1", "unitPrice": "1.00"}]
    before = await settled(snapshot)
    for code in NON_TENDER:
        client = {"name": "Gold", "defaultCurrency": code}
        draft = {"clientId": created["client"]["id"], "currency": code, "lines": lines}
        account = {"name": "Vault", "currency": code}
        attempts = [
            (await graphql(router, CREATE_CLIENT, owner_token, input=client), "createClient"),
            (await graphql(router, CREATE_INVOICE, owner_token, input=draft), "createInvoice"),
            (
                await graphql(router, CREATE_ACCOUNT, owner_token, input=account),
                "createBankAccount",
            ),
            (
                await graphql(router, BASE_CURRENCY, owner_token, code=code),
                "updateFinancialSettings",
            ),
        ]
        for body, field in attempts:
            assert_typed(body)
            refused = result(body, field)
            assert refused["code"] in {"INVALID_CURRENCY", "UNKNOWN_CURRENCY"}, (code, refused)
    assert await snapshot() == before


async def test_a_payment_booked_before_the_invoice_was_issued_is_only_suggested(
    router: httpx.AsyncClient, owner_token: str
) -> None:
    invoice_id = await client_and_draft(router, owner_token)
    issued = result(
        await graphql(router, ISSUE, owner_token, id=invoice_id, on="2026-04-02"), "issueInvoice"
    )
    number = issued["invoice"]["number"]
    account = result(
        await graphql(
            router, CREATE_ACCOUNT, owner_token, input={"name": "Main", "currency": "EUR"}
        ),
        "createBankAccount",
    )["account"]["id"]
    # Number, amount and payer all fit; the money was booked a month before the invoice.
    content = f"Date,Text,Payee,Amount\n2026-03-02,Payment {number},ACME GMBH,100.00\n"
    statement = {"accountId": account, "format": "CSV", "content": content, "csvMapping": LAYOUT}
    imported = result(
        await graphql(router, IMPORT, owner_token, input=statement), "importBankStatement"
    )
    assert imported["__typename"] == "ImportBankStatementPayload", imported
    invoice = (await graphql(router, INVOICE, owner_token, id=invoice_id))["data"]["invoice"]
    assert invoice == {"status": "ISSUED", "payments": []}
    [row] = [
        e["node"]
        for e in result(await graphql(router, TRANSACTIONS, owner_token), "bankTransactions")[
            "edges"
        ]
    ]
    assert row["invoiceId"] is None
    [review] = result(await graphql(router, UNMATCHED, owner_token), "unmatchedPayments")["edges"]
    [candidate] = review["node"]["candidates"]
    assert candidate["invoiceId"] == invoice_id
    assert "booked 31 days before the invoice was issued" in candidate["reasons"]


async def test_formula_cells_are_flagged_on_import_and_neutralised_on_export(
    router: httpx.AsyncClient, owner_token: str
) -> None:
    account = result(
        await graphql(
            router, CREATE_ACCOUNT, owner_token, input={"name": "Main", "currency": "EUR"}
        ),
        "createBankAccount",
    )["account"]["id"]
    content = (
        "Date,Text,Payee,Amount\n"
        '2026-03-02,"=HYPERLINK(""http://evil.example/?"",""Refund"")",Shop,-1.00\n'
        "2026-03-03,Salary,@SUM(A1:A9),2500.00\n"
        "2026-03-04,Coffee,Cafe,-3.20\n"
    )
    statement = {"accountId": account, "format": "CSV", "content": content, "csvMapping": LAYOUT}
    imported = result(
        await graphql(router, IMPORT, owner_token, input=statement), "importBankStatement"
    )
    assert imported["__typename"] == "ImportBankStatementPayload", imported
    assert imported["formulaCells"] == 2
    assert [(w["row"], w["field"]) for w in imported["warnings"]] == [
        (2, "description"),
        (3, "counterparty"),
    ]
    rows = result(await graphql(router, TRANSACTIONS, owner_token), "bankTransactions")["edges"]
    stored = {e["node"]["counterparty"]: e["node"]["description"] for e in rows}
    assert stored["Shop"] == '=HYPERLINK("http://evil.example/?","Refund")'
    exported = result(await graphql(router, EXPORT, owner_token), "bankTransactionsCsv")
    lines = list(csv.reader(io.StringIO(exported["content"])))
    by_payee = {line[5].lstrip("'"): line for line in lines[1:]}
    assert by_payee["Shop"][4] == "'" + stored["Shop"]
    assert by_payee["@SUM(A1:A9)"][5] == "'@SUM(A1:A9)"
    assert [line[2] for line in lines[1:]] == ["-1.00", "2500.00", "-3.20"]  # numbers stay
