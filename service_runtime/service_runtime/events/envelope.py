"""Typed, versioned event envelopes."""

from __future__ import annotations

import builtins
import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

EVENT_TYPE = re.compile(r"^[a-z]+(\.[a-z_]+)+\.v[0-9]+$")
STREAM_PREFIX = "events:"

PayloadT = TypeVar("PayloadT", bound="EventPayload")


def stream_for(event_type: str) -> str:
    """Each producing domain has one stream: auth.user.registered.v1 -> events:auth."""
    return STREAM_PREFIX + event_type.split(".", 1)[0]


class EventPayload(BaseModel):
    """Base of every event's payload; subclasses name their versioned type."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    event_type: ClassVar[str]


class EventEnvelope(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    organization_id: uuid.UUID | None = None
    payload: dict[str, Any]

    @field_validator("type")
    @classmethod
    def _versioned_type(cls, value: str) -> str:
        if not EVENT_TYPE.match(value):
            raise ValueError("event type must look like domain.entity.action.v1")
        return value

    @property
    def version(self) -> int:
        return int(self.type.rsplit(".v", 1)[1])

    @classmethod
    def wrap(cls, payload: EventPayload, organization_id: uuid.UUID | None) -> EventEnvelope:
        return cls(
            type=payload.event_type,
            organization_id=organization_id,
            payload=payload.model_dump(mode="json"),
        )

    def payload_as(self, model: builtins.type[PayloadT]) -> PayloadT:
        if model.event_type != self.type:
            raise ValueError(f"{self.type} is not a {model.event_type}")
        return model.model_validate(self.payload)

    def to_stream_fields(self) -> dict[str, str]:
        return {"type": self.type, "envelope": self.model_dump_json()}

    @classmethod
    def from_stream_fields(cls, fields: dict[bytes, bytes]) -> EventEnvelope:
        return cls.model_validate(json.loads(fields[b"envelope"]))
