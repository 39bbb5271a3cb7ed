from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import cast

import strawberry

from financial_subgraph.bank.loaders import (
    BalanceKey,
    BankAccountById,
    BankTransactionById,
    MovementsByAccount,
)
from financial_subgraph.bank.models import BankAccount as AccountRow
from financial_subgraph.bank.models import BankImport as ImportRow
from financial_subgraph.bank.models import BankTransaction as TransactionRow
from financial_subgraph.bank.models import CsvMapping as MappingRow
from financial_subgraph.bank.parsing import RowError, StatementFormat
from financial_subgraph.categories.types import Category, category_of
from financial_subgraph.client.types import PageInfo
from financial_subgraph.context import Info
from financial_subgraph.currency.money import quantize
from financial_subgraph.invoice.loaders import InvoiceByIdLoader
from financial_subgraph.invoice.types import Invoice
from service_runtime.ids import parse_uuid

strawberry.enum(StatementFormat)  # the GraphQL enum of the formats (registered once, here)


def _id(value: uuid.UUID | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


@strawberry.type(description="An account at a bank whose statements are imported.")
class BankAccount:
    id: strawberry.ID
    name: str
    currency: str = strawberry.field(description="ISO-4217 code of every transaction.")
    iban: str | None
    account_number: str | None
    bank_name: str | None
    opening_balance: Decimal
    archived_at: datetime | None
    created_at: datetime
    organization_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: AccountRow) -> BankAccount:
        return cls(
            id=strawberry.ID(str(row.id)),
            name=row.name,
            currency=row.currency,
            iban=row.iban,
            account_number=row.account_number,
            bank_name=row.bank_name,
            opening_balance=quantize(row.opening_balance, row.currency),
            archived_at=row.archived_at,
            created_at=row.created_at,
            organization_id=row.organization_id,
        )

    async def _balance(self, info: Info, on: date | None) -> Decimal:
        key = BalanceKey(uuid.UUID(self.id), on)
        movements = await MovementsByAccount.of(info).load(key)
        return quantize(self.opening_balance + movements, self.currency)

    @strawberry.field(description="Opening balance plus every transaction imported so far.")
    async def balance(self, info: Info) -> Decimal:
        return await self._balance(info, None)

    @strawberry.field(description="The balance at the end of `date` (bookings up to it).")
    async def balance_on(self, info: Info, date: date) -> Decimal:
        return await self._balance(info, date)


@strawberry.type
class TransactionLinks:
    """What a transaction points at, resolved through the request's loaders (a list of
    transactions runs a fixed number of queries). A base class: these come first in the SDL."""

    @strawberry.field(description="The category (with its path), whatever set it.")
    async def category(self, info: Info) -> Category | None:
        owner = cast(Transaction, self)
        category_id = parse_uuid(owner.category_id) if owner.category_id else None
        return await category_of(info, category_id)

    @strawberry.field(description="The invoice this transaction pays or is linked to.")
    async def matched_invoice(self, info: Info) -> Invoice | None:
        owner = cast(Transaction, self)
        invoice_id = parse_uuid(owner.invoice_id) if owner.invoice_id else None
        if invoice_id is None:
            return None
        row = await InvoiceByIdLoader.of(info).load(invoice_id)
        return Invoice.from_row(row) if row else None


