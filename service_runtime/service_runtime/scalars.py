"""The Date, DateTime, Decimal and JSON scalars every subgraph uses, bounded.

Strawberry's built-ins accept year 1 and 9999 (date arithmetic then overflows), NaN, Infinity and
1e400 (Postgres or the arithmetic fails), JSON of any depth and size, and quote the whole
invalid value in their message. These keep the same names and SDL, refuse such values with a
typed `InputBoundError`, and never quote more than a few characters back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import math
import re
from typing import Any

import dateutil.parser
from strawberry.scalars import JSON
from strawberry.schema.types import base_scalars
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY
from strawberry.types.scalar import ScalarDefinition

from service_runtime.input_limits import (
    MAX_DATE,
    MAX_DATE_TEXT,
    MAX_DECIMAL_ADJUSTED_EXPONENT,
    MAX_DECIMAL_DIGITS,
    MAX_DECIMAL_TEXT,
    MIN_DATE,
    MIN_DECIMAL_EXPONENT,
    InputBoundError,
    InputErrorCode,
    echo,
)
from service_runtime.json_bounds import check_json


def _date_text(value: object, kind: str) -> str:
    if not isinstance(value, str) or len(value) > MAX_DATE_TEXT:
        raise InputBoundError(
            InputErrorCode.INVALID_DATE, f"Expected an ISO 8601 {kind}, got {echo(value)}."
        )
    return value


def _in_range(day: dt.date) -> None:
    if not MIN_DATE <= day <= MAX_DATE:
        raise InputBoundError(
            InputErrorCode.DATE_OUT_OF_RANGE,
            f"Dates must lie between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}.",
        )


def parse_date(value: object) -> dt.date:
    text = _date_text(value, "date (YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InputBoundError(
            InputErrorCode.INVALID_DATE, f"Expected a date (YYYY-MM-DD), got {echo(text)}."
        ) from None
    _in_range(day)
    return day


def parse_datetime(value: object) -> dt.datetime:
    text = _date_text(value, "date-time")
    try:
        moment: dt.datetime = dateutil.parser.isoparse(text)
    except (ValueError, OverflowError):
        raise InputBoundError(
            InputErrorCode.INVALID_DATE, f"Expected an ISO 8601 date-time, got {echo(text)}."
        ) from None
    _in_range(moment.date())
    return moment


# Plain decimal notation only: Decimal() also takes "1_000", " 1", "NaN" and non-ASCII digits.
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def parse_decimal(value: object) -> decimal.Decimal:
    # JSON numbers arrive as int or float (1e400 as inf); bool is an int to Python.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InputBoundError(
            InputErrorCode.INVALID_DECIMAL, f"Expected a decimal number, got {echo(value)}."
        )
    # str() of a huge int is refused by Python itself (over 4300 digits): measure it first.
    if isinstance(value, int) and value.bit_length() > 4 * MAX_DECIMAL_TEXT:
        raise _too_large()
    if isinstance(value, float) and not math.isfinite(value):
        raise InputBoundError(InputErrorCode.INVALID_DECIMAL, "Decimals must be finite numbers.")
    text = str(value)
    if len(text) > MAX_DECIMAL_TEXT:
        raise _too_large()
    if not _DECIMAL_TEXT.fullmatch(text):
        message = "Decimals must be finite numbers such as 12.50"
        raise InputBoundError(InputErrorCode.INVALID_DECIMAL, f"{message}, got {echo(text)}.")
    number = decimal.Decimal(text)
    exponent = int(number.as_tuple().exponent)
    if (
        len(number.as_tuple().digits) > MAX_DECIMAL_DIGITS
        or exponent < MIN_DECIMAL_EXPONENT
        or number.adjusted() >= MAX_DECIMAL_ADJUSTED_EXPONENT
    ):
        raise _too_large()
    # -0 is 0: a sign on zero means nothing in money and must not reach comparisons or output.
    return number.copy_abs() if number.is_zero() else number


def _too_large() -> InputBoundError:
    return InputBoundError(
        InputErrorCode.INVALID_DECIMAL,
        f"Decimals take at most {MAX_DECIMAL_DIGITS} digits, below 10^"
        f"{MAX_DECIMAL_ADJUSTED_EXPONENT} with at most {-MIN_DECIMAL_EXPONENT} decimal places.",
    )


def parse_json(value: object) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise InputBoundError(InputErrorCode.INVALID_JSON, "JSON numbers must be finite.")
    check_json(value)
    return value


def _bounded(definition: ScalarDefinition, parse: Any) -> ScalarDefinition:
    # Same name, description and serialisation: the SDL does not change, only the parsing.
    return dataclasses.replace(definition, parse_value=parse, implementation=None)


SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    dt.date: _bounded(base_scalars.DateDefinition, parse_date),
    dt.datetime: _bounded(base_scalars.DateTimeDefinition, parse_datetime),
    decimal.Decimal: _bounded(base_scalars.DecimalDefinition, parse_decimal),
    JSON: _bounded(DEFAULT_SCALAR_REGISTRY[JSON], parse_json),
}
