"""The composed supergraph is current, composition errors surface, and API breaks are caught.

Drives router/scripts/compose.mjs and breaking-changes.mjs the way CI does (as node processes).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from devstack.paths import REPO_ROOT

COMPOSE = REPO_ROOT / "router" / "scripts" / "compose.mjs"
BREAKING_CHANGES = REPO_ROOT / "router" / "scripts" / "breaking-changes.mjs"
NODE = shutil.which("node") or "node"

# A one-subgraph schema; the tests derive conflicting and changed versions from it.
INVOICES = """
extend schema
  @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

type Query { invoice(id: ID!): Invoice }
type Invoice @key(fields: "id") { id: ID! total: Int @shareable }
"""


def node(script: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    command = [NODE, str(script), *map(str, args)]
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def compose(tmp_path: Path, name: str, schemas: dict[str, str]) -> Path:
    """Compose the given subgraph SDLs into tmp_path/<name>.graphql; return its path."""
    subgraphs = {}
    for subgraph, sdl in schemas.items():
        (tmp_path / f"{name}-{subgraph}.graphql").write_text(sdl)
        subgraphs[subgraph] = {
            "routing_url": f"http://127.0.0.1:4000/{subgraph}",
            "schema": {"file": f"./{name}-{subgraph}.graphql"},
        }
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump({"subgraphs": subgraphs}))
    out = tmp_path / f"{name}.graphql"
    result = node(COMPOSE, "--config", tmp_path / f"{name}.yaml", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def breaking_changes(
    tmp_path: Path, new_sdl: str, allowed: list[dict[str, str]]
) -> subprocess.CompletedProcess[str]:
    old = compose(tmp_path, "old", {"invoices": INVOICES})
    new = compose(tmp_path, "new", {"invoices": new_sdl})
    allow = tmp_path / "allowed.yaml"
    allow.write_text(yaml.safe_dump({"allowed": allowed}))
    return node(BREAKING_CHANGES, "--old", old, "--new", new, "--allow", allow)


def test_committed_supergraph_matches_composition() -> None:
    result = node(COMPOSE, "--check")
    assert result.returncode == 0, f"run `devstack schemas` and commit the result\n{result.stderr}"


def test_a_stale_supergraph_is_reported_with_a_diff(tmp_path: Path) -> None:
    supergraph = compose(tmp_path, "current", {"invoices": INVOICES})
    supergraph.write_text(supergraph.read_text().replace("total: Int", "total: Float"))
    result = node(COMPOSE, "--check", "--config", tmp_path / "current.yaml", "--out", supergraph)
    assert result.returncode == 1
    assert "-  total: Float" in result.stderr
    assert "+  total: Int" in result.stderr


def test_a_composition_error_fails_with_the_librarys_message(tmp_path: Path) -> None:
    conflicting = INVOICES.replace("total: Int", "total: String")
    (tmp_path / "a.graphql").write_text(INVOICES)
    (tmp_path / "b.graphql").write_text(conflicting)
    config = {
        "subgraphs": {
            name: {
                "routing_url": f"http://127.0.0.1:4000/{name}",
                "schema": {"file": f"{name}.graphql"},
            }
            for name in ("a", "b")
        }
    }
    (tmp_path / "supergraph.yaml").write_text(yaml.safe_dump(config))
    out = tmp_path / "supergraph.graphql"

    result = node(COMPOSE, "--config", tmp_path / "supergraph.yaml", "--out", out)

    assert result.returncode == 1
    assert "FIELD_TYPE_MISMATCH" in result.stderr
    assert '"Invoice.total"' in result.stderr
    assert not out.exists()


def test_a_removed_field_is_a_breaking_change(tmp_path: Path) -> None:
    result = breaking_changes(tmp_path, INVOICES.replace("total: Int @shareable", ""), allowed=[])
    assert result.returncode == 1
    assert "BREAKING at Invoice.total" in result.stderr


def test_an_added_field_is_safe(tmp_path: Path) -> None:
    added = INVOICES.replace("total: Int", "currency: String total: Int")
    result = breaking_changes(tmp_path, added, allowed=[])
    assert result.returncode == 0, result.stderr
    assert "0 breaking" in result.stdout


def test_an_allowed_break_passes_and_reports_its_reason(tmp_path: Path) -> None:
    reason = "replaced by amount; all clients told"
    removed = INVOICES.replace("total: Int @shareable", "")
    result = breaking_changes(
        tmp_path, removed, allowed=[{"path": "Invoice.total", "reason": reason}]
    )
    assert result.returncode == 0, result.stderr
    assert "allowed breaking change at Invoice.total" in result.stdout
    assert reason in result.stdout


def test_an_allowance_without_a_reason_is_refused(tmp_path: Path) -> None:
    removed = INVOICES.replace("total: Int @shareable", "")
    result = breaking_changes(tmp_path, removed, allowed=[{"path": "Invoice.total", "reason": " "}])
    assert result.returncode == 1
    assert "needs a path and a reason" in result.stderr


def test_a_missing_baseline_is_reported_and_not_a_failure() -> None:
    result = node(BREAKING_CHANGES, "--base", "no-such-revision")
    assert result.returncode == 0, result.stderr
    assert "no baseline" in result.stdout
