"""Learning from manual categorisation: counterparty -> category counts, guesses for new
transactions, and rules offered (never created) once people chose consistently.

Confidence of a learned guess = agreeing choices / (all choices + 1): the +1 keeps a single
choice at 0.5 and lets confidence grow with evidence (3 of 3 -> 0.75, 9 of 9 -> 0.9). A guess is
made only when one category holds a strict majority of the counterparty's manual choices.

A rule is offered when one category was chosen at least SUGGEST_AFTER times for a counterparty
and makes up at least SUGGEST_AGREEMENT of its choices, unless an active rule already sets a
category for that counterparty or the offer was accepted or dismissed before.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.counterparties import counterparty_key
from financial_subgraph.categorization import criteria
from financial_subgraph.categorization.engine import EngineRule, TransactionFacts, trigger_matches
from financial_subgraph.categorization.models import CounterpartyCategory
from financial_subgraph.categorization.repository import LearnedRepository

SUGGEST_AFTER = 3
SUGGEST_AGREEMENT = Decimal("0.8")
CONFIDENCE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class Guess:
    category_id: uuid.UUID
    confidence: Decimal


@dataclass(frozen=True)
class RuleSuggestion:
    id: uuid.UUID  # the counterparty_categories row
    counterparty: str
    category_id: uuid.UUID
    times_chosen: int
    agreement: Decimal


def confidence(agreeing: int, total: int) -> Decimal:
    return (Decimal(agreeing) / Decimal(total + 1)).quantize(CONFIDENCE_PLACES, ROUND_HALF_UP)


def _by_key(rows: Iterable[CounterpartyCategory]) -> dict[str, list[CounterpartyCategory]]:
    grouped: dict[str, list[CounterpartyCategory]] = defaultdict(list)
    for row in rows:
        if row.manual_count > 0:
            grouped[row.counterparty_key].append(row)
    return grouped


def guess_from(rows: Sequence[CounterpartyCategory], usable: set[uuid.UUID]) -> Guess | None:
    """The majority category of one counterparty's rows (archived categories left out)."""
    counted = sorted(
        (row for row in rows if row.category_id in usable),
        key=lambda row: row.manual_count,
        reverse=True,
    )
    total = sum(row.manual_count for row in rows)
    if not counted or counted[0].manual_count * 2 <= total:
        return None
    top = counted[0]
    return Guess(top.category_id, confidence(top.manual_count, total))


async def guesses(
    session: AsyncSession,
    organization_id: uuid.UUID,
    counterparties: Iterable[str | None],
    usable: set[uuid.UUID],
) -> dict[str, Guess]:
    """Learned guesses by counterparty key, one query for the whole batch."""
    keys = sorted({key for name in counterparties if (key := counterparty_key(name))})
    rows = await LearnedRepository(session, organization_id).for_keys(keys)
    found = {key: guess_from(group, usable) for key, group in _by_key(rows).items()}
    return {key: guess for key, guess in found.items() if guess is not None}


async def remember_choice(
    session: AsyncSession,
    organization_id: uuid.UUID,
    counterparty: str | None,
    previous_manual: uuid.UUID | None,
    chosen: uuid.UUID,
) -> None:
    """Count a manual choice; a corrected manual choice no longer counts for the old one."""
    key = counterparty_key(counterparty)
    if key is None or counterparty is None or previous_manual == chosen:
        return
    repository = LearnedRepository(session, organization_id)
    if previous_manual is not None:
        await repository.count_choice(key, counterparty, previous_manual, -1)
    await repository.count_choice(key, counterparty.strip(), chosen, +1)


async def forget_choice(
    session: AsyncSession,
    organization_id: uuid.UUID,
    counterparty: str | None,
    previous_manual: uuid.UUID | None,
) -> None:
    """A manual choice withdrawn (the category cleared) no longer counts."""
    key = counterparty_key(counterparty)
    if key is not None and counterparty is not None and previous_manual is not None:
        await LearnedRepository(session, organization_id).count_choice(
            key, counterparty, previous_manual, -1
        )


def _covered(rules: Sequence[EngineRule], counterparty: str) -> bool:
    """Whether an active rule already sets a category from a trigger on this counterparty."""
    # Only the counterparty is known: the other facts are neutral ("XXX" is ISO-4217's "no
    # currency"), and only counterparty triggers are read below.
    facts = TransactionFacts(uuid.UUID(int=0), Decimal(0), "XXX", date.min, "", counterparty)
    for rule in rules:
        sets_category = any(isinstance(a, criteria.SetCategory) for a in rule.actions)
        on_counterparty = [t for t in rule.triggers if t.type.startswith("counterparty_")]
        if (
            rule.active
            and sets_category
            and any(trigger_matches(t, facts) for t in on_counterparty)
        ):
            return True
    return False


async def suggestions(
    session: AsyncSession,
    organization_id: uuid.UUID,
    usable: set[uuid.UUID],
    rules: Sequence[EngineRule],
) -> list[RuleSuggestion]:
    rows = await LearnedRepository(session, organization_id).suggestion_rows(SUGGEST_AFTER)
    offered: list[RuleSuggestion] = []
    for group in _by_key(rows).values():
        total = sum(row.manual_count for row in group)
        top = max(group, key=lambda row: row.manual_count)
        agreement = (Decimal(top.manual_count) / total).quantize(CONFIDENCE_PLACES)
        qualifies = top.manual_count >= SUGGEST_AFTER and agreement >= SUGGEST_AGREEMENT
        if not qualifies or top.suggestion_state is not None or top.category_id not in usable:
            continue
        if _covered(rules, top.counterparty):
            continue
        offered.append(
            RuleSuggestion(top.id, top.counterparty, top.category_id, top.manual_count, agreement)
        )
    return sorted(offered, key=lambda s: (-s.times_chosen, s.counterparty.casefold()))
