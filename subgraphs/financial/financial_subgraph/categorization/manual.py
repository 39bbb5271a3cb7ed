"""Categorising a transaction by hand: always wins, and teaches the counterparty's category."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.bank.transaction_repository import BankTransactionRepository
from financial_subgraph.categorization import learning
from financial_subgraph.categorization.categories import active_category
from financial_subgraph.categorization.errors import CategorizationError, transaction_not_found

MANUAL_CONFIDENCE = Decimal("1.000")


async def categorize_transaction(
    session: AsyncSession,
    organization_id: uuid.UUID,
    transaction_id: uuid.UUID,
    category_id: uuid.UUID | None,
) -> BankTransaction | CategorizationError:
    """Set (or with None clear) the category by hand: source "manual", confidence 1.

    A manual category is never overridden by rules or learning; clearing it lets them decide
    again on the next run.
    """
    repository = BankTransactionRepository(session, organization_id)
    transaction = await repository.for_update(transaction_id)
    if transaction is None:
        return transaction_not_found()
    previous = transaction.category_id if transaction.category_source == "manual" else None
    if category_id is None:
        await learning.forget_choice(session, organization_id, transaction.counterparty, previous)
        transaction.category_id = transaction.category_source = None
        transaction.category_confidence = transaction.rule_id = None
        await session.flush()
        return transaction
    found = await active_category(session, organization_id, category_id, "categoryId")
    if isinstance(found, CategorizationError):
        return found
    await learning.remember_choice(
        session, organization_id, transaction.counterparty, previous, category_id
    )
    transaction.category_id, transaction.category_source = category_id, "manual"
    transaction.category_confidence, transaction.rule_id = MANUAL_CONFIDENCE, None
    await session.flush()
    return transaction
