from __future__ import annotations

import strawberry

from service_runtime.errors import ClientError
from service_runtime.schema import ServiceSchema
from service_runtime.schema_extensions import standard_extensions


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> str:
        raise RuntimeError("database password is hunter2")

    @strawberry.field
    def refused(self) -> str:
        raise ClientError("Invoice already issued.", "INVOICE_ALREADY_ISSUED")


schema = ServiceSchema(query=Query, extensions=standard_extensions())


def test_unexpected_errors_are_masked() -> None:
    result = schema.execute_sync("{ broken }")
    assert result.errors is not None
    assert result.errors[0].message == "Unexpected error."
    assert "hunter2" not in str(result.errors[0].formatted)


def test_client_errors_keep_their_message_and_code() -> None:
    result = schema.execute_sync("{ refused }")
    assert result.errors is not None
    assert result.errors[0].message == "Invoice already issued."
    assert result.errors[0].extensions == {"code": "INVOICE_ALREADY_ISSUED"}


def test_validation_errors_reach_the_client() -> None:
    result = schema.execute_sync("{ nope }")
    assert result.errors is not None
    assert "Cannot query field" in result.errors[0].message


async def test_client_errors_are_cut_short_and_graphql_errors_get_a_code() -> None:
    result = schema.execute_sync("{ " + "x" * 5000 + " }")
    assert result.errors is not None
    error = result.errors[0]
    assert len(error.message) <= 300
    assert error.extensions == {"code": "GRAPHQL_VALIDATION_FAILED"}
    syntax = await schema.execute("{ broken")
    assert syntax.errors is not None
    assert syntax.errors[0].extensions == {"code": "GRAPHQL_PARSE_FAILED"}
