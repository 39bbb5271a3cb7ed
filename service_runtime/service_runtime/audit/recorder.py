"""Records each mutation field once, after it has finished, with its outcome.

Written after the mutation, in a transaction of its own, and not inside the mutation's: the
outcome is known only once the resolver has returned, a rejected (rolled-back) mutation must
still leave its record, and the runtime wraps resolvers without reaching into their
transactions. The price is a narrow window (the process dying between the two commits) in which
a committed change has no record. A failed audit write never replaces the mutation's committed
result: the client gets its result and the failure is logged as an error, with the record's
identity (not its arguments), for operators to alert on.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from graphql import GraphQLError
from graphql.execution.values import VariableValues
from graphql.utilities import value_from_ast_untyped
from sqlalchemy import insert
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver, SyncExtensionResolver

from service_runtime.audit.redaction import audit_arguments
from service_runtime.audit.table import audit_log
from service_runtime.context import RequestContext
from service_runtime.errors import shorten
from service_runtime.logging import get_logger

log = get_logger("service_runtime.audit")

OK, REJECTED, FAILED = "OK", "REJECTED", "FAILED"


def outcome_of(result: Any) -> tuple[str, str | None]:
    """OK, or REJECTED with the code of the payload union's error member (`...Error { code }`)."""
    code = getattr(result, "code", None)
    if type(result).__name__.endswith("Error") and isinstance(code, enum.Enum):
        return REJECTED, str(code.value)
    return OK, None


def failure_code(error: Exception) -> str:
    if isinstance(error, GraphQLError):
        return str((error.extensions or {}).get("code") or "GRAPHQL_ERROR")
    return "INTERNAL_SERVER_ERROR"  # masked for the client, logged by ServiceSchema


def raw_arguments(info: strawberry.Info[Any, Any]) -> dict[str, Any]:
    """The arguments the client gave the field, by their GraphQL names, variables substituted
    (their coerced values: Decimal, date ... which the redaction stores as text)."""
    raw = info._raw_info
    given: Any = raw.variable_values  # a dict here; graphql-core 3.3 types it VariableValues
    variables = given.coerced if isinstance(given, VariableValues) else given
    return {
        argument.name.value: value_from_ast_untyped(argument.value, variables)
        for argument in raw.field_nodes[0].arguments or ()
    }


class AuditedMutation(FieldExtension):
    """Put on every mutation field by ServiceSchema (audit_every_mutation); outermost, so
    permission errors are recorded too."""

    async def resolve_async(
        self,
        next_: AsyncExtensionResolver,
        source: Any,
        info: strawberry.Info[Any, Any],
        **kwargs: Any,
    ) -> Any:
        try:
            result = await next_(source, info, **kwargs)
        except Exception as error:
            await record(info, FAILED, failure_code(error))
            raise
        await record(info, *outcome_of(result))
        return result

    def resolve(
        self,
        next_: SyncExtensionResolver,
        source: Any,
        info: strawberry.Info[Any, Any],
        **kwargs: Any,
    ) -> Any:
        """A sync mutation: graphql-core awaits the awaitable returned in a service (async
        execution); a schema run outside one (execute_sync in unit tests) is left unaudited."""
        if not isinstance(info.context, RequestContext):
            return next_(source, info, **kwargs)
        try:
            result = next_(source, info, **kwargs)
        except Exception as error:
            return _recorded(info, error)
        return _recorded(info, result)


async def _recorded(info: strawberry.Info[Any, Any], result: Any) -> Any:
    if isinstance(result, Exception):
        await record(info, FAILED, failure_code(result))
        raise result
    await record(info, *outcome_of(result))
    return result


async def record(info: strawberry.Info[Any, Any], outcome: str, error_code: str | None) -> None:
    """Writes one record; never raises (a failure is logged, the mutation's result stands)."""
    context = info.context
    if not isinstance(context, RequestContext):
        return  # a schema executed outside a service (unit tests): nowhere to write
    principal = context.principal
    organization_id = principal.organization_id if principal is not None else None
    try:
        values = _record_values(info, context, outcome, error_code)
        async with context.database.write(organization_id=organization_id) as session:
            await session.execute(insert(audit_log).values(**values))
    except Exception as error:
        log.error(
            "audit_write_failed",
            mutation=info.field_name,
            outcome=outcome,
            error_code=error_code,
            organization_id=str(organization_id) if organization_id else None,
            error_type=type(error).__name__,
            error=shorten(str(getattr(error, "orig", error))),  # without SQL and parameters
        )


def _record_values(
    info: strawberry.Info[Any, Any],
    context: RequestContext[Any],
    outcome: str,
    error_code: str | None,
) -> dict[str, Any]:
    principal = context.principal
    operation = info._raw_info.operation.name
    return {
        "service": context.settings.service_name,
        "organization_id": principal.organization_id if principal is not None else None,
        "principal_subject": str(principal.user_id) if principal is not None else None,
        "request_id": shorten(context.request_id, 100) if context.request_id else None,
        "operation_name": shorten(operation.value, 100) if operation else None,
        "mutation": info.field_name,
        "arguments": audit_arguments(raw_arguments(info)),
        "outcome": outcome,
        "error_code": error_code,
    }


def audit_every_mutation(mutation: type | None) -> None:
    """Adds AuditedMutation (once) as the outermost extension of each field of the type."""
    definition = getattr(mutation, "__strawberry_definition__", None)
    for field in definition.fields if definition is not None else ():
        if not any(isinstance(extension, AuditedMutation) for extension in field.extensions):
            field.extensions.append(AuditedMutation())
