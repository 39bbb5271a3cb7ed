"""Where the text inputs of a document go: the limit of each literal and variable.

A walk of the document with graphql-core's TypeInfo, keeping a stack of the argument or input
field being written, so a literal string is checked against that definition's limit and a
variable is known to take the limit of every place it is passed to (the smallest wins).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLArgument,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLSchema,
    ObjectFieldNode,
    StringValueNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableNode,
    Visitor,
    get_named_type,
    parse,
    visit,
)

from service_runtime.input_limits import (
    DEFAULT_MAX_TEXT_LENGTH,
    InputBoundError,
    check_text,
    max_length_of,
)


class _TextInputVisitor(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.definitions: list[GraphQLArgument | GraphQLInputField | None] = []
        self.names: list[str] = []
        self.errors: list[InputBoundError] = []
        self.variable_limits: dict[str, int] = {}
        # The argument path a variable is passed to ("input.name"): errors name that, not the
        # variable, which the router renames when it plans the query.
        self.variable_paths: dict[str, str] = {}

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        self.definitions.append(self.type_info.get_argument())
        self.names.append(node.name.value)

    def leave_argument(self, *_args: Any) -> None:
        self.definitions.pop()
        self.names.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_args: Any) -> None:
        parent = get_named_type(self.type_info.get_parent_input_type())
        fields = parent.fields if isinstance(parent, GraphQLInputObjectType) else {}
        self.definitions.append(fields.get(node.name.value))
        self.names.append(node.name.value)

    def leave_object_field(self, *_args: Any) -> None:
        self.definitions.pop()
        self.names.pop()

    def _limit(self) -> int:
        return max_length_of(self.definitions[-1]) if self.definitions else DEFAULT_MAX_TEXT_LENGTH

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        error = check_text(node.value, ".".join(self.names) or "value", self._limit())
        if error is not None:
            self.errors.append(error)

    def enter_variable(self, node: VariableNode, *_args: Any) -> None:
        if self.definitions:
            name = node.name.value
            limit = self._limit()
            self.variable_limits[name] = min(limit, self.variable_limits.get(name, limit))
            self.variable_paths.setdefault(name, ".".join(self.names))


@dataclass(frozen=True)
class TextInputs:
    errors: list[InputBoundError]
    # Per variable: the text limit of where it goes, and the argument path it is passed to.
    variable_limits: dict[str, int]
    variable_paths: dict[str, str]


@functools.lru_cache(maxsize=1024)
def text_inputs_of_query(schema: GraphQLSchema, query: str) -> TextInputs:
    """`document_text_inputs` of a query text, cached: clients send a small fixed set of
    documents, and the walk costs about 0.4 ms on a createClient mutation (like ParserCache,
    the cache holds documents only, never a request's values)."""
    return document_text_inputs(schema, parse(query))


def document_text_inputs(schema: GraphQLSchema, document: DocumentNode) -> TextInputs:
    """The errors of the string literals in `document` (fragments included) and where each
    variable goes."""
    type_info = TypeInfo(schema)
    visitor = _TextInputVisitor(type_info)
    visit(document, TypeInfoVisitor(type_info, visitor))
    return TextInputs(visitor.errors, visitor.variable_limits, visitor.variable_paths)
