"""The services of the stack, read from supergraph.yaml (the one list of subgraphs)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from devstack.paths import REPO_ROOT, SUPERGRAPH_CONFIG


@dataclass(frozen=True)
class SubgraphSpec:
    name: str  # also its database schema and env prefix: auth -> auth schema, AUTH_*
    routing_url: str
    schema_file: Path

    @property
    def module(self) -> str:
        return f"{self.name}_subgraph"

    @property
    def env_prefix(self) -> str:
        return f"{self.name.upper()}_"

    @property
    def port(self) -> int:
        port = urlsplit(self.routing_url).port
        assert port is not None, f"{self.name}: routing_url needs an explicit port"
        return port

    @property
    def migrations_dir(self) -> Path:
        app = importlib.import_module(f"{self.module}.app")
        path: Path = app.MIGRATIONS_DIR
        return path


def subgraphs(config: Path = SUPERGRAPH_CONFIG) -> list[SubgraphSpec]:
    document = yaml.safe_load(config.read_text())
    return [
        SubgraphSpec(
            name=name,
            routing_url=entry["routing_url"],
            schema_file=(REPO_ROOT / entry["schema"]["file"]).resolve(),
        )
        for name, entry in document["subgraphs"].items()
    ]
