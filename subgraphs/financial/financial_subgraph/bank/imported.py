"""`TRANSACTIONS_IMPORTED`: what the bank domain announces once an import has inserted rows.

Categorisation (and, through it, payment matching) subscribes at app start
(financial_subgraph/subscriptions.py), so the bank domain never imports the domains above it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.models import BankTransaction
from service_runtime.hooks import Hook


@dataclass
class TransactionsImported:
    session: AsyncSession  # the import's transaction: subscribers write through it
    organization_id: uuid.UUID
    # Builds the inserted rows as ORM objects: costly at 100k rows, so built on first use
    # only (when a subscriber has work) and then shared.
    build_rows: Callable[[], Sequence[BankTransaction]]
    any_incoming: bool  # some row is money received
    early_tolerance_days: int  # payment matching's, see matching.service.PaymentMatcher
    _rows: Sequence[BankTransaction] | None = field(default=None, repr=False)

    def rows(self) -> Sequence[BankTransaction]:
        if self._rows is None:
            self._rows = self.build_rows()
        return self._rows


TRANSACTIONS_IMPORTED: Hook[TransactionsImported] = Hook("bank.transactions_imported")
