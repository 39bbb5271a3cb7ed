"""Every mutation's inputs, read from the committed supergraph, for the adversarial suite.

A new subgraph's mutations join the fuzz tests by being composed into supergraph.graphql:
nothing here names a domain. For each mutation this lists every leaf input (argument or input
field, down to a bounded depth) with its scalar, and builds a plausible base request of the
required fields, so a hostile value in one leaf travels with otherwise valid input.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    get_named_type,
    print_ast,
)

# Input objects nest (rules hold triggers); deeper leaves add little but requests.
MAX_INPUT_DEPTH = 3

# A plausible value of a String field by name; anything else gets "Fuzz <name>".
TEXT_BY_NAME: Mapping[str, Callable[[], str]] = {
    "email": lambda: f"fuzz-{uuid.uuid4().hex[:10]}@example.com",
    "password": lambda: "fuzz-passphrase-that-is-long",
    "currency": lambda: "EUR",
    "defaultCurrency": lambda: "EUR",
    "baseCurrency": lambda: "EUR",
    "country": lambda: "DE",
    "language": lambda: "en",
    "html": lambda: "<p>{{ document.number }}</p>",
    "dateColumn": lambda: "Date",
}
DECIMAL_BY_NAME = {"rate": "0.19", "quantity": "1"}


@dataclass(frozen=True)
class Leaf:
    """One input a hostile value can go to: `path` from the mutation's argument down."""

    mutation: str
    path: tuple[str, ...]
    scalar: str
    # The leaf's own type is a list ([String!]): the hostile value goes in as its one item.
    is_list: bool


def load_supergraph(path: Path) -> GraphQLSchema:
    return build_schema(path.read_text())


def mutations(schema: GraphQLSchema) -> dict[str, GraphQLField]:
    return dict(schema.mutation_type.fields) if schema.mutation_type else {}


def queries(schema: GraphQLSchema) -> dict[str, GraphQLField]:
    """Root query fields, without federation's own (`_entities`, `_service`)."""
    fields = schema.query_type.fields if schema.query_type else {}
    return {name: field for name, field in fields.items() if not name.startswith("_")}


def root_field(schema: GraphQLSchema, name: str) -> GraphQLField:
    """A mutation or, failing that, a query by name."""
    return mutations(schema).get(name) or queries(schema)[name]


def subgraph_of(field: GraphQLField) -> str:
    """The subgraph resolving a root field (its `@join__field(graph: ...)`), lower case."""
    for directive in (field.ast_node.directives if field.ast_node else None) or ():
        for argument in directive.arguments or ():
            if directive.name.value == "join__field" and argument.name.value == "graph":
                return str(getattr(argument.value, "value", "")).lower()
    return "unknown"


def leaves(schema: GraphQLSchema, name: str) -> list[Leaf]:
    field = root_field(schema, name)
    found: list[Leaf] = []
    for argument_name, argument in field.args.items():
        found.extend(_leaves(name, (argument_name,), argument.type, 1))
    return found


def _leaves(
    mutation: str, path: tuple[str, ...], type_: GraphQLInputType, depth: int
) -> Iterator[Leaf]:
    named = get_named_type(type_)
    if isinstance(named, GraphQLInputObjectType):
        if depth < MAX_INPUT_DEPTH:
            for field_name, field in named.fields.items():
                yield from _leaves(mutation, (*path, field_name), field.type, depth + 1)
    elif isinstance(named, GraphQLScalarType | GraphQLEnumType):
        yield Leaf(mutation, path, named.name, isinstance(_nullable(type_), GraphQLList))


def _required(definition: GraphQLArgument | GraphQLInputField) -> bool:
    # graphql-core 3.3 keeps an SDL default in `default` (`default_value` stays Undefined).
    return isinstance(definition.type, GraphQLNonNull) and definition.default is None


