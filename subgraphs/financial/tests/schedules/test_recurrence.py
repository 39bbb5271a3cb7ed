"""Schedule dates (pure): month ends, leap days, quarters, weeks, end dates."""

from __future__ import annotations

from datetime import date

import pytest

from financial_subgraph.schedules.recurrence import Rule


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (
            Rule("monthly", 1, date(2024, 1, 31)),
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"],
        ),
        (
            Rule("monthly", 1, date(2025, 1, 31)),
            ["2025-01-31", "2025-02-28", "2025-03-31", "2025-04-30", "2025-05-31"],
        ),
        (
            Rule("monthly", 1, date(2025, 1, 30)),
            ["2025-01-30", "2025-02-28", "2025-03-30", "2025-04-30", "2025-05-30"],
        ),
        (
            Rule("monthly", 2, date(2025, 12, 31)),
            ["2025-12-31", "2026-02-28", "2026-04-30", "2026-06-30", "2026-08-31"],
        ),
        (
            Rule("quarterly", 1, date(2025, 11, 30)),
            ["2025-11-30", "2026-02-28", "2026-05-30", "2026-08-30", "2026-11-30"],
        ),
        (
            Rule("yearly", 1, date(2024, 2, 29)),
            ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"],
        ),
        (
            Rule("weekly", 2, date(2025, 1, 1)),
            ["2025-01-01", "2025-01-15", "2025-01-29", "2025-02-12", "2025-02-26"],
        ),
        (
            Rule("daily", 10, date(2025, 2, 20)),
            ["2025-02-20", "2025-03-02", "2025-03-12", "2025-03-22", "2025-04-01"],
        ),
        (
            Rule("monthly", 1, date(2025, 1, 15), end_on=date(2025, 3, 15)),
            ["2025-01-15", "2025-02-15", "2025-03-15"],
        ),
    ],
)
def test_dates_of_a_rule(rule: Rule, expected: list[str]) -> None:
    assert [day.isoformat() for day in rule.dates(5)] == expected


def test_after_and_on_or_after_keep_to_the_rule() -> None:
    rule = Rule("monthly", 1, date(2025, 1, 31), end_on=date(2025, 4, 30))

    assert rule.after(date(2025, 2, 28)) == date(2025, 3, 31)
    assert rule.on_or_after(date(2025, 2, 28)) == date(2025, 2, 28)
    assert rule.on_or_after(date(2025, 3, 1)) == date(2025, 3, 31)
    assert rule.after(date(2025, 4, 30)) is None
