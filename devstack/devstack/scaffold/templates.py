"""Rendering templates/: plain files with {{name}}-style placeholders in their text and paths
(no template engine: the files are Python and TOML that must stay readable)."""

from __future__ import annotations

from pathlib import Path

from devstack.paths import REPO_ROOT
from devstack.scaffold.names import SubgraphNames

TEMPLATES = Path(__file__).parent / "templates"
SUFFIX = ".tmpl"


def template(name: str) -> str:
    return (TEMPLATES / name).read_text()


def render_tree(names: SubgraphNames, root: Path = REPO_ROOT) -> list[Path]:
    """Write templates/subgraph/ as subgraphs/NAME/, and NAME's smoke checks; the paths written."""
    written = []
    source = TEMPLATES / "subgraph"
    for path in sorted(source.rglob(f"*{SUFFIX}")):
        relative = names.render(str(path.relative_to(source))).removesuffix(SUFFIX)
        written.append(
            _write(root / "subgraphs" / names.name / relative, names.render(path.read_text()))
        )
    smoke = root / "devstack" / "devstack" / "smoke" / f"{names.name}_checks.py"
    written.append(_write(smoke, names.render(template("smoke_checks.py.tmpl"))))
    return written


def _write(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target
