"""Which domain reacts to which in-process domain event, wired once at app start."""

from __future__ import annotations

from financial_subgraph.bank.imported import TRANSACTIONS_IMPORTED
from financial_subgraph.categorization.apply import on_transactions_imported


def subscribe_domains() -> None:
    # Categorisation runs its rules and learning, then payment matching (a rule may link an
    # invoice before matching looks at the rest), in the import's own transaction.
    TRANSACTIONS_IMPORTED.subscribe(on_transactions_imported)
