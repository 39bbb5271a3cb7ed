"""The scopes of one domain, declared once per subgraph: `SCOPES = DomainScopes("financial")`,
then `extensions=SCOPES.read` on a query or `in_transaction(SCOPES.write)` on a mutation."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.extensions import FieldExtension

from service_runtime.permissions import requires_scopes


@dataclass(frozen=True)
class DomainScopes:
    domain: str

    # Properties, not lists: each field needs its own extension instances.
    @property
    def read(self) -> list[FieldExtension]:
        return requires_scopes([f"{self.domain}:read"])

    @property
    def write(self) -> list[FieldExtension]:
        return requires_scopes([f"{self.domain}:write"])

    @property
    def admin(self) -> list[FieldExtension]:
        return requires_scopes([f"{self.domain}:admin"])
