"""String and ID inputs: NUL, lone surrogates and length, from variables and literals."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from service_runtime.input_limits import DEFAULT_MAX_TEXT_LENGTH, text_limit
from service_runtime.schema import ServiceSchema
from service_runtime.schema_extensions import standard_extensions

calls: list[str] = []


@strawberry.input
class NoteInput:
    title: str
    body: str = strawberry.field(default="", metadata=text_limit(500_000))
    tags: list[str] | None = None


@strawberry.type
class Mutation:
    @strawberry.mutation
    def save(self, note: NoteInput) -> str:
        calls.append(note.title)
        return "saved"

    @strawberry.mutation
    def upload(
        self, text: Annotated[str, strawberry.argument(metadata=text_limit(300_000))]
    ) -> int:
        calls.append("upload")
        return len(text)


@strawberry.type
class Query:
    ok: bool = True


schema = ServiceSchema(query=Query, mutation=Mutation, extensions=standard_extensions())
SAVE = "mutation($note: NoteInput!) { save(note: $note) }"


def errors_of(query: str, **variables: Any) -> list[dict[str, Any]]:
    calls.clear()
    result = schema.execute_sync(query, variable_values=variables)
    errors = [{"message": e.message, **(e.extensions or {})} for e in result.errors or []]
    if errors:
        assert calls == [], "no resolver runs when an input is refused"
    return errors


def test_nul_and_lone_surrogates_are_refused_with_the_field_named() -> None:
    (error,) = errors_of(SAVE, note={"title": "a\x00b"})
    assert error["code"] == "INVALID_TEXT"
    assert error["field"] == "note.title"
    (error,) = errors_of(SAVE, note={"title": "ok", "tags": ["fine", "\udfff"]})
    assert (error["code"], error["field"]) == ("INVALID_TEXT", "note.tags[1]")


def test_text_beyond_the_default_length_is_refused() -> None:
    (error,) = errors_of(SAVE, note={"title": "x" * (DEFAULT_MAX_TEXT_LENGTH + 1)})
    assert error["code"] == "INPUT_TOO_LARGE"
    assert len(error["message"]) < 100


def test_a_field_or_argument_may_raise_its_limit() -> None:
    assert errors_of(SAVE, note={"title": "t", "body": "x" * 400_000}) == []
    assert errors_of("mutation($t: String!) { upload(text: $t) }", t="x" * 200_000) == []
    (error,) = errors_of("mutation($t: String!) { upload(text: $t) }", t="x" * 300_001)
    assert error["code"] == "INPUT_TOO_LARGE"


def test_literals_are_checked_too() -> None:
    (error,) = errors_of('mutation { save(note: {title: "a\\u0000"}) }')
    assert (error["code"], error["field"]) == ("INVALID_TEXT", "note.title")


def test_ordinary_text_passes_untouched() -> None:
    assert errors_of(SAVE, note={"title": "Rechnung \u202e\u200b \U0001f600 \u00e9"}) == []
    assert calls == ["Rechnung \u202e\u200b \U0001f600 \u00e9"]
