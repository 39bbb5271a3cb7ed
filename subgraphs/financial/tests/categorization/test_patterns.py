"""Regular expressions in rules: what is refused, and that allowed ones stay fast."""

from __future__ import annotations

import time

import pytest

from financial_subgraph.categorization.patterns import MAX_SUBJECT, check_pattern, search


@pytest.mark.parametrize(
    "pattern",
    [
        r"^AMAZON\s+(EU|UK)",
        r"INV-\d+-\d+",
        r"(\d|-)+",
        r"a{1,5}b",
        r"(?i)rent|miete",
        r".*a.*b",
    ],
)
def test_ordinary_patterns_are_allowed(pattern: str) -> None:
    assert check_pattern(pattern) is None


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("[", "not a valid regular expression"),
        ("(a+)+b", "repetition inside a repetition"),
        ("(?:\\w+\\s?)*$", "repetition inside a repetition"),
        ("(ab|a)*c", "alternatives inside a repetition"),
        (r"(a)\1", "back-references"),
        (".*a.*b.*c", "at most 2 unbounded"),
        ("x" * 201, "longer than 200"),
    ],
)
def test_dangerous_or_broken_patterns_are_refused(pattern: str, reason: str) -> None:
    problem = check_pattern(pattern)
    assert problem is not None
    assert reason in problem


def test_the_worst_allowed_pattern_stays_within_a_second_on_hostile_text() -> None:
    pattern = ".*?a.*?b"
    assert check_pattern(pattern) is None
    started = time.perf_counter()
    assert not search(pattern, "a" * 10_000, case_sensitive=True)
    assert time.perf_counter() - started < 1.0


def test_only_the_first_characters_are_searched() -> None:
    text = "x" * MAX_SUBJECT + "needle"
    assert not search("needle", text, case_sensitive=False)
    assert search("NEEDLE", "a needle", case_sensitive=False)
