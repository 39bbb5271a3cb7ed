"""The caller's organisation, resolved from the verified token: every tenant row belongs to
exactly one, and a request acts for exactly one."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from service_runtime.errors import ClientError
from service_runtime.tokens import Principal


@dataclass(frozen=True)
class Tenant:
    organization_id: uuid.UUID
    principal: Principal


def organization_of(principal: Principal | None) -> uuid.UUID:
    """The token's organisation; a token without one may not touch tenant data."""
    if principal is None or principal.organization_id is None:
        raise ClientError("This token is not scoped to an organisation.", "FORBIDDEN")
    return principal.organization_id


def tenant_of(info: Any) -> Tenant:
    """The request's tenant (FORBIDDEN when its token names no organisation)."""
    principal: Principal | None = info.context.principal
    organization_id = organization_of(principal)
    assert principal is not None
    return Tenant(organization_id, principal)
