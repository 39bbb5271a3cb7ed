"""Categorisation applied to transactions: on import, and re-run over past transactions.

Order per transaction: a manual categorisation is never touched; otherwise the rules decide
(source "rule", confidence 1); failing a rule, what people chose for the same counterparty
(source "learned", confidence from the agreement, see `learning`). Then incoming payments are
matched to open invoices (see `matching`). Writes go through the caller's session only.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.counterparties import counterparty_key
from financial_subgraph.bank.imported import TransactionsImported
from financial_subgraph.bank.models import BankTransaction
from financial_subgraph.categories.repository import CategoryRepository
from financial_subgraph.categorization import learning, rules
from financial_subgraph.categorization.engine import (
    EngineRule,
    Outcome,
    TransactionFacts,
    evaluate,
)
from financial_subgraph.categorization.repository import (
    LearnedRepository,
    RuleRepository,
)
from financial_subgraph.categorization.transactions import (
    CategorizedTransactionRepository,
    TransactionScope,
)
from financial_subgraph.matching.service import PaymentMatcher

RULE_CONFIDENCE = Decimal("1.000")
MANUAL = "manual"


@dataclass
class ApplyCounts:
    examined: int = 0
    by_rule: int = 0
    learned: int = 0
    manual_kept: int = 0
    payments_matched: int = 0
    payments_for_review: int = 0


def facts_of(transaction: BankTransaction) -> TransactionFacts:
    return TransactionFacts(
        account_id=transaction.account_id,
        amount=transaction.amount,
        currency=transaction.currency,
        booked_on=transaction.booked_on,
        description=transaction.description or "",
        counterparty=transaction.counterparty,
    )


class Categorizer:
    """One organisation's rules, usable categories and learning, loaded once per run."""

    def __init__(
        self,
        session: AsyncSession,
        organization_id: uuid.UUID,
        engine_rules: list[EngineRule],
        usable: set[uuid.UUID],
        has_learned: bool,
        early_tolerance_days: int,
    ) -> None:
        self.session, self.organization_id = session, organization_id
        self.early_tolerance_days = early_tolerance_days
        self.rules, self.usable, self.has_learned = engine_rules, usable, has_learned
        self.counts = ApplyCounts()
        self._matcher: PaymentMatcher | None = None

    @classmethod
    async def load(
        cls, session: AsyncSession, organization_id: uuid.UUID, *, early_tolerance_days: int
    ) -> Categorizer:
        categories = await CategoryRepository(session, organization_id).all()
        usable = {row.id for row in categories if row.archived_at is None}
        rows = await RuleRepository(session, organization_id).ordered(active_only=True)
        has_learned = await LearnedRepository(session, organization_id).any_learned()
        engine_rules = [rules.engine_rule(r) for r in rows]
        return cls(
            session, organization_id, engine_rules, usable, has_learned, early_tolerance_days
        )

    async def has_work(self, *, any_incoming: bool) -> bool:
        """Whether a batch could change at all: rules or learning to apply, or (with money
        coming in) open invoices a payment could match."""
        if self.rules or self.has_learned:
            return True
        return any_incoming and bool((await self.matcher()).invoices)

    async def matcher(self) -> PaymentMatcher:
        if self._matcher is None:
            self._matcher = await PaymentMatcher.load(
                self.session,
                self.organization_id,
                early_tolerance_days=self.early_tolerance_days,
            )
        return self._matcher

    async def run(self, transactions: Sequence[BankTransaction]) -> None:
        """Categorise and match one batch."""
        open_rows = [row for row in transactions if row.category_source != MANUAL]
        self.counts.examined += len(transactions)
        self.counts.manual_kept += len(transactions) - len(open_rows)
        guesses: dict[str, learning.Guess] = {}
        if self.has_learned and open_rows:
            names = [row.counterparty for row in open_rows]
            guesses = await learning.guesses(self.session, self.organization_id, names, self.usable)
        links: list[tuple[BankTransaction, Any, uuid.UUID]] = []
        changed: list[BankTransaction] = []
        for row in open_rows:
            outcome = evaluate(self.rules, facts_of(row)) if self.rules else Outcome()
            if self._categorize(row, outcome, guesses):
                changed.append(row)
            if outcome.link_invoice is not None and outcome.link_rule_id is not None:
                links.append((row, outcome.link_invoice, outcome.link_rule_id))
        repository = CategorizedTransactionRepository(self.session, self.organization_id)
        await repository.write_categorization(changed)
        await self._match(transactions, links)

    def _categorize(
        self, row: BankTransaction, outcome: Outcome, guesses: dict[str, learning.Guess]
    ) -> bool:
        """Apply the outcome (or a learned guess) to `row` in memory; whether it changed."""
        before = (row.category_id, row.category_source, row.category_confidence, row.rule_id)
        before_extra = (list(row.tags), row.notes)
        if outcome.category_id is not None and outcome.category_id in self.usable:
            row.category_id, row.category_source = outcome.category_id, "rule"
            row.category_confidence, row.rule_id = RULE_CONFIDENCE, outcome.category_rule_id
            self.counts.by_rule += 1
        else:
            guess = guesses.get(counterparty_key(row.counterparty) or "")
            if guess is not None and self._may_replace(row, guess.confidence):
                row.category_id, row.category_source = guess.category_id, "learned"
                row.category_confidence, row.rule_id = guess.confidence, None
                self.counts.learned += 1
        if outcome.tags:
            row.tags = list(dict.fromkeys([*row.tags, *outcome.tags]))
        if outcome.notes is not None and not row.notes:
            row.notes = outcome.notes
        after = (row.category_id, row.category_source, row.category_confidence, row.rule_id)
        return after != before or (list(row.tags), row.notes) != before_extra

    @staticmethod
    def _may_replace(row: BankTransaction, confidence: Decimal) -> bool:
        """Learning fills gaps and refreshes itself; it replaces the ai subgraph's choice only
        when at least as confident, and never a rule's."""
        if row.category_source in (None, "learned"):
            return True
        if row.category_source == "ai":
            return confidence >= (row.category_confidence or Decimal(0))
        return False

    async def _match(
        self,
        transactions: Sequence[BankTransaction],
        links: list[tuple[BankTransaction, Any, uuid.UUID]],
    ) -> None:
        wanted = links or any(row.amount > 0 and row.invoice_id is None for row in transactions)
        if not wanted:
            return
        matcher = await self.matcher()
        for row, action, rule_id in links:
            invoice_id = action.invoice_id or matcher.find_by_number(row)
            if invoice_id is not None:
                await matcher.link(row, invoice_id, f"rule {rule_id} links it")
        await matcher.match(transactions)
        self.counts.payments_matched = matcher.counts.matched
        self.counts.payments_for_review = matcher.counts.for_review


