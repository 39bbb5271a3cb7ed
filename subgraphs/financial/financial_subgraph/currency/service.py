"""Exchange-rate rules: importing a provider's rates, and the rate between two currencies.

Services never commit; the resolver's `Database.write()` block does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.codes import currency_info
from financial_subgraph.currency.ecb import SOURCE, EcbRates
from financial_subgraph.currency.errors import ExchangeRateError, ExchangeRateErrorCode
from financial_subgraph.currency.repository import ExchangeRateRepository

PIVOT = "EUR"
# A rate from a weekend or holiday is the last one published before it, but never older than
# a week: beyond that the rate is stale and the caller must know.
MAX_RATE_AGE = timedelta(days=7)
# Cross rates are kept to the column's precision, rounded half-even (the Decimal default):
# a rate is an intermediate value, never an amount shown on a document.
RATE_PLACES = Decimal("1E-10")


@dataclass(frozen=True)
class ImportCounts:
    days: int
    rates: int
    inserted: int
    not_quoted: int


@dataclass(frozen=True)
class Quote:
    base: str
    quote: str
    rate: Decimal
    rate_date: date
    source: str


async def import_rates(session: AsyncSession, parsed: EcbRates) -> ImportCounts:
    """Upsert every EUR-based rate of `parsed`; importing the same file twice changes nothing."""
    inserted = await ExchangeRateRepository(session).upsert(PIVOT, parsed.source, parsed.rates)
    days = len({rate.rate_date for rate in parsed.rates})
    return ImportCounts(days, len(parsed.rates), inserted, parsed.not_quoted)


async def _from_euro(session: AsyncSession, quote: str, on_date: date) -> Quote | None:
    if quote == PIVOT:
        return Quote(PIVOT, PIVOT, Decimal(1), on_date, SOURCE)
    row = await ExchangeRateRepository(session).latest(PIVOT, quote, SOURCE, on_date, MAX_RATE_AGE)
    return Quote(PIVOT, quote, row.rate, row.rate_date, row.source) if row else None


def _unknown(code: str) -> ExchangeRateError:
    return ExchangeRateError(
        code=ExchangeRateErrorCode.UNKNOWN_CURRENCY, message=f"{code!r} is not an ISO-4217 code."
    )


async def rate(
    session: AsyncSession, base: str, quote: str, on_date: date
) -> Quote | ExchangeRateError:
    """1 `base` in `quote` on `on_date`, crossed through EUR, from the last week's rates."""
    base_info, quote_info = currency_info(base), currency_info(quote)
    if base_info is None or quote_info is None:
        return _unknown(base if base_info is None else quote)
    legs = [await _from_euro(session, code, on_date) for code in (base_info.code, quote_info.code)]
    euro_base, euro_quote = legs
    if euro_base is None or euro_quote is None:
        message = f"No {base_info.code}/{quote_info.code} rate within 7 days before {on_date}."
        return ExchangeRateError(code=ExchangeRateErrorCode.RATE_NOT_FOUND, message=message)
    cross = (euro_quote.rate / euro_base.rate).quantize(RATE_PLACES)
    rate_date = min(euro_base.rate_date, euro_quote.rate_date)
    return Quote(base_info.code, quote_info.code, cross, rate_date, SOURCE)
