"""The bounded Date, DateTime, Decimal and JSON scalars, through a real schema."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import pytest
import strawberry
from strawberry.scalars import JSON

from service_runtime.input_limits import MAX_JSON_DEPTH
from service_runtime.schema import ServiceSchema
from service_runtime.schema_extensions import standard_extensions


@strawberry.type
class Query:
    @strawberry.field
    def day(self, value: dt.date) -> str:
        return value.isoformat()

    @strawberry.field
    def moment(self, value: dt.datetime) -> str:
        return value.isoformat()

    @strawberry.field
    def amount(self, value: decimal.Decimal) -> str:
        return str(value)

    @strawberry.field
    def blob(self, value: JSON) -> JSON:
        return value


schema = ServiceSchema(query=Query, extensions=standard_extensions())


def run(field: str, type_: str, value: Any) -> tuple[Any, list[dict[str, Any]]]:
    result = schema.execute_sync(
        f"query($v: {type_}!) {{ {field}(value: $v) }}", variable_values={"v": value}
    )
    errors = [
        {"message": error.message, **(error.extensions or {})} for error in result.errors or []
    ]
    return (result.data or {}).get(field), errors


def code_of(field: str, type_: str, value: Any) -> str:
    _, errors = run(field, type_, value)
    assert len(errors) == 1, errors
    assert len(errors[0]["message"]) <= 300, errors
    return str(errors[0]["code"])


def test_sdl_is_unchanged_by_the_bounded_scalars() -> None:
    sdl = schema.as_str()
    assert "scalar Date" in sdl
    assert "scalar Decimal" in sdl
    assert "scalar JSON" in sdl


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1899-12-31", "3000-01-01"])
def test_dates_outside_the_range_are_refused(value: str) -> None:
    assert code_of("day", "Date", value) == "DATE_OUT_OF_RANGE"


@pytest.mark.parametrize("value", ["2026-02-30", "x" * 100_000, "", 20260101])
def test_invalid_dates_are_refused_without_being_quoted_whole(value: Any) -> None:
    assert code_of("day", "Date", value) == "INVALID_DATE"


def test_a_valid_date_passes() -> None:
    assert run("day", "Date", "2026-12-03") == ("2026-12-03", [])
    assert run("moment", "DateTime", "2026-12-03T10:00:00+00:00")[1] == []
    assert code_of("moment", "DateTime", "9999-12-31T23:59:59") == "DATE_OUT_OF_RANGE"


@pytest.mark.parametrize(
    "value",
    [
        *["NaN", "sNaN", "Infinity", "-Infinity", float("inf"), "1e400", "1e-400", "9" * 5000],
        *[pytest.param(10**5000, id="huge-int"), True, "", "1_000", " 1", "\u0661", {"a": 1}],
    ],
)
def test_non_finite_huge_or_malformed_decimals_are_refused(value: Any) -> None:
    assert code_of("amount", "Decimal", value) == "INVALID_DECIMAL"


def test_decimals_keep_their_value_and_lose_the_sign_of_zero() -> None:
    assert run("amount", "Decimal", "123.45") == ("123.45", [])
    assert run("amount", "Decimal", 12) == ("12", [])
    assert run("amount", "Decimal", "-0") == ("0", [])
    assert run("amount", "Decimal", "-0.00") == ("0.00", [])


def nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = {"a": value}
    return value


def test_json_within_bounds_passes_and_beyond_is_refused() -> None:
    assert run("blob", "JSON", nested(MAX_JSON_DEPTH - 1))[1] == []
    assert code_of("blob", "JSON", nested(MAX_JSON_DEPTH + 1)) == "JSON_TOO_DEEP"
    assert code_of("blob", "JSON", nested(900)) == "JSON_TOO_DEEP"
    assert code_of("blob", "JSON", {"k": "x" * 100_000}) == "INPUT_TOO_LARGE"
    assert code_of("blob", "JSON", [1] * 50_000) == "INPUT_TOO_LARGE"
    assert code_of("blob", "JSON", {"a\x00": 1}) == "INVALID_TEXT"
    assert code_of("blob", "JSON", ["\ud800"]) == "INVALID_TEXT"
    assert code_of("blob", "JSON", [float("inf")]) == "INVALID_JSON"


def test_literals_are_bounded_like_variables() -> None:
    result = schema.execute_sync('{ day(value: "0001-01-01") }')
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "DATE_OUT_OF_RANGE"}


async def test_a_literal_nested_too_deep_for_the_parser_is_a_typed_error() -> None:
    result = await schema.execute("{ blob(value: " + "[" * 2000 + "]" * 2000 + ") }")
    assert result.errors is not None
    assert "nested too deeply" in result.errors[0].message
    assert result.errors[0].extensions == {"code": "GRAPHQL_PARSE_FAILED"}
