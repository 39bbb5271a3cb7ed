"""The router's GraphiQL works with no internet: a real headless Chromium opens it, runs a
query and sees the result, and the page requests nothing from any host but the router.

Drives router/scripts/graphiql-check.mjs (playwright-core) against Debian's chromium.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import pytest

from devstack.paths import REPO_ROOT
from devstack.stack import Stack

pytestmark = pytest.mark.e2e

CHECK = REPO_ROOT / "router" / "scripts" / "graphiql-check.mjs"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_PRESENT = Path(CHROMIUM).exists()
NODE = shutil.which("node") or "node"
TIMEOUT_SECONDS = 90


async def test_graphiql_runs_a_query_without_the_internet(
    running_stack: Stack, tmp_path: Path
) -> None:
    assert CHROMIUM_PRESENT, (
        f"{CHROMIUM} is missing: this test needs Debian's chromium package. Install it with "
        "`apt-get update && apt-get install -y chromium` (as root; .ci/run does this), "
        "or point CHROMIUM_PATH at a Chromium binary."
    )
    screenshot = tmp_path / "graphiql.png"
    process = await asyncio.create_subprocess_exec(
        NODE,
        str(CHECK),
        running_stack.url("router"),
        cwd=REPO_ROOT,
        env={**os.environ, "CHROMIUM_PATH": CHROMIUM, "SCREENSHOT": str(screenshot)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
        pytest.fail(f"graphiql-check.mjs did not finish within {TIMEOUT_SECONDS} s")

    output = stdout.decode().strip()
    detail = f"verdict: {output}\nstderr: {stderr.decode()[-2000:]}\nscreenshot: {screenshot}"
    assert process.returncode == 0, detail
    verdict = json.loads(output.splitlines()[-1])
    assert verdict["ok"] is True, detail
    assert verdict["foreignRequests"] == [], detail
    assert '"__typename": "Query"' in verdict["result"], detail
