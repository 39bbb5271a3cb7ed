"""Per-request DataLoaders. Each batch opens its own short read session, so concurrent
resolvers never share an AsyncSession.

Keys carry the caller's organisation: a loader is per request, and every batch is scoped to
the organisation named in its keys (in the query and, through RLS, in the session).
"""

from __future__ import annotations

from dataclasses import dataclass

from financial_subgraph.bank.dataloaders import (
    BankAccountByIdLoader,
    BankTransactionByIdLoader,
    MovementsByAccountLoader,
)
from financial_subgraph.categorization.dataloaders import CategoryTreeByOrganizationLoader
from service_runtime.database import Database


@dataclass
class FinancialLoaders:
    bank_account_by_id: BankAccountByIdLoader
    bank_transaction_by_id: BankTransactionByIdLoader
    bank_movements: MovementsByAccountLoader
    category_tree: CategoryTreeByOrganizationLoader


def make_loaders(database: Database) -> FinancialLoaders:
    return FinancialLoaders(
        bank_account_by_id=BankAccountByIdLoader(database),
        bank_transaction_by_id=BankTransactionByIdLoader(database),
        bank_movements=MovementsByAccountLoader(database),
        category_tree=CategoryTreeByOrganizationLoader(database),
    )