async def on_transactions_imported(imported: TransactionsImported) -> None:
    """Categorise and payment-match the rows an import has just inserted, in its transaction.

    The rows are built as ORM objects only when there is work (active rules, learned
    counterparties, or an incoming payment and open invoices to match): attaching 100k of
    them costs a third of a large import. Applies the active rules in order, falls back to
    learned counterparty categories, then matches incoming payments to open invoices. Writes
    only through the import's session (never commits); if anything raises, the whole import
    rolls back.
    """
    session = imported.session
    categorizer = await Categorizer.load(
        session, imported.organization_id, early_tolerance_days=imported.early_tolerance_days
    )
    if not await categorizer.has_work(any_incoming=imported.any_incoming):
        return
    rows = imported.rows()
    if not rows:
        return
    await categorizer.run(rows)
    await session.flush()


async def apply_rules(
    session: AsyncSession, scope: TransactionScope, *, early_tolerance_days: int
) -> ApplyCounts:
    """Re-run categorisation (and matching) over past transactions in `scope`, in batches.
    Manual categorisations are kept whatever the scope."""
    categorizer = await Categorizer.load(
        session, scope.organization_id, early_tolerance_days=early_tolerance_days
    )
    async for batch in CategorizedTransactionRepository(session, scope.organization_id).batches(
        scope
    ):
        await categorizer.run(batch)
    await session.flush()
    return categorizer.counts
