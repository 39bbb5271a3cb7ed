"""No log line can be huge: every field is cut, whatever a caller passes."""

from __future__ import annotations

import json
import logging

import pytest

from service_runtime.logging import MAX_LOG_FIELD, configure_logging, get_logger


def test_every_field_of_a_log_line_is_cut(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("test-svc")
    try:
        get_logger("test").info("x" * 100_000, value="y" * 100_000, items=["z" * 1000] * 100)
        try:
            raise ValueError("w" * 100_000)
        except ValueError:
            logging.getLogger("stdlib").exception("failed")
        lines = capsys.readouterr().out.splitlines()
    finally:
        logging.getLogger().handlers = []
    assert len(lines) == 2
    for line in lines:
        assert len(line) < 5 * MAX_LOG_FIELD + 20_000, len(line)
    first = json.loads(lines[0])
    assert first["event"].startswith("xxx")
    assert "characters cut" in first["event"]
    assert "characters cut" in json.loads(lines[1])["exception"]
