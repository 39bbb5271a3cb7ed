"""SQL of the bank-data connections."""

from __future__ import annotations

import uuid

from financial_subgraph.gocardless.bank_data.models import BankDataConnection
from service_runtime.repository import TenantRepository


class BankDataConnectionRepository(TenantRepository[BankDataConnection]):
    model = BankDataConnection

    async def of_account(self, bank_account_id: uuid.UUID) -> BankDataConnection | None:
        statement = self.scoped().where(BankDataConnection.bank_account_id == bank_account_id)
        # Writers hold the bank account's row lock (syncs into one account run one at a time).
        return await self.session.scalar(statement)
