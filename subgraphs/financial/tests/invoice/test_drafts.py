"""Creating and editing drafts: totals, defaults from the client, typed errors."""

from __future__ import annotations

from typing import Any

import pytest

from ..conftest import GraphQL
from .conftest import CONVERT, CREATE_INVOICE, GET_INVOICE, UPDATE_INVOICE, Invoices, line, vat


async def create(gql: GraphQL, member: str, **input: Any) -> dict[str, Any]:
    body = await gql(CREATE_INVOICE, bearer=member, input=input)
    return dict(body["data"]["createInvoice"])


async def test_a_draft_has_lines_taxes_and_exact_totals(invoices: Invoices) -> None:
    client = await invoices.client(defaultCurrency="CAD", paymentTermsDays=14)
    draft = await invoices.draft(
        client["id"],
        lines=[
            line("Design", "3", "19.99", taxes=[vat("5"), vat("9.975", compound=True)]),
            line("Hosting", "1", "119", taxes=[vat("19", mode="INCLUSIVE")]),
            line("Support", "4", "25", discount={"kind": "PERCENT", "value": "15"}),
        ],
        discount={"kind": "AMOUNT", "value": "10.00"},
        notes="Thanks",
    )
    assert (draft["status"], draft["number"], draft["currency"]) == ("DRAFT", None, "CAD")
    assert draft["paymentTermsDays"] == 14
    design, hosting, support = draft["lines"]
    assert [tax["name"] for tax in design["taxes"]] == ["VAT", "VAT"]
    assert support["amount"] == "85.00"
    # Lines 59.97 + 119.00 + 85.00 = 263.97; the 10.00 discount is spread 2.27 / 4.51 / 3.22.
    assert [x["documentDiscount"] for x in draft["lines"]] == ["2.27", "4.51", "3.22"]
    assert design["taxes"][0]["amount"] == "2.89"  # 57.70 x 5 % = 2.885
    assert design["taxes"][1]["amount"] == "6.04"  # 60.59 x 9.975 % = 6.0438...
    assert hosting["netAmount"] == "96.21"  # 114.49 / 1.19 = 96.21, VAT 18.28
    assert hosting["taxes"][0]["amount"] == "18.28"
    assert draft["subtotal"] == "263.97"
    assert draft["discountTotal"] == "10.00"
    assert draft["taxTotal"] == "27.21"
    assert draft["netTotal"] == "235.69"  # 57.70 + 96.21 + 81.78
    assert draft["total"] == "262.90"  # 263.97 - 10.00 + the exclusive 8.93
    assert draft["balanceDue"] == draft["total"]


async def test_currency_and_terms_come_from_the_client_unless_given(invoices: Invoices) -> None:
    client = await invoices.client(defaultCurrency="JPY", paymentTermsDays=7)
    draft = await invoices.draft(client["id"], lines=[line(unit_price="333.5")])
    assert (draft["currency"], draft["paymentTermsDays"], draft["total"]) == ("JPY", 7, "334")
    given = await invoices.draft(client["id"], currency="bhd", paymentTermsDays=0)
    assert (given["currency"], given["paymentTermsDays"], given["total"]) == ("BHD", 0, "100.000")


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"currency": "XYZ"}, "UNKNOWN_CURRENCY", "currency"),
        ({"clientId": "00000000-0000-0000-0000-000000000000"}, "CLIENT_NOT_FOUND", "clientId"),
        ({"clientId": "not-an-id"}, "CLIENT_NOT_FOUND", "clientId"),
        ({"lines": [line(description=" ")]}, "INVALID_INPUT", "lines[0].description"),
        ({"lines": [line(unit_price="1.0000001")]}, "INVALID_INPUT", "lines[0].unitPrice"),
        ({"lines": [line(taxes=[vat("101")])]}, "INVALID_INPUT", "lines[0].taxes[0].rate"),
        ({"lines": [line(taxes=[vat("-1")])]}, "INVALID_INPUT", "lines[0].taxes[0].rate"),
        ({"lines": [line(taxes=[vat()] * 6)]}, "INVALID_INPUT", "lines[0].taxes"),
        (
            {"lines": [line(discount={"kind": "PERCENT", "value": "120"})]},
            "DISCOUNT_TOO_LARGE",
            "lines[0].discount",
        ),
        (
            {
                "lines": [
                    line(),
                    line("Travel", "2", "50", discount={"kind": "AMOUNT", "value": "100.01"}),
                ]
            },
            "DISCOUNT_TOO_LARGE",
            "lines[1].discount",
        ),
        (
            {
                "lines": [
                    line(),
                    line("Refund", "1", "-5", discount={"kind": "AMOUNT", "value": "1"}),
                ]
            },
            "DISCOUNT_TOO_LARGE",
            "lines[1].discount",
        ),
        (
            {"lines": [line(discount={"kind": "PERCENT", "value": "-1"})]},
            "INVALID_INPUT",
            "lines[0].discount",
        ),
        ({"discount": {"kind": "AMOUNT", "value": "100.01"}}, "DISCOUNT_TOO_LARGE", "discount"),
        ({"currency": "XXX"}, "UNKNOWN_CURRENCY", "currency"),
        ({"currency": "XAU"}, "UNKNOWN_CURRENCY", "currency"),
        ({"currency": "DEM"}, "UNKNOWN_CURRENCY", "currency"),
        ({"discount": {"kind": "AMOUNT", "value": "0.001"}}, "INVALID_INPUT", "discount"),
        ({"discount": {"kind": "AMOUNT", "value": "-5"}}, "INVALID_INPUT", "discount"),
        ({"paymentTermsDays": -1}, "INVALID_INPUT", "paymentTermsDays"),
        ({"deposit": {"amount": "500"}}, "INVALID_INPUT", "depositAmount"),
        ({"notes": "x" * 20_001}, "INVALID_INPUT", "notes"),
    ],
)
async def test_bad_input_is_a_typed_error_and_writes_nothing(
    gql: GraphQL, member: str, invoices: Invoices, overrides: dict[str, Any], code: str, field: str
) -> None:
    client = await invoices.client()
    result = await create(gql, member, **{"clientId": client["id"], "lines": [line()], **overrides})
    assert (result["__typename"], result["code"], result["field"]) == ("InvoiceError", code, field)
    listed = await gql("{ invoices { edges { node { id } } } }", bearer=member)
    assert listed["data"]["invoices"]["edges"] == []


