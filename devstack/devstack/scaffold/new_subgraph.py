"""`devstack new-subgraph NAME --port N`: generate a subgraph on the kit and register it
everywhere the project lists subgraphs, then install it and compose the supergraph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from devstack.paths import REPO_ROOT
from devstack.scaffold.dockerfiles import write_dockerfiles
from devstack.scaffold.names import ScaffoldError, checked_names
from devstack.scaffold.registration import edited_files
from devstack.scaffold.templates import render_tree

UV = REPO_ROOT / ".tools" / "bin" / "uv"
RUFF = Path(sys.executable).parent / "ruff"


def new_subgraph(name: str, port: int, *, install: bool = True) -> list[Path]:
    """Generate and register subgraph `name`; the files written. Raises ScaffoldError (having
    written nothing) when the name or port cannot be used."""
    names = checked_names(name, port)
    if (REPO_ROOT / "subgraphs" / name).exists():
        raise ScaffoldError(f"subgraphs/{name} exists already")
    edits = edited_files(names)  # every anchor found before anything is written
    written = render_tree(names)
    for path, text in edits.items():
        path.write_text(text)
    written += [*edits, *write_dockerfiles()]
    # The project's formatter has the last word: import order depends on the name.
    python_files = [str(path) for path in written if path.suffix == ".py"]
    _run([str(RUFF), "check", "--fix-only", "--quiet", "--select", "I", *python_files])
    _run([str(RUFF), "format", "--quiet", *python_files])
    _run([str(UV), "lock", "--offline", "--quiet"])
    if install:
        _run([str(REPO_ROOT / "scripts" / "setup")])
    _run([sys.executable, "-m", "devstack.cli", "schemas"])
    return written


def _run(command: list[str]) -> None:
    subprocess.run(command, cwd=REPO_ROOT, check=True)  # noqa: S603 (our own tools, fixed args)


def main(name: str, port: int, install: bool) -> int:
    try:
        written = new_subgraph(name, port, install=install)
    except ScaffoldError as error:
        print(f"new-subgraph: {error}; nothing was written.", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    print(
        f"\nThe {name} subgraph is registered. Next: ./scripts/run (it starts with the rest),"
        f" .venv/bin/pytest subgraphs/{name}/tests, then replace the example `note` domain."
    )
    return 0
