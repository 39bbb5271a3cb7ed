"""Scoring an incoming payment against open invoices, and deciding. Pure, no database.

Signals and weights (a score is their sum, at most 1):
- the invoice number appears in the description: 0.6 (strong; compared without separators, so
  "INV-2026-0007", "INV 2026 0007" and "inv20260007" all count, but not "INV-2026-00071");
- the amount equals the balance due, same currency: 0.3 (strong, but many invoices share amounts);
- the counterparty resembles the client's name (rapidfuzz token-set ratio >= NAME_CUTOFF):
  up to 0.3 scaled by the similarity (supporting).
A candidate is confident at CONFIDENT or more when the currency is the invoice's and the amount
does not exceed the balance due: a number alone, or amount plus name, but never amount alone or
name alone. A confident candidate is recorded when it is the only one, or when it leads every
other candidate by at least MARGIN (one more strong signal: three invoices of one client for
the same amount, and the number names one of them). Anything else with a candidate of at
least PLAUSIBLE goes to review. Nothing is ever guessed.

A payment booked before its invoice was issued (beyond a few days' tolerance for clocks and
time zones) is never confident, whatever it scores: money cannot pay a bill not yet sent,
and such a match is far likelier an older invoice's payment or a coincidence of amounts. It
goes to review with the reason, where a person may still confirm it (an advance payment).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from rapidfuzz import fuzz, process

from financial_subgraph.bank.counterparties import counterparty_key

NUMBER_WEIGHT = Decimal("0.6")
AMOUNT_WEIGHT = Decimal("0.3")
NAME_WEIGHT = Decimal("0.3")
NAME_CUTOFF = 80
CONFIDENT = Decimal("0.5")
PLAUSIBLE = Decimal("0.25")
MARGIN = Decimal("0.3")
MIN_NUMBER_LENGTH = 3
_SEPARATORS = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class OpenInvoice:
    id: uuid.UUID
    number: str | None
    client_name: str | None
    currency: str
    balance_due: Decimal
    issue_date: date | None = None


@dataclass(frozen=True)
class Payment:
    amount: Decimal
    currency: str
    description: str
    counterparty: str | None
    booked_on: date | None = None


@dataclass(frozen=True)
class Candidate:
    invoice_id: uuid.UUID
    score: Decimal
    reasons: tuple[str, ...]
    confident: bool


@dataclass(frozen=True)
class Decision:
    kind: Literal["match", "review", "none"]
    candidates: tuple[Candidate, ...]  # best first
    invoice_id: uuid.UUID | None = None


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def _usable_number(number: str | None) -> str:
    """The number without separators, or "" when too short or digit-less to be told apart."""
    needle = _compact(number or "")
    if len(needle) < MIN_NUMBER_LENGTH or not any(char.isdigit() for char in needle):
        return ""
    return needle


def _found(needle: str, haystack: str) -> bool:
    start = haystack.find(needle) if needle else -1
    while start != -1:
        before = haystack[start - 1] if start else ""
        end = start + len(needle)
        after = haystack[end] if end < len(haystack) else ""
        clash_before = before.isdigit() and needle[0].isdigit()
        clash_after = after.isdigit() and needle[-1].isdigit()
        if not clash_before and not clash_after:
            return True
        start = haystack.find(needle, start + 1)
    return False


def number_in(number: str | None, description: str) -> bool:
    """Whether the invoice number occurs in the description as a whole (not inside a longer
    run of digits or letters on a side where the number itself ends in one)."""
    return _found(_usable_number(number), _compact(description))


def days_early(booked_on: date | None, issue_date: date | None, tolerance_days: int) -> int:
    """Days the payment was booked before the invoice's issue date, when more than
    `tolerance_days`; 0 otherwise (or when either date is unknown)."""
    if booked_on is None or issue_date is None:
        return 0
    early = (issue_date - booked_on).days
    return early if early > tolerance_days else 0


def name_similarity(counterparty: str | None, client_name: str | None) -> int:
    left, right = counterparty_key(counterparty), counterparty_key(client_name)
    if left is None or right is None:
        return 0
    return round(fuzz.token_set_ratio(left, right))


class Scorer:
    """Scores payments against one set of open invoices, prepared once: compacted numbers,
    client-name keys, and name similarities cached per counterparty (statements repeat
    payees), computed in one rapidfuzz call per new counterparty."""

    def __init__(self, invoices: Sequence[OpenInvoice], early_tolerance_days: int = 0) -> None:
        self.invoices = list(invoices)
        self.early_tolerance_days = early_tolerance_days
        self.numbers = [_usable_number(invoice.number) for invoice in self.invoices]
        self.client_keys = [
            counterparty_key(invoice.client_name) or "" for invoice in self.invoices
        ]
        self._names: dict[str, dict[int, int]] = {}
        self.by_amount: dict[tuple[str, Decimal], list[int]] = {}
        for index, invoice in enumerate(self.invoices):
            key = (invoice.currency.upper(), invoice.balance_due)
            self.by_amount.setdefault(key, []).append(index)

    def _similar_clients(self, counterparty: str | None) -> dict[int, int]:
        """Invoice index -> similarity (at least NAME_CUTOFF) of its client to `counterparty`."""
        if counterparty is None:
            return {}
        if counterparty in self._names:
            return self._names[counterparty]
        key = counterparty_key(counterparty)
        if key is None:
            return {}
        if key not in self._names:
            found = process.extract(
                key,
                self.client_keys,
                scorer=fuzz.token_set_ratio,
                score_cutoff=NAME_CUTOFF,
                limit=None,
            )
            self._names[key] = {index: round(score) for _, score, index in found}
        # Cached under the raw spelling too: the next row from this payee skips normalising.
        self._names[counterparty] = self._names[key]
        return self._names[key]

    def _score(self, payment: Payment, index: int, description: str, similarity: int) -> Candidate:
        invoice = self.invoices[index]
        total, reasons = Decimal(0), []
        same_currency = payment.currency.upper() == invoice.currency.upper()
        if _found(self.numbers[index], description):
            total += NUMBER_WEIGHT
            reasons.append(f"invoice number {invoice.number} in the description")
        if same_currency and payment.amount == invoice.balance_due:
            total += AMOUNT_WEIGHT
            reasons.append("amount equals the balance due")
        if similarity >= NAME_CUTOFF:
            total += (NAME_WEIGHT * similarity / 100).quantize(Decimal("0.001"))
            reasons.append(f"counterparty resembles client {invoice.client_name!r} ({similarity}%)")
        total = min(total, Decimal(1))
        payable = same_currency and payment.amount <= invoice.balance_due
        early = days_early(payment.booked_on, invoice.issue_date, self.early_tolerance_days)
        if early:
            reasons.append(f"booked {early} days before the invoice was issued")
        confident = payable and not early and total >= CONFIDENT
        return Candidate(invoice.id, total, tuple(reasons), confident)

    def decide(self, payment: Payment) -> Decision:
        """Match the best candidate when confident and alone or clearly ahead; review when
        any is plausible; otherwise nothing."""
        if payment.amount <= 0 or not self.invoices:
            return Decision("none", ())
        description = _compact(payment.description)
        names = self._similar_clients(payment.counterparty)
        # Only invoices with at least one signal can score; the rest are skipped unscored.
        signalled = set(names)
        signalled.update(self.by_amount.get((payment.currency.upper(), payment.amount), ()))
        signalled.update(
            i for i, number in enumerate(self.numbers) if number and number in description
        )
        scored = [
            self._score(payment, index, description, names.get(index, 0))
            for index in sorted(signalled)
        ]
        plausible = sorted(
            (c for c in scored if c.score >= PLAUSIBLE),
            key=lambda c: (-c.score, str(c.invoice_id)),
        )
        best = plausible[0] if plausible else None
        runner_up = plausible[1].score if len(plausible) > 1 else Decimal(0)
        only = sum(candidate.confident for candidate in plausible) == 1
        if best is not None and best.confident and (only or best.score - runner_up >= MARGIN):
            return Decision("match", tuple(plausible), best.invoice_id)
        if plausible:
            return Decision("review", tuple(plausible))
        return Decision("none", ())


def decide(
    payment: Payment, invoices: Sequence[OpenInvoice], early_tolerance_days: int = 0
) -> Decision:
    """One payment against `invoices` (see Scorer for many)."""
    return Scorer(invoices, early_tolerance_days).decide(payment)
