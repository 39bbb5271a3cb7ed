"""The auth scopes this subgraph's fields require, declared once."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.extensions import FieldExtension

from service_runtime.permissions import requires_scopes


@dataclass(frozen=True)
class Scope:
    name: str

    @property
    def extensions(self) -> list[FieldExtension]:
        # A property: each field needs its own extension instances.
        return requires_scopes([self.name])


ORG_READ = Scope("org:read")
ORG_MANAGE = Scope("org:manage")
