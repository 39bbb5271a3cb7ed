"""Collecting an invoice's balance: an idempotency key derived from the invoice, so retries
never charge twice."""

from __future__ import annotations

import uuid
from typing import Any

from devstack.testing import GraphQL
from financial_subgraph.gocardless.direct_debit import gateway


async def _ready(world: Any, admin: str, org: uuid.UUID, price: str = "120.50") -> uuid.UUID:
    client_id = await world.client(org)
    await world.active_mandate(admin, client_id)
    return await world.invoice(org, client_id, unit_price=price)


async def test_collects_the_balance_in_minor_units(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id = await _ready(world, admin, org_a, "120.50")
    result = await world.collect(admin, invoice_id)
    assert result["__typename"] == "GoCardlessPaymentPayload", result
    payment = result["payment"]
    remote = world.fake.state.get("payments", payment["gocardlessId"])
    assert (remote["amount"], remote["currency"]) == (12050, "EUR")
    assert remote["metadata"]["invoice_id"] == str(invoice_id)
    assert (payment["amount"], payment["status"]) == ("120.50", "pending_submission")
    listed = await world.payments(admin, invoice_id)
    assert listed[0]["amount"] == "120.50"


async def test_collecting_twice_creates_one_payment(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id = await _ready(world, admin, org_a)
    first = await world.collect(admin, invoice_id)
    second = await world.collect(admin, invoice_id)
    assert first["payment"]["gocardlessId"] == second["payment"]["gocardlessId"]
    assert len(world.fake.state.of("payments")) == 1
    assert len(await world.payments(admin, invoice_id)) == 1


async def test_retry_after_a_lost_response_reuses_the_gocardless_payment(
    world: Any, admin: str, org_a: uuid.UUID, financial_settings: Any
) -> None:
    invoice_id = await _ready(world, admin, org_a, "80.00")
    invoice = await world.invoice_row(org_a, invoice_id)
    mandate_id = next(iter(world.fake.state.of("mandates")))
    # GoCardless created the payment but the service crashed before storing it.
    lost = await gateway.create_payment(
        financial_settings,
        amount_minor=8000,
        currency="EUR",
        mandate_id=mandate_id,
        idempotency_key=f"invoice-{invoice.id}-8000-0",
        description="lost",
        metadata={},
    )
    result = await world.collect(admin, invoice_id)
    assert result["payment"]["gocardlessId"] == lost.id
    assert len(world.fake.state.of("payments")) == 1


async def test_a_failed_payment_can_be_collected_again(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id = await _ready(world, admin, org_a)
    first = (await world.collect(admin, invoice_id))["payment"]["gocardlessId"]
    await world.deliver([world.payment_event(first, "failed")])
    second = (await world.collect(admin, invoice_id))["payment"]["gocardlessId"]
    assert second != first
    statuses = [p["status"] for p in await world.payments(admin, invoice_id)]
    assert statuses == ["failed", "pending_submission"]


async def test_refusals_are_typed_and_charge_nothing(
    world: Any, gql: GraphQL, admin: str, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    client_id = await world.client(org_a)
    issued = await world.invoice(org_a, client_id)
    assert (await world.collect(admin, issued))["code"] == "NO_ACTIVE_MANDATE"
    await world.active_mandate(admin, client_id)
    draft = await world.invoice(org_a, client_id, issue=False)
    assert (await world.collect(admin, draft))["code"] == "INVOICE_NOT_COLLECTABLE"
    dollars = await world.invoice(org_a, client_id, currency="USD")
    assert (await world.collect(admin, dollars))["code"] == "CURRENCY_MISMATCH"
    assert (await world.collect(admin, uuid.uuid4()))["code"] == "INVOICE_NOT_FOUND"
    other_client = await world.client(org_b)
    foreign = await world.invoice(org_b, other_client)
    assert (await world.collect(admin, foreign))["code"] == "INVOICE_NOT_FOUND"
    assert world.fake.state.of("payments") == {}


async def test_unsupported_currency_is_refused(world: Any, admin: str, org_a: uuid.UUID) -> None:
    client_id = await world.client(org_a)
    await world.active_mandate(admin, client_id)
    yen = await world.invoice(org_a, client_id, unit_price="5000", currency="JPY")
    assert (await world.collect(admin, yen))["code"] == "UNSUPPORTED_CURRENCY"


async def test_viewers_and_members_cannot_collect(
    world: Any, gql: GraphQL, admin: str, token_for: Any, org_a: uuid.UUID
) -> None:
    invoice_id = await _ready(world, admin, org_a)
    for role in ("viewer", "member"):
        body = await gql(
            "mutation($id: ID!) { collectGoCardlessPayment(invoiceId: $id) { __typename } }",
            bearer=token_for(org_a, role=role),
            id=str(invoice_id),
        )
        assert body["data"] is None, role
        assert body["errors"], role
    assert world.fake.state.of("payments") == {}