@strawberry.federation.type(keys=["id"], description="A booked bank transaction.")
class Transaction(TransactionLinks):
    id: strawberry.ID
    account_id: strawberry.ID
    booked_on: date
    value_date: date | None
    amount: Decimal = strawberry.field(description="Signed: positive in, negative out.")
    currency: str
    description: str
    counterparty: str | None
    counterparty_account: str | None
    external_id: str | None = strawberry.field(description="The bank's id for it, if any.")
    base_amount: Decimal = strawberry.field(description="In the organisation's base currency.")
    base_currency: str
    exchange_rate: Decimal = strawberry.field(description="1 unit of currency in base.")
    category_id: strawberry.ID | None
    category_source: str | None = strawberry.field(description="rule, learned, manual or ai.")
    category_confidence: Decimal | None
    tags: list[str]
    notes: str | None
    rule_id: strawberry.ID | None
    invoice_id: strawberry.ID | None
    import_id: strawberry.ID | None
    created_at: datetime
    organization_id: strawberry.Private[uuid.UUID]

    @classmethod
    def from_row(cls, row: TransactionRow) -> Transaction:
        return cls(
            id=strawberry.ID(str(row.id)),
            account_id=strawberry.ID(str(row.account_id)),
            booked_on=row.booked_on,
            value_date=row.value_date,
            amount=quantize(row.amount, row.currency),
            currency=row.currency,
            description=row.description,
            counterparty=row.counterparty,
            counterparty_account=row.counterparty_account,
            external_id=row.external_id,
            base_amount=quantize(row.base_amount, row.base_currency),
            base_currency=row.base_currency,
            exchange_rate=row.exchange_rate.normalize(),
            category_id=_id(row.category_id),
            category_source=row.category_source,
            category_confidence=row.category_confidence,
            tags=list(row.tags),
            notes=row.notes,
            rule_id=_id(row.rule_id),
            invoice_id=_id(row.invoice_id),
            import_id=_id(row.import_id),
            created_at=row.created_at,
            organization_id=row.organization_id,
        )

    @strawberry.field
    async def account(self, info: Info) -> BankAccount | None:
        row = await BankAccountById.of(info).load(uuid.UUID(self.account_id))
        return BankAccount.from_row(row) if row else None

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Transaction | None:
        # Tenant isolation: only the caller's own organisation's transactions resolve.
        principal = info.context.principal
        transaction_id = parse_uuid(id)
        if principal is None or principal.organization_id is None or transaction_id is None:
            return None
        row = await BankTransactionById.of(info).load(transaction_id)
        return cls.from_row(row) if row else None


@strawberry.type
class TransactionEdge:
    cursor: str
    node: Transaction


@strawberry.type
class TransactionConnection:
    edges: list[TransactionEdge]
    page_info: PageInfo


@strawberry.type(description="One statement file imported into an account.")
class BankStatementImport:
    id: strawberry.ID
    account_id: strawberry.ID
    format: StatementFormat
    filename: str | None
    rows: int = strawberry.field(description="Transactions the file holds.")
    imported: int
    duplicates: int = strawberry.field(description="Rows skipped: imported before.")
    errors: int
    created_at: datetime

    @classmethod
    def from_row(cls, row: ImportRow) -> BankStatementImport:
        return cls(
            id=strawberry.ID(str(row.id)),
            account_id=strawberry.ID(str(row.account_id)),
            format=StatementFormat(row.format),
            filename=row.filename,
            rows=row.rows,
            imported=row.imported,
            duplicates=row.duplicates,
            errors=row.errors,
            created_at=row.created_at,
        )


@strawberry.type
class CsvMapping:
    id: strawberry.ID
    name: str
    date_column: str
    amount_column: str | None
    debit_column: str | None
    credit_column: str | None
    description_column: str | None
    counterparty_column: str | None
    counterparty_account_column: str | None
    external_id_column: str | None
    value_date_column: str | None
    date_format: str
    decimal_separator: str
    delimiter: str
    skip_rows: int
    encoding: str

    @classmethod
    def from_row(cls, row: MappingRow) -> CsvMapping:
        names = [name for name in cls.__annotations__ if name != "id"]
        return cls(id=strawberry.ID(str(row.id)), **{name: getattr(row, name) for name in names})


@strawberry.type
class BankAccountPayload:
    account: BankAccount


@strawberry.type
class CsvMappingPayload:
    mapping: CsvMapping


@strawberry.type(description="Bank transactions as an RFC 4180 CSV file.")
class BankTransactionsCsv:
    content: str
    rows: int = strawberry.field(description="Transactions in the file.")
    truncated: bool = strawberry.field(
        description="More transactions matched than one file holds; narrow from/to."
    )


@strawberry.type(description="A cell of an imported row worth a look; the row was imported.")
class StatementRowWarning:
    row: int = strawberry.field(description="Line (CSV, QIF, MT940) or entry (OFX, CAMT) number.")
    field: str
    message: str

    @classmethod
    def from_row_error(cls, error: RowError) -> StatementRowWarning:
        return cls(row=error.row, field=error.field, message=error.message)


@strawberry.type
class ImportBankStatementPayload:
    bank_import: BankStatementImport
    transaction_ids: list[strawberry.ID] = strawberry.field(
        description="The transactions this import created (duplicates are not among them)."
    )
    formula_cells: int = strawberry.field(
        default=0,
        description="Text cells of the imported rows that start like a spreadsheet formula"
        " (= + - @, tab, CR): stored as the bank wrote them, neutralised in every export.",
    )
    warnings: list[StatementRowWarning] = strawberry.field(
        default_factory=list, description="The first 100 such cells, by row and field."
    )
