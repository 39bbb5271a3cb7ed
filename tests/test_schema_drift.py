"""CI guards: committed SDL matches the code; models match migrations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from devstack import schemas
from devstack.migrations import unmigrated_changes
from devstack.services import subgraphs
from devstack.stack import Stack


def test_committed_sdl_matches_the_code() -> None:
    assert schemas.schema_drift() == {}, "run `devstack schemas` and commit the result"


def test_a_stale_committed_sdl_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "schema.graphql"
    spec = subgraphs()[0]
    stale.write_text(spec.schema_file.read_text().replace("type ", "type Renamed", 1))
    monkeypatch.setattr(schemas, "subgraphs", lambda: [replace(spec, schema_file=stale)])
    drift = schemas.schema_drift()
    assert list(drift) == [spec.name]
    assert "Renamed" in drift[spec.name]


async def test_models_and_migrations_agree(stack: Stack) -> None:
    assert await unmigrated_changes(stack.database_urls) == {}
