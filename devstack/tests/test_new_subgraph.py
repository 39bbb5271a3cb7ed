"""`devstack new-subgraph` in a temporary copy of the repository: the output composes into the
supergraph, lints, migrates to match its models, and passes its generated tests (unit, and end
to end through the router) next to the subgraphs already there.

The copy runs on this checkout's virtual environment with PYTHONPATH pointing at the copy's
packages (they win over the environment's editable installs), and on its router packages
through a symlink, so nothing is downloaded or installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devstack.paths import REPO_ROOT

pytestmark = pytest.mark.e2e

NAME, PORT = "widgets", 3099
STEP_TIMEOUT_SECONDS = 900


def _copy_repository(target: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT, check=True, capture_output=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for relative in filter(None, listed):
        source = REPO_ROOT / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    for shared in (".tools", "router/node_modules"):
        (target / shared).symlink_to(REPO_ROOT / shared)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scaffold") / "repo"
    _copy_repository(root)
    return root


def _environment(root: Path) -> dict[str, str]:
    packages = [root / "service_runtime", root / "devstack"]
    packages += sorted(path.parent for path in (root / "subgraphs").glob("*/pyproject.toml"))
    packages.append(root / "subgraphs" / NAME)  # before it exists: the generator's own steps
    return {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, packages))}


def _run(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, cwd=root, env=_environment(root), capture_output=True, text=True,
        timeout=STEP_TIMEOUT_SECONDS,
    )  # fmt: skip
    assert done.returncode == 0, (
        f"{' '.join(command)}\n{done.stdout[-6000:]}\n{done.stderr[-4000:]}"
    )
    return done


@pytest.fixture(scope="module")
def generated(copy: Path) -> Path:
    _run(
        copy,
        sys.executable,
        "-m",
        "devstack.cli",
        "new-subgraph",
        NAME,
        "--port",
        str(PORT),
        "--no-install",
    )
    return copy


def test_refuses_a_bad_name_or_a_taken_port_and_writes_nothing(copy: Path) -> None:
    before = (copy / "supergraph.yaml").read_text()
    for arguments in (
        ["Bad-Name", "--port", "3098"],
        ["auth", "--port", "3098"],
        ["gizmos", "--port", "3002"],
    ):
        refused = subprocess.run(
            [sys.executable, "-m", "devstack.cli", "new-subgraph", *arguments],
            cwd=copy, env=_environment(copy), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert refused.returncode == 2, refused.stderr
        assert "nothing was written" in refused.stderr
    assert (copy / "supergraph.yaml").read_text() == before
    assert not (copy / "subgraphs" / "gizmos").exists()


def test_the_new_subgraph_composes_into_the_supergraph(generated: Path) -> None:
    supergraph = (generated / "supergraph.graphql").read_text()
    assert "type WidgetsNote" in supergraph
    assert "widgetsNotes(" in supergraph
    assert f"http://127.0.0.1:{PORT}/graphql" in supergraph
    assert f"{NAME}-subgraph" in (generated / "uv.lock").read_text()


def test_the_new_subgraph_lints_clean(generated: Path) -> None:
    venv = Path(sys.executable).parent
    _run(generated, str(venv / "ruff"), "check", f"subgraphs/{NAME}", "devstack")
    _run(generated, str(venv / "ruff"), "format", "--check", f"subgraphs/{NAME}", "devstack")
    _run(generated, str(venv / "mypy"), "-p", f"{NAME}_subgraph", "-p", "devstack")


def test_generated_tests_pass_through_the_router(generated: Path, tmp_path: Path) -> None:
    done = _run(
        generated, sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        f"--basetemp={tmp_path / 'bt'}", f"subgraphs/{NAME}/tests",
        "tests/test_compose_consistency.py", "tests/test_schema_drift.py",
    )  # fmt: skip
    assert " passed" in done.stdout
    assert "failed" not in done.stdout
