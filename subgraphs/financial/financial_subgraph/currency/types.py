from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from financial_subgraph.currency.codes import CurrencyInfo
from financial_subgraph.currency.service import ImportCounts, Quote


@strawberry.type
class Currency:
    code: str = strawberry.field(description="ISO-4217 code.")
    name: str
    minor_units: int = strawberry.field(description="Decimal places of the minor unit.")
    in_use: bool = strawberry.field(description="Legal tender somewhere today.")

    @classmethod
    def from_info(cls, info: CurrencyInfo) -> Currency:
        return cls(code=info.code, name=info.name, minor_units=info.minor_units, in_use=info.in_use)


@strawberry.type
class ExchangeRate:
    """1 `base` = `rate` `quote`, as published on `date` (crossed through EUR if needed)."""

    base: str
    quote: str
    rate: Decimal
    date: date
    source: str

    @classmethod
    def from_quote(cls, quote: Quote) -> ExchangeRate:
        return cls(
            base=quote.base,
            quote=quote.quote,
            rate=quote.rate,
            date=quote.rate_date,
            source=quote.source,
        )


@strawberry.type
class RateImportPayload:
    days: int = strawberry.field(description="Business days in the file.")
    rates: int = strawberry.field(description="Rates stored (new or republished).")
    inserted: int = strawberry.field(description="Rates not stored before.")
    not_quoted: int = strawberry.field(description='Cells skipped as "N/A".')

    @classmethod
    def from_counts(cls, counts: ImportCounts) -> RateImportPayload:
        return cls(
            days=counts.days,
            rates=counts.rates,
            inserted=counts.inserted,
            not_quoted=counts.not_quoted,
        )
