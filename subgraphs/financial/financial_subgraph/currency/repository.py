from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import Boolean, literal_column, select
from sqlalchemy.dialects.postgresql import insert

from financial_subgraph.currency.models import ExchangeRate
from financial_subgraph.currency.provider import PublishedRate
from service_runtime.repository import Repository

# Rows per INSERT: keeps a full ECB history (200k rates) under PostgreSQL's parameter limit.
BATCH = 2000


class ExchangeRateRepository(Repository[ExchangeRate]):
    """Reference data: no organisation filter (see ExchangeRate)."""

    model = ExchangeRate

    async def upsert(self, base: str, source: str, rates: Sequence[PublishedRate]) -> int:
        """Store `rates` (replacing a republished value); returns how many rows were new."""
        inserted = 0
        for start in range(0, len(rates), BATCH):
            values = [
                {
                    "base": base,
                    "quote": r.quote,
                    "rate": r.rate,
                    "rate_date": r.rate_date,
                    "source": source,
                }
                for r in rates[start : start + BATCH]
            ]
            statement = insert(ExchangeRate).values(values)
            statement = statement.on_conflict_do_update(
                index_elements=["base", "quote", "rate_date", "source"],
                set_={"rate": statement.excluded.rate},
            )
            # xmax = 0 only on rows this statement inserted (not on updated ones).
            flags = await self.session.scalars(
                statement.returning(literal_column("xmax = 0", Boolean))
            )
            inserted += sum(flags)
        return inserted

    async def latest(
        self, base: str, quote: str, source: str, on_date: date, max_age: timedelta
    ) -> ExchangeRate | None:
        """The newest rate on or before `on_date`, at most `max_age` older."""
        statement = (
            select(ExchangeRate)
            .where(
                ExchangeRate.base == base,
                ExchangeRate.quote == quote,
                ExchangeRate.source == source,
                ExchangeRate.rate_date <= on_date,
                ExchangeRate.rate_date >= on_date - max_age,
            )
            .order_by(ExchangeRate.rate_date.desc())
            .limit(1)
        )
        row: ExchangeRate | None = await self.session.scalar(statement)
        return row
