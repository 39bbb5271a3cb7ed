"""Where exchange rates come from: providers publish rates against EUR, per date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol


class PublishedRate(NamedTuple):
    """1 EUR = `rate` `quote` on `rate_date`."""

    rate_date: date
    quote: str
    rate: Decimal


class ExchangeRateProvider(Protocol):
    """A source of EUR-based reference rates (the ECB file first; others plug in alike)."""

    source: str

    def rates_for(self, on_date: date) -> list[PublishedRate]:
        """The rates published for `on_date` (none on weekends and holidays)."""
        ...

    def history(self) -> Iterable[PublishedRate]:
        """Every rate the provider holds."""
        ...
