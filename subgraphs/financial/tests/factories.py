"""Rows the API cannot make, written directly (the API-level factories, which every test
prefers, are in devstack.factories.financial)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from financial_subgraph.currency.models import ExchangeRate
from service_runtime.database import Database


async def add_euro_rate(database: Database, quote: str, rate: str, on: date) -> None:
    """An ECB reference rate: 1 EUR = `rate` `quote` on `on` (a date the ECB file lacks)."""
    async with database.write() as session:
        session.add(
            ExchangeRate(base="EUR", quote=quote, rate=Decimal(rate), rate_date=on, source="ECB")
        )
