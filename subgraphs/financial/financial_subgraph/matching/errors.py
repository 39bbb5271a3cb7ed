from __future__ import annotations

import enum

import strawberry

from financial_subgraph.invoice.errors import InvoiceError


@strawberry.enum
class PaymentMatchErrorCode(enum.Enum):
    TRANSACTION_NOT_FOUND = "TRANSACTION_NOT_FOUND"
    INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"
    NOT_INCOMING = "NOT_INCOMING"
    ALREADY_MATCHED = "ALREADY_MATCHED"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    NOT_PAYABLE = "NOT_PAYABLE"
    OVERPAYMENT = "OVERPAYMENT"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    RATE_NOT_FOUND = "RATE_NOT_FOUND"
    EXTERNAL_ID_CONFLICT = "EXTERNAL_ID_CONFLICT"
    NOT_PENDING = "NOT_PENDING"
    INVALID_INPUT = "INVALID_INPUT"


@strawberry.type
class PaymentMatchError:
    code: PaymentMatchErrorCode
    message: str
    field: str | None = None


def match_error(
    code: PaymentMatchErrorCode, message: str, field: str | None = None
) -> PaymentMatchError:
    return PaymentMatchError(code=code, message=message, field=field)


def from_invoice_error(problem: InvoiceError) -> PaymentMatchError:
    """The invoice domain's refusal in this domain's terms (codes share their names)."""
    code = PaymentMatchErrorCode.__members__.get(
        problem.code.name, PaymentMatchErrorCode.INVALID_INPUT
    )
    return match_error(code, problem.message, problem.field)


def transaction_not_found() -> PaymentMatchError:
    return match_error(PaymentMatchErrorCode.TRANSACTION_NOT_FOUND, "No such transaction.")
