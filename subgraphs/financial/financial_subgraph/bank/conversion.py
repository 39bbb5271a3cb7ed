"""Statement amounts in the organisation's base currency, one rate lookup per booking date."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.currency.errors import ExchangeRateError
from financial_subgraph.currency.money import DOCUMENT_ROUNDING, quantize
from financial_subgraph.currency.service import rate
from financial_subgraph.organization.service import base_currency_of


@dataclass
class BaseConverter:
    """The same result as `organization.service.to_base` for each amount (rate of the booking
    date, at most a week old, rounded once), with the base currency read once and each date's
    rate looked up once: a 100k-row statement spans a few hundred dates."""

    session: AsyncSession
    currency: str
    base: str
    _rates: dict[date, Decimal | ExchangeRateError] = field(default_factory=dict)
    _minor_unit: Decimal | None = None

    @classmethod
    async def for_organization(
        cls, session: AsyncSession, organization_id: uuid.UUID, currency: str
    ) -> BaseConverter:
        return cls(session, currency, await base_currency_of(session, organization_id))

    async def rate_on(self, on_date: date) -> Decimal | ExchangeRateError:
        """1 unit of the account currency in the base currency, or why there is none."""
        if self.currency == self.base:
            return Decimal(1)
        if on_date not in self._rates:
            quote = await rate(self.session, self.currency, self.base, on_date)
            self._rates[on_date] = quote if isinstance(quote, ExchangeRateError) else quote.rate
        return self._rates[on_date]

    def to_base(self, amount: Decimal, exchange_rate: Decimal) -> Decimal:
        """money.convert's result (one rounding, DOCUMENT_ROUNDING, at the base currency's
        minor unit), without looking the currency up again for every row."""
        if self._minor_unit is None:
            self._minor_unit = quantize(Decimal(1), self.base)
        product = amount if self.currency == self.base else amount * exchange_rate
        return product.quantize(self._minor_unit, rounding=DOCUMENT_ROUNDING)

    async def rates_on(self, dates: Iterable[date]) -> dict[date, Decimal | ExchangeRateError]:
        """The rate of each distinct date, looked up once each."""
        return {on: await self.rate_on(on) for on in set(dates)}
