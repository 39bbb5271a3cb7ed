"""Exchange rates inside a report's statement, by the currency service's rules (ECB rates
crossed through EUR, the newest at most a week old), so a report needs no query per currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Numeric, case, func, literal, select

from financial_subgraph.currency.ecb import SOURCE
from financial_subgraph.currency.models import ExchangeRate
from financial_subgraph.currency.service import MAX_RATE_AGE, PIVOT

RATE_DIGITS = 10


def _euro_rate(code: Any, on_date: Any) -> ColumnElement[Any]:
    """1 EUR in `code` on `on_date`; NULL when no rate is known."""
    published = (
        select(ExchangeRate.rate)
        .where(
            ExchangeRate.base == PIVOT,
            ExchangeRate.quote == code,
            ExchangeRate.source == SOURCE,
            ExchangeRate.rate_date <= on_date,
            ExchangeRate.rate_date >= on_date - MAX_RATE_AGE.days,
        )
        .order_by(ExchangeRate.rate_date.desc())
        .limit(1)
        .scalar_subquery()
    )
    return case((code == PIVOT, literal(Decimal(1), Numeric(20, 10))), else_=published)


def cross_rate(currency: Any, base: str, on_date: Any) -> ColumnElement[Any]:
    """1 `currency` in `base` on `on_date` (NULL when a leg has no rate)."""
    base_leg = _euro_rate(literal(base), on_date)
    # round() is half away from zero where the service's quantize is half-even: they differ
    # only on an exact tie in the 11th decimal, far below any amount's minor unit.
    return func.round(base_leg / _euro_rate(currency, on_date), RATE_DIGITS)
