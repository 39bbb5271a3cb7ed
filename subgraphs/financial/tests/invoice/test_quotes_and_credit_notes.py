"""Quotes (answer, conversion) and credit notes (reduce the balance, never below zero)."""

from __future__ import annotations

from financial_subgraph.settings import FinancialSettings

from ..conftest import GraphQL
from .conftest import (
    ACCEPT,
    CONVERT,
    CREATE_CREDIT_NOTE,
    DECLINE,
    GET_INVOICE,
    UPDATE_INVOICE,
    VOID,
    Invoices,
    line,
    outbox_events,
    vat,
)


async def test_a_quote_is_sent_accepted_and_converted_into_a_draft_invoice(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    quote = await invoices.draft(kind="quote", lines=[line(taxes=[vat()])], notes="Offer")
    sent = (await invoices.issue(quote["id"], "2026-04-01"))["invoice"]
    assert (sent["kind"], sent["status"], sent["number"]) == ("QUOTE", "SENT", "QUO-2026-0001")
    accepted = await gql(ACCEPT, bearer=member, id=quote["id"])
    assert accepted["data"]["acceptQuote"]["invoice"]["status"] == "ACCEPTED"
    body = await gql(CONVERT, bearer=member, id=quote["id"])
    invoice = body["data"]["convertQuoteToInvoice"]["invoice"]
    assert (invoice["kind"], invoice["status"], invoice["number"]) == ("INVOICE", "DRAFT", None)
    assert (invoice["sourceQuoteId"], invoice["total"], invoice["notes"]) == (
        quote["id"],
        "119.00",
        "Offer",
    )
    converted = (await gql(GET_INVOICE, bearer=member, id=quote["id"]))["data"]["invoice"]
    assert (converted["status"], converted["convertedInvoiceId"]) == ("CONVERTED", invoice["id"])
    again = await gql(CONVERT, bearer=member, id=quote["id"])
    assert again["data"]["convertQuoteToInvoice"]["code"] == "INVALID_STATE"


async def test_a_declined_quote_cannot_be_converted(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    quote = await invoices.draft(kind="quote")
    unsent = await gql(DECLINE, bearer=member, id=quote["id"])
    assert unsent["data"]["declineQuote"]["code"] == "INVALID_STATE"
    await invoices.issue(quote["id"])
    await gql(DECLINE, bearer=member, id=quote["id"])
    body = await gql(CONVERT, bearer=member, id=quote["id"])
    assert body["data"]["convertQuoteToInvoice"]["code"] == "INVALID_STATE"


async def test_an_invoice_is_not_a_quote(gql: GraphQL, member: str, invoices: Invoices) -> None:
    invoice = await invoices.draft()
    body = await gql(CONVERT, bearer=member, id=invoice["id"])
    assert body["data"]["convertQuoteToInvoice"]["code"] == "INVOICE_NOT_FOUND"


async def create_credit_note(gql: GraphQL, member: str, invoice_id: str, **extra: object) -> dict:
    body = await gql(CREATE_CREDIT_NOTE, bearer=member, input={"invoiceId": invoice_id, **extra})
    return dict(body["data"]["createCreditNote"])


async def test_an_issued_credit_note_reduces_the_invoices_balance(
    gql: GraphQL, member: str, invoices: Invoices, financial_settings: FinancialSettings
) -> None:
    invoice = await invoices.issued(lines=[line(unit_price="200", taxes=[vat()])])
    assert invoice["total"] == "238.00"
    result = await create_credit_note(
        gql, member, invoice["id"], lines=[line("Returned part", "1", "50", taxes=[vat()])]
    )
    credit = result["invoice"]
    assert (credit["kind"], credit["status"], credit["total"]) == ("CREDIT_NOTE", "DRAFT", "59.50")
    assert credit["creditedInvoiceId"] == invoice["id"]
    issued = (await invoices.issue(credit["id"], "2026-05-01"))["invoice"]
    assert (issued["number"], issued["dueDate"]) == ("CN-2026-0001", None)
    fetched = (await gql(GET_INVOICE, bearer=member, id=invoice["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["amountCredited"], fetched["balanceDue"]) == (
        "PARTIALLY_PAID",
        "59.50",
        "178.50",
    )
    assert [note["number"] for note in fetched["creditNotes"]] == ["CN-2026-0001"]
    # The rest is paid: the invoice is settled.
    assert (await invoices.pay(invoice["id"], "178.50"))["invoice"]["status"] == "PAID"
    assert len(await outbox_events(financial_settings, "financial.invoice.paid.v1")) == 1


async def test_a_credit_cannot_exceed_the_balance(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    invoice = await invoices.issued()
    await invoices.pay(invoice["id"], "60.00")
    too_much = await create_credit_note(
        gql, member, invoice["id"], lines=[line(unit_price="40.01")]
    )
    assert too_much["code"] == "CREDIT_EXCEEDS_BALANCE"
    # The whole invoice (100.00) is more than the 40.00 left.
    assert (await create_credit_note(gql, member, invoice["id"]))[
        "code"
    ] == "CREDIT_EXCEEDS_BALANCE"
    fetched = (await gql(GET_INVOICE, bearer=member, id=invoice["id"]))["data"]["invoice"]
    assert fetched["creditNotes"] == []
    # Two drafts that each fit, but not together: the second is refused on issue.
    first = (await create_credit_note(gql, member, invoice["id"], lines=[line(unit_price="30")]))[
        "invoice"
    ]
    second = (await create_credit_note(gql, member, invoice["id"], lines=[line(unit_price="30")]))[
        "invoice"
    ]
    assert (await invoices.issue(first["id"]))["__typename"] == "InvoicePayload"
    assert (await invoices.issue(second["id"]))["code"] == "CREDIT_EXCEEDS_BALANCE"


async def test_a_full_credit_settles_the_invoice(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    invoice = await invoices.issued(
        lines=[line(taxes=[vat()])], discount={"kind": "PERCENT", "value": "10"}
    )
    credit = (await create_credit_note(gql, member, invoice["id"]))["invoice"]
    assert credit["total"] == invoice["total"] == "107.10"
    await invoices.issue(credit["id"])
    fetched = (await gql(GET_INVOICE, bearer=member, id=invoice["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["balanceDue"]) == ("PAID", "0.00")


async def test_voiding_a_credit_note_restores_the_balance(
    gql: GraphQL, admin: str, member: str, invoices: Invoices
) -> None:
    invoice = await invoices.issued()
    credit = (await create_credit_note(gql, member, invoice["id"], lines=[line(unit_price="25")]))[
        "invoice"
    ]
    await invoices.issue(credit["id"])
    # The credited invoice cannot be voided while the credit stands.
    assert (await gql(VOID, bearer=admin, id=invoice["id"], reason="x"))["data"]["voidInvoice"][
        "code"
    ] == "NOT_VOIDABLE"
    voided = await gql(VOID, bearer=admin, id=credit["id"], reason="Issued by mistake")
    assert voided["data"]["voidInvoice"]["invoice"]["status"] == "VOID"
    fetched = (await gql(GET_INVOICE, bearer=member, id=invoice["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["balanceDue"], fetched["amountCredited"]) == (
        "ISSUED",
        "100.00",
        "0.00",
    )


async def test_credit_notes_need_an_open_invoice_and_keep_its_client(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    assert (await create_credit_note(gql, member, draft["id"]))["code"] == "INVALID_STATE"
    quote = await invoices.draft(kind="quote")
    assert (await create_credit_note(gql, member, quote["id"]))["code"] == "INVOICE_NOT_FOUND"
    invoice = await invoices.issued()
    credit = (await create_credit_note(gql, member, invoice["id"], lines=[line(unit_price="5")]))[
        "invoice"
    ]
    other = await invoices.client(name="Someone else")
    body = await gql(
        UPDATE_INVOICE, bearer=member, id=credit["id"], input={"clientId": other["id"]}
    )
    assert body["data"]["updateInvoice"]["code"] == "INVALID_INPUT"
