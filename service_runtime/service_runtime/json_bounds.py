"""Depth, size and content bounds of a decoded JSON value (the JSON scalar, request bodies).

Walked iteratively, so a value nested thousands deep cannot exhaust the stack here, and
abandoned at the first breach, so a huge value costs no more than the bound.
"""

from __future__ import annotations

import math
from typing import Any

from service_runtime.input_limits import (
    MAX_JSON_BYTES,
    MAX_JSON_DEPTH,
    InputBoundError,
    InputErrorCode,
    text_problem,
)

# Bytes a scalar adds to the serialised size, roughly: punctuation and the value itself.
_SCALAR_COST = 8


def check_json(
    value: Any, *, max_depth: int = MAX_JSON_DEPTH, max_bytes: int = MAX_JSON_BYTES
) -> None:
    """Raise InputBoundError when `value` is nested deeper than `max_depth`, would serialise to
    more than about `max_bytes`, or holds text Postgres cannot store or a non-finite number."""
    size = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                raise InputBoundError(
                    InputErrorCode.JSON_TOO_DEEP, f"JSON may be nested at most {max_depth} deep."
                )
            children = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in children:
                if isinstance(key, str):
                    size += _text_cost(key)
                pending.append((child, depth + 1))
        elif isinstance(item, str):
            size += _text_cost(item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise InputBoundError(InputErrorCode.INVALID_JSON, "JSON numbers must be finite.")
        size += _SCALAR_COST
        if size > max_bytes:
            raise InputBoundError(
                InputErrorCode.INPUT_TOO_LARGE, f"JSON values take at most {max_bytes} bytes."
            )


def _text_cost(text: str) -> int:
    problem = text_problem(text, MAX_JSON_BYTES)
    if problem is not None:
        code, reason = problem
        raise InputBoundError(code, f"JSON text {reason}.")
    return len(text)
