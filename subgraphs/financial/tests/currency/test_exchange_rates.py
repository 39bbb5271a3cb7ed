"""Importing ECB rates and reading rates through the GraphQL API."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path

from ..conftest import GraphQL, TokenFactory

DATA = Path(__file__).parent / "data"
SAMPLE = (DATA / "eurofxref-sample.csv").read_text()

IMPORT = """mutation($csv: String!) { importEcbRates(csv: $csv) {
  __typename
  ... on RateImportPayload { days rates inserted notQuoted }
  ... on RateImportError { code message line } } }"""

RATE = """query($base: String!, $quote: String!, $date: Date!) {
  exchangeRate(base: $base, quote: $quote, date: $date) {
    __typename
    ... on ExchangeRate { base quote rate date source }
    ... on ExchangeRateError { code message } } }"""

CURRENCIES = "{ currencies { code name minorUnits } }"
WITHDRAWN = "{ currencies(includeWithdrawn: true) { code inUse } }"


async def import_sample(gql: GraphQL, token_for: TokenFactory, csv: str = SAMPLE) -> dict:
    body = await gql(IMPORT, bearer=token_for(uuid.uuid4(), "admin"), csv=csv)
    return dict(body["data"]["importEcbRates"])


async def rate(gql: GraphQL, bearer: str, base: str, quote: str, on: str) -> dict:
    body = await gql(RATE, bearer=bearer, base=base, quote=quote, date=on)
    return dict(body["data"]["exchangeRate"])


async def test_currencies_list_iso_codes_with_minor_units(gql: GraphQL, member: str) -> None:
    currencies = {
        c["code"]: c for c in (await gql(CURRENCIES, bearer=member))["data"]["currencies"]
    }
    assert currencies["EUR"] == {"code": "EUR", "name": "Euro", "minorUnits": 2}
    assert currencies["JPY"]["minorUnits"] == 0
    assert currencies["BHD"]["minorUnits"] == 3
    # Withdrawn codes are listed only on request: the Deutsche Mark, the Croatian kuna (2023).
    assert "DEM" not in currencies
    assert "HRK" not in currencies
    every = await gql(WITHDRAWN, bearer=member)
    withdrawn = {c["code"]: c["inUse"] for c in every["data"]["currencies"]}
    assert withdrawn["HRK"] is False
    assert withdrawn["EUR"] is True


async def test_the_real_sample_imports_idempotently(gql: GraphQL, token_for: TokenFactory) -> None:
    first = await import_sample(gql, token_for)
    again = await import_sample(gql, token_for)
    assert first["__typename"] == "RateImportPayload"
    assert first["days"] == 10
    assert first["notQuoted"] > 0
    assert again == {**first, "inserted": 0}


async def test_a_rate_is_read_as_published(
    gql: GraphQL, token_for: TokenFactory, member: str
) -> None:
    await import_sample(gql, token_for)
    assert await rate(gql, member, "eur", "USD", "2026-10-30") == {
        "__typename": "ExchangeRate",
        "base": "EUR",
        "quote": "USD",
        "rate": "1.1172000000",
        "date": "2026-10-30",
        "source": "ECB",
    }


async def test_a_cross_rate_goes_through_the_euro(
    gql: GraphQL, token_for: TokenFactory, member: str
) -> None:
    await import_sample(gql, token_for)
    result = await rate(gql, member, "USD", "JPY", "2026-10-30")
    expected = (Decimal("175.68") / Decimal("1.1172")).quantize(Decimal("1E-10"))
    assert Decimal(result["rate"]) == expected
    inverse = await rate(gql, member, "JPY", "USD", "2026-10-30")
    assert Decimal(inverse["rate"]) == (Decimal("1.1172") / Decimal("175.68")).quantize(
        Decimal("1E-10")
    )


async def test_a_weekend_uses_the_last_business_day(
    gql: GraphQL, token_for: TokenFactory, member: str
) -> None:
    await import_sample(gql, token_for)
    saturday = await rate(gql, member, "EUR", "GBP", "2026-10-25")
    assert (saturday["date"], saturday["rate"]) == ("2026-10-23", "0.8372800000")


async def test_no_rate_within_a_week_is_a_typed_error(
    gql: GraphQL, token_for: TokenFactory, member: str
) -> None:
    await import_sample(gql, token_for)
    result = await rate(gql, member, "EUR", "USD", "2026-10-11")
    assert result["code"] == "RATE_NOT_FOUND"
    assert (await rate(gql, member, "EUR", "CYP", "2026-10-30"))["code"] == "RATE_NOT_FOUND"


async def test_an_unknown_currency_is_a_typed_error(gql: GraphQL, member: str) -> None:
    result = await rate(gql, member, "EUR", "ABC", "2026-10-30")
    assert result == {
        "__typename": "ExchangeRateError",
        "code": "UNKNOWN_CURRENCY",
        "message": "'ABC' is not an ISO-4217 code.",
    }


async def test_a_malformed_file_writes_nothing(
    gql: GraphQL, token_for: TokenFactory, member: str
) -> None:
    # Real 1999 lines (not in the other sample), then a broken one: none of it is stored.
    good = (DATA / "eurofxref-1999-sample.csv").read_text()
    result = await import_sample(gql, token_for, good + "1999-01-01,1.17,oops\n")
    assert result["__typename"] == "RateImportError"
    assert (result["code"], result["line"]) == ("MALFORMED_FILE", 4)
    assert (await rate(gql, member, "EUR", "USD", "1999-01-05"))["code"] == "RATE_NOT_FOUND"


async def test_only_admins_import_rates(gql: GraphQL, token_for: TokenFactory) -> None:
    for role in ("viewer", "member"):
        body = await gql(IMPORT, bearer=token_for(uuid.uuid4(), role), csv=SAMPLE)
        assert body["data"] is None, role
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", body


async def test_a_viewer_reads_rates(gql: GraphQL, token_for: TokenFactory) -> None:
    viewer = token_for(uuid.uuid4(), "viewer")
    await import_sample(gql, token_for)
    assert (await rate(gql, viewer, "EUR", "USD", "2026-10-30"))["rate"] == "1.1172000000"
