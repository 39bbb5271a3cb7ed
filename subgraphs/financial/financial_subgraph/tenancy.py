"""The caller's organisation: every financial row belongs to exactly one."""

from __future__ import annotations

import uuid

from service_runtime.errors import ClientError
from service_runtime.tokens import Principal


def organization_of(principal: Principal | None) -> uuid.UUID:
    """The token's organisation; a token without one may not touch financial data."""
    if principal is None or principal.organization_id is None:
        raise ClientError("This token is not scoped to an organisation.", "FORBIDDEN")
    return principal.organization_id
