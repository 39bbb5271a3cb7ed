"""Who may do what: viewers read; members draft, answer quotes and record payments; admins
issue and void. Every refusal is FORBIDDEN and changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from ..conftest import GraphQL, TokenFactory
from .conftest import (
    CREATE_CREDIT_NOTE,
    CREATE_INVOICE,
    CREATE_QUOTE,
    GET_INVOICE,
    ISSUE,
    LIST_INVOICES,
    RECORD_PAYMENT,
    UPDATE_INVOICE,
    VOID,
    Invoices,
    line,
)


def forbidden(body: dict[str, Any]) -> bool:
    return body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_viewers_read_but_change_nothing(
    gql: GraphQL, viewer: str, invoices: Invoices
) -> None:
    issued = await invoices.issued()
    client_id = issued["clientId"]
    assert (await gql(GET_INVOICE, bearer=viewer, id=issued["id"]))["data"]["invoice"][
        "id"
    ] == issued["id"]
    assert len((await gql(LIST_INVOICES, bearer=viewer))["data"]["invoices"]["edges"]) == 1
    attempts = [
        (CREATE_INVOICE, {"input": {"clientId": client_id, "lines": [line()]}}),
        (CREATE_QUOTE, {"input": {"clientId": client_id, "lines": [line()]}}),
        (UPDATE_INVOICE, {"id": issued["id"], "input": {"notes": "x"}}),
        (
            RECORD_PAYMENT,
            {"input": {"invoiceId": issued["id"], "amount": "1", "paidOn": "2026-01-01"}},
        ),
        (CREATE_CREDIT_NOTE, {"input": {"invoiceId": issued["id"]}}),
        (ISSUE, {"id": issued["id"]}),
        (VOID, {"id": issued["id"], "reason": "x"}),
    ]
    for document, variables in attempts:
        assert forbidden(await gql(document, bearer=viewer, **variables)), document


async def test_members_draft_and_take_payments_but_cannot_issue_or_void(
    gql: GraphQL, member: str, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    assert forbidden(await gql(ISSUE, bearer=member, id=draft["id"]))
    fetched = (await gql(GET_INVOICE, bearer=member, id=draft["id"]))["data"]["invoice"]
    assert (fetched["status"], fetched["number"]) == ("DRAFT", None)
    issued = await invoices.issued()
    assert forbidden(await gql(VOID, bearer=member, id=issued["id"], reason="x"))
    assert (await invoices.pay(issued["id"], "10.00"))["__typename"] == "PaymentPayload"


async def test_anonymous_callers_and_tokens_without_an_organisation_are_refused(
    gql: GraphQL, token_for: TokenFactory
) -> None:
    anonymous = await gql(LIST_INVOICES)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    orgless = await gql(LIST_INVOICES, bearer=token_for(None, "admin"))
    assert orgless["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_organisations_admin_cannot_touch_our_invoices(
    gql: GraphQL, token_for: TokenFactory, invoices: Invoices
) -> None:
    draft = await invoices.draft()
    issued = await invoices.issued()
    stranger = token_for(uuid.uuid4(), "admin")
    assert (await gql(ISSUE, bearer=stranger, id=draft["id"]))["data"]["issueInvoice"][
        "code"
    ] == "INVOICE_NOT_FOUND"
    voided = await gql(VOID, bearer=stranger, id=issued["id"], reason="x")
    assert voided["data"]["voidInvoice"]["code"] == "INVOICE_NOT_FOUND"
    updated = await gql(UPDATE_INVOICE, bearer=stranger, id=draft["id"], input={"notes": "x"})
    assert updated["data"]["updateInvoice"]["code"] == "INVOICE_NOT_FOUND"
    paid = await gql(
        RECORD_PAYMENT,
        bearer=stranger,
        input={"invoiceId": issued["id"], "amount": "1", "paidOn": "2026-01-01"},
    )
    assert paid["data"]["recordPayment"]["code"] == "INVOICE_NOT_FOUND"
    # Their client is not ours either: an invoice for it is CLIENT_NOT_FOUND.
    created = await gql(CREATE_INVOICE, bearer=stranger, input={"clientId": draft["clientId"]})
    assert created["data"]["createInvoice"]["code"] == "CLIENT_NOT_FOUND"
