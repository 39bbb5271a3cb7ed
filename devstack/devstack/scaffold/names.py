"""The names a new subgraph goes by, and the checks that refuse a bad one before anything
is written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from devstack.services import subgraphs

NAME = re.compile(r"[a-z][a-z0-9]{1,19}")
RESERVED = {"router", "postgres", "redis", "monitoring", "public", "service", "runtime"}


class ScaffoldError(Exception):
    """Why a subgraph cannot be generated; nothing has been written."""


@dataclass(frozen=True)
class SubgraphNames:
    name: str  # package NAME_subgraph, schema NAME, role NAME_svc, env NAME_*
    port: int

    @property
    def placeholders(self) -> dict[str, str]:
        return {
            "{{name}}": self.name,
            "{{Name}}": self.name.capitalize(),
            "{{NAME}}": self.name.upper(),
            "{{port}}": str(self.port),
            "{{date}}": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        }

    def render(self, text: str) -> str:
        for placeholder, value in self.placeholders.items():
            text = text.replace(placeholder, value)
        return text


def checked_names(name: str, port: int) -> SubgraphNames:
    """`name` and `port` when a new subgraph may have them, else ScaffoldError."""
    if not NAME.fullmatch(name):
        raise ScaffoldError(
            "NAME must be 2-20 lower-case letters or digits, starting with a letter"
            f" (it names a package, a schema, a role and env variables); got {name[:40]!r}"
        )
    if name in RESERVED:
        raise ScaffoldError(f"{name!r} is reserved")
    existing = subgraphs()
    if any(spec.name == name for spec in existing):
        raise ScaffoldError(f"a subgraph named {name!r} exists already (supergraph.yaml)")
    taken = {spec.port: spec.name for spec in existing} | {3010: "router"}
    if port in taken:
        raise ScaffoldError(f"port {port} is taken by {taken[port]}")
    if not 1024 <= port <= 65535:
        raise ScaffoldError("--port must be 1024 to 65535")
    return SubgraphNames(name, port)
