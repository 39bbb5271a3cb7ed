"""Subgraph SDL: exported from code into each committed schema.graphql, and checked for drift.

The committed SDL is the development schema (it includes development-only fields such as
`devToken`), so it is identical on every machine.
"""

from __future__ import annotations

import difflib
import importlib

from devstack.services import SubgraphSpec, subgraphs


def sdl_of(spec: SubgraphSpec) -> str:
    module = importlib.import_module(f"{spec.module}.schema")
    return str(module.build_schema(development=True).as_str()).rstrip() + "\n"


def export_schemas() -> None:
    for spec in subgraphs():
        spec.schema_file.write_text(sdl_of(spec))
        print(f"wrote {spec.schema_file}")


def schema_drift() -> dict[str, str]:
    """Unified diffs of committed SDL against what the code produces, by subgraph."""
    drift = {}
    for spec in subgraphs():
        committed = spec.schema_file.read_text() if spec.schema_file.exists() else ""
        produced = sdl_of(spec)
        if committed != produced:
            diff = difflib.unified_diff(
                committed.splitlines(keepends=True),
                produced.splitlines(keepends=True),
                f"{spec.schema_file} (committed)",
                f"{spec.name} (from code)",
            )
            drift[spec.name] = "".join(diff)
    return drift


def check_schemas() -> int:
    drift = schema_drift()
    for name, diff in drift.items():
        print(f"{name}: committed SDL differs from the code; run `devstack schemas`\n{diff}")
    return 1 if drift else 0
