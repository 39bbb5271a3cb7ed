"""Bank account rules: creation, edits and archiving. Services never commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.bank.errors import BankError, BankErrorCode, account_not_found, bank_error
from financial_subgraph.bank.filters import TransactionFilter
from financial_subgraph.bank.models import BankAccount, BankTransaction
from financial_subgraph.bank.repository import BankAccountRepository
from financial_subgraph.bank.transaction_repository import BankTransactionRepository
from financial_subgraph.bank.validation import MAX_AMOUNT, MAX_NAME, normal_iban
from financial_subgraph.currency.codes import currency_in_use, minor_units
from service_runtime.models import utcnow


@dataclass(frozen=True)
class AccountData:
    name: str
    currency: str
    iban: str | None = None
    account_number: str | None = None
    bank_name: str | None = None
    opening_balance: Decimal = Decimal(0)


def _invalid(field: str, message: str) -> BankError:
    return bank_error(BankErrorCode.INVALID_INPUT, message, field)


def validate(data: AccountData) -> AccountData | BankError:
    """`data` normalised (trimmed, currency and IBAN upper-cased), or the first problem."""
    name = data.name.strip()
    if not name or len(name) > MAX_NAME:
        return _invalid("name", f"A name of 1 to {MAX_NAME} characters is required.")
    info = currency_in_use(data.currency)  # legal tender: not XXX, XAU, DEM...
    if info is None:
        message = f"{data.currency[:10]!r} is not an ISO-4217 code in use today."
        return bank_error(BankErrorCode.INVALID_CURRENCY, message, "currency")
    try:
        iban = normal_iban(data.iban)
    except ValueError as error:
        return _invalid("iban", str(error))
    balance = data.opening_balance
    if abs(balance) >= MAX_AMOUNT or balance != balance.quantize(
        Decimal(1).scaleb(-minor_units(info.code))
    ):
        return _invalid("openingBalance", f"Not an amount of {info.code}.")
    texts = {"accountNumber": data.account_number, "bankName": data.bank_name}
    for field, value in texts.items():
        if value is not None and len(value) > MAX_NAME:
            return _invalid(field, f"At most {MAX_NAME} characters.")
    return replace(
        data,
        name=name,
        currency=info.code,
        iban=iban,
        account_number=(data.account_number or "").strip() or None,
        bank_name=(data.bank_name or "").strip() or None,
    )


async def create_account(
    session: AsyncSession, organization_id: uuid.UUID, data: AccountData
) -> BankAccount | BankError:
    valid = validate(data)
    if isinstance(valid, BankError):
        return valid
    account = BankAccount(organization_id=organization_id, archived_at=None, **vars(valid))
    return await BankAccountRepository(session, organization_id).add(account)


async def accounts(
    session: AsyncSession, organization_id: uuid.UUID, include_archived: bool
) -> list[BankAccount]:
    """The organisation's accounts by name."""
    return await BankAccountRepository(session, organization_id).all(include_archived)


async def transactions_page(
    session: AsyncSession,
    organization_id: uuid.UUID,
    where: TransactionFilter,
    after: tuple[date, uuid.UUID] | None,
    limit: int,
) -> list[BankTransaction]:
    """Up to `limit` transactions, newest first, after the `after` key."""
    return await BankTransactionRepository(session, organization_id).page(where, after, limit)


async def find_account(
    session: AsyncSession, organization_id: uuid.UUID, account_id: uuid.UUID
) -> BankAccount | None:
    """One of the organisation's accounts, archived or not."""
    return await BankAccountRepository(session, organization_id).get(account_id)


async def update_account(
    session: AsyncSession,
    organization_id: uuid.UUID,
    account_id: uuid.UUID,
    changes: dict[str, Any],
) -> BankAccount | BankError:
    """Apply `changes`. The currency is fixed once transactions exist (their amounts are in it)."""
    repository = BankAccountRepository(session, organization_id)
    account = await repository.get(account_id)
    if account is None:
        return account_not_found()
    current = AccountData(**{name: getattr(account, name) for name in vars(AccountData("", ""))})
    valid = validate(replace(current, **changes))
    if isinstance(valid, BankError):
        return valid
    if valid.currency != account.currency:
        movements = await repository.movements([account.id], None)
        if account.id in movements:
            message = "The currency cannot change once the account has transactions."
            return _invalid("currency", message)
    for name, value in vars(valid).items():
        setattr(account, name, value)
    await session.flush()
    return account


async def archive_account(
    session: AsyncSession, organization_id: uuid.UUID, account_id: uuid.UUID
) -> BankAccount | BankError:
    """Hide the account from lists and close it to imports; its history stays."""
    account = await BankAccountRepository(session, organization_id).get(account_id)
    if account is None:
        return account_not_found()
    if account.archived_at is not None:
        return bank_error(BankErrorCode.ALREADY_ARCHIVED, "The account is already archived.")
    account.archived_at = utcnow()
    await session.flush()
    return account
