"""The adversarial suite's view of the supergraph: valid documents and base inputs for every
mutation, so a new subgraph's mutations are attacked without edits to the suite."""

from __future__ import annotations

from pathlib import Path

from graphql import parse, validate
from graphql.utilities import coerce_input_value

from devstack.supergraph_inputs import (
    Leaf,
    base_variables,
    document,
    leaves,
    load_supergraph,
    mutations,
    queries,
    subgraph_of,
    with_value,
)

SUPERGRAPH = load_supergraph(Path(__file__).parents[2] / "supergraph.graphql")
AN_ID = "00000000-0000-0000-0000-000000000000"


def test_every_mutation_gets_a_valid_document_and_coercible_base_variables() -> None:
    for name, field in mutations(SUPERGRAPH).items():
        assert validate(SUPERGRAPH, parse(document(SUPERGRAPH, name))) == [], name
        variables = base_variables(SUPERGRAPH, name, lambda _mutation, _path: AN_ID)
        for argument, value in variables.items():
            coerce_input_value(value, field.args[argument].type)  # raises when not valid
        assert subgraph_of(field) in {"auth", "financial"}, name
    for name in queries(SUPERGRAPH):
        assert validate(SUPERGRAPH, parse(document(SUPERGRAPH, name))) == [], name


def test_leaves_reach_nested_input_fields() -> None:
    found = {leaf.path: leaf for leaf in leaves(SUPERGRAPH, "createClient")}
    assert found[("input", "customFields")].scalar == "JSON"
    assert found[("input", "billingAddress", "country")].scalar == "String"
    assert found[("input", "contacts", "email")].scalar == "String"


def test_with_value_places_a_value_without_touching_the_base() -> None:
    base = {"input": {"name": "x", "lines": [{"description": "d"}]}}
    leaf = Leaf("createInvoice", ("input", "lines", "description"), "String", is_list=False)
    changed = with_value(base, leaf, "hostile")
    assert changed["input"]["lines"][0]["description"] == "hostile"
    assert base["input"]["lines"][0]["description"] == "d"
    ids = Leaf("reorderRules", ("ids",), "ID", is_list=True)
    assert with_value({"ids": [AN_ID]}, ids, "hostile") == {"ids": ["hostile"]}