def _nullable(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


def document(schema: GraphQLSchema, name: str) -> str:
    """An operation calling root field `name` with one variable per argument, selecting any
    error's code (as `code_<Type>`)."""
    field = root_field(schema, name)
    definitions = ", ".join(
        f"${arg}: {argument.type}{_default_of(argument)}" for arg, argument in field.args.items()
    )
    arguments = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    operation = "mutation" if name in mutations(schema) else "query"
    header = f"{operation} Fuzz({definitions})" if definitions else f"{operation} Fuzz"
    call = f"{name}({arguments})" if arguments else name
    if isinstance(get_named_type(field.type), GraphQLScalarType | GraphQLEnumType):
        return f"{header} {{ {call} }}"
    return f"{header} {{ {call} {{ {_selection(field)} }} }}"


def _default_of(argument: GraphQLArgument) -> str:
    # A variable of a non-null type without a default must be given: repeat the argument's.
    node = argument.ast_node
    default = node.default_value if node is not None else None
    return f" = {print_ast(default)}" if default is not None else ""


def _selection(field: GraphQLField) -> str:
    result = get_named_type(field.type)
    members = result.types if isinstance(result, GraphQLUnionType) else [result]
    parts = ["__typename"]
    for member in members:
        if isinstance(member, GraphQLObjectType) and "code" in member.fields:
            code_type = get_named_type(member.fields["code"].type)
            if isinstance(code_type, GraphQLEnumType | GraphQLScalarType):
                # Aliased per member: members' `code` fields may differ in type (two enums).
                parts.append(f"... on {member.name} {{ code_{member.name}: code }}")
    return " ".join(parts)


def base_variables(
    schema: GraphQLSchema, name: str, ids: Callable[[str, tuple[str, ...]], str]
) -> dict[str, Any]:
    """Values for the required arguments of `name` (and their required fields);
    `ids(mutation, path)` gives the id of a real row where an ID must reference one."""
    field = root_field(schema, name)
    values: dict[str, Any] = {}
    for arg, argument in field.args.items():
        if _required(argument):
            values[arg] = plausible(argument.type, name, (arg,), ids)
    return values


def plausible(
    type_: GraphQLInputType,
    mutation: str,
    path: tuple[str, ...],
    ids: Callable[[str, tuple[str, ...]], str],
) -> Any:
    """A plausible value of `type_` for the input at `path` (required fields only)."""
    nullable = _nullable(type_)
    if isinstance(nullable, GraphQLList):
        return [plausible(nullable.of_type, mutation, path, ids)]
    if isinstance(nullable, GraphQLInputObjectType):
        return {
            field_name: plausible(field.type, mutation, (*path, field_name), ids)
            for field_name, field in nullable.fields.items()
            if _required(field)
        }
    if isinstance(nullable, GraphQLEnumType):
        return next(iter(nullable.values))
    return _scalar(nullable.name, mutation, path, ids)


def _scalar(
    scalar: str, mutation: str, path: tuple[str, ...], ids: Callable[[str, tuple[str, ...]], str]
) -> Any:
    leaf = path[-1]
    if scalar == "ID":
        return ids(mutation, path)
    if scalar == "String":
        return TEXT_BY_NAME.get(leaf, lambda: f"Fuzz {leaf}")()
    if scalar == "Decimal":
        return DECIMAL_BY_NAME.get(leaf, "10.00")
    if scalar == "Date":
        return dt.date.today().isoformat()
    if scalar == "DateTime":
        return dt.datetime.now(dt.UTC).isoformat()
    simple: dict[str, Any] = {"Int": 1, "Float": 1.0, "Boolean": False, "JSON": {}}
    return simple.get(scalar, "x")


def with_value(variables: dict[str, Any], leaf: Leaf, value: Any) -> dict[str, Any]:
    """A copy of `variables` with `value` at the leaf's path (missing objects created; in a
    list, in its first item)."""
    copied: dict[str, Any] = _copy(variables)
    node: Any = copied
    for key in leaf.path[:-1]:
        child = node.get(key)
        if isinstance(child, list):
            child = child[0] if child else {}
            node[key] = [child]
        elif not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[leaf.path[-1]] = [value] if leaf.is_list else value
    return copied


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
