"""Per-request DataLoaders of the bank domain (registered in financial_subgraph.dataloaders).

Keys start with the organisation; each batch opens one read session per organisation in it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from strawberry.dataloader import DataLoader

from financial_subgraph.bank.models import BankAccount, BankTransaction
from financial_subgraph.bank.repository import BankAccountRepository
from financial_subgraph.bank.transaction_repository import BankTransactionRepository
from service_runtime.database import Database

Key = tuple[uuid.UUID, uuid.UUID]  # (organization_id, id)


class BalanceKey(NamedTuple):
    organization_id: uuid.UUID
    account_id: uuid.UUID
    on: date | None  # None: every transaction so far


def _by_organization(keys: list[Key]) -> dict[uuid.UUID, list[uuid.UUID]]:
    grouped: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for organization_id, id_ in keys:
        grouped[organization_id].append(id_)
    return grouped


class BankAccountByIdLoader(DataLoader[Key, BankAccount | None]):
    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[BankAccount | None]:
        found: dict[Key, BankAccount | None] = {}
        for organization_id, ids in _by_organization(keys).items():
            async with self.database.read(organization_id=organization_id) as session:
                rows = await BankAccountRepository(session).by_ids_in_organization(
                    organization_id, ids
                )
            found.update({(organization_id, i): r for i, r in zip(ids, rows, strict=True)})
        return [found[key] for key in keys]


class BankTransactionByIdLoader(DataLoader[Key, BankTransaction | None]):
    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[Key]) -> list[BankTransaction | None]:
        found: dict[Key, BankTransaction | None] = {}
        for organization_id, ids in _by_organization(keys).items():
            async with self.database.read(organization_id=organization_id) as session:
                rows = await BankTransactionRepository(session).by_ids_in_organization(
                    organization_id, ids
                )
            found.update({(organization_id, i): r for i, r in zip(ids, rows, strict=True)})
        return [found[key] for key in keys]


class MovementsByAccountLoader(DataLoader[BalanceKey, Decimal]):
    """Sum of an account's transaction amounts (up to a date): one query per (org, date)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        super().__init__(load_fn=self._load)

    async def _load(self, keys: list[BalanceKey]) -> list[Decimal]:
        groups: dict[tuple[uuid.UUID, date | None], list[uuid.UUID]] = defaultdict(list)
        for key in keys:
            groups[(key.organization_id, key.on)].append(key.account_id)
        found: dict[BalanceKey, Decimal] = {}
        for (organization_id, on), ids in groups.items():
            async with self.database.read(organization_id=organization_id) as session:
                sums = await BankAccountRepository(session).movements(organization_id, ids, on)
            found.update({BalanceKey(organization_id, i, on): sums.get(i, Decimal(0)) for i in ids})
        return [found[key] for key in keys]
