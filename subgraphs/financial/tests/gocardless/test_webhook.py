"""POST /webhooks/gocardless: signature checked (498 otherwise), batched, duplicated and
out-of-order events applied exactly once, payments never moved backwards."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from financial_subgraph.gocardless.direct_debit.models import ProcessedEvent
from financial_subgraph.gocardless.direct_debit.webhook import InvalidSignature, verified_events

PAID = "financial.payment.received.v1"
FAILED = "financial.payment.failed.v1"


async def _collected(world: Any, admin: str, org: uuid.UUID) -> tuple[uuid.UUID, str]:
    client_id = await world.client(org)
    await world.active_mandate(admin, client_id)
    invoice_id = await world.invoice(org, client_id, unit_price="99.99")
    result = await world.collect(admin, invoice_id)
    return invoice_id, str(result["payment"]["gocardlessId"])


def at(event: dict[str, Any], days_from_now: int) -> dict[str, Any]:
    """`event` stamped `days_from_now` days ahead (events of one payment are days apart)."""
    moment = datetime.now(UTC) + timedelta(days=days_from_now)
    event["created_at"] = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return event


async def _processed(world: Any, org: uuid.UUID) -> int:
    async with world.database.read(organization_id=org) as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedEvent)) or 0)


async def test_confirmed_payment_pays_the_invoice(world: Any, admin: str, org_a: uuid.UUID) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    response = await world.deliver([world.payment_event(payment_id, "confirmed")])
    assert response.status_code == 200
    assert response.json() == {"processed": 1, "duplicates": 0, "unknown": 0}
    invoice = await world.invoice_row(org_a, invoice_id)
    assert (invoice.status, str(invoice.balance_due)) == ("paid", "0.0000")
    (recorded,) = await world.invoice_payments(org_a, invoice_id)
    assert (recorded.source, recorded.external_id, str(recorded.amount)) == (
        "gocardless",
        payment_id,
        "99.9900",
    )
    assert await world.outbox_count(org_a, PAID) == 1
    (payment,) = await world.payments(admin, invoice_id)
    assert payment["status"] == "confirmed"
    assert payment["confirmedAt"]


async def test_bad_or_missing_signature_is_498_and_changes_nothing(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    before = await _processed(world, org_a)
    event = world.payment_event(payment_id, "confirmed")
    forged = await world.deliver([event], signature="0" * 64)
    assert forged.status_code == 498
    assert forged.json()["error"]["code"] == "INVALID_SIGNATURE"
    body, _headers = world.fake.state.webhook([event])
    unsigned = await world.http.post("/webhooks/gocardless", content=body)
    assert unsigned.status_code == 498
    assert await _processed(world, org_a) == before
    assert (await world.invoice_row(org_a, invoice_id)).status == "issued"
    assert await world.invoice_payments(org_a, invoice_id) == []
    assert (await world.payments(admin, invoice_id))[0]["status"] == "pending_submission"


async def test_signed_but_malformed_body_is_400(world: Any) -> None:
    from devstack.fakes.gocardless_state import sign

    body = b'{"not_events": []}'
    headers = {"Webhook-Signature": sign(body, world.fake.state.webhook_secret)}
    response = await world.http.post("/webhooks/gocardless", content=body, headers=headers)
    assert response.status_code == 400


async def test_duplicated_and_out_of_order_batch_ends_in_the_right_state(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    submitted = world.payment_event(payment_id, "submitted")
    confirmed = world.payment_event(payment_id, "confirmed")
    paid_out = world.payment_event(payment_id, "paid_out")
    # paid_out sorted first (its timestamp says it is the oldest), confirmed twice.
    paid_out["created_at"] = "2020-01-01T00:00:00.000Z"
    response = await world.deliver([paid_out, confirmed, submitted, confirmed])
    assert response.json() == {"processed": 3, "duplicates": 1, "unknown": 0}
    (payment,) = await world.payments(admin, invoice_id)
    assert payment["status"] == "paid_out"
    assert len(await world.invoice_payments(org_a, invoice_id)) == 1
    assert (await world.invoice_row(org_a, invoice_id)).status == "paid"
    assert await world.outbox_count(org_a, PAID) == 1


async def test_replaying_a_webhook_changes_nothing(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    events = [world.payment_event(payment_id, "confirmed")]
    assert (await world.deliver(events)).json()["processed"] == 1
    processed = await _processed(world, org_a)
    replay = await world.deliver(events)
    assert replay.json() == {"processed": 0, "duplicates": 1, "unknown": 0}
    assert await _processed(world, org_a) == processed
    assert len(await world.invoice_payments(org_a, invoice_id)) == 1
    assert await world.outbox_count(org_a, PAID) == 1


async def test_failed_payment_emits_payment_failed_and_leaves_the_invoice_due(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    submitted = at(world.payment_event(payment_id, "submitted"), 1)
    failed = at(world.payment_event(payment_id, "failed"), 2)
    await world.deliver([failed])
    await world.deliver([submitted])  # older than the failure: stale
    (payment,) = await world.payments(admin, invoice_id)
    assert payment["status"] == "failed"
    assert payment["failureReason"]
    assert (await world.invoice_row(org_a, invoice_id)).status == "issued"
    assert await world.outbox_count(org_a, FAILED) == 1


async def test_a_chargeback_after_confirmation_reverses_the_payment_once(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    await world.deliver([at(world.payment_event(payment_id, "confirmed"), 1)])
    assert (await world.invoice_row(org_a, invoice_id)).status == "paid"
    chargeback = at(world.payment_event(payment_id, "charged_back"), 20)
    await world.deliver([chargeback])
    await world.deliver([at(world.payment_event(payment_id, "charged_back"), 21)])

    invoice = await world.invoice_row(org_a, invoice_id)
    assert (invoice.status, str(invoice.balance_due)) == ("issued", "99.9900")
    recorded, reversal = sorted(
        await world.invoice_payments(org_a, invoice_id), key=lambda row: row.amount, reverse=True
    )
    assert reversal.reverses_payment_id == recorded.id
    assert str(reversal.amount) == "-99.9900"
    assert await world.outbox_count(org_a, "financial.payment.reversed.v1") == 1
    assert await world.outbox_count(org_a, FAILED) == 1


async def test_a_retried_payment_that_succeeds_pays_the_invoice(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    failed = at(world.payment_event(payment_id, "failed"), 1)
    retried = at(world.payment_event(payment_id, "resubmission_requested"), 2)
    confirmed = at(world.payment_event(payment_id, "confirmed"), 3)
    await world.deliver([failed])
    # The retry's confirmation overtakes the retry request; the first failure comes again.
    await world.deliver([confirmed])
    await world.deliver([retried, failed])
    (payment,) = await world.payments(admin, invoice_id)
    assert payment["status"] == "confirmed"
    assert (await world.invoice_row(org_a, invoice_id)).status == "paid"
    assert await world.outbox_count(org_a, FAILED) == 1
    assert await world.outbox_count(org_a, PAID) == 1


async def test_the_first_attempts_failure_arriving_late_is_stale(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    failed = at(world.payment_event(payment_id, "failed"), 1)
    confirmed = at(world.payment_event(payment_id, "confirmed"), 3)
    assert (await world.deliver([confirmed])).json()["processed"] == 1
    await world.deliver([failed])
    (payment,) = await world.payments(admin, invoice_id)
    assert payment["status"] == "confirmed"
    assert await world.outbox_count(org_a, FAILED) == 0


async def test_cancelled_payment_emits_payment_failed(
    world: Any, admin: str, org_a: uuid.UUID
) -> None:
    invoice_id, payment_id = await _collected(world, admin, org_a)
    await world.deliver([world.payment_event(payment_id, "cancelled")])
    assert (await world.payments(admin, invoice_id))[0]["status"] == "cancelled"
    assert await world.outbox_count(org_a, FAILED) == 1


async def test_events_of_unknown_resources_are_acknowledged_and_skipped(world: Any) -> None:
    stranger = world.fake.state.event("payments", "confirmed", {"payment": "PM_NOT_OURS"})
    response = await world.deliver([stranger])
    assert response.json() == {"processed": 0, "duplicates": 0, "unknown": 1}


async def test_each_event_lands_in_its_own_organisation(
    world: Any, admin: str, token_for: Any, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    invoice_a, payment_a = await _collected(world, admin, org_a)
    invoice_b, payment_b = await _collected(world, token_for(org_b, role="admin"), org_b)
    batch = [world.payment_event(payment_a, "confirmed"), world.payment_event(payment_b, "failed")]
    assert (await world.deliver(batch)).json()["processed"] == 2
    assert (await world.invoice_row(org_a, invoice_a)).status == "paid"
    assert (await world.invoice_row(org_b, invoice_b)).status == "issued"
    assert await world.outbox_count(org_b, FAILED) == 1
    assert await world.outbox_count(org_a, FAILED) == 0


def test_without_a_configured_secret_every_webhook_is_refused(
    world: Any, financial_settings: Any
) -> None:
    event = world.fake.state.event("payments", "confirmed", {"payment": "PM1"})
    body, headers = world.fake.state.webhook([event])
    assert verified_events(body, headers["Webhook-Signature"], financial_settings)
    unconfigured = financial_settings.model_copy(update={"gocardless_webhook_secret": None})
    with pytest.raises(InvalidSignature):
        verified_events(body, headers["Webhook-Signature"], unconfigured)
