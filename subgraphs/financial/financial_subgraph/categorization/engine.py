"""The rules engine: which rules match a transaction and what they do. Pure, no database.

Semantics (documented in the schema too):
- rules run in `position` order; inactive rules are skipped;
- `all` needs every trigger to hold, `any` at least one;
- the first matching rule that sets a field (category, notes, invoice link) wins it: a rule
  placed higher has priority; tags of every matching rule accumulate;
- a matching rule with `stop_processing` ends the evaluation.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Literal

from financial_subgraph.bank.counterparties import counterparty_key
from financial_subgraph.categorization import patterns
from financial_subgraph.categorization.criteria import (
    AccountTrigger,
    Action,
    AddTags,
    AmountBetweenTrigger,
    AmountTrigger,
    CurrencyTrigger,
    DateTrigger,
    DayOfMonthTrigger,
    LinkInvoice,
    RegexTrigger,
    SameCounterpartyTrigger,
    SetCategory,
    SetNotes,
    TextTrigger,
    Trigger,
)


@dataclass(frozen=True)
class TransactionFacts:
    """What triggers can look at."""

    account_id: uuid.UUID
    amount: Decimal
    currency: str
    booked_on: date
    description: str
    counterparty: str | None

    @cached_property
    def counterparty_key(self) -> str | None:
        return counterparty_key(self.counterparty)

    @cached_property
    def _folded(self) -> tuple[str, str | None]:
        counterparty = self.counterparty.strip().casefold() if self.counterparty else None
        return self.description.strip().casefold(), counterparty

    def text(self, description: bool, *, folded: bool) -> str | None:
        """The trimmed description or counterparty, case-folded (once per row) if asked."""
        if folded:
            return self._folded[0 if description else 1]
        value = self.description if description else self.counterparty
        return value.strip() if value is not None else None


Predicate = Callable[[TransactionFacts], bool]


@dataclass(frozen=True)
class EngineRule:
    id: uuid.UUID
    match_mode: Literal["all", "any"]
    stop_processing: bool
    triggers: Sequence[Trigger]
    actions: Sequence[Action]
    active: bool = True
    predicates: tuple[Predicate, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = tuple(compile_trigger(trigger) for trigger in self.triggers)
        object.__setattr__(self, "predicates", compiled)


@dataclass
class Outcome:
    """What the matching rules decided; `None` fields were left alone by every rule."""

    category_id: uuid.UUID | None = None
    category_rule_id: uuid.UUID | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    link_invoice: LinkInvoice | None = None
    link_rule_id: uuid.UUID | None = None
    matched_rule_ids: list[uuid.UUID] = field(default_factory=list)


def _text_predicate(trigger: TextTrigger) -> Predicate:
    on_description = trigger.type.startswith("description")
    folded = not trigger.case_sensitive
    needle = trigger.text.casefold() if folded else trigger.text
    kind = trigger.type.rsplit("_", 1)[-1]  # contains | equals | with (starts_with)

    def holds(facts: TransactionFacts) -> bool:
        subject = facts.text(on_description, folded=folded)
        if subject is None:
            return False
        if kind == "contains":
            return needle in subject
        if kind == "equals":
            return needle.strip() == subject
        return subject.startswith(needle)

    return holds


def _regex_predicate(trigger: RegexTrigger) -> Predicate:
    on_description = trigger.type.startswith("description")
    compiled = patterns.compile_checked(trigger.text, case_sensitive=trigger.case_sensitive)

    def holds(facts: TransactionFacts) -> bool:
        subject = facts.description if on_description else facts.counterparty
        return subject is not None and patterns.search_compiled(compiled, subject)

    return holds


def _day_predicate(trigger: DayOfMonthTrigger) -> Predicate:
    low, high = trigger.day_from, trigger.day_to
    if low <= high:
        return lambda facts: low <= facts.booked_on.day <= high
    return lambda facts: facts.booked_on.day >= low or facts.booked_on.day <= high


def _date_predicate(trigger: DateTrigger) -> Predicate:
    start, end = trigger.from_, trigger.to
    return lambda facts: (
        (start is None or facts.booked_on >= start) and (end is None or facts.booked_on <= end)
    )


def _predicate(trigger: Trigger) -> Predicate:
    """Whether the trigger holds, before negation, as a function compiled once per rule."""
    match trigger:
        case TextTrigger():
            return _text_predicate(trigger)
        case RegexTrigger():
            return _regex_predicate(trigger)
        case SameCounterpartyTrigger(text=text):
            key = counterparty_key(text)
            return lambda facts: key is not None and facts.counterparty_key == key
        case AmountTrigger(type="amount_greater", amount=amount):
            return lambda facts: facts.amount > amount
        case AmountTrigger(amount=amount):
            return lambda facts: facts.amount < amount
        case AmountBetweenTrigger(min=low, max=high):
            return lambda facts: low <= facts.amount <= high
        case DateTrigger():
            return _date_predicate(trigger)
        case DayOfMonthTrigger():
            return _day_predicate(trigger)
        case AccountTrigger(account_ids=account_ids):
            accounts = frozenset(account_ids)
            return lambda facts: facts.account_id in accounts
        case CurrencyTrigger(currencies=currencies):
            codes = frozenset(currencies)
            return lambda facts: facts.currency.upper() in codes
    raise AssertionError(f"unhandled trigger {trigger!r}")


def compile_trigger(trigger: Trigger) -> Predicate:
    holds = _predicate(trigger)
    if trigger.negate:
        return lambda facts: not holds(facts)
    return holds


def trigger_matches(trigger: Trigger, facts: TransactionFacts) -> bool:
    return compile_trigger(trigger)(facts)


def rule_matches(rule: EngineRule, facts: TransactionFacts) -> bool:
    if not rule.active or not rule.predicates:
        return False
    # Plain loops: this runs rules x rows times on import, generators cost a third more.
    if rule.match_mode == "all":
        for holds in rule.predicates:  # noqa: SIM110 (see above)
            if not holds(facts):
                return False
        return True
    for holds in rule.predicates:  # noqa: SIM110 (see above)
        if holds(facts):
            return True
    return False


def _apply(rule: EngineRule, outcome: Outcome) -> None:
    for action in rule.actions:
        match action:
            case SetCategory() if outcome.category_id is None:
                outcome.category_id = action.category_id
                outcome.category_rule_id = rule.id
            case SetNotes() if outcome.notes is None:
                outcome.notes = action.notes
            case AddTags():
                outcome.tags.extend(tag for tag in action.tags if tag not in outcome.tags)
            case LinkInvoice() if outcome.link_invoice is None:
                outcome.link_invoice, outcome.link_rule_id = action, rule.id


def evaluate(rules: Sequence[EngineRule], facts: TransactionFacts) -> Outcome:
    """Run `rules` (already in position order) against one transaction."""
    outcome = Outcome()
    for rule in rules:
        if not rule_matches(rule, facts):
            continue
        outcome.matched_rule_ids.append(rule.id)
        _apply(rule, outcome)
        if rule.stop_processing:
            break
    return outcome
