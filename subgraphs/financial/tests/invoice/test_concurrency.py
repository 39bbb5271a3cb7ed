"""Concurrent issuing: numbers never duplicate and never skip."""

from __future__ import annotations

import asyncio

from ..conftest import GraphQL
from .conftest import ISSUE, Invoices

CONCURRENT = 50


async def test_fifty_concurrent_issues_get_fifty_consecutive_numbers(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    client = (await invoices.client())["id"]
    drafts = [(await invoices.draft(client))["id"] for _ in range(CONCURRENT)]
    # One request more for an invoice already in flight: it must not take a number.
    bodies = await asyncio.gather(
        *(gql(ISSUE, bearer=admin, id=id_, issueDate="2026-06-01") for id_ in [*drafts, drafts[0]])
    )
    results = [body["data"]["issueInvoice"] for body in bodies]
    numbers = [r["invoice"]["number"] for r in results if r["__typename"] == "InvoicePayload"]
    refused = [r["code"] for r in results if r["__typename"] == "InvoiceError"]
    assert refused == ["INVALID_STATE"]
    assert sorted(numbers) == [f"INV-2026-{n:04d}" for n in range(1, CONCURRENT + 1)]
    # The next one continues the sequence.
    assert (await invoices.issued(client, issue_date="2026-06-02"))["number"] == "INV-2026-0051"


async def test_concurrent_payments_never_overpay(gql: GraphQL, invoices: Invoices) -> None:
    issued = await invoices.issued()
    results = await asyncio.gather(*(invoices.pay(issued["id"], "60.00") for _ in range(5)))
    kinds = sorted(result.get("code") or result["__typename"] for result in results)
    assert kinds == ["OVERPAYMENT"] * 4 + ["PaymentPayload"]
    paid = [r["invoice"] for r in results if r["__typename"] == "PaymentPayload"]
    assert (paid[0]["amountPaid"], paid[0]["balanceDue"]) == ("60.00", "40.00")
