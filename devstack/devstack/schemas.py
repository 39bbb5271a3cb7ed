"""Subgraph SDL: exported from code into each committed schema.graphql, and checked for drift.

The committed SDL is the development schema (it includes development-only fields such as
`devToken`), so it is identical on every machine. The subgraph SDLs are then composed into the
committed supergraph.graphql by router/scripts/compose.mjs (@apollo/composition is a Node library).
"""

from __future__ import annotations

import difflib
import importlib
import shutil
import subprocess

from devstack.paths import REPO_ROOT
from devstack.services import SubgraphSpec, subgraphs

COMPOSE_SCRIPT = REPO_ROOT / "router" / "scripts" / "compose.mjs"


def sdl_of(spec: SubgraphSpec) -> str:
    module = importlib.import_module(f"{spec.module}.schema")
    return str(module.build_schema(development=True).as_str()).rstrip() + "\n"


def compose_supergraph(*, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Compose supergraph.yaml's subgraphs into supergraph.graphql (check: only compare)."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node (20+) is needed to compose the supergraph; install Node.js")
    command = [node, str(COMPOSE_SCRIPT), *(["--check"] if check else [])]
    # A fixed command line: the script is ours and no argument comes from the user.
    return subprocess.run(  # noqa: S603
        command, cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )


def export_schemas() -> None:
    for spec in subgraphs():
        spec.schema_file.write_text(sdl_of(spec))
        print(f"wrote {spec.schema_file}")
    composed = compose_supergraph()
    if composed.returncode != 0:
        raise SystemExit(f"composing supergraph.graphql failed:\n{composed.stderr.rstrip()}")
    print(composed.stdout, end="")


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
    composed = compose_supergraph(check=True)
    print((composed.stdout + composed.stderr).rstrip())
    return 1 if drift or composed.returncode != 0 else 0
