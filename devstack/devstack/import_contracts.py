"""The import-linter contracts, generated from supergraph.yaml into `.importlinter`.

Every subgraph listed there is covered with no hand edit: the platform contracts (subgraphs
independent, none depends on the dev stack, the runtime holds no domain logic), a layers
contract over the subgraph's domain packages and a contract that its resolvers never reach a
repository or SQL directly. A subgraph orders its domain packages in its own pyproject.toml:

    [tool.devstack.imports]
    layers = ["app", "schema", "invoice", "client | currency"]  # top first; `|`: siblings
    ignore_imports = []         # known upward imports, each with a comment saying why
    resolver_exceptions = []    # resolvers that still reach a repository, likewise

Without that table its domain packages form one layer of independent siblings.
`devstack imports` writes the file; `devstack check imports` (run by ./scripts/lint) fails
when it differs from what supergraph.yaml and the packages give.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from devstack.paths import REPO_ROOT
from devstack.services import subgraphs

CONFIG_FILE = REPO_ROOT / ".importlinter"
RUNTIME = "service_runtime"
TOOLING = "devstack"
NOT_DOMAINS = {"migrations", "tests", "__pycache__"}


@dataclass(frozen=True)
class SubgraphImports:
    package: str
    directory: Path
    layers: list[str]
    ignore_imports: list[str] = field(default_factory=list)
    resolver_exceptions: list[str] = field(default_factory=list)

    def repository_modules(self) -> list[str]:
        """Modules holding SQL: `repository` (module or package) and `*_repository`."""
        found = set()
        for path in self.directory.rglob("*.py"):
            parts = path.relative_to(self.directory.parent).with_suffix("").parts
            names = [part for part in parts if part != "__init__"]
            if any(name == "repository" or name.endswith("_repository") for name in names):
                stop = next(
                    i for i, n in enumerate(names) if n == "repository" or n.endswith("_repository")
                )
                found.add(".".join(names[: stop + 1]))
        return sorted(found)


def domain_packages(directory: Path) -> list[str]:
    return sorted(
        child.name
        for child in directory.iterdir()
        if (child / "__init__.py").exists() and child.name not in NOT_DOMAINS
    )


def subgraph_imports(name: str, package: str, root: Path = REPO_ROOT) -> SubgraphImports:
    directory = root / "subgraphs" / name / package
    project = root / "subgraphs" / name / "pyproject.toml"
    declared = tomllib.loads(project.read_text()) if project.exists() else {}
    table = declared.get("tool", {}).get("devstack", {}).get("imports", {})
    layers = table.get("layers") or [" | ".join(domain_packages(directory))]
    return SubgraphImports(
        package,
        directory,
        list(layers),
        list(table.get("ignore_imports", [])),
        list(table.get("resolver_exceptions", [])),
    )


def _lines(key: str, values: list[str]) -> list[str]:
    return [f"{key} =", *(f"    {value}" for value in values)] if values else []


def _contract(ident: str, name: str, kind: str, *settings: list[str]) -> list[str]:
    body = [line for setting in settings for line in setting]
    return ["", f"[importlinter:contract:{ident}]", f"name = {name}", f"type = {kind}", *body]


def _subgraph_contracts(sub: SubgraphImports) -> list[str]:
    package = sub.package
    kinds = ("queries", "mutations")
    resolvers = [f"{package}.{stars}.{kind}" for stars in ("*", "*.*") for kind in kinds]
    # Unmatched ignores only warn: another branch removing the import must not fail lint.
    layered = _contract(
        f"{package}-layers",
        f"{package}: domain packages import only the layers below them, never a sibling",
        "layers",
        _lines("containers", [package]),
        _lines("layers", sub.layers),
        _lines("ignore_imports", sub.ignore_imports),
        ["unmatched_ignore_imports_alerting = warn"],
    )
    thin = _contract(
        f"{package}-resolvers",
        f"{package}: resolvers reach data through services and loaders, not repositories or SQL",
        "forbidden",
        _lines("source_modules", resolvers),
        _lines("forbidden_modules", [*sub.repository_modules(), "sqlalchemy"]),
        _lines("ignore_imports", sub.resolver_exceptions),
        ["allow_indirect_imports = true", "unmatched_ignore_imports_alerting = warn"],
    )
    return layered + thin


def render(root: Path = REPO_ROOT) -> str:
    specs = subgraphs(root / "supergraph.yaml")
    subs = [subgraph_imports(spec.name, spec.module, root) for spec in specs]
    packages = [sub.package for sub in subs]
    lines = [
        "# Generated from supergraph.yaml by `devstack imports`; do not edit. A subgraph orders",
        "# its domain packages in [tool.devstack.imports] of its pyproject.toml.",
        "[importlinter]",
        *_lines("root_packages", [*packages, RUNTIME, TOOLING]),
        # Needed to forbid sqlalchemy in resolvers.
        "include_external_packages = true",
    ]
    if len(packages) > 1:
        lines += _contract(
            "subgraphs-independent",
            "Subgraphs never import each other",
            "independence",
            _lines("modules", packages),
        )
    lines += _contract(
        "no-tooling",
        "Subgraphs never depend on development tooling",
        "forbidden",
        _lines("source_modules", packages),
        _lines("forbidden_modules", [TOOLING]),
    )
    lines += _contract(
        "runtime-no-domain",
        "The shared runtime holds no domain logic: it never imports a subgraph or the dev stack",
        "forbidden",
        _lines("source_modules", [RUNTIME]),
        _lines("forbidden_modules", [*packages, TOOLING]),
    )
    for sub in subs:
        lines += _subgraph_contracts(sub)
    return "\n".join(lines) + "\n"


def write_contracts() -> None:
    CONFIG_FILE.write_text(render())
    print(f"wrote {CONFIG_FILE}")


def check_contracts() -> int:
    committed = CONFIG_FILE.read_text() if CONFIG_FILE.exists() else ""
    produced = render()
    if committed == produced:
        return 0
    diff = difflib.unified_diff(
        committed.splitlines(keepends=True),
        produced.splitlines(keepends=True),
        f"{CONFIG_FILE.name} (committed)",
        "from supergraph.yaml",
    )
    print(f"{CONFIG_FILE.name} is out of date; run `devstack imports`\n{''.join(diff)}")
    return 1
