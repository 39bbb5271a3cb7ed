"""The window of plausible business dates (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from financial_subgraph.date_window import DateWindow

WINDOW = DateWindow.around(date(2026, 12, 3), past_years=10, future_years=5)


def test_the_window_spans_the_configured_years_around_today() -> None:
    assert (WINDOW.earliest, WINDOW.latest) == (date(2016, 12, 3), date(2031, 12, 3))


@pytest.mark.parametrize("day", [date(2016, 12, 3), date(2026, 12, 3), date(2031, 12, 3), None])
def test_dates_inside_the_window_and_no_date_pass(day: date | None) -> None:
    assert WINDOW.problem("issueDate", day) is None


@pytest.mark.parametrize(
    "day",
    [date(1, 1, 1), date(1900, 1, 1), date(2016, 12, 2), date(2031, 12, 4), date(9999, 12, 31)],
)
def test_dates_outside_the_window_are_refused_naming_the_field(day: date) -> None:
    message = WINDOW.problem("paidOn", day)
    assert message is not None
    assert message.startswith("paidOn must fall between 2016-12-03 and 2031-12-03")


def test_29_february_stays_a_valid_date() -> None:
    leap = DateWindow.around(date(2028, 2, 29), past_years=1, future_years=1)
    assert (leap.earliest, leap.latest) == (date(2027, 2, 28), date(2029, 2, 28))


def test_the_first_date_outside_is_reported() -> None:
    dates = {"startOn": date(2026, 1, 1), "endOn": date(9999, 1, 1)}
    found = WINDOW.first_problem(dates)
    assert found is not None
    assert found[0] == "endOn"
    assert WINDOW.first_problem({"startOn": date(2026, 1, 1)}) is None
