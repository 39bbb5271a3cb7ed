"""What a job handler may raise, and the bounds on what a job stores."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_MESSAGE_CHARS = 300
MAX_RESULT_BYTES = 16 * 1024
_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")


class JobFailed(Exception):  # noqa: N818 (a job outcome, not a programming error)
    """An expected failure: the job fails with this code and message.

    `retry` says whether another attempt may succeed (a provider briefly down) or not
    (bad input): without retry the job fails at once, whatever attempts are left.
    """

    def __init__(self, code: str, message: str, *, retry: bool = False) -> None:
        if not _CODE.match(code):
            raise ValueError("a job error code is UPPER_SNAKE_CASE, at most 64 characters")
        super().__init__(message)
        self.code = code
        self.message = short(message)
        self.retry = retry


class JobCancelled(Exception):  # noqa: N818
    """Raised at a progress point once someone asked to cancel the job."""


class JobLeaseLost(Exception):  # noqa: N818
    """This worker no longer holds the job (its lease ran out and another worker took it):
    it must stop without writing anything more."""


def short(message: str) -> str:
    """Messages are shown to users: bounded, never a value echoed whole."""
    return message if len(message) <= MAX_MESSAGE_CHARS else message[: MAX_MESSAGE_CHARS - 1] + "…"


def bounded_json(value: Any, what: str = "result") -> Any:
    """A job's JSON payload or result, refused (JobFailed <WHAT>_TOO_LARGE) past
    MAX_RESULT_BYTES: a job row is read on every poll, large data belongs in domain tables."""
    encoded = json.dumps(value, separators=(",", ":"), default=str)
    if len(encoded.encode()) > MAX_RESULT_BYTES:
        message = f"A job {what} is at most {MAX_RESULT_BYTES} bytes."
        raise JobFailed(f"{what.upper()}_TOO_LARGE", message)
    return json.loads(encoded)
