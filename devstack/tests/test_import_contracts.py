"""The import contracts cover every subgraph in supergraph.yaml with no hand edit."""

from __future__ import annotations

from pathlib import Path

from devstack.import_contracts import CONFIG_FILE, render


def _subgraph(root: Path, name: str, domains: list[str], table: str = "") -> None:
    package = root / "subgraphs" / name / f"{name}_subgraph"
    for domain in domains:
        (package / domain).mkdir(parents=True)
        (package / domain / "__init__.py").write_text("")
        (package / domain / "repository.py").write_text("")
    (package / "__init__.py").write_text("")
    (root / "subgraphs" / name / "pyproject.toml").write_text(table)


def _supergraph(root: Path, names: list[str]) -> None:
    entries = "".join(
        f"  {name}:\n    routing_url: http://127.0.0.1:{3001 + i}/graphql\n"
        f"    schema:\n      file: ./subgraphs/{name}/schema.graphql\n"
        for i, name in enumerate(names)
    )
    (root / "supergraph.yaml").write_text(f"subgraphs:\n{entries}")


def test_a_new_subgraph_is_covered_by_every_contract(tmp_path: Path) -> None:
    _subgraph(tmp_path, "ledger", ["entry", "journal"])
    _subgraph(tmp_path, "trading", ["order"])
    _supergraph(tmp_path, ["ledger", "trading"])
    config = render(tmp_path)
    assert "modules =\n    ledger_subgraph\n    trading_subgraph\n" in config
    assert "forbidden_modules =\n    ledger_subgraph\n    trading_subgraph\n    devstack" in config
    # Undeclared: its domain packages are independent siblings.
    assert "containers =\n    ledger_subgraph\nlayers =\n    entry | journal\n" in config
    assert (
        "    ledger_subgraph.entry.repository\n    ledger_subgraph.journal.repository\n" in config
    )
    assert "    trading_subgraph.*.mutations\n" in config


def test_declared_layers_and_exceptions_are_used(tmp_path: Path) -> None:
    table = (
        '[tool.devstack.imports]\nlayers = ["journal", "entry"]\n'
        'ignore_imports = ["ledger_subgraph.entry.a -> ledger_subgraph.journal.b"]\n'
    )
    _subgraph(tmp_path, "ledger", ["entry", "journal"], table)
    _supergraph(tmp_path, ["ledger"])
    config = render(tmp_path)
    assert "layers =\n    journal\n    entry\n" in config
    assert "    ledger_subgraph.entry.a -> ledger_subgraph.journal.b\n" in config
    assert "independence" not in config  # one subgraph: nothing to keep apart


def test_the_committed_file_is_what_supergraph_yaml_gives() -> None:
    assert CONFIG_FILE.read_text() == render()
