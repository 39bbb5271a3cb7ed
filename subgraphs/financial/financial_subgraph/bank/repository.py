"""Bank accounts and CSV mappings of one organisation (TenantRepository scopes every query)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from financial_subgraph.bank.models import BankAccount, BankTransaction, CsvMapping
from service_runtime.repository import TenantRepository


class BankAccountRepository(TenantRepository[BankAccount]):
    model = BankAccount

    async def for_update(self, id_: uuid.UUID) -> BankAccount | None:
        """The account, locked: imports into one account run one after the other."""
        statement = self.scoped().where(BankAccount.id == id_).with_for_update()
        row: BankAccount | None = await self.session.scalar(statement)
        return row

    async def all(self, include_archived: bool) -> list[BankAccount]:
        statement = self.scoped()
        if not include_archived:
            statement = statement.where(BankAccount.archived_at.is_(None))
        statement = statement.order_by(BankAccount.name, BankAccount.id)
        return list((await self.session.scalars(statement)).all())

    async def movements(
        self, ids: Sequence[uuid.UUID], until: date | None
    ) -> dict[uuid.UUID, Decimal]:
        """Sum of transaction amounts per account (booked on or before `until`, if given)."""
        statement = (
            select(BankTransaction.account_id, func.sum(BankTransaction.amount))
            .where(
                BankTransaction.organization_id == self.organization_id,
                BankTransaction.account_id.in_(ids),
            )
            .group_by(BankTransaction.account_id)
        )
        if until is not None:
            statement = statement.where(BankTransaction.booked_on <= until)
        rows = await self.session.execute(statement)
        return {account_id: total for account_id, total in rows}


class CsvMappingRepository(TenantRepository[CsvMapping]):
    model = CsvMapping

    async def named(self, name: str) -> CsvMapping | None:
        row: CsvMapping | None = await self.session.scalar(
            self.scoped().where(CsvMapping.name == name)
        )
        return row

    async def all(self) -> list[CsvMapping]:
        statement = self.scoped().order_by(CsvMapping.name)
        return list((await self.session.scalars(statement)).all())
