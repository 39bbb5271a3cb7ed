"""Payments: partial and full, idempotency, refusals, events and realised FX gain or loss."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from financial_subgraph.invoice import service
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.models import InvoicePayment
from financial_subgraph.settings import FinancialSettings
from service_runtime.database import Database

from ..conftest import GraphQL
from .conftest import (
    GET_INVOICE,
    INVOICE_FIELDS,
    PAYMENT_FIELDS,
    VOID,
    Invoices,
    line,
    outbox_events,
    store_rates,
)


async def test_partial_then_full_payment_moves_the_status_and_emits_events(
    gql: GraphQL, member: str, invoices: Invoices, financial_settings: FinancialSettings
) -> None:
    issued = await invoices.issued(lines=[line(unit_price="250.00")])
    first = await invoices.pay(issued["id"], "100.00", method="bank transfer", reference="R-1")
    assert first["invoice"]["status"] == "PARTIALLY_PAID"
    assert (first["invoice"]["amountPaid"], first["invoice"]["balanceDue"]) == ("100.00", "150.00")
    assert (first["payment"]["method"], first["payment"]["source"]) == ("bank transfer", "MANUAL")
    second = await invoices.pay(issued["id"], "150.00", paid_on="2026-01-25")
    assert (second["invoice"]["status"], second["invoice"]["balanceDue"]) == ("PAID", "0.00")
    fetched = (await gql(GET_INVOICE, bearer=member, id=issued["id"]))["data"]["invoice"]
    assert [p["amount"] for p in fetched["payments"]] == ["100.00", "150.00"]
    received = await outbox_events(financial_settings, "financial.payment.received.v1")
    assert [(e["amount"], e["balance_due"]) for e in received] == [
        ("100.00", "150.00"),
        ("150.00", "0.00"),
    ]
    [paid] = await outbox_events(financial_settings, "financial.invoice.paid.v1")
    assert (paid["invoice_id"], paid["paid_on"], paid["total"]) == (
        issued["id"],
        "2026-01-25",
        "250.00",
    )


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("100.01", "OVERPAYMENT"),
        ("0", "INVALID_AMOUNT"),
        ("-5", "INVALID_AMOUNT"),
        ("1.001", "INVALID_AMOUNT"),
    ],
)
async def test_bad_amounts_are_refused_and_change_nothing(
    gql: GraphQL, member: str, invoices: Invoices, amount: str, code: str
) -> None:
    issued = await invoices.issued()
    result = await invoices.pay(issued["id"], amount)
    assert (result["__typename"], result["code"]) == ("InvoiceError", code)
    fetched = (await gql(GET_INVOICE, bearer=member, id=issued["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["amountPaid"], fetched["payments"]) == ("ISSUED", "0.00", [])


async def test_drafts_void_quotes_and_paid_invoices_take_no_payment(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    quote = await invoices.draft(kind="quote")
    voided = await invoices.issued()
    await gql(VOID, bearer=admin, id=voided["id"], reason="duplicate")
    paid = await invoices.issued()
    await invoices.pay(paid["id"], "100.00")
    for invoice in (draft, quote, voided, paid):
        assert (await invoices.pay(invoice["id"], "1.00"))["code"] == "NOT_PAYABLE"
    assert (await invoices.pay(str(uuid.uuid4()), "1.00"))["code"] == "INVOICE_NOT_FOUND"


async def test_the_same_external_id_is_recorded_once(
    invoices: Invoices, financial_settings: FinancialSettings
) -> None:
    issued = await invoices.issued()
    first = await invoices.pay(issued["id"], "40.00", externalId="bank-line-7")
    again = await invoices.pay(issued["id"], "40.00", externalId="bank-line-7")
    assert again["payment"]["id"] == first["payment"]["id"]
    assert again["invoice"]["amountPaid"] == "40.00"
    assert len(await outbox_events(financial_settings, "financial.payment.received.v1")) == 1
    other = await invoices.issued()
    conflict = await invoices.pay(other["id"], "40.00", externalId="bank-line-7")
    assert conflict["code"] == "EXTERNAL_ID_CONFLICT"


async def test_record_payment_is_callable_by_other_domains(
    invoices: Invoices, financial_settings: FinancialSettings, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    issued = await invoices.issued()
    invoice_id = uuid.UUID(issued["id"])
    database = Database(financial_settings.database_url)
    try:
        async with database.write(organization_id=org_a) as session:
            payment = await service.record_payment(
                session,
                org_a,
                invoice_id,
                amount=Decimal("100.00"),
                paid_on=date(2026, 2, 1),
                source="gocardless",
                external_id="PM123",
            )
            assert isinstance(payment, InvoicePayment)
            assert [i.id for i in await service.open_invoices(session, org_a)] == []
        async with database.write(organization_id=org_b) as session:
            foreign = await service.record_payment(
                session,
                org_b,
                invoice_id,
                amount=Decimal(1),
                paid_on=date(2026, 2, 1),
                source="bank",
            )
            assert isinstance(foreign, InvoiceError)
            assert await service.invoice_in_organization(session, org_b, invoice_id) is None
        async with database.write(organization_id=org_a) as session:
            bad_source = await service.record_payment(
                session,
                org_a,
                invoice_id,
                amount=Decimal(1),
                paid_on=date(2026, 2, 1),
                source="cash",
            )
            assert isinstance(bad_source, InvoiceError)
    finally:
        await database.dispose()


async def test_open_invoices_lists_issued_and_partially_paid_invoices_only(
    invoices: Invoices, financial_settings: FinancialSettings, org_a: uuid.UUID
) -> None:
    client = (await invoices.client())["id"]
    await invoices.draft(client)
    issued = await invoices.issued(client, issue_date="2026-01-05")
    partial = await invoices.issued(client, issue_date="2026-01-01")
    await invoices.pay(partial["id"], "1.00")
    paid = await invoices.issued(client)
    await invoices.pay(paid["id"], "100.00")
    database = Database(financial_settings.database_url)
    try:
        async with database.read(organization_id=org_a) as session:
            found = await service.open_invoices(session, org_a)
    finally:
        await database.dispose()
    # By due date: the partially paid one was issued first.
    assert [str(invoice.id) for invoice in found] == [partial["id"], issued["id"]]


async def test_a_foreign_currency_payment_realises_an_fx_gain_or_loss(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    await store_rates(gql, admin)  # 1 EUR = 1.10 USD on 2026-01-09, 1.20 on 2026-02-02
    client = (await invoices.client(defaultCurrency="USD"))["id"]
    issued = await invoices.issued(client, issue_date="2026-01-09", lines=[line(unit_price="110")])
    assert issued["baseTotal"] == "100.00"
    result = await invoices.pay(issued["id"], "55.00", paid_on="2026-02-02")
    payment = result["payment"]
    # 55 USD is 45.83 EUR on 2026-02-02 and was 50.00 EUR at the issue rate: a loss of 4.17.
    assert (payment["baseCurrency"], payment["baseAmount"]) == ("EUR", "45.83")
    assert payment["realisedFxGainLoss"] == "-4.17"


async def test_instalments_at_the_issue_rate_realise_nothing_and_add_up(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    await store_rates(gql, admin)
    client = (await invoices.client(defaultCurrency="USD"))["id"]
    issued = await invoices.issued(client, issue_date="2026-01-09", lines=[line(unit_price="100")])
    assert issued["baseTotal"] == "90.91"
    payments = [
        (await invoices.pay(issued["id"], amount, paid_on="2026-01-09"))["payment"]
        for amount in ("33.33", "33.33", "33.34")
    ]
    assert [p["baseAmount"] for p in payments] == ["30.30", "30.30", "30.31"]
    assert [p["realisedFxGainLoss"] for p in payments] == ["0.00", "0.00", "0.00"]


async def test_a_payment_without_a_rate_for_its_date_is_refused(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    await store_rates(gql, admin)
    client = (await invoices.client(defaultCurrency="USD"))["id"]
    issued = await invoices.issued(client, issue_date="2026-01-09")
    result = await invoices.pay(issued["id"], "10.00", paid_on="2026-06-01")
    assert (result["code"], result["field"]) == ("RATE_NOT_FOUND", "paidOn")


async def test_a_deposit_is_requested_and_shown_as_paid_once_covered(invoices: Invoices) -> None:
    issued = await invoices.issued(deposit={"amount": "30.00", "dueDate": "2026-01-15"})
    assert issued["deposit"] == {"amount": "30.00", "dueDate": "2026-01-15", "paid": False}
    result = await invoices.pay(issued["id"], "30.00")
    assert result["invoice"]["deposit"]["paid"] is True
    assert result["invoice"]["status"] == "PARTIALLY_PAID"


REVERSE = f"""mutation($id: ID!, $reason: String) {{
  reversePayment(paymentId: $id, reason: $reason) {{
    __typename
    ... on PaymentPayload {{ payment {{ {PAYMENT_FIELDS} reversesPaymentId }}
                             invoice {{ {INVOICE_FIELDS} }} }}
    ... on InvoiceError {{ code message field }}
  }} }}"""


async def test_a_reversed_payment_reopens_the_invoice_once_and_mirrors_its_fx(
    gql: GraphQL,
    admin: str,
    member: str,
    invoices: Invoices,
    financial_settings: FinancialSettings,
) -> None:
    await store_rates(gql, admin)
    client = (await invoices.client(defaultCurrency="USD"))["id"]
    issued = await invoices.issued(client, issue_date="2026-01-09", lines=[line(unit_price="110")])
    paid = (await invoices.pay(issued["id"], "110.00", paid_on="2026-02-02"))["payment"]

    refused = await gql(REVERSE, bearer=member, id=paid["id"])
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    first = (await gql(REVERSE, bearer=admin, id=paid["id"], reason="chargeback"))["data"]
    reversal = first["reversePayment"]["payment"]
    assert reversal["reversesPaymentId"] == paid["id"]
    assert reversal["amount"] == "-110.00"
    assert reversal["baseAmount"] == "-" + paid["baseAmount"]
    assert reversal["realisedFxGainLoss"] == str(-Decimal(paid["realisedFxGainLoss"]))
    invoice = first["reversePayment"]["invoice"]
    assert (invoice["status"], invoice["balanceDue"], invoice["amountPaid"]) == (
        "ISSUED",
        "110.00",
        "0.00",
    )
    again = (await gql(REVERSE, bearer=admin, id=paid["id"]))["data"]["reversePayment"]
    assert again["payment"]["id"] == reversal["id"]
    of_reversal = (await gql(REVERSE, bearer=admin, id=reversal["id"]))["data"]
    assert of_reversal["reversePayment"]["code"] == "PAYMENT_NOT_FOUND"
    [event] = await outbox_events(financial_settings, "financial.payment.reversed.v1")
    assert (event["payment_id"], event["balance_due"], event["reason"]) == (
        paid["id"],
        "110.00",
        "chargeback",
    )
    # Paid again in full afterwards, the realised FX adds up to one payment's worth.
    repaid = (await invoices.pay(issued["id"], "110.00", paid_on="2026-02-02"))["payment"]
    assert repaid["realisedFxGainLoss"] == paid["realisedFxGainLoss"]
