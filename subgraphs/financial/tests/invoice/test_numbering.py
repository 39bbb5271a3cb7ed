"""Number patterns: validation, rendering, settings, yearly reset, per-client counters, and
no gaps after a rolled-back issue."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.numbering.patterns import Pattern, render, validate

from ..conftest import GraphQL, TokenFactory
from .conftest import Invoices, line

SET = """mutation($kind: InvoiceKind!, $pattern: String!, $yearlyReset: Boolean! = false) {
  setInvoiceNumbering(kind: $kind, pattern: $pattern, yearlyReset: $yearlyReset) {
    __typename
    ... on NumberingPayload { numbering { kind pattern yearlyReset example } }
    ... on InvoiceError { code message field } } }"""
GET = "{ invoiceNumbering { kind pattern yearlyReset example } }"


def test_tokens_render_with_padding_dates_and_client_counters() -> None:
    pattern = Pattern("{date:%y%m}/{counter:5}-C{client_counter:3}", yearly_reset=False)
    assert render(pattern, date(2026, 3, 9), 42, 7) == "2603/00042-C007"
    assert render(Pattern("INV{year}{counter}", False), date(2026, 1, 1), 12, None) == "INV202612"


@pytest.mark.parametrize(
    ("text", "yearly_reset"),
    [
        ("INV-{year}", False),  # no {counter}: numbers would repeat
        ("INV-{counter:0}", False),
        ("INV-{counter:13}", False),
        ("INV-{counter:x}", False),
        ("INV-{month}-{counter}", False),
        ("INV-{date:%H}-{counter}", False),  # not a whitelisted directive
        ("INV-{date:}-{counter}", False),
        ("INV-{date:%Y%}-{counter}", False),
        ("INV {counter}", False),
        ("INV-{counter}", True),  # a yearly reset must show the year
        ("INV-{date:%m}-{counter}", True),
        ("", False),
        ("X" * 61 + "{counter}", False),
        ("{{counter}}", False),
    ],
)
def test_bad_patterns_are_refused(text: str, yearly_reset: bool) -> None:
    assert isinstance(validate(text, yearly_reset), InvoiceError)


def test_good_patterns_are_accepted() -> None:
    for text, reset in [("{counter}", False), ("R{date:%Y-%m}_{counter:6}", True)]:
        assert validate(text, reset) == Pattern(text, reset)


async def test_defaults_until_an_admin_sets_a_pattern(
    gql: GraphQL, admin: str, member: str
) -> None:
    defaults = (await gql(GET, bearer=member))["data"]["invoiceNumbering"]
    assert [(p["kind"], p["pattern"]) for p in defaults] == [
        ("INVOICE", "INV-{year}-{counter:4}"),
        ("QUOTE", "QUO-{year}-{counter:4}"),
        ("CREDIT_NOTE", "CN-{year}-{counter:4}"),
    ]
    body = await gql(SET, bearer=admin, kind="INVOICE", pattern="F{counter:3}")
    assert body["data"]["setInvoiceNumbering"]["numbering"]["example"] == "F001"
    refused = await gql(SET, bearer=member, kind="INVOICE", pattern="G{counter}")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bad = await gql(SET, bearer=admin, kind="INVOICE", pattern="G")
    assert bad["data"]["setInvoiceNumbering"]["code"] == "INVALID_PATTERN"
    stored = (await gql(GET, bearer=member))["data"]["invoiceNumbering"][0]
    assert (stored["pattern"], stored["yearlyReset"]) == ("F{counter:3}", False)


async def test_a_yearly_reset_restarts_the_counter_each_year(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    await gql(SET, bearer=admin, kind="INVOICE", pattern="{year}/{counter}", yearlyReset=True)
    client = (await invoices.client())["id"]
    numbers = [
        (await invoices.issued(client, issue_date=day))["number"]
        for day in ("2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02")
    ]
    assert numbers == ["2025/1", "2025/2", "2026/1", "2026/2"]


async def test_without_reset_the_counter_runs_on_across_years(invoices: Invoices) -> None:
    client = (await invoices.client())["id"]
    first = await invoices.issued(client, issue_date="2025-12-31")
    second = await invoices.issued(client, issue_date="2026-01-01")
    assert (first["number"], second["number"]) == ("INV-2025-0001", "INV-2026-0002")


async def test_client_counters_count_per_client(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    await gql(SET, bearer=admin, kind="INVOICE", pattern="{counter}-{client_counter:2}")
    ada, bob = (await invoices.client(name="Ada"))["id"], (await invoices.client(name="Bob"))["id"]
    numbers = [(await invoices.issued(client))["number"] for client in (ada, bob, ada, ada, bob)]
    assert numbers == ["1-01", "2-01", "3-02", "4-03", "5-02"]


async def test_kinds_have_their_own_counters(invoices: Invoices) -> None:
    client = (await invoices.client())["id"]
    invoice = await invoices.issued(client, issue_date="2026-02-01")
    quote = await invoices.draft(client, kind="quote")
    issued_quote = await invoices.issue(quote["id"], "2026-02-01")
    assert invoice["number"] == "INV-2026-0001"
    assert issued_quote["invoice"]["number"] == "QUO-2026-0001"


async def test_a_refused_issue_does_not_use_up_a_number(
    invoices: Invoices, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    client = (await invoices.client())["id"]
    # A USD invoice with no exchange rate stored: refused after the checks, before numbering.
    foreign = await invoices.draft(client, currency="USD")
    assert (await invoices.issue(foreign["id"], "2026-03-02"))["code"] == "RATE_NOT_FOUND"
    empty = await invoices.draft(client, lines=[])
    assert (await invoices.issue(empty["id"]))["code"] == "NO_LINES"
    issued = await invoices.issued(client, issue_date="2026-03-02", lines=[line()])
    assert issued["number"] == "INV-2026-0001"


async def test_a_clash_after_a_pattern_change_is_refused_and_burns_no_number(
    gql: GraphQL, admin: str, invoices: Invoices
) -> None:
    client = (await invoices.client())["id"]
    await gql(SET, bearer=admin, kind="INVOICE", pattern="{year}-{counter}")
    assert (await invoices.issued(client, issue_date="2026-05-04"))["number"] == "2026-1"
    # Switching on a yearly reset restarts the counter at 1: "2026-1" again.
    await gql(SET, bearer=admin, kind="INVOICE", pattern="{year}-{counter}", yearlyReset=True)
    draft = await invoices.draft(client)
    clash = await invoices.issue(draft["id"], "2026-05-04")
    assert clash["code"] == "NUMBER_TAKEN"
    await gql(SET, bearer=admin, kind="INVOICE", pattern="{year}/{counter}", yearlyReset=True)
    # The refused issue rolled its counter back: the new series starts at 1, no gap.
    assert (await invoices.issue(draft["id"], "2026-05-04"))["invoice"]["number"] == "2026/1"
