"""Rules offered from learned choices: listing, accepting (creates the rule), dismissing."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.categories.repository import CategoryRepository
from financial_subgraph.categorization import learning, rules
from financial_subgraph.categorization.criteria import MAX_TEXT
from financial_subgraph.categorization.errors import (
    CategorizationError,
    CategorizationErrorCode,
    error,
)
from financial_subgraph.categorization.models import CategorizationRule
from financial_subgraph.categorization.repository import (
    LearnedRepository,
    RuleRepository,
)


async def offered(
    session: AsyncSession, organization_id: uuid.UUID
) -> list[learning.RuleSuggestion]:
    """The rules currently offered to the organisation."""
    categories = await CategoryRepository(session, organization_id).all()
    usable = {row.id for row in categories if row.archived_at is None}
    rows = await RuleRepository(session, organization_id).ordered(active_only=True)
    engine_rules = [rules.engine_rule(row) for row in rows]
    return await learning.suggestions(session, organization_id, usable, engine_rules)


def _not_offered() -> CategorizationError:
    return error(CategorizationErrorCode.SUGGESTION_NOT_FOUND, "No such rule suggestion.")


async def accept(
    session: AsyncSession, organization_id: uuid.UUID, suggestion_id: uuid.UUID, name: str | None
) -> CategorizationRule | CategorizationError:
    """Create the offered rule ("same counterparty as ..." -> category), run last."""
    row = await LearnedRepository(session, organization_id).for_update(suggestion_id)
    current = {s.id: s for s in await offered(session, organization_id)}
    suggestion = current.get(suggestion_id)
    if row is None or suggestion is None:
        return _not_offered()
    counterparty = suggestion.counterparty.strip()[:MAX_TEXT]
    data = rules.RuleData(
        name=name if name is not None else f"Counterparty: {counterparty}"[: rules.MAX_NAME],
        triggers=[{"type": "counterparty_same_as", "text": counterparty}],
        actions=[{"type": "set_category", "category_id": str(suggestion.category_id)}],
    )
    rule = await rules.create_rule(session, organization_id, data)
    if isinstance(rule, CategorizationError):
        return rule
    row.suggestion_state, row.suggested_rule_id = "accepted", rule.id
    await session.flush()
    return rule


async def dismiss(
    session: AsyncSession, organization_id: uuid.UUID, suggestion_id: uuid.UUID
) -> CategorizationError | None:
    """Stop offering this rule."""
    row = await LearnedRepository(session, organization_id).for_update(suggestion_id)
    if row is None or row.suggestion_state is not None:
        return _not_offered()
    row.suggestion_state = "dismissed"
    await session.flush()
    return None
