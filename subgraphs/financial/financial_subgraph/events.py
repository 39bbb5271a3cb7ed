"""Events the financial service publishes."""

from __future__ import annotations

import uuid
from typing import ClassVar

from service_runtime.events import EventPayload


class ClientCreatedV1(EventPayload):
    event_type: ClassVar[str] = "financial.client.created.v1"

    client_id: uuid.UUID
    name: str
    email: str | None
    default_currency: str
