"""Every subgraph's Dockerfile, rendered from the one template: they differ only in names and
in nothing else, and each copies every workspace member's pyproject.toml (uv resolves the
whole workspace), so adding a member rewrites them all."""

from __future__ import annotations

import tomllib
from pathlib import Path

from devstack.paths import REPO_ROOT
from devstack.scaffold.names import SubgraphNames
from devstack.scaffold.templates import template
from devstack.services import subgraphs


def workspace_members(root: Path = REPO_ROOT) -> list[Path]:
    workspace = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["uv"]["workspace"]
    found = {
        path.parent.relative_to(root)
        for pattern in workspace["members"]
        for path in root.glob(f"{pattern}/pyproject.toml")
    }
    return sorted(found)


def render_dockerfile(names: SubgraphNames, root: Path = REPO_ROOT) -> str:
    copies = "\n".join(
        f"COPY {member}/pyproject.toml {member}/" for member in workspace_members(root)
    )
    return names.render(template("Dockerfile.tmpl")).replace("{{member_pyprojects}}", copies)


def write_dockerfiles(root: Path = REPO_ROOT) -> list[Path]:
    """(Re)write subgraphs/*/Dockerfile for every subgraph of supergraph.yaml."""
    written = []
    for spec in subgraphs(root / "supergraph.yaml"):
        path = root / "subgraphs" / spec.name / "Dockerfile"
        path.write_text(render_dockerfile(SubgraphNames(spec.name, spec.port), root))
        written.append(path)
    return written
