"""Base currency: defaults, who may change it, conversion at an amount's own date, and the
Organization entity other subgraphs' queries reach through the router."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from financial_subgraph.currency.ecb import parse_ecb_csv
from financial_subgraph.currency.errors import ExchangeRateError
from financial_subgraph.currency.service import import_rates
from financial_subgraph.organization.service import BaseAmount, to_base
from service_runtime.database import Database

from ..conftest import GraphQL, TokenFactory

SAMPLE = Path(__file__).parents[1] / "currency" / "data" / "eurofxref-sample.csv"

SETTINGS = "{ financialSettings { baseCurrency } }"
UPDATE = """mutation($code: String!) { updateFinancialSettings(baseCurrency: $code) {
  __typename
  ... on FinancialSettingsPayload { settings { baseCurrency } }
  ... on SettingsError { code } } }"""
ENTITIES = """query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Organization { id financialSettings { baseCurrency } } } }"""


async def test_the_base_currency_defaults_to_euro_and_admins_change_it(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    viewer = token_for(org_a, "viewer")
    assert (await gql(SETTINGS, viewer))["data"]["financialSettings"]["baseCurrency"] == "EUR"

    refused = await gql(UPDATE, token_for(org_a, "member"), code="USD")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    changed = await gql(UPDATE, token_for(org_a, "admin"), code=" gbp ")
    assert changed["data"]["updateFinancialSettings"]["settings"]["baseCurrency"] == "GBP"
    assert (await gql(SETTINGS, viewer))["data"]["financialSettings"]["baseCurrency"] == "GBP"


async def test_an_unknown_currency_is_refused_and_changes_nothing(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, "admin")
    for code in ("XYZ", "XXX", "XDR", "DEM"):
        refused = await gql(UPDATE, admin, code=code)
        assert refused["data"]["updateFinancialSettings"]["code"] == "UNKNOWN_CURRENCY"
    assert (await gql(SETTINGS, admin))["data"]["financialSettings"]["baseCurrency"] == "EUR"


async def test_the_organization_entity_resolves_only_for_its_own_members(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    await gql(UPDATE, token_for(org_a, "admin"), code="CHF")
    representations = [
        {"__typename": "Organization", "id": str(org_a)},
        {"__typename": "Organization", "id": str(org_b)},
    ]
    own = await gql(ENTITIES, token_for(org_a, "viewer"), representations=representations)
    assert own["data"]["_entities"] == [
        {"id": str(org_a), "financialSettings": {"baseCurrency": "CHF"}},
        None,
    ]


async def test_amounts_convert_at_their_own_dates_rate(
    database: Database, org_a: uuid.UUID
) -> None:
    async with database.write() as session:
        await import_rates(session, parse_ecb_csv(SAMPLE.read_text()))
    async with database.write(organization_id=org_a) as session:
        # 2026-10-30: 1 EUR = 1.1172 USD, so 100 USD = 89.51 EUR (89.5095... half up).
        friday = await to_base(session, org_a, Decimal("100.00"), "USD", _date("2026-10-30"))
        # Sunday 2026-11-01 uses Friday's rate; the EUR amount itself converts at 1.
        sunday = await to_base(session, org_a, Decimal("100.00"), "USD", _date("2026-11-01"))
        euro = await to_base(session, org_a, Decimal("5.005"), "EUR", _date("2026-10-30"))
        stale = await to_base(session, org_a, Decimal("1"), "USD", _date("2027-06-01"))
    assert isinstance(friday, BaseAmount)
    assert (friday.amount, friday.currency) == (Decimal("89.51"), "EUR")
    assert isinstance(sunday, BaseAmount)
    assert sunday.amount == friday.amount
    assert sunday.rate_date == _date("2026-10-30")
    assert euro == BaseAmount(Decimal("5.01"), "EUR", Decimal(1), _date("2026-10-30"))
    assert isinstance(stale, ExchangeRateError)


def _date(text: str) -> date:
    return date.fromisoformat(text)


ACCOUNT = """mutation($input: CreateBankAccountInput!) { createBankAccount(input: $input) {
  ... on BankAccountPayload { account { id } } } }"""
IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  __typename } }"""


async def test_the_base_currency_locks_once_amounts_are_converted_into_it(
    gql: GraphQL, token_for: TokenFactory, org_a: uuid.UUID
) -> None:
    admin = token_for(org_a, "admin")
    assert (await gql(UPDATE, admin, code="USD"))["data"]["updateFinancialSettings"][
        "__typename"
    ] == "FinancialSettingsPayload"
    created = await gql(ACCOUNT, admin, input={"name": "Main", "currency": "USD"})
    account = created["data"]["createBankAccount"]["account"]["id"]
    statement = "date,amount,description\n2026-10-30,12.50,Coffee beans\n"
    layout = {"dateColumn": "date", "amountColumn": "amount", "descriptionColumn": "description"}
    imported = await gql(
        IMPORT,
        admin,
        input={"accountId": account, "format": "CSV", "content": statement, "csvMapping": layout},
    )
    assert imported["data"]["importBankStatement"]["__typename"] == "ImportBankStatementPayload"

    locked = await gql(UPDATE, admin, code="EUR")
    assert locked["data"]["updateFinancialSettings"]["code"] == "BASE_CURRENCY_LOCKED"
    same = await gql(UPDATE, admin, code="usd")
    assert same["data"]["updateFinancialSettings"]["__typename"] == "FinancialSettingsPayload"
    assert (await gql(SETTINGS, admin))["data"]["financialSettings"]["baseCurrency"] == "USD"
