"""The financial scopes, declared once: `extensions=SCOPES.read`, `in_transaction(SCOPES.write)`."""

from __future__ import annotations

from service_runtime.scopes import DomainScopes

SCOPES = DomainScopes("financial")
