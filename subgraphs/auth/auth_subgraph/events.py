"""Events the auth service publishes."""

from __future__ import annotations

import uuid
from typing import ClassVar

from service_runtime.events import EventPayload


class UserRegisteredV1(EventPayload):
    event_type: ClassVar[str] = "auth.user.registered.v1"

    user_id: uuid.UUID
    email: str
    display_name: str
    organization_id: uuid.UUID
