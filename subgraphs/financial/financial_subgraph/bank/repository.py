"""Bank accounts, imports and CSV mappings. Every query names the organisation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from financial_subgraph.bank.models import BankAccount, BankTransaction, CsvMapping
from service_runtime.repository import Repository


class BankAccountRepository(Repository[BankAccount]):
    model = BankAccount

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID
    ) -> BankAccount | None:
        statement = select(BankAccount).where(
            BankAccount.organization_id == organization_id, BankAccount.id == id_
        )
        row: BankAccount | None = await self.session.scalar(statement)
        return row

    async def for_update(self, organization_id: uuid.UUID, id_: uuid.UUID) -> BankAccount | None:
        """The account, locked: imports into one account run one after the other."""
        statement = (
            select(BankAccount)
            .where(BankAccount.organization_id == organization_id, BankAccount.id == id_)
            .with_for_update()
        )
        row: BankAccount | None = await self.session.scalar(statement)
        return row

    async def by_ids_in_organization(
        self, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
    ) -> list[BankAccount | None]:
        statement = select(BankAccount).where(
            BankAccount.organization_id == organization_id, BankAccount.id.in_(ids)
        )
        found = {row.id: row for row in await self.session.scalars(statement)}
        return [found.get(id_) for id_ in ids]

    async def all_in_organization(
        self, organization_id: uuid.UUID, include_archived: bool
    ) -> list[BankAccount]:
        statement = select(BankAccount).where(BankAccount.organization_id == organization_id)
        if not include_archived:
            statement = statement.where(BankAccount.archived_at.is_(None))
        statement = statement.order_by(BankAccount.name, BankAccount.id)
        return list((await self.session.scalars(statement)).all())

    async def movements(
        self, organization_id: uuid.UUID, ids: Sequence[uuid.UUID], until: date | None
    ) -> dict[uuid.UUID, Decimal]:
        """Sum of transaction amounts per account (booked on or before `until`, if given)."""
        statement = (
            select(BankTransaction.account_id, func.sum(BankTransaction.amount))
            .where(
                BankTransaction.organization_id == organization_id,
                BankTransaction.account_id.in_(ids),
            )
            .group_by(BankTransaction.account_id)
        )
        if until is not None:
            statement = statement.where(BankTransaction.booked_on <= until)
        rows = await self.session.execute(statement)
        return {account_id: total for account_id, total in rows}


class CsvMappingRepository(Repository[CsvMapping]):
    model = CsvMapping

    async def in_organization(
        self, organization_id: uuid.UUID, id_: uuid.UUID
    ) -> CsvMapping | None:
        statement = select(CsvMapping).where(
            CsvMapping.organization_id == organization_id, CsvMapping.id == id_
        )
        row: CsvMapping | None = await self.session.scalar(statement)
        return row

    async def named(self, organization_id: uuid.UUID, name: str) -> CsvMapping | None:
        statement = select(CsvMapping).where(
            CsvMapping.organization_id == organization_id, CsvMapping.name == name
        )
        row: CsvMapping | None = await self.session.scalar(statement)
        return row

    async def all_in_organization(self, organization_id: uuid.UUID) -> list[CsvMapping]:
        statement = (
            select(CsvMapping)
            .where(CsvMapping.organization_id == organization_id)
            .order_by(CsvMapping.name)
        )
        return list((await self.session.scalars(statement)).all())
