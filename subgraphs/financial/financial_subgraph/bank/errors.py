from __future__ import annotations

import enum

import strawberry

from financial_subgraph.bank.parsing import RowError


@strawberry.enum
class BankErrorCode(enum.Enum):
    ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND"
    ACCOUNT_ARCHIVED = "ACCOUNT_ARCHIVED"
    ALREADY_ARCHIVED = "ALREADY_ARCHIVED"
    INVALID_CURRENCY = "INVALID_CURRENCY"
    INVALID_INPUT = "INVALID_INPUT"
    MAPPING_NOT_FOUND = "MAPPING_NOT_FOUND"
    INVALID_MAPPING = "INVALID_MAPPING"
    MALFORMED_FILE = "MALFORMED_FILE"
    ROWS_INVALID = "ROWS_INVALID"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    CONCURRENT_IMPORT = "CONCURRENT_IMPORT"


@strawberry.type(description="A problem with a bank account or a CSV mapping.")
class BankError:
    code: BankErrorCode
    message: str
    field: str | None = None


@strawberry.type(description="What is wrong with one row of a statement file.")
class StatementRowError:
    row: int = strawberry.field(description="Line (CSV, QIF, MT940) or entry (OFX, CAMT) number.")
    field: str
    message: str

    @classmethod
    def from_error(cls, error: RowError) -> StatementRowError:
        return cls(row=error.row, field=error.field, message=error.message)


@strawberry.type(description="Why a statement was not imported; nothing of it was written.")
class BankImportError:
    code: BankErrorCode
    message: str
    field: str | None = None
    rows: list[StatementRowError] = strawberry.field(default_factory=list)


def bank_error(code: BankErrorCode, message: str, field: str | None = None) -> BankError:
    return BankError(code=code, message=message, field=field)


def account_not_found() -> BankError:
    return bank_error(BankErrorCode.ACCOUNT_NOT_FOUND, "No such bank account.", "accountId")


def import_error(
    code: BankErrorCode, message: str, field: str | None = None, rows: list[RowError] | None = None
) -> BankImportError:
    errors = [StatementRowError.from_error(row) for row in rows or []]
    return BankImportError(code=code, message=message, field=field, rows=errors)
