"""The bank domain's per-request DataLoaders (one read session per batch)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from financial_subgraph.bank.models import BankAccount, BankTransaction
from financial_subgraph.bank.repository import BankAccountRepository
from financial_subgraph.bank.transaction_repository import BankTransactionRepository
from service_runtime.loaders import TenantLoader
from service_runtime.work import Work


class BalanceKey(NamedTuple):
    account_id: uuid.UUID
    on: date | None  # None: every transaction so far


class BankAccountById(TenantLoader[uuid.UUID, BankAccount | None]):
    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[BankAccount | None]:
        return await BankAccountRepository.of(work).by_ids(keys)


class BankTransactionById(TenantLoader[uuid.UUID, BankTransaction | None]):
    async def fetch(self, work: Work, keys: list[uuid.UUID]) -> Sequence[BankTransaction | None]:
        return await BankTransactionRepository.of(work).by_ids(keys)


class MovementsByAccount(TenantLoader[BalanceKey, Decimal]):
    """Sum of an account's transaction amounts (up to a date): one query per date asked."""

    async def fetch(self, work: Work, keys: list[BalanceKey]) -> Sequence[Decimal]:
        by_date: dict[date | None, list[uuid.UUID]] = defaultdict(list)
        for key in keys:
            by_date[key.on].append(key.account_id)
        found: dict[BalanceKey, Decimal] = {}
        repository = BankAccountRepository.of(work)
        for on, ids in by_date.items():
            sums = await repository.movements(ids, on)
            found.update({BalanceKey(i, on): sums.get(i, Decimal(0)) for i in ids})
        return [found[key] for key in keys]
