"""The bad inputs issue 8 found, one by one, through the router: each is a typed error naming
what was wrong, writes nothing, and quotes nothing at length in the answer or the logs."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from devstack.factories.financial import create_bank_account, create_client, create_invoice, line
from devstack.stack import Stack
from devstack.testing import router_graphql

pytestmark = pytest.mark.e2e

CLIENT = """mutation($input: CreateClientInput!) { createClient(input: $input) {
  __typename ... on ClientPayload { client { id } } ... on ClientError { code } } }"""
ISSUE = """mutation($id: ID!, $date: Date) { issueInvoice(id: $id, issueDate: $date) {
  __typename ... on InvoiceError { code } } }"""
PAYMENT = """mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  __typename ... on InvoiceError { code } } }"""
IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  __typename ... on BankImportError { code rows { field message } } } }"""
PREVIEW = """query($input: PreviewDocumentTemplateInput!) { previewDocumentTemplate(input: $input) {
  __typename ... on DocumentError { code message } } }"""


async def post(router: httpx.AsyncClient, token: str, query: str, **variables: Any) -> Any:
    response = await router.post(
        "/graphql",
        content=json.dumps({"query": query, "variables": variables}),
        headers={"Authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    assert response.status_code == 200, response.text[:500]
    assert len(response.text) < 5_000, response.text[:500]
    return response.json()


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    (error,) = body["errors"]
    assert len(error["message"]) <= 300, error
    return {"message": error["message"], **error["extensions"]}


async def an_invoice(router: httpx.AsyncClient, token: str) -> str:
    client = await create_client(router, token, "Acme")
    invoice = await create_invoice(
        router, token, client["id"], lines=[line("Work", unit_price="100")]
    )
    invoice_id: str = invoice["id"]
    return invoice_id


async def test_a_100_kb_invalid_date_is_neither_echoed_nor_logged_whole(
    router: httpx.AsyncClient, owner_token: str, running_stack: Stack, snapshot: Any
) -> None:
    invoice = await an_invoice(router, owner_token)
    before = await snapshot()
    logs: list[str] = running_stack.config.log_sink.lines  # type: ignore[attr-defined]
    seen = len(logs)
    body = await post(router, owner_token, ISSUE, id=invoice, date="9" * 100_000)
    error = only_error(body)
    assert error["code"] == "INVALID_DATE", error
    assert "issueDate" in error["message"], error
    assert await snapshot() == before
    assert all(len(line) < 10_000 for line in logs[seen:]), max(map(len, logs[seen:]))


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
async def test_dates_at_the_ends_of_the_calendar_are_typed_errors(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any, date: str
) -> None:
    invoice = await an_invoice(router, owner_token)
    before = await snapshot()
    body = await post(router, owner_token, ISSUE, id=invoice, date=date)
    assert only_error(body)["code"] == "DATE_OUT_OF_RANGE"
    assert await snapshot() == before


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "1e400", "9" * 5000])
async def test_non_finite_or_huge_payment_amounts_are_typed_errors(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any, amount: str
) -> None:
    invoice = await an_invoice(router, owner_token)
    await router_graphql(router, ISSUE, owner_token, id=invoice)
    before = await snapshot()
    payment = {"invoiceId": invoice, "amount": amount, "paidOn": "2026-12-01"}
    error = only_error(await post(router, owner_token, PAYMENT, input=payment))
    assert error["code"] == "INVALID_DECIMAL", error
    assert "amount" in error["message"], error
    assert await snapshot() == before


async def test_nul_bytes_in_text_are_a_typed_error_naming_the_field(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any
) -> None:
    before = await snapshot()
    client = {"name": "Acme\x00", "defaultCurrency": "EUR"}
    error = only_error(await post(router, owner_token, CLIENT, input=client))
    assert (error["code"], error["field"]) == ("INVALID_TEXT", "input.name")
    assert await snapshot() == before


async def test_deeply_nested_custom_fields_are_a_typed_error(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any
) -> None:
    # Deeper than the subgraphs' JSON bound (32) but within the router's (64): the subgraph's
    # own check answers.
    nested: Any = "leaf"
    for _ in range(40):
        nested = {"a": nested}
    before = await snapshot()
    client = {"name": "Acme", "defaultCurrency": "EUR", "customFields": nested}
    error = only_error(await post(router, owner_token, CLIENT, input=client))
    assert error["code"] == "JSON_TOO_DEEP", error
    assert "customFields" in error["message"], error
    assert await snapshot() == before


async def test_an_amount_of_1e400_in_a_csv_statement_is_a_row_error(
    router: httpx.AsyncClient, owner_token: str, snapshot: Any
) -> None:
    account = {"account": await create_bank_account(router, owner_token)}
    before = await snapshot()
    statement = {
        "accountId": account["account"]["id"],
        "format": "CSV",
        "content": "Date,Amount\n2026-03-01,1e400\n",
        "csvMapping": {"dateColumn": "Date", "amountColumn": "Amount"},
    }
    body = await post(router, owner_token, IMPORT, input=statement)
    assert "errors" not in body, body
    result = body["data"]["importBankStatement"]
    assert result["__typename"] == "BankImportError", body
    assert result["rows"], result
    assert result["rows"][0]["field"] == "amount", result
    assert await snapshot() == before


async def test_a_template_nested_thousands_deep_is_a_template_error_not_a_timeout(
    router: httpx.AsyncClient, owner_token: str
) -> None:
    html = "<div>" * 5000 + "x" + "</div>" * 5000
    body = await post(router, owner_token, PREVIEW, input={"html": html})
    result = body["data"]["previewDocumentTemplate"]
    assert result["__typename"] == "DocumentError", body
    assert "levels deep" in result["message"], result


async def test_a_subgraph_refuses_a_body_over_its_cap_with_a_code(running_stack: Stack) -> None:
    # Defence in depth behind the router: auth takes at most 1 MiB.
    async with httpx.AsyncClient(base_url=running_stack.url("auth"), timeout=30) as direct:
        response = await direct.post(
            "/graphql",
            content=b'{"query": "{ __typename }", "padding": "' + b"x" * 2_000_000 + b'"}',
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "INPUT_TOO_LARGE"
