"""The window of plausible business dates around today (issue, due, payment, schedule dates).

A date in year 1, 1900 or 9999 is a typo or a probe, never a real invoice: it would number
the invoice in the wrong year, age receivables by centuries and find no exchange rate. The
window is configurable (FINANCIAL_DATE_WINDOW_PAST_YEARS / _FUTURE_YEARS); each domain turns
a problem into its own typed error naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from dateutil.relativedelta import relativedelta

from financial_subgraph.settings import FinancialSettings


@dataclass(frozen=True)
class DateWindow:
    earliest: date
    latest: date

    @classmethod
    def around(cls, today: date, *, past_years: int, future_years: int) -> DateWindow:
        # relativedelta keeps 29 February valid (it becomes the 28th in other years).
        earliest = today - relativedelta(years=past_years)
        return cls(earliest, today + relativedelta(years=future_years))

    @classmethod
    def of(cls, settings: FinancialSettings, today: date | None = None) -> DateWindow:
        """The configured window around `today` (default: today in UTC)."""
        return cls.around(
            today or datetime.now(UTC).date(),
            past_years=settings.date_window_past_years,
            future_years=settings.date_window_future_years,
        )

    def problem(self, field: str, value: date | None) -> str | None:
        """Why `value` (given as `field`) is refused, None when it is inside the window."""
        if value is None or self.earliest <= value <= self.latest:
            return None
        return (
            f"{field} must fall between {self.earliest.isoformat()} and"
            f" {self.latest.isoformat()} (got {value.isoformat()})."
        )

    def first_problem(self, dates: dict[str, date | None]) -> tuple[str, str] | None:
        """(field, message) for the first date outside the window, in `dates` order."""
        for field, value in dates.items():
            message = self.problem(field, value)
            if message is not None:
                return field, message
        return None
