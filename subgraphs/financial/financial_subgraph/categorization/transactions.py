"""The bank transactions categorisation reads and updates (the bank domain owns the table;
this domain owns its categorisation columns)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm.attributes import set_committed_value

from financial_subgraph.bank.models import BankTransaction
from service_runtime.repository import TenantRepository

BATCH = 1000
COLUMNS = ("category_id", "category_source", "category_confidence", "rule_id", "notes", "tags")
# One statement for a whole batch of categorised rows (an ORM flush sends one UPDATE per row).
# Tags travel as one JSON array per row: unnest cannot take a ragged text[][].
WRITE_CATEGORIZATION = text(
    """
    UPDATE financial.bank_transactions AS t
    SET category_id = u.category_id, category_source = u.category_source,
        category_confidence = u.category_confidence, rule_id = u.rule_id, notes = u.notes,
        tags = ARRAY(SELECT jsonb_array_elements_text(u.tags)), updated_at = now()
    FROM unnest(
        CAST(:id AS uuid[]), CAST(:category_id AS uuid[]), CAST(:category_source AS text[]),
        CAST(:category_confidence AS numeric[]), CAST(:rule_id AS uuid[]),
        CAST(:notes AS text[]), CAST(:tags AS jsonb[])
    ) AS u(id, category_id, category_source, category_confidence, rule_id, notes, tags)
    WHERE t.id = u.id AND t.organization_id = :organization_id
    """
)


@dataclass(frozen=True)
class TransactionScope:
    """Which past transactions a re-run covers."""

    organization_id: uuid.UUID
    account_id: uuid.UUID | None = None
    booked_from: date | None = None
    booked_to: date | None = None
    only_uncategorized: bool = True


class CategorizedTransactionRepository(TenantRepository[BankTransaction]):
    model = BankTransaction

    async def write_categorization(self, rows: Sequence[BankTransaction]) -> None:
        """Store the categorisation columns of `rows` (changed in memory) in one statement,
        and tell the ORM they are stored, so a later flush does not send them again."""
        if not rows:
            return
        values: dict[str, object] = {
            column: [getattr(row, column) for row in rows] for column in COLUMNS[:-1]
        }
        values["tags"] = [json.dumps(list(row.tags)) for row in rows]
        values["id"] = [row.id for row in rows]
        # No autoflush: the rows' in-memory changes are what this statement stores.
        with self.session.no_autoflush:
            await self.session.execute(
                WRITE_CATEGORIZATION, {**values, "organization_id": self.organization_id}
            )
        for row in rows:
            for column in COLUMNS:
                set_committed_value(row, column, getattr(row, column))

    async def batches(self, scope: TransactionScope) -> AsyncIterator[list[BankTransaction]]:
        """Matching transactions, locked, in id order, BATCH at a time (keyset), so a re-run
        over years of history never holds them all in memory at once."""
        after: uuid.UUID | None = None
        while True:
            statement = self.scoped()
            if scope.account_id is not None:
                statement = statement.where(BankTransaction.account_id == scope.account_id)
            if scope.booked_from is not None:
                statement = statement.where(BankTransaction.booked_on >= scope.booked_from)
            if scope.booked_to is not None:
                statement = statement.where(BankTransaction.booked_on <= scope.booked_to)
            if scope.only_uncategorized:
                statement = statement.where(BankTransaction.category_id.is_(None))
            if after is not None:
                statement = statement.where(BankTransaction.id > after)
            statement = statement.order_by(BankTransaction.id).limit(BATCH).with_for_update()
            rows = list((await self.session.scalars(statement)).all())
            if not rows:
                return
            yield rows
            after = rows[-1].id
            # Rows already processed leave the identity map, keeping memory flat.
            await self.session.flush()
            for row in rows:
                self.session.expunge(row)
