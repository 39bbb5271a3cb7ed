"""The soak harness (bench/soak.py) in its smoke mode: a few seconds of mixed load through the
router, every fault once (financial SIGKILLed and restarted, PostgreSQL restarted, Redis
stopped), then the data and event checks. Run here so a broken harness fails CI; the full
soak (2,000 users, 60 s) is run on demand (bench/README.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SOAK = REPO_ROOT / "bench" / "soak.py"


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_smoke_soak_keeps_every_acknowledged_write_and_event(tmp_path: Path) -> None:
    output = tmp_path / "soak.json"
    run = subprocess.run(
        [sys.executable, str(SOAK), "--smoke", "--json", str(output)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=230,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    figures = json.loads(output.read_text())

    steady = figures["steady"]
    assert steady["requests"] > 0
    assert steady["errors"] == 0, steady["errors_by_kind"]
    assert set(steady["by_operation"]) == {
        "me", "currentOrganization", "clients", "createClient", "createInvoice",
    }  # fmt: skip

    faults = {fault["fault"].split()[0] for fault in figures["faults"]}
    assert faults == {"SIGKILL", "PostgreSQL", "Redis"}
    for fault in figures["faults"]:
        assert fault["requests"] > 0, fault  # load flowed through every fault
        assert fault["never_recovered"] == [], fault

    verdict = figures["verdict"]
    assert verdict["acked"]["createClient"] > 0
    assert verdict["missing_writes"] == {"createClient": [], "createInvoice": []}
    assert verdict["outbox_events"] > 0
    assert verdict["lost"] == []
    assert verdict["unpublished"] == verdict["not_applied"] == verdict["applied_twice"] == 0
    assert figures["missed"] == []
