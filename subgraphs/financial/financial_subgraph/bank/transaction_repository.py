"""Bank transactions: batched duplicate lookups, bulk inserts and the keyset-paginated list."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import BindParameter, Select, Text, any_, bindparam, or_, select, text, tuple_
from sqlalchemy.dialects.postgresql import ARRAY

from financial_subgraph.bank.filters import TransactionFilter
from financial_subgraph.bank.models import BankTransaction
from service_runtime.repository import TenantRepository

# Rows per INSERT: each statement sends one array per column (not one parameter per value), so
# the batch size is bounded by memory, not by PostgreSQL's 32767-parameter limit.
INSERT_BATCH = 20_000

# COPY is refused on tables with row-level security, so the fastest bulk path is one INSERT
# ... SELECT FROM unnest(arrays). No ON CONFLICT clause (it costs a third of the insert time):
# imports lock their account, so duplicates are found before inserting; a unique violation
# can only come from a writer that bypassed that lock, and fails the import whole.
INSERT_ROWS = text(
    """
    INSERT INTO financial.bank_transactions (
        id, organization_id, account_id, import_id, currency, base_currency,
        created_at, updated_at, booked_on, value_date, amount, description, counterparty,
        counterparty_account, external_id, content_hash, base_amount, exchange_rate
    )
    SELECT u.id, :organization_id, :account_id, :import_id, :currency, :base_currency,
           :now, :now, u.booked_on, u.value_date, u.amount, u.description, u.counterparty,
           u.counterparty_account, u.external_id, u.content_hash, u.base_amount, u.exchange_rate
    FROM unnest(
        CAST(:id AS uuid[]), CAST(:booked_on AS date[]), CAST(:value_date AS date[]),
        CAST(:amount AS numeric[]), CAST(:description AS text[]), CAST(:counterparty AS text[]),
        CAST(:counterparty_account AS text[]), CAST(:external_id AS text[]),
        CAST(:content_hash AS text[]), CAST(:base_amount AS numeric[]),
        CAST(:exchange_rate AS numeric[])
    ) AS u(id, booked_on, value_date, amount, description, counterparty, counterparty_account,
           external_id, content_hash, base_amount, exchange_rate)
    """
)
ROW_COLUMNS: tuple[str, ...] = ("id", "booked_on", "value_date", "amount", "description")
ROW_COLUMNS += ("counterparty", "counterparty_account", "external_id", "content_hash")
ROW_COLUMNS += ("base_amount", "exchange_rate")


@dataclass(frozen=True)
class ImportTarget:
    """What every row of one import shares."""

    organization_id: uuid.UUID
    account_id: uuid.UUID
    import_id: uuid.UUID
    currency: str
    base_currency: str
    now: datetime


def _text_array(name: str, values: Sequence[str]) -> BindParameter[Sequence[str]]:
    """One array parameter, not one parameter per value: a statement has at most 32767."""
    return bindparam(name, values, type_=ARRAY(Text))


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class BankTransactionRepository(TenantRepository[BankTransaction]):
    model = BankTransaction

    async def existing_external_ids(self, account_id: uuid.UUID, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        statement = select(BankTransaction.external_id).where(
            BankTransaction.organization_id == self.organization_id,
            BankTransaction.account_id == account_id,
            BankTransaction.external_id == any_(_text_array("external_ids", ids)),
        )
        return {value for value in await self.session.scalars(statement) if value is not None}

    async def existing_hashes(self, account_id: uuid.UUID, hashes: Sequence[str]) -> set[str]:
        if not hashes:
            return set()
        statement = select(BankTransaction.content_hash).where(
            BankTransaction.organization_id == self.organization_id,
            BankTransaction.account_id == account_id,
            BankTransaction.content_hash == any_(_text_array("hashes", hashes)),
        )
        return set(await self.session.scalars(statement))

    async def insert_rows(self, target: ImportTarget, rows: Sequence[dict[str, object]]) -> None:
        """Insert `rows` (dicts of ROW_COLUMNS)."""
        shared = {
            "organization_id": target.organization_id,
            "account_id": target.account_id,
            "import_id": target.import_id,
            "currency": target.currency,
            "base_currency": target.base_currency,
            "now": target.now,
        }
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start : start + INSERT_BATCH]
            arrays = {column: [row[column] for row in batch] for column in ROW_COLUMNS}
            await self.session.execute(INSERT_ROWS, {**shared, **arrays})

    async def for_update(self, id_: uuid.UUID) -> BankTransaction | None:
        """The transaction, locked (a payment confirmed twice at once is recorded once)."""
        statement = self.scoped().where(BankTransaction.id == id_).with_for_update()
        row: BankTransaction | None = await self.session.scalar(statement)
        return row

    def _filtered(self, where: TransactionFilter) -> Select[BankTransaction]:
        statement = self.scoped()
        if where.account_id is not None:
            statement = statement.where(BankTransaction.account_id == where.account_id)
        if where.booked_from is not None:
            statement = statement.where(BankTransaction.booked_on >= where.booked_from)
        if where.booked_to is not None:
            statement = statement.where(BankTransaction.booked_on <= where.booked_to)
        if where.uncategorized:
            statement = statement.where(BankTransaction.category_id.is_(None))
        if where.search:
            pattern = f"%{escape_like(where.search)}%"
            statement = statement.where(
                or_(
                    BankTransaction.description.ilike(pattern, escape="\\"),
                    BankTransaction.counterparty.ilike(pattern, escape="\\"),
                )
            )
        return statement

    async def page(
        self, where: TransactionFilter, after: tuple[date, uuid.UUID] | None, limit: int
    ) -> list[BankTransaction]:
        """Up to `limit` transactions, newest first ((booked_on, id) descending), after `after`."""
        statement = self._filtered(where)
        if after is not None:
            key = tuple_(BankTransaction.booked_on, BankTransaction.id)
            statement = statement.where(key < tuple_(*after))
        statement = statement.order_by(
            BankTransaction.booked_on.desc(), BankTransaction.id.desc()
        ).limit(limit)
        return list((await self.session.scalars(statement)).all())
