"""Parsing the ECB historical CSV (real sample lines, see data/README.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from financial_subgraph.currency.ecb import MalformedRateFileError, parse_ecb_csv
from financial_subgraph.currency.provider import ExchangeRateProvider

DATA = Path(__file__).parent / "data"


def sample(name: str = "eurofxref-sample.csv") -> str:
    return (DATA / name).read_text()


def test_the_real_sample_parses_with_not_quoted_cells_skipped() -> None:
    parsed = parse_ecb_csv(sample())
    header = sample().splitlines()[0].split(",")
    currencies = len([cell for cell in header[1:] if cell])
    assert {rate.rate_date for rate in parsed.rates} == {
        date(2026, 10, day) for day in (19, 20, 21, 22, 23, 26, 27, 28, 29, 30)
    }
    assert len(parsed.rates) + parsed.not_quoted == currencies * 10
    assert parsed.not_quoted > 0
    assert (date(2026, 10, 30), "USD", Decimal("1.1172")) in parsed.rates
    assert parsed.rates_for(date(2026, 10, 30))[1] == (date(2026, 10, 30), "JPY", Decimal("175.68"))
    assert not [rate for rate in parsed.rates if rate.quote == "CYP"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Datum,USD\n2026-10-30,1.1\n", 1),
        ("Date,USD\n2026-10-30,1.1\n30.10.2026,1.2\n", 3),
        ("Date,USD\n2026-10-30,abc\n", 2),
        ("Date,USD\n2026-10-30,-1\n", 2),
        ("Date,USD\n2026-10-30,1.1,2.2\n", 2),
    ],
)
def test_a_malformed_file_names_its_first_bad_line(text: str, line: int) -> None:
    with pytest.raises(MalformedRateFileError) as raised:
        parse_ecb_csv(text)
    assert raised.value.line == line


def test_the_parsed_file_is_an_exchange_rate_provider() -> None:
    provider: ExchangeRateProvider = parse_ecb_csv(sample())
    assert provider.source == "ECB"
    assert next(iter(provider.history())) == (date(2026, 10, 30), "USD", Decimal("1.1172"))
    assert provider.rates_for(date(2026, 10, 24)) == []
