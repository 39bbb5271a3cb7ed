"""`devstack run`'s banner: timed from the command's start, with a ready-to-paste token."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.run import READY_BANNER, banner, command_started_at
from devstack.service_process import ServiceProcess
from devstack.stack import Stack, StackConfig

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, NOW),
        (str(NOW - 80.5), NOW - 80.5),  # set by scripts/run before its set-up
        ("yesterday", NOW),
        (str(NOW - 86_400), NOW),  # left over from another command
        (str(NOW + 60), NOW),  # from the future
    ],
)
def test_start_time_comes_from_scripts_run_when_plausible(
    monkeypatch: pytest.MonkeyPatch, value: str | None, expected: float
) -> None:
    if value is None:
        monkeypatch.delenv("DEVSTACK_STARTED_AT", raising=False)
    else:
        monkeypatch.setenv("DEVSTACK_STARTED_AT", value)
    assert command_started_at(NOW) == expected


def _stack(tmp_path: Path) -> Stack:
    stack = Stack(StackConfig(data_dir=tmp_path))
    stack.services["auth"] = ServiceProcess("auth", 3001, {}, [])
    stack.services["router"] = ServiceProcess("router", 3010, {}, [])
    return stack


def test_banner_counts_the_set_up_and_prints_an_export_line(tmp_path: Path) -> None:
    text = banner(_stack(tmp_path), total=86.2, setup=79.0, token="eyJ.abc.def")
    assert f"=== {READY_BANNER} in 86.2s (set-up 79.0s, start 7.2s) ===" in text
    assert "\n    export TOKEN=eyJ.abc.def\n" in text
    assert "http://127.0.0.1:3010/api/services" in text


def test_banner_without_set_up_or_token(tmp_path: Path) -> None:
    text = banner(_stack(tmp_path), total=6.0, setup=0.0, token=None)
    assert f"=== {READY_BANNER} in 6.0s ===" in text
    assert "TOKEN" not in text
