"""String and ID inputs: no NUL, no lone surrogates, at most a bounded length.

graphql-core's String accepts any text; Postgres then fails on NUL and the UTF-8 encoder on a
lone surrogate, which clients saw as "Unexpected error." This extension checks every String and
ID reaching an operation, from variables and from literals, before any resolver runs. A field
or argument may raise its limit with `text_limit` metadata (statement files, templates).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_operation_ast,
    type_from_ast,
)
from graphql.execution import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from service_runtime.input_limits import (
    DEFAULT_MAX_TEXT_LENGTH,
    InputBoundError,
    check_text,
    max_length_of,
)
from service_runtime.text_literals import document_text_inputs, text_inputs_of_query

_TEXT_TYPES = frozenset({"String", GraphQLID.name})
# Enough to tell the client what to fix; the rest would only repeat it.
MAX_REPORTED_ERRORS = 10


def variable_text_errors(
    value: Any, type_: GraphQLInputType, field: str, max_length: int
) -> Iterator[InputBoundError]:
    """Errors of every String/ID inside a variable's raw value, walked along its type (values
    of the wrong shape are left to graphql-core's coercion, which reports them)."""
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if value is None:
        return
    if isinstance(type_, GraphQLList):
        items = value if isinstance(value, list) else [value]
        for position, item in enumerate(items):
            yield from variable_text_errors(item, type_.of_type, f"{field}[{position}]", max_length)
    elif isinstance(type_, GraphQLInputObjectType) and isinstance(value, dict):
        for name, child in value.items():
            definition = type_.fields.get(name)
            if definition is not None:
                limit = max_length_of(definition)
                yield from variable_text_errors(child, definition.type, f"{field}.{name}", limit)
    elif isinstance(type_, GraphQLScalarType) and type_.name in _TEXT_TYPES:
        error = check_text(value, field, max_length) if isinstance(value, str) else None
        if error is not None:
            yield error


class TextInputBounds(SchemaExtension):
    """Refuses the operation (no resolver runs) when a String or ID input breaks a bound."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        operation = get_operation_ast(document, context.operation_name) if document else None
        if document is not None and operation is not None:
            schema = context.schema._schema
            if context.query:
                inputs = text_inputs_of_query(schema, context.query)
            else:
                inputs = document_text_inputs(schema, document)
            errors = list(inputs.errors)
            variables = context.variables or {}
            for definition in operation.variable_definitions or ():
                name = definition.variable.name.value
                type_ = type_from_ast(schema, definition.type)
                if type_ is not None and name in variables:
                    limit = inputs.variable_limits.get(name, DEFAULT_MAX_TEXT_LENGTH)
                    field = inputs.variable_paths.get(name, name)
                    found = variable_text_errors(variables[name], type_, field, limit)  # type: ignore[arg-type]
                    errors.extend(found)
            if errors:
                reported: list[GraphQLError] = [*errors[:MAX_REPORTED_ERRORS]]
                result = GraphQLExecutionResult(data=None, errors=reported)
                context.result = result
        yield
