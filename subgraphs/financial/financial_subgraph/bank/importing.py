"""Importing a bank statement: parse, check every row, skip duplicates, insert in bulk.

Atomic: any row error and nothing is written (the result lists every problem); otherwise the
import, its transactions and its one `financial.transaction.imported.v1` event are written in
the caller's transaction, and `TRANSACTIONS_IMPORTED` is published in that same transaction
(categorisation and payment matching subscribe to it; bank/imported.py).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.instrumentation import manager_of_class

from financial_subgraph.bank.conversion import BaseConverter
from financial_subgraph.bank.dedupe import content_hashes
from financial_subgraph.bank.errors import BankErrorCode, BankImportError, import_error
from financial_subgraph.bank.formula_flags import FormulaFlags, formula_flags
from financial_subgraph.bank.imported import TRANSACTIONS_IMPORTED, TransactionsImported
from financial_subgraph.bank.models import BankAccount, BankImport, BankTransaction
from financial_subgraph.bank.parsing import (
    CsvLayout,
    MalformedFile,
    ParsedRow,
    ParseResult,
    RowError,
    StatementFormat,
    parse_statement,
)
from financial_subgraph.bank.repository import BankAccountRepository
from financial_subgraph.bank.transaction_repository import BankTransactionRepository, ImportTarget
from financial_subgraph.bank.validation import currency_mismatches, row_errors
from financial_subgraph.base import outbox
from financial_subgraph.currency.errors import ExchangeRateError
from financial_subgraph.events import TransactionsImportedV1
from service_runtime.events import emit
from service_runtime.models import utcnow
from service_runtime.rejection import Rejected

# Characters of statement text accepted in one import (a 100k-row CSV is about 8 MB).
MAX_CONTENT = 32 * 1024 * 1024


@dataclass(frozen=True)
class StatementFile:
    account_id: uuid.UUID
    format: StatementFormat
    content: str
    filename: str | None = None
    csv_layout: CsvLayout | None = None
    day_first: bool = False  # QIF only


@dataclass(frozen=True)
class ImportOutcome:
    bank_import: BankImport
    transaction_ids: list[uuid.UUID]
    # Imported text cells that start like a spreadsheet formula (bank/formula_flags.py).
    formula_flags: FormulaFlags


@dataclass(frozen=True)
class _Priced:
    row: ParsedRow
    base_amount: Decimal
    exchange_rate: Decimal


def _parse(statement: StatementFile) -> ParseResult | BankImportError:
    if len(statement.content) > MAX_CONTENT:
        message = f"Statements are limited to {MAX_CONTENT // (1024 * 1024)} MB of text."
        return import_error(BankErrorCode.FILE_TOO_LARGE, message, "content")
    try:
        return parse_statement(
            statement.format,
            statement.content,
            csv_layout=statement.csv_layout,
            day_first=statement.day_first,
        )
    except MalformedFile as error:
        return import_error(BankErrorCode.MALFORMED_FILE, str(error), "content")


async def _priced(
    converter: BaseConverter, rows: list[ParsedRow]
) -> tuple[list[_Priced], list[RowError]]:
    priced: list[_Priced] = []
    errors: list[RowError] = []
    rates = await converter.rates_on(row.booked_on for row in rows)
    for row in rows:
        rate = rates[row.booked_on]
        if isinstance(rate, ExchangeRateError):
            errors.append(RowError(row.row, "bookedOn", rate.message))
        else:
            priced.append(_Priced(row, converter.to_base(row.amount, rate), rate))
    return priced, errors


async def _checked(
    session: AsyncSession, organization_id: uuid.UUID, account: BankAccount, parsed: ParseResult
) -> tuple[list[_Priced], str] | BankImportError:
    """The rows with their base amounts, and the base currency; or every problem found."""
    mismatches = currency_mismatches(parsed, account.currency)
    if mismatches:
        message = f"The statement is not in the account's currency {account.currency}."
        return import_error(BankErrorCode.CURRENCY_MISMATCH, message, "content", mismatches)
    errors = parsed.errors + row_errors(parsed.rows, account.currency)
    converter = await BaseConverter.for_organization(session, organization_id, account.currency)
    # Only rows that passed: converting an amount already refused (1e400) overflowed.
    refused = {error.row for error in errors}
    valid = [row for row in parsed.rows if row.row not in refused]
    priced, rate_errors = await _priced(converter, valid)
    errors = sorted(errors + rate_errors, key=lambda error: error.row)
    if errors:
        message = f"{len(errors)} row(s) cannot be imported; nothing was imported."
        return import_error(BankErrorCode.ROWS_INVALID, message, "content", errors)
    return priced, converter.base


async def _new_rows(
    repository: BankTransactionRepository, account_id: uuid.UUID, priced: list[_Priced]
) -> list[tuple[_Priced, str]]:
    """The rows not imported before (by external id or content hash), nor twice in the file."""
    hashes = content_hashes(account_id, (p.row for p in priced))
    external_ids = [p.row.external_id for p in priced if p.row.external_id]
    known_ids = await repository.existing_external_ids(account_id, external_ids)
    known_hashes = await repository.existing_hashes(account_id, hashes)
    fresh: list[tuple[_Priced, str]] = []
    for item, digest in zip(priced, hashes, strict=True):
        external_id = item.row.external_id
        if digest in known_hashes or (external_id and external_id in known_ids):
            continue
        if external_id:
            known_ids.add(external_id)  # a second row with the same id in this file
        fresh.append((item, digest))
    return fresh


def _values(item: _Priced, digest: str) -> dict[str, object]:
    row = item.row
    return {
        "id": uuid.uuid4(),
        "booked_on": row.booked_on,
        "value_date": row.value_date,
        "amount": row.amount,
        "description": row.description,
        "counterparty": row.counterparty,
        "counterparty_account": row.counterparty_account,
        "external_id": row.external_id,
        "content_hash": digest,
        "base_amount": item.base_amount,
        "exchange_rate": item.exchange_rate,
    }


def _attached(
    session: AsyncSession, target: ImportTarget, values: list[dict[str, object]]
) -> list[BankTransaction]:
    """ORM objects for rows inserted in bulk, attached to the session as persistent rows, so
    categorisation can read and change them like loaded rows (changes flush as UPDATEs).

    Built as the ORM builds rows it loads (state filled directly, no attribute events): the
    instrumented constructor costs ~10x more, which shows at 100k rows."""
    shared = {
        "organization_id": target.organization_id,
        "account_id": target.account_id,
        "import_id": target.import_id,
        "currency": target.currency,
        "base_currency": target.base_currency,
        "created_at": target.now,
        "updated_at": target.now,
        **dict.fromkeys(("category_id", "category_source", "category_confidence"), None),
        **dict.fromkeys(("notes", "rule_id", "invoice_id"), None),
    }
    manager = manager_of_class(BankTransaction)
    rows: list[BankTransaction] = []
    for value in values:
        row: BankTransaction = manager.new_instance()
        row.__dict__.update(shared, tags=[], **value)
        make_transient_to_detached(row)
        rows.append(row)
    session.add_all(rows)
    return rows


async def _insert(
    session: AsyncSession,
    target: ImportTarget,
    bank_import: BankImport,
    fresh: list[tuple[_Priced, str]],
) -> list[dict[str, object]]:
    values = [_values(item, digest) for item, digest in fresh]
    try:
        await BankTransactionRepository(session, target.organization_id).insert_rows(target, values)
    except IntegrityError:
        message = "Another import into this account wrote the same transactions; retry."
        raise Rejected(import_error(BankErrorCode.CONCURRENT_IMPORT, message)) from None
    bank_import.imported = len(values)
    bank_import.duplicates = bank_import.rows - len(values)
    await session.flush()
    return values


async def import_statement(
    session: AsyncSession,
    organization_id: uuid.UUID,
    statement: StatementFile,
    *,
    early_tolerance_days: int,
) -> ImportOutcome | BankImportError:
    """Import `statement` into one of the organisation's accounts, all rows or none
    (`early_tolerance_days`: payment matching's, see PaymentMatcher)."""
    accounts = BankAccountRepository(session, organization_id)
    account = await accounts.for_update(statement.account_id)
    if account is None:
        return import_error(BankErrorCode.ACCOUNT_NOT_FOUND, "No such bank account.", "accountId")
    if account.archived_at is not None:
        message = "The account is archived: it takes no more imports."
        return import_error(BankErrorCode.ACCOUNT_ARCHIVED, message, "accountId")
    parsed = _parse(statement)
    if isinstance(parsed, BankImportError):
        return parsed
    checked = await _checked(session, organization_id, account, parsed)
    if isinstance(checked, BankImportError):
        return checked
    priced, base_currency = checked
    fresh = await _new_rows(BankTransactionRepository(session, organization_id), account.id, priced)
    bank_import = BankImport(
        organization_id=organization_id,
        account_id=account.id,
        format=statement.format.value,
        filename=statement.filename,
        rows=len(priced),
        imported=0,
        duplicates=0,
        errors=0,
        created_at=utcnow(),
    )
    session.add(bank_import)
    await session.flush()
    target = ImportTarget(
        organization_id, account.id, bank_import.id, account.currency, base_currency, utcnow()
    )
    values = await _insert(session, target, bank_import, fresh)
    ids = [cast(uuid.UUID, value["id"]) for value in values]
    if ids:  # a file of duplicates only imported nothing: no event, nothing to categorise
        payload = TransactionsImportedV1(
            import_id=bank_import.id, account_id=account.id, transaction_ids=ids
        )
        await emit(session, outbox, payload, organization_id)
        imported = TransactionsImported(
            session,
            organization_id,
            lambda: _attached(session, target, values),
            any_incoming=any(item.row.amount > 0 for item, _ in fresh),
            early_tolerance_days=early_tolerance_days,
        )
        await TRANSACTIONS_IMPORTED.publish(imported)
    return ImportOutcome(bank_import, ids, formula_flags(item.row for item, _ in fresh))
