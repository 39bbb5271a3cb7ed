"""The calendar months a report covers."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from financial_subgraph.reports.errors import ReportError, ReportErrorCode, report_error

# Three years of months keeps a report's result (months x categories or accounts) readable
# and its query bounded; longer views are several requests.
MAX_MONTHS = 36


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(start: date, end: date) -> list[date]:
    """The first day of every month from `start`'s to `end`'s, both included."""
    months: list[date] = []
    month = month_start(start)
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    return months


def check_range(start: date, end: date) -> list[date] | ReportError:
    """The months of [start, end], or why the range is not one a report accepts."""
    if end < start:
        return report_error(ReportErrorCode.INVALID_RANGE, "to is before from.", "to")
    months = months_between(start, end)
    if len(months) > MAX_MONTHS:
        message = f"A report covers at most {MAX_MONTHS} months ({len(months)} asked)."
        return report_error(ReportErrorCode.RANGE_TOO_LONG, message, "to")
    return months
