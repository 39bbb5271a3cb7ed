"""cancelGoCardlessPayment: only before submission, announced like a failed payment, once."""

from __future__ import annotations

import uuid
from typing import Any

from devstack.testing import GraphQL

CANCEL = """mutation($id: ID!) { cancelGoCardlessPayment(paymentId: $id) {
  __typename
  ... on GoCardlessPaymentPayload { payment { status failureReason } }
  ... on GoCardlessError { code field } } }"""
FAILED = "financial.payment.failed.v1"


async def _collected(world: Any, admin: str, org: uuid.UUID) -> tuple[uuid.UUID, dict[str, Any]]:
    client_id = await world.client(org)
    await world.active_mandate(admin, client_id)
    invoice_id = await world.invoice(org, client_id)
    payment: dict[str, Any] = (await world.collect(admin, invoice_id))["payment"]
    return invoice_id, payment


async def test_cancelling_a_pending_payment(
    world: Any, gql: GraphQL, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment = await _collected(world, admin, org_a)
    body = await gql(CANCEL, bearer=admin, id=payment["id"])
    assert body["data"]["cancelGoCardlessPayment"]["payment"]["status"] == "cancelled"
    assert world.fake.state.get("payments", payment["gocardlessId"])["status"] == "cancelled"
    assert await world.outbox_count(org_a, FAILED) == 1
    # GoCardless's own cancellation webhook follows and changes nothing.
    cancelled = world.fake.state.event(
        "payments", "cancelled", {"payment": payment["gocardlessId"]}
    )
    await world.deliver([cancelled])
    assert await world.outbox_count(org_a, FAILED) == 1
    # The invoice is still due: a new collection is a new payment.
    again = await world.collect(admin, invoice_id)
    assert again["payment"]["gocardlessId"] != payment["gocardlessId"]


async def test_a_submitted_payment_cannot_be_cancelled(
    world: Any, gql: GraphQL, admin: str, org_a: uuid.UUID
) -> None:
    _invoice_id, payment = await _collected(world, admin, org_a)
    await world.deliver([world.payment_event(payment["gocardlessId"], "submitted")])
    body = await gql(CANCEL, bearer=admin, id=payment["id"])
    assert body["data"]["cancelGoCardlessPayment"]["code"] == "PAYMENT_NOT_CANCELLABLE"
    assert world.fake.state.get("payments", payment["gocardlessId"])["status"] == "submitted"


async def test_gocardless_refusing_the_cancel_leaves_the_payment(
    world: Any, gql: GraphQL, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment = await _collected(world, admin, org_a)
    # Submitted at GoCardless; its webhook has not arrived yet.
    world.payment_event(payment["gocardlessId"], "submitted")
    body = await gql(CANCEL, bearer=admin, id=payment["id"])
    assert body["data"]["cancelGoCardlessPayment"]["code"] == "PAYMENT_NOT_CANCELLABLE"
    assert (await world.payments(admin, invoice_id))[0]["status"] == "pending_submission"
    assert await world.outbox_count(org_a, FAILED) == 0


async def test_unknown_or_foreign_payments_are_not_found(
    world: Any, gql: GraphQL, admin: str, token_for: Any, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    _invoice_id, payment = await _collected(world, admin, org_a)
    for token, id_ in ((admin, str(uuid.uuid4())), (token_for(org_b, role="admin"), payment["id"])):
        body = await gql(CANCEL, bearer=token, id=id_)
        assert body["data"]["cancelGoCardlessPayment"]["code"] == "PAYMENT_NOT_FOUND"
    assert (
        world.fake.state.get("payments", payment["gocardlessId"])["status"] == "pending_submission"
    )
