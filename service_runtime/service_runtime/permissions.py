"""Permissions declared in the schema and enforced here.

Each permission class carries its federation directive, so `@authenticated` and
`@requiresScopes` appear in the subgraph SDL (and the router can enforce them too), while the
subgraph enforces them itself from the verified token (zero trust).
"""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry import Info
from strawberry.extensions import FieldExtension
from strawberry.federation.schema_directives import Authenticated, RequiresScopes
from strawberry.permission import BasePermission, PermissionExtension


def _principal(info: Info[Any, Any]) -> Any:
    return getattr(info.context, "principal", None)


class IsAuthenticated(BasePermission):
    message = "Authentication required"
    error_extensions = {"code": "UNAUTHENTICATED"}
    _schema_directive: ClassVar[object] = Authenticated()

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        return _principal(info) is not None


class HasScopes(BasePermission):
    """Granted when the token holds every scope of at least one of the listed sets."""

    message = "Missing the scopes this field requires"

    def __init__(self, scope_sets: list[list[str]]) -> None:
        self.scope_sets = scope_sets
        self.error_extensions = {"code": "FORBIDDEN", "requiredScopes": scope_sets}

    @property
    def schema_directive(self) -> object:
        return RequiresScopes(scopes=self.scope_sets)

    def has_permission(self, source: Any, info: Info[Any, Any], **kwargs: Any) -> bool:
        principal = _principal(info)
        return principal is not None and any(
            principal.has_all(scopes) for scopes in self.scope_sets
        )


def authenticated() -> list[FieldExtension]:
    """Field extensions for `@authenticated`."""
    return [PermissionExtension(permissions=[IsAuthenticated()])]


def requires_scopes(*scope_sets: list[str]) -> list[FieldExtension]:
    """Field extensions for `@authenticated @requiresScopes(scopes: [...])`.

    Authentication is checked first, so an anonymous caller is told UNAUTHENTICATED rather
    than FORBIDDEN.
    """
    checks = [IsAuthenticated(), HasScopes([list(scopes) for scopes in scope_sets])]
    return [PermissionExtension(permissions=checks)]
