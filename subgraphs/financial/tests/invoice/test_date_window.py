"""Business dates far from today (1900, 1950, 2999) are refused, naming the field."""

from __future__ import annotations

import pytest

from ..conftest import GraphQL
from .conftest import GET_INVOICE, UPDATE_INVOICE, Invoices

# Within the Date scalar's range (1900..2999, refused before any rule), far from today.
FAR_DATES = ["1900-01-01", "1950-06-30", "2999-12-31"]


@pytest.mark.parametrize("day", FAR_DATES)
async def test_an_invoice_is_not_issued_on_a_far_date(
    gql: GraphQL, admin: str, invoices: Invoices, day: str
) -> None:
    draft = await invoices.draft()
    refused = await invoices.issue(draft["id"], day)
    assert (refused["code"], refused["field"]) == ("DATE_OUT_OF_RANGE", "issueDate")
    fetched = (await gql(GET_INVOICE, bearer=admin, id=draft["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["number"]) == ("DRAFT", None)


async def test_quotes_follow_the_same_window(invoices: Invoices) -> None:
    quote = await invoices.draft(kind="quote")
    refused = await invoices.issue(quote["id"], "1900-01-01")
    assert (refused["code"], refused["field"]) == ("DATE_OUT_OF_RANGE", "issueDate")


@pytest.mark.parametrize("day", FAR_DATES)
async def test_a_payment_is_not_dated_far_away(
    gql: GraphQL, member: str, invoices: Invoices, day: str
) -> None:
    invoice = await invoices.issued(issue_date="2026-01-10")
    refused = await invoices.pay(invoice["id"], "100.00", paid_on=day)
    assert (refused["code"], refused["field"]) == ("DATE_OUT_OF_RANGE", "paidOn")
    fetched = (await gql(GET_INVOICE, bearer=member, id=invoice["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["payments"]) == ("ISSUED", [])


async def test_a_deposit_is_not_due_far_away(gql: GraphQL, member: str, invoices: Invoices) -> None:
    client = await invoices.client()
    created = await gql(
        """mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) {
          ... on InvoiceError { code field } } }""",
        bearer=member,
        input={"clientId": client["id"], "deposit": {"amount": "10", "dueDate": "2999-01-01"}},
    )
    assert created["data"]["createInvoice"] == {
        "code": "DATE_OUT_OF_RANGE",
        "field": "deposit.dueDate",
    }
    draft = await invoices.draft(client["id"])
    updated = await gql(
        UPDATE_INVOICE,
        bearer=member,
        id=draft["id"],
        input={"deposit": {"amount": "10", "dueDate": "1900-01-01"}},
    )
    result = updated["data"]["updateInvoice"]
    assert (result["code"], result["field"]) == ("DATE_OUT_OF_RANGE", "deposit.dueDate")
    fetched = (await gql(GET_INVOICE, bearer=member, id=draft["id"]))["data"]["invoice"]
    assert fetched["deposit"] is None