async def test_a_discount_may_take_exactly_what_it_reduces(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    client = await invoices.client()
    whole_line = line("Gift", "2", "50", discount={"kind": "AMOUNT", "value": "100.00"})
    draft = await invoices.draft(client["id"], lines=[line(), whole_line])
    assert [x["amount"] for x in draft["lines"]] == ["100.00", "0.00"]
    everything = {"kind": "AMOUNT", "value": "100.00"}
    free = await invoices.draft(client["id"], lines=[line()], discount=everything)
    assert (free["discountTotal"], free["total"]) == ("100.00", "0.00")


async def test_a_draft_is_edited_and_its_lines_replaced(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    draft = await invoices.draft(lines=[line(), line("Travel", "2", "50")])
    body = await gql(
        UPDATE_INVOICE,
        bearer=member,
        id=draft["id"],
        input={"lines": [line("Only", "1", "10", taxes=[vat()])], "notes": "changed"},
    )
    updated = body["data"]["updateInvoice"]["invoice"]
    assert [x["description"] for x in updated["lines"]] == ["Only"]
    assert (updated["notes"], updated["total"]) == ("changed", "11.90")
    fetched = (await gql(GET_INVOICE, bearer=member, id=draft["id"]))["data"]["invoice"]
    assert [x["description"] for x in fetched["lines"]] == ["Only"]
    untouched = await gql(UPDATE_INVOICE, bearer=member, id=draft["id"], input={"terms": "Net 30"})
    assert untouched["data"]["updateInvoice"]["invoice"]["notes"] == "changed"


async def test_an_issued_invoice_cannot_be_edited(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    issued = await invoices.issued()
    body = await gql(UPDATE_INVOICE, bearer=member, id=issued["id"], input={"notes": "sneaky"})
    assert body["data"]["updateInvoice"]["code"] == "INVOICE_NOT_EDITABLE"
    fetched = (await gql(GET_INVOICE, bearer=member, id=issued["id"]))["data"]["invoice"]
    assert fetched["notes"] is None


async def test_a_failed_update_changes_nothing(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    body = await gql(
        UPDATE_INVOICE,
        bearer=member,
        id=draft["id"],
        input={"notes": "new", "lines": [line(taxes=[vat("300")])]},
    )
    assert body["data"]["updateInvoice"]["code"] == "INVALID_INPUT"
    fetched = (await gql(GET_INVOICE, bearer=member, id=draft["id"]))["data"]["invoice"]
    assert (fetched["notes"], fetched["total"]) == (None, "100.00")


async def test_null_client_or_currency_is_refused(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    for field in ("clientId", "currency"):
        body = await gql(UPDATE_INVOICE, bearer=member, id=draft["id"], input={field: None})
        assert body["data"]["updateInvoice"]["field"] == field


DELETE = """mutation($id: ID!) { deleteInvoiceDraft(id: $id) {
  __typename ... on DeletedInvoice { id } ... on InvoiceError { code } } }"""


async def test_drafts_are_deleted_and_issued_invoices_are_not(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    body = await gql(DELETE, bearer=member, id=draft["id"])
    assert body["data"]["deleteInvoiceDraft"] == {"__typename": "DeletedInvoice", "id": draft["id"]}
    assert (await gql(GET_INVOICE, bearer=member, id=draft["id"]))["data"]["invoice"] is None
    issued = await invoices.issued()
    refused = await gql(DELETE, bearer=member, id=issued["id"])
    assert refused["data"]["deleteInvoiceDraft"]["code"] == "INVOICE_NOT_EDITABLE"


async def test_deleting_a_converted_draft_hands_the_quote_back(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    quote = await invoices.draft(kind="quote")
    converted = await gql(CONVERT, bearer=member, id=quote["id"])
    invoice_id = converted["data"]["convertQuoteToInvoice"]["invoice"]["id"]
    await gql(DELETE, bearer=member, id=invoice_id)
    fetched = (await gql(GET_INVOICE, bearer=member, id=quote["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["convertedInvoiceId"]) == ("ACCEPTED", None)
