"""A schedule's dates: an RFC 5545 rule through dateutil.rrule, safe at month ends.

A schedule starting on the 29th-31st of a month keeps to that day where the month has it and
falls back to the month's last day where it does not: monthly from Jan 31 gives Feb 28 (29 in
a leap year), Mar 31, Apr 30... Each month's candidate days 28..start-day are generated and
the last one that exists is kept (BYMONTHDAY + BYSETPOS=-1), so a short month never pulls
later dates off their day. Quarterly is monthly with three times the interval.

The end date is the rule's UNTIL; the occurrence count is enforced by the caller from the
schedule's generated_count (it survives edits of the rule, a COUNT in the rule would not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

FREQUENCY = {
    "daily": (DAILY, 1),
    "weekly": (WEEKLY, 1),
    "monthly": (MONTHLY, 1),
    "quarterly": (MONTHLY, 3),
    "yearly": (YEARLY, 1),
}
SHORTEST_MONTH = 28


@dataclass(frozen=True)
class Rule:
    frequency: str
    interval: int
    start_on: date
    end_on: date | None = None

    def _rrule(self) -> rrule:
        freq, months_per_step = FREQUENCY[self.frequency]
        start = datetime.combine(self.start_on, datetime.min.time())
        until = datetime.combine(self.end_on, datetime.min.time()) if self.end_on else None
        extra: dict[str, object] = {}
        day = self.start_on.day
        if freq in (MONTHLY, YEARLY) and day > SHORTEST_MONTH:
            extra = {"bymonthday": tuple(range(SHORTEST_MONTH, day + 1)), "bysetpos": -1}
            if freq == YEARLY:
                extra["bymonth"] = self.start_on.month
        return rrule(
            freq,
            dtstart=start,
            interval=self.interval * months_per_step,
            until=until,
            cache=False,
            **extra,
        )

    def after(self, day: date) -> date | None:
        """The first date of the rule strictly after `day`, None when the rule has ended."""
        found = self._rrule().after(datetime.combine(day, datetime.min.time()), inc=False)
        return found.date() if found else None

    def on_or_after(self, day: date) -> date | None:
        found = self._rrule().after(datetime.combine(day, datetime.min.time()), inc=True)
        return found.date() if found else None

    def dates(self, count: int) -> list[date]:
        """The first `count` dates (fewer when the rule ends first)."""
        return [moment.date() for moment in self._rrule()[:count]]
