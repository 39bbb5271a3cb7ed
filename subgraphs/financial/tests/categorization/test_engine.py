"""The rules engine, table-driven: each trigger kind, negation, all/any, order, stop."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from financial_subgraph.categorization.criteria import ACTIONS, TRIGGERS
from financial_subgraph.categorization.engine import (
    EngineRule,
    TransactionFacts,
    evaluate,
    rule_matches,
    trigger_matches,
)

ACCOUNT = uuid.UUID("00000000-0000-0000-0000-0000000000a1")
OTHER_ACCOUNT = uuid.UUID("00000000-0000-0000-0000-0000000000a2")

FACTS = TransactionFacts(
    account_id=ACCOUNT,
    amount=Decimal("-42.50"),
    currency="EUR",
    booked_on=date(2026, 3, 28),
    description="AMAZON Mktp DE 302-1234 Order",
    counterparty="Amazon EU S.a.r.l.",
)
NO_COUNTERPARTY = TransactionFacts(ACCOUNT, Decimal(10), "EUR", date(2026, 3, 1), "Cash", None)


def trigger(**raw: Any) -> Any:
    return TRIGGERS.validate_python([raw])[0]


TRIGGER_CASES: list[tuple[dict[str, Any], TransactionFacts, bool]] = [
    ({"type": "description_contains", "text": "mktp"}, FACTS, True),
    ({"type": "description_contains", "text": "mktp", "case_sensitive": True}, FACTS, False),
    ({"type": "description_contains", "text": "Mktp", "case_sensitive": True}, FACTS, True),
    ({"type": "description_contains", "text": "ebay"}, FACTS, False),
    ({"type": "description_equals", "text": "amazon mktp de 302-1234 order"}, FACTS, True),
    ({"type": "description_equals", "text": "amazon"}, FACTS, False),
    ({"type": "description_starts_with", "text": "amazon"}, FACTS, True),
    ({"type": "description_starts_with", "text": "mktp"}, FACTS, False),
    ({"type": "description_regex", "text": r"\d{3}-\d{4}"}, FACTS, True),
    ({"type": "description_regex", "text": r"^order"}, FACTS, False),
    ({"type": "counterparty_contains", "text": "amazon eu"}, FACTS, True),
    ({"type": "counterparty_contains", "text": "amazon"}, NO_COUNTERPARTY, False),
    ({"type": "counterparty_equals", "text": "AMAZON EU S.A.R.L."}, FACTS, True),
    ({"type": "counterparty_regex", "text": r"s\.a\.r\.l\.$"}, FACTS, True),
    ({"type": "counterparty_same_as", "text": "AMAZON EU SARL 4711"}, FACTS, True),
    ({"type": "counterparty_same_as", "text": "Amazon"}, FACTS, False),
    ({"type": "counterparty_same_as", "text": "Amazon"}, NO_COUNTERPARTY, False),
    ({"type": "counterparty_regex", "text": r"gmbh"}, FACTS, False),
    # Amounts are signed: -42.50 is "less than -40" and "greater than -50".
    ({"type": "amount_less", "amount": "-40"}, FACTS, True),
    ({"type": "amount_less", "amount": "-42.50"}, FACTS, False),
    ({"type": "amount_greater", "amount": "-50"}, FACTS, True),
    ({"type": "amount_greater", "amount": "0"}, FACTS, False),
    ({"type": "amount_between", "min": "-42.50", "max": "-42.50"}, FACTS, True),
    ({"type": "amount_between", "min": "42", "max": "43"}, FACTS, False),
    ({"type": "date_between", "from": "2026-03-01", "to": "2026-03-31"}, FACTS, True),
    ({"type": "date_between", "from": "2026-03-29"}, FACTS, False),
    ({"type": "date_between", "to": "2026-03-28"}, FACTS, True),
    ({"type": "day_of_month", "day_from": 25, "day_to": 31}, FACTS, True),
    ({"type": "day_of_month", "day_from": 1, "day_to": 5}, FACTS, False),
    # Wrapping over the month end: the 25th to the 3rd.
    ({"type": "day_of_month", "day_from": 25, "day_to": 3}, FACTS, True),
    ({"type": "day_of_month", "day_from": 25, "day_to": 3}, NO_COUNTERPARTY, True),
    ({"type": "account_is", "account_ids": [str(ACCOUNT)]}, FACTS, True),
    ({"type": "account_is", "account_ids": [str(OTHER_ACCOUNT)]}, FACTS, False),
    ({"type": "currency_is", "currencies": ["usd", "eur"]}, FACTS, True),
    ({"type": "currency_is", "currencies": ["USD"]}, FACTS, False),
    ({"type": "description_contains", "text": "ebay", "negate": True}, FACTS, True),
    ({"type": "currency_is", "currencies": ["EUR"], "negate": True}, FACTS, False),
]


@pytest.mark.parametrize(("raw", "facts", "expected"), TRIGGER_CASES)
def test_trigger(raw: dict[str, Any], facts: TransactionFacts, expected: bool) -> None:
    assert trigger_matches(trigger(**raw), facts) is expected


def rule(
    name: str,
    triggers: list[dict[str, Any]],
    actions: list[dict[str, Any]],
    mode: str = "all",
    stop: bool = False,
    active: bool = True,
) -> EngineRule:
    return EngineRule(
        id=uuid.uuid5(uuid.NAMESPACE_URL, name),
        match_mode=mode,  # type: ignore[arg-type]
        stop_processing=stop,
        triggers=TRIGGERS.validate_python(triggers),
        actions=ACTIONS.validate_python(actions),
        active=active,
    )


HIT = {"type": "description_contains", "text": "amazon"}
MISS = {"type": "description_contains", "text": "ebay"}
SHOPPING, BOOKS = uuid.uuid4(), uuid.uuid4()


@pytest.mark.parametrize(
    ("mode", "triggers", "expected"),
    [
        ("all", [HIT, HIT], True),
        ("all", [HIT, MISS], False),
        ("any", [HIT, MISS], True),
        ("any", [MISS, MISS], False),
    ],
)
def test_match_modes(mode: str, triggers: list[dict[str, Any]], expected: bool) -> None:
    subject = rule("r", triggers, [{"type": "add_tags", "tags": ["x"]}], mode=mode)
    assert rule_matches(subject, FACTS) is expected


def set_category(category_id: uuid.UUID) -> dict[str, Any]:
    return {"type": "set_category", "category_id": str(category_id)}


def test_the_first_rule_setting_a_field_wins_and_tags_accumulate() -> None:
    first = rule("first", [HIT], [set_category(SHOPPING), {"type": "add_tags", "tags": ["a"]}])
    second = rule(
        "second",
        [HIT],
        [set_category(BOOKS), {"type": "add_tags", "tags": ["a", "b"]}],
    )
    outcome = evaluate([first, second], FACTS)
    assert outcome.category_id == SHOPPING
    assert outcome.category_rule_id == first.id
    assert outcome.tags == ["a", "b"]
    assert outcome.matched_rule_ids == [first.id, second.id]


def test_stop_processing_ends_the_run() -> None:
    stopper = rule("stop", [HIT], [{"type": "add_tags", "tags": ["a"]}], stop=True)
    later = rule("later", [HIT], [set_category(BOOKS)])
    outcome = evaluate([stopper, later], FACTS)
    assert outcome.category_id is None
    assert outcome.tags == ["a"]


def test_a_rule_that_does_not_match_does_not_stop_the_run() -> None:
    stopper = rule("stop", [MISS], [set_category(SHOPPING)], stop=True)
    later = rule("later", [HIT], [set_category(BOOKS), {"type": "set_notes", "notes": "n"}])
    outcome = evaluate([stopper, later], FACTS)
    assert (outcome.category_id, outcome.notes) == (BOOKS, "n")


def test_inactive_rules_are_skipped() -> None:
    inactive = rule("off", [HIT], [set_category(SHOPPING)], active=False)
    assert evaluate([inactive], FACTS).category_id is None


def test_link_invoice_is_reported_for_the_caller_to_resolve() -> None:
    invoice_id = uuid.uuid4()
    linking = rule("link", [HIT], [{"type": "link_invoice", "invoice_id": str(invoice_id)}])
    by_number = rule("by number", [HIT], [{"type": "link_invoice"}])
    outcome = evaluate([linking, by_number], FACTS)
    assert outcome.link_invoice is not None
    assert outcome.link_invoice.invoice_id == invoice_id
    assert evaluate([by_number], FACTS).link_invoice is not None
