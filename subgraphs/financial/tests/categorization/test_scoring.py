"""Payment-match scoring and decisions (pure): unique, ambiguous, partial, never guessed."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from financial_subgraph.matching.scoring import (
    OpenInvoice,
    Payment,
    days_early,
    decide,
    name_similarity,
    number_in,
)

ACME = OpenInvoice(uuid.uuid4(), "INV-2026-0007", "Acme GmbH", "EUR", Decimal("119.00"))
GLOBEX = OpenInvoice(uuid.uuid4(), "INV-2026-0008", "Globex Corporation", "EUR", Decimal("119.00"))
INITECH = OpenInvoice(uuid.uuid4(), "INV-2026-0009", "Initech LLC", "EUR", Decimal("500.00"))


def payment(amount: str, description: str = "", counterparty: str | None = None) -> Payment:
    return Payment(Decimal(amount), "EUR", description, counterparty)


@pytest.mark.parametrize(
    ("number", "description", "found"),
    [
        ("INV-2026-0007", "Payment INV-2026-0007 thanks", True),
        ("INV-2026-0007", "payment inv 2026 0007", True),
        ("INV-2026-0007", "RE:INV20260007/ACME", True),
        ("INV-2026-0007", "INV-2026-00071", False),
        ("1001", "Invoice 1001", True),
        ("1001", "Order 21001", False),
        ("7", "Invoice 7", False),  # too short to be told from any other digit
        (None, "anything", False),
    ],
)
def test_invoice_numbers_in_descriptions(number: str | None, description: str, found: bool) -> None:
    assert number_in(number, description) is found


def test_names_are_compared_fuzzily() -> None:
    assert name_similarity("ACME GMBH.", "Acme GmbH") == 100
    assert name_similarity("Acme", "Acme GmbH") >= 80
    assert name_similarity("Umbrella Corp", "Acme GmbH") < 50
    assert name_similarity(None, "Acme GmbH") == 0


def test_a_unique_match_by_amount_and_name() -> None:
    decision = decide(payment("119.00", "Thanks", "ACME GmbH"), [ACME, GLOBEX, INITECH])
    assert decision.kind == "match"
    assert decision.invoice_id == ACME.id
    assert decision.candidates[0].invoice_id == ACME.id


def test_two_invoices_of_the_same_amount_without_a_number_are_left_for_review() -> None:
    decision = decide(payment("119.00", "Payment", "Someone Else"), [ACME, GLOBEX, INITECH])
    assert decision.kind == "review"
    assert decision.invoice_id is None
    assert {c.invoice_id for c in decision.candidates} == {ACME.id, GLOBEX.id}


def test_a_number_with_a_partial_amount_is_a_confident_partial_payment() -> None:
    decision = decide(payment("50.00", "Part payment INV-2026-0009"), [ACME, GLOBEX, INITECH])
    assert decision.kind == "match"
    assert decision.invoice_id == INITECH.id


def test_a_number_with_more_than_the_balance_is_only_reviewed() -> None:
    decision = decide(payment("600.00", "INV-2026-0009"), [INITECH])
    assert decision.kind == "review"


def test_an_amount_alone_is_never_enough() -> None:
    decision = decide(payment("500.00", "Transfer"), [INITECH])
    assert decision.kind == "review"


def test_two_confident_candidates_are_left_for_review() -> None:
    # The number points at one invoice, amount and name at another: conflicting evidence.
    decision = decide(payment("119.00", "INV-2026-0009", "Acme GmbH"), [ACME, INITECH])
    assert decision.kind == "review"


def test_a_number_decides_between_same_amount_invoices_of_one_client() -> None:
    first = OpenInvoice(uuid.uuid4(), "INV-2026-0101", "Acme GmbH", "EUR", Decimal("10.00"))
    second = OpenInvoice(uuid.uuid4(), "INV-2026-0102", "Acme GmbH", "EUR", Decimal("10.00"))
    named = decide(payment("10.00", "INV-2026-0102", "Acme GmbH"), [first, second])
    assert (named.kind, named.invoice_id) == ("match", second.id)
    unnamed = decide(payment("10.00", "Thanks", "Acme GmbH"), [first, second])
    assert unnamed.kind == "review"


def test_another_currency_is_never_confident() -> None:
    usd = Payment(Decimal("119.00"), "USD", "INV-2026-0007", "Acme GmbH")
    assert decide(usd, [ACME]).kind == "review"


def test_outgoing_and_unrelated_payments_are_ignored() -> None:
    assert decide(payment("-119.00", "INV-2026-0007"), [ACME]).kind == "none"
    assert decide(payment("12.34", "Coffee", "Starbucks"), [ACME, GLOBEX]).kind == "none"


def test_a_payment_booked_before_the_issue_date_is_never_confident() -> None:
    issued = replace(ACME, issue_date=date(2026, 4, 2))
    early = Payment(Decimal("119.00"), "EUR", "INV-2026-0007", "Acme GmbH", date(2026, 3, 2))
    decision = decide(early, [issued, GLOBEX], early_tolerance_days=3)
    assert decision.kind == "review"
    assert decision.candidates[0].invoice_id == ACME.id
    assert not decision.candidates[0].confident
    assert "booked 31 days before the invoice was issued" in decision.candidates[0].reasons


def test_the_tolerance_allows_a_few_days_early() -> None:
    issued = replace(ACME, issue_date=date(2026, 4, 2))
    paid = Payment(Decimal("119.00"), "EUR", "INV-2026-0007", "Acme GmbH", date(2026, 3, 30))
    assert decide(paid, [issued], early_tolerance_days=3).kind == "match"
    assert decide(paid, [issued], early_tolerance_days=0).kind == "review"


@pytest.mark.parametrize(
    ("booked", "issued", "tolerance", "early"),
    [
        (date(2026, 3, 2), date(2026, 4, 2), 3, 31),
        (date(2026, 3, 30), date(2026, 4, 2), 3, 0),
        (date(2026, 3, 29), date(2026, 4, 2), 3, 4),
        (date(2026, 4, 5), date(2026, 4, 2), 0, 0),
        (None, date(2026, 4, 2), 0, 0),
        (date(2026, 4, 5), None, 0, 0),
    ],
)
def test_days_early(booked: date | None, issued: date | None, tolerance: int, early: int) -> None:
    assert days_early(booked, issued, tolerance) == early
