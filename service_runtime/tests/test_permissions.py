"""@authenticated / @requiresScopes: declared in the SDL, enforced from the verified principal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import strawberry

from service_runtime.permissions import authenticated, requires_scopes
from service_runtime.tokens import Principal


@strawberry.type
class Query:
    @strawberry.field
    def public(self) -> str:
        return "anyone"

    @strawberry.field(extensions=authenticated())
    def private(self) -> str:
        return "signed in"

    @strawberry.field(extensions=requires_scopes(["invoices:write"], ["org:owner"]))
    def issue(self) -> str:
        return "issued"


schema = strawberry.federation.Schema(query=Query, federation_version="2.7")


@dataclass
class Context:
    principal: Principal | None


def principal(*scopes: str) -> Principal:
    return Principal(user_id=uuid.uuid4(), organization_id=uuid.uuid4(), scopes=frozenset(scopes))


def run(query: str, who: Principal | None) -> Any:
    return schema.execute_sync(query, context_value=Context(who))


def test_directives_appear_in_the_sdl() -> None:
    sdl = schema.as_str()
    assert "private: String! @authenticated" in sdl
    assert (
        'issue: String! @authenticated @requiresScopes(scopes: [["invoices:write"], ["org:owner"]])'
        in sdl
    )


def test_anonymous_caller_reaches_public_fields_only() -> None:
    assert run("{ public }", None).data == {"public": "anyone"}
    result = run("{ private }", None)
    assert result.errors[0].extensions == {"code": "UNAUTHENTICATED"}


def test_anonymous_caller_is_unauthenticated_not_forbidden_on_scoped_fields() -> None:
    assert run("{ issue }", None).errors[0].extensions == {"code": "UNAUTHENTICATED"}


@pytest.mark.parametrize("scopes", [("invoices:write",), ("org:owner", "other")])
def test_any_one_complete_scope_set_grants_access(scopes: tuple[str, ...]) -> None:
    assert run("{ issue }", principal(*scopes)).data == {"issue": "issued"}


def test_missing_scopes_are_forbidden_and_name_the_requirement() -> None:
    error = run("{ issue }", principal("invoices:read")).errors[0]
    assert error.extensions["code"] == "FORBIDDEN"
    assert error.extensions["requiredScopes"] == [["invoices:write"], ["org:owner"]]
