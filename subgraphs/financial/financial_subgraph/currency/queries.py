from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.currency import service
from financial_subgraph.currency.codes import all_currencies
from financial_subgraph.currency.errors import ExchangeRateError
from financial_subgraph.currency.types import Currency, ExchangeRate
from financial_subgraph.scopes import SCOPES
from service_runtime.work import reading

ExchangeRateResult = Annotated[
    ExchangeRate | ExchangeRateError, strawberry.union("ExchangeRateResult")
]


@strawberry.type
class CurrencyQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="ISO-4217 currencies in use today, by code; withdrawn ones on request.",
    )
    def currencies(self, include_withdrawn: bool = False) -> list[Currency]:
        return [
            Currency.from_info(info)
            for info in all_currencies()
            if info.in_use or include_withdrawn
        ]

    @strawberry.field(
        extensions=SCOPES.read,
        description="1 base in quote on date; a weekend or holiday uses the week's last rate.",
    )
    async def exchange_rate(
        self, info: Info, base: str, quote: str, date: date
    ) -> ExchangeRateResult:
        # Rates are shared reference data, but only an organisation's token may read them
        # (reading() refuses any other).
        async with reading(info) as work:
            outcome = await service.rate(work.session, base, quote, date)
        if isinstance(outcome, ExchangeRateError):
            return outcome
        return ExchangeRate.from_quote(outcome)
