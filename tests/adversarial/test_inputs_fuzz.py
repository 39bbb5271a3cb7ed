"""Hostile values in every input of every mutation (and query argument), through the router.

The operations and their inputs come from the committed supergraph.graphql, so a new subgraph
joins without edits here. Each leaf input (argument or input field) gets every value of a fixed
catalogue for its scalar, with otherwise valid input, and then values Hypothesis draws. After
each request: no 5xx, no masked or uncoded error, no message quoting a value at length, nothing
written when an error came back; after each mutation's batch, every service still answers.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devstack.factories.financial import (
    create_bank_account,
    create_client,
    create_invoice,
    create_issued_invoice,
)
from devstack.hostile_requests import HostileClient, Raw
from devstack.stack import Stack
from devstack.supergraph_inputs import (
    Leaf,
    base_variables,
    leaves,
    load_supergraph,
    mutations,
    queries,
    subgraph_of,
    with_value,
)
from devstack.testing import free_port, router_graphql

pytestmark = pytest.mark.e2e

SUPERGRAPH = load_supergraph(Path(__file__).parents[2] / "supergraph.graphql")
MUTATIONS = sorted(name for name in mutations(SUPERGRAPH) if leaves(SUPERGRAPH, name))
QUERIES = sorted(name for name in queries(SUPERGRAPH) if leaves(SUPERGRAPH, name))
# One test per subgraph: a registration and its rows are set up once for all its mutations.
BY_SUBGRAPH: dict[str, list[str]] = {}
for _name in MUTATIONS:
    BY_SUBGRAPH.setdefault(subgraph_of(mutations(SUPERGRAPH)[_name]), []).append(_name)


HUGE = "x" * 100_000
# 500 levels pass the router's JSON handling and must be refused by the subgraph; 5000 levels
# (the depth that overflowed the router's stack) get their own test below.
DEEP = Raw("[" * 500 + "]" * 500)
DEEPEST = Raw("[" * 5000 + "]" * 5000)
NESTED_40: Any = {}
for _ in range(40):
    NESTED_40 = {"a": NESTED_40}

TEXT = ["a\x00b", HUGE, "\ud800", "\u202etxt.exe", "a\u200b\u200fb", 5, True, {"a": 1}]
CATALOGUE: dict[str, list[Any]] = {
    "String": TEXT,
    "ID": ["a\x00b", HUGE, "\udfff", str(uuid.UUID(int=0)), 7],
    "JSON": [DEEP, NESTED_40, {"k": HUGE}, {"a\x00": 1}, {"a": "\ud800"}, Raw("1e400"), HUGE],
    "Date": ["0001-01-01", "9999-12-31", HUGE, "2026-02-30", 20260101, "", Raw("1e400")],
    "DateTime": ["0001-01-01T00:00:00", "9999-12-31T23:59:59", HUGE, "", 5],
    "Decimal": [
        *["NaN", "Infinity", "-Infinity", "sNaN", "-0", "1e400", "1e-400", Raw("1e400")],
        *["9" * 5000, Raw("9" * 5000), True, "", "1_000", {"a": 1}],
    ],
    "Int": [2**31, -(2**31) - 1, Raw("1e400"), "1", 1.5, Raw("9" * 5000)],
    "Float": [Raw("1e400"), "NaN"],
    "Boolean": ["true", 2],
}
ENUM = ["NOT_A_VALUE" * 1000, 5]


class Attack(HostileClient):
    """A hostile client with the rows of one organisation its mutations reference."""

    def __init__(self, http: httpx.AsyncClient, token: str, snapshot: Any) -> None:
        super().__init__(http, token, snapshot, SUPERGRAPH)
        self.rows: dict[str, str] = {}

    def base(self, mutation: str) -> dict[str, Any]:
        """Plausible input of `mutation`: the generic one, with its overrides."""
        generic = base_variables(SUPERGRAPH, mutation, self.row_id)
        return merged(generic, BASE_OVERRIDES.get(mutation, {}))

    async def leaf(self, leaf: Leaf, values: list[Any]) -> None:
        base = self.base(leaf.mutation)
        for value in values:
            await self.send(
                leaf.mutation, with_value(base, leaf, value), f"{leaf.path}={value!r:.40}"
            )

    def row_id(self, mutation: str, path: tuple[str, ...]) -> str:
        """A real row where the input names one, else an id of nothing."""
        return self.rows.get(row_kind(mutation, path) or "", str(uuid.uuid4()))

    async def prepare(self, mutation: str) -> None:
        """Creates fresh rows `mutation`'s base input references (and what they need): the
        previous mutation may have archived, issued or deleted the ones before."""
        self.rows.clear()
        wanted: set[str] = set()

        def note(name: str, path: tuple[str, ...]) -> str:
            wanted.add(row_kind(name, path) or "")
            return ""

        base_variables(SUPERGRAPH, mutation, note)
        missing = [
            kind
            for kind in ROW_ORDER
            if (kind in wanted or wanted & DEPENDENTS.get(kind, set())) and kind not in self.rows
        ]
        for kind in missing:
            await getattr(self, f"_create_{kind}")()
        if missing or not self.state:
            await self.settle()

    async def _run(self, query: str, **variables: Any) -> Any:
        body = await router_graphql(self.http, query, self.token, **variables)
        assert "errors" not in body, body
        return next(iter(body["data"].values()))

    async def _create_client(self) -> None:
        self.rows["client"] = (await create_client(self.http, self.token, "Fuzz client"))["id"]

    async def _create_draft(self) -> None:
        draft = await create_invoice(self.http, self.token, self.rows["client"], lines=[LINE])
        self.rows["draft"] = draft["id"]

    async def _create_issued(self) -> None:
        issued = await create_issued_invoice(
            self.http, self.token, self.rows["client"], lines=[LINE]
        )
        self.rows["issued"] = issued["id"]

    async def _create_account(self) -> None:
        self.rows["account"] = (await create_bank_account(self.http, self.token))["id"]

    async def _create_transaction(self) -> None:
        statement = {
            "accountId": self.rows["account"],
            "format": "CSV",
            "content": "Date,Amount,Text\n2026-03-01,100.00,Fuzz payment\n",
            "csvMapping": {
                "dateColumn": "Date",
                "amountColumn": "Amount",
                "descriptionColumn": "Text",
            },
        }
        imported = await self._run(IMPORT, input=statement)
        self.rows["transaction"] = imported["transactionIds"][0]

    async def _create_category(self) -> None:
        # Category names are unique in an organisation.
        name = f"Fuzz {uuid.uuid4().hex[:8]}"
        category = await self._run(CATEGORY, input={"name": name, "kind": "EXPENSE"})
        self.rows["category"] = category["category"]["id"]

    async def _create_recurring(self) -> None:
        schedule = {"clientId": self.rows["client"], "lines": [LINE], "frequency": "MONTHLY"}
        recurring = await self._run(RECURRING, input={**schedule, "startOn": "2027-01-01"})
        self.rows["recurring"] = recurring["recurringInvoice"]["id"]


LINE = {"description": "Work", "quantity": "1", "unitPrice": "100"}
# Where the generic base input is refused for a reason of its own, what makes it acceptable,
# so hostile values travel with input that would otherwise be written.
BASE_OVERRIDES: dict[str, dict[str, Any]] = {
    "createRecurringInvoice": {"input": {"lines": [LINE]}},
    "createRule": {
        "input": {
            "triggers": [{"type": "DESCRIPTION_CONTAINS", "text": "coffee"}],
            "actions": [{"type": "ADD_TAGS", "tags": ["fuzz"]}],
        }
    },
    "importBankStatement": {
        "input": {
            "content": "Date,Amount\n2026-03-02,5.00\n",
            "csvMapping": {"dateColumn": "Date", "amountColumn": "Amount"},
        }
    },
    "saveCsvMapping": {"layout": {"dateColumn": "Date", "amountColumn": "Amount"}},
}


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        inner = result.get(key)
        both_dicts = isinstance(value, dict) and isinstance(inner, dict)
        result[key] = merged(inner, value) if both_dicts else value  # type: ignore[arg-type]
    return result


# Created in this order; a row is also created when a row that needs it is wanted.
ROW_ORDER = ["client", "draft", "issued", "account", "transaction", "category", "recurring"]
DEPENDENTS = {"client": {"draft", "issued", "recurring"}, "account": {"transaction"}}


def row_kind(mutation: str, path: tuple[str, ...]) -> str | None:
    """Which real row an ID input names: by the input's name; a bare `id` by the mutation."""
    if path[-1] == "id":
        return next((row for key, row in ROW_OF_MUTATION if key.lower() in mutation.lower()), None)
    return ROW_OF_ARGUMENT.get(path[-1])


IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  ... on ImportBankStatementPayload { transactionIds } } }"""
CATEGORY = """mutation($input: CreateCategoryInput!) { createCategory(input: $input) {
  ... on CategoryPayload { category { id } } } }"""
RECURRING = """mutation($input: CreateRecurringInvoiceInput!) {
  createRecurringInvoice(input: $input) {
    ... on RecurringInvoicePayload { recurringInvoice { id } } } }"""

# Which real row an ID input names: by the input's name, and for a bare `id` by the mutation.
ROW_OF_ARGUMENT = {
    "clientId": "client",
    "invoiceId": "issued",
    "accountId": "account",
    "transactionId": "transaction",
    "categoryId": "category",
    "parentId": "category",
}
ROW_OF_MUTATION = [
    ("Client", "client"),
    ("updateInvoice", "draft"),
    ("issueInvoice", "draft"),
    ("deleteInvoiceDraft", "draft"),
    ("RecurringInvoice", "recurring"),
    ("Invoice", "issued"),
    ("Quote", "issued"),
    ("BankAccount", "account"),
    ("Category", "category"),
    ("Transaction", "transaction"),
]


@pytest.fixture
async def attack(router: httpx.AsyncClient, owner_token: str, snapshot: Any) -> Attack:
    return Attack(router, owner_token, snapshot)


async def assert_services_answer(router: httpx.AsyncClient, stack: Stack) -> None:
    for name in stack.services:
        url = "/healthcheck" if name == "router" else f"{stack.url(name)}/health"
        response = await router.get(url)
        assert response.status_code == 200, (name, response.text)


@pytest.mark.parametrize("subgraph", sorted(BY_SUBGRAPH))
async def test_catalogue_of_hostile_values_in_every_input(
    subgraph: str, attack: Attack, router: httpx.AsyncClient, running_stack: Stack
) -> None:
    for mutation in BY_SUBGRAPH[subgraph]:
        await attack.prepare(mutation)
        # The base input alone first: plausible input must not crash anything either.
        await attack.send(mutation, attack.base(mutation), "base")
        for leaf in leaves(SUPERGRAPH, mutation):
            await attack.leaf(leaf, CATALOGUE.get(leaf.scalar, ENUM))
    await assert_services_answer(router, running_stack)
    attack.assert_no_problems()


async def test_catalogue_of_hostile_values_in_every_query_argument(
    attack: Attack, router: httpx.AsyncClient, running_stack: Stack
) -> None:
    # Queries reach the database too (filters, searches): NUL or 1e400 there crashed alike.
    for query in QUERIES:
        await attack.prepare(query)
        for leaf in leaves(SUPERGRAPH, query):
            await attack.leaf(leaf, CATALOGUE.get(leaf.scalar, ENUM))
    await assert_services_answer(router, running_stack)
    attack.assert_no_problems()


# Characters that broke or could break storage, rendering or logs.
ODD = ["\x00", "\ud800", "\udfff", "\u202e", "\u200b", "\u200f", "\ufeff", "\u0301", "\U0001f4a9"]
ODD_TEXT = st.text(alphabet=st.sampled_from(ODD) | st.characters(), max_size=40)
LONG_TEXT = st.builds(
    lambda c, n: c * n, st.sampled_from(["x", "\u202e", "é"]), st.integers(1, 200_000)
)
JSON_LEAF = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
)
STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "String": ODD_TEXT | LONG_TEXT | st.integers(),
    "ID": ODD_TEXT | LONG_TEXT,
    "JSON": st.recursive(
        JSON_LEAF | ODD_TEXT,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
        max_leaves=40,
    ),
    "Date": st.dates().map(str) | st.datetimes().map(str) | ODD_TEXT | st.integers(),
    "DateTime": st.datetimes().map(lambda moment: moment.isoformat())
    | st.dates().map(str)
    | ODD_TEXT,
    "Decimal": st.decimals(allow_nan=True, allow_infinity=True).map(str)
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet="0123456789.,-+eE_ ", max_size=40),
    "Int": st.integers(min_value=-(2**40), max_value=2**40),
}
TARGETS = [
    leaf
    for name in [*MUTATIONS, *QUERIES]
    for leaf in leaves(SUPERGRAPH, name)
    if leaf.scalar in STRATEGIES
]


@settings(
    max_examples=200,
    derandomize=True,  # the same examples on every run: CI stays deterministic
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(leaf=st.sampled_from(TARGETS), data=st.data())
async def test_values_hypothesis_draws_in_any_input(
    attack: Attack, leaf: Leaf, data: st.DataObject
) -> None:
    value = data.draw(STRATEGIES[leaf.scalar], label="value")
    await attack.prepare(leaf.mutation)
    await attack.leaf(leaf, [value])
    attack.assert_no_problems()


async def test_json_nested_5000_deep_in_every_json_input_is_refused(
    owner_token: str, snapshot: Any, running_stack: Stack
) -> None:
    # On a router of its own: this request once took the router down (issue 8, item 1), and
    # a crash here must not take the rest of the suite with it.
    process = running_stack.router_process(free_port(), {"ROUTER_RATE_LIMIT_MAX": "100000"})
    await running_stack.start_process(process)
    try:
        async with httpx.AsyncClient(base_url=process.base_url, timeout=30) as http:
            attack = Attack(http, owner_token, snapshot)
            json_leaves = [leaf for name in MUTATIONS for leaf in leaves(SUPERGRAPH, name)]
            json_leaves = [leaf for leaf in json_leaves if leaf.scalar == "JSON"]
            assert json_leaves, "the supergraph has JSON inputs (customFields)"
            for leaf in json_leaves:
                await attack.prepare(leaf.mutation)
                await attack.leaf(leaf, [DEEPEST, Raw('{"a":' * 5000 + "1" + "}" * 5000)])
            assert (await http.get("/healthcheck")).status_code == 200
    finally:
        await running_stack.stop_process(process)
    attack.assert_no_problems()
