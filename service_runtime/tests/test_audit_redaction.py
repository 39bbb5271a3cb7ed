"""Audit log arguments: secrets never stored, hostile sizes never stored whole."""

from __future__ import annotations

import json

import pytest

from service_runtime.audit.redaction import REDACTED, audit_arguments, is_secret_name


@pytest.mark.parametrize(
    "name",
    ["password", "newPassword", "current_password", "refreshToken", "apiKey", "API_KEY",
     "clientSecret", "privateKeyPem", "otp", "credentials", "authorization", "iban"],
)  # fmt: skip
def test_secret_field_names_are_recognised(name: str) -> None:
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["email", "displayName", "amount", "organizationId", "input"])
def test_ordinary_field_names_are_kept(name: str) -> None:
    assert not is_secret_name(name)


def test_secrets_are_redacted_at_any_depth_and_the_rest_kept() -> None:
    arguments = {
        "input": {
            "email": "a@example.com",
            "password": "hunter2-hunter2",
            "lines": [{"description": "Work", "apiKey": "k-123"}],
        },
        "currentPassword": "old-secret",
        "note": None,
    }
    stored = audit_arguments(arguments)
    assert stored == {
        "input": {
            "email": "a@example.com",
            "password": REDACTED,
            "lines": [{"description": "Work", "apiKey": REDACTED}],
        },
        "currentPassword": REDACTED,
        "note": None,
    }
    assert "hunter2" not in json.dumps(stored)


def test_credentials_under_innocent_names_are_redacted_by_shape() -> None:
    jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    stored = audit_arguments({"note": jwt, "header": "Bearer abc.def", "name": "Eyjafjallajokull"})
    assert stored == {"note": REDACTED, "header": REDACTED, "name": "Eyjafjallajokull"}


def test_a_hostile_megabyte_is_cut_and_the_record_stays_small() -> None:
    hostile = {
        "content": "x" * 1_000_000,
        "rows": [{"cell": "y" * 10_000}] * 10_000,
        "deep": _nested(500),
        "wide": {f"field{i}": i for i in range(10_000)},
    }
    stored = audit_arguments(hostile)
    text = json.dumps(stored)
    assert len(text) < 10_000, len(text)
    assert stored["content"].startswith("x" * 100)
    assert stored["content"].endswith("(1000000 characters)")
    assert stored["rows"][-1] == "... (9980 more items)"


def test_typed_values_are_stored_as_their_text() -> None:
    import datetime as dt
    import decimal
    import enum
    import uuid

    class Colour(enum.Enum):
        RED = "red"

    identifier = uuid.uuid4()
    stored = audit_arguments(
        {"amount": decimal.Decimal("1.50"), "on": dt.date(2026, 3, 1), "id": identifier,
         "colour": Colour.RED, "count": 3, "flag": True}
    )  # fmt: skip
    assert stored == {
        "amount": "1.50", "on": "2026-03-01", "id": str(identifier), "colour": "red",
        "count": 3, "flag": True,
    }  # fmt: skip
    json.dumps(stored)


def _nested(depth: int) -> dict[str, object]:
    value: dict[str, object] = {"leaf": 1}
    for _ in range(depth):
        value = {"child": value}
    return value
