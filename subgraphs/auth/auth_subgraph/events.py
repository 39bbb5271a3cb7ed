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


class TokensRevokedV1(EventPayload):
    """Access tokens that must stop working now: those of the listed sessions (refresh-token
    families), and, when `membership_token_version` is set, those of the user's membership in
    `organization_id` carrying a lower version. Applied to Redis by auth_subgraph/revocation."""

    event_type: ClassVar[str] = "auth.tokens.revoked.v1"

    user_id: uuid.UUID
    organization_id: uuid.UUID | None = None
    session_ids: list[uuid.UUID] = []
    membership_token_version: int | None = None
    reason: str
