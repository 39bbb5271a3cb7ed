"""Envelope validation: versioned types only, payloads read back only as their own type."""

from __future__ import annotations

import re
import uuid
from typing import ClassVar

import pytest
from pydantic import ValidationError

from service_runtime.events import EventEnvelope, EventPayload, stream_for


class InvoiceIssued(EventPayload):
    event_type: ClassVar[str] = "financial.invoice.issued.v1"
    invoice_id: uuid.UUID


class UserRegistered(EventPayload):
    event_type: ClassVar[str] = "auth.user.registered.v1"
    user_id: uuid.UUID


@pytest.mark.parametrize(
    "event_type",
    [
        "financial.invoice.issued",  # no version
        "financial.v1",  # no entity or action
        "Financial.invoice.issued.v1",  # upper case
        "financial.invoice-issued.v1",  # hyphen
        "financial2.invoice.issued.v1",  # digit in the domain
    ],
)
def test_envelope_rejects_event_type_that_is_not_domain_entity_action_version(
    event_type: str,
) -> None:
    with pytest.raises(ValidationError, match=re.escape("domain.entity.action.v1")):
        EventEnvelope(type=event_type, payload={})


def test_wrapped_payload_reads_back_as_its_own_type_with_version() -> None:
    payload = InvoiceIssued(invoice_id=uuid.uuid4())
    envelope = EventEnvelope.wrap(payload, organization_id=uuid.uuid4())
    assert envelope.version == 1
    assert envelope.payload_as(InvoiceIssued) == payload


def test_payload_as_another_event_type_raises() -> None:
    envelope = EventEnvelope.wrap(InvoiceIssued(invoice_id=uuid.uuid4()), organization_id=None)
    with pytest.raises(ValueError, match=re.escape("is not a auth.user.registered.v1")):
        envelope.payload_as(UserRegistered)


def test_envelope_survives_the_trip_through_stream_fields() -> None:
    envelope = EventEnvelope.wrap(InvoiceIssued(invoice_id=uuid.uuid4()), organization_id=None)
    fields = {key.encode(): value.encode() for key, value in envelope.to_stream_fields().items()}
    assert EventEnvelope.from_stream_fields(fields) == envelope


def test_each_producing_domain_has_one_stream() -> None:
    assert stream_for("financial.invoice.issued.v1") == "events:financial"
