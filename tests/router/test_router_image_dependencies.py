"""The router's production image installs only production dependencies (router/Dockerfile:
`npm ci --omit=dev`): the build, test and lint tools are devDependencies and stay out of it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from devstack.paths import REPO_ROOT

NPM = shutil.which("npm") or "npm"
ROUTER = REPO_ROOT / "router"
DOCKERFILE = ROUTER / "Dockerfile"
# A browser driver, the compiler, the test loader, linters and the composition tools.
BUILD_AND_TEST_TOOLS = {
    "playwright-core",
    "typescript",
    "tsx",
    "eslint",
    "typescript-eslint",
    "prettier",
    "@apollo/composition",
    "@graphql-inspector/core",
}


def test_build_and_test_tools_are_dev_dependencies() -> None:
    manifest = json.loads((ROUTER / "package.json").read_text())
    assert set(manifest["devDependencies"]) >= BUILD_AND_TEST_TOOLS
    assert not BUILD_AND_TEST_TOOLS & set(manifest["dependencies"])


def test_the_image_installs_production_dependencies_only() -> None:
    installs = [
        line for line in DOCKERFILE.read_text().splitlines() if "npm ci" in line or "npm i" in line
    ]
    assert installs == ["RUN npm ci --omit=dev --no-audit --no-fund"]


def test_the_production_tree_holds_none_of_them() -> None:
    result = subprocess.run(
        [NPM, "ls", "--omit=dev", "--all", "--parseable"],
        cwd=ROUTER,
        capture_output=True,
        text=True,
        timeout=120,
        # Exits 1 on the known peer-range complaint (ioredis 6 against @graphql-hive/pubsub's
        # optional "^5"), still listing the tree.
        check=False,
    )
    assert result.stdout, result.stderr[-2000:]
    installed = {Path(line).relative_to(ROUTER).as_posix() for line in result.stdout.split()}
    shipped = {
        name
        for name in BUILD_AND_TEST_TOOLS
        if any(p.endswith(f"node_modules/{name}") for p in installed)
    }
    assert shipped == set(), f"in the production tree: {sorted(shipped)}"
    assert "node_modules/@graphql-hive/gateway" in installed
