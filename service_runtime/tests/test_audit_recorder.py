"""Every mutation field is audited by ServiceSchema itself; a failed audit write is logged
loudly and never takes the mutation's result from the client."""

from __future__ import annotations

import enum
import json
import logging
import uuid
from types import SimpleNamespace

import pytest
import strawberry

from service_runtime.audit import AuditedMutation
from service_runtime.audit.recorder import REJECTED, outcome_of
from service_runtime.context import RequestContext
from service_runtime.database import Database
from service_runtime.logging import configure_logging
from service_runtime.schema import ServiceSchema
from service_runtime.tokens import Principal


@strawberry.enum
class NoteErrorCode(enum.Enum):
    TOO_LONG = "TOO_LONG"


@strawberry.type
class NoteError:
    code: NoteErrorCode
    message: str


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def save(self, text: str, password: str) -> str:
        return f"saved {len(text)}"

    @strawberry.mutation
    def touch(self) -> bool:
        return True


@strawberry.type
class Query:
    ok: bool = True


def test_every_mutation_field_gets_the_audit_once_even_when_built_twice() -> None:
    ServiceSchema(query=Query, mutation=Mutation)
    schema = ServiceSchema(query=Query, mutation=Mutation)
    fields = schema.get_type_by_name("Mutation").fields  # type: ignore[union-attr]
    for field in fields:
        audits = [e for e in field.extensions if isinstance(e, AuditedMutation)]
        assert len(audits) == 1, field.name
        assert field.extensions[-1] is audits[0], "outermost, so permission errors are seen"


def test_the_error_member_of_a_payload_union_is_a_rejection() -> None:
    assert outcome_of(NoteError(code=NoteErrorCode.TOO_LONG, message="x")) == (
        REJECTED,
        "TOO_LONG",
    )
    assert outcome_of("saved") == ("OK", None)


async def test_a_failed_audit_write_keeps_the_result_and_is_logged(
    capsys: pytest.CaptureFixture[str],
) -> None:
    schema = ServiceSchema(query=Query, mutation=Mutation)
    # Nothing listens on port 1: every audit write fails to connect.
    database = Database("postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none")
    context = RequestContext(
        request_id="req-1",
        principal=Principal(user_id=uuid.uuid4(), organization_id=uuid.uuid4(), scopes=frozenset()),
        database=database,
        redis=None,  # type: ignore[arg-type]
        settings=SimpleNamespace(service_name="test-svc"),
    )
    configure_logging("test-svc")
    try:
        result = await schema.execute(
            'mutation Save { save(text: "hello", password: "hunter2-hunter2") touch }',
            context_value=context,
        )
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    finally:
        logging.getLogger().handlers = []
        await database.dispose()
    assert result.errors is None
    assert result.data == {"save": "saved 5", "touch": True}
    failures = [line for line in lines if line["event"] == "audit_write_failed"]
    assert [line["mutation"] for line in failures] == ["save", "touch"]
    assert all(line["level"] == "error" for line in failures)
    assert "hunter2" not in json.dumps(lines)
