"""Typed errors of the invoice mutations: one enum of codes, one error type."""

from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class InvoiceErrorCode(enum.Enum):
    INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"
    CLIENT_NOT_FOUND = "CLIENT_NOT_FOUND"
    UNKNOWN_CURRENCY = "UNKNOWN_CURRENCY"
    INVALID_INPUT = "INVALID_INPUT"
    INVOICE_NOT_EDITABLE = "INVOICE_NOT_EDITABLE"
    NO_LINES = "NO_LINES"
    NEGATIVE_TOTAL = "NEGATIVE_TOTAL"
    INVALID_STATE = "INVALID_STATE"
    NOT_VOIDABLE = "NOT_VOIDABLE"
    NOT_PAYABLE = "NOT_PAYABLE"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    OVERPAYMENT = "OVERPAYMENT"
    CREDIT_EXCEEDS_BALANCE = "CREDIT_EXCEEDS_BALANCE"
    RATE_NOT_FOUND = "RATE_NOT_FOUND"
    EXTERNAL_ID_CONFLICT = "EXTERNAL_ID_CONFLICT"
    PAYMENT_NOT_FOUND = "PAYMENT_NOT_FOUND"
    INVALID_PATTERN = "INVALID_PATTERN"
    NUMBER_TAKEN = "NUMBER_TAKEN"
    SCHEDULE_NOT_FOUND = "SCHEDULE_NOT_FOUND"
    DATE_OUT_OF_RANGE = "DATE_OUT_OF_RANGE"
    DISCOUNT_TOO_LARGE = "DISCOUNT_TOO_LARGE"


@strawberry.type(description="Why an invoice operation was refused; nothing was written.")
class InvoiceError(DomainError):
    code: InvoiceErrorCode
    message: str
    field: str | None = None


def invoice_error(code: InvoiceErrorCode, message: str, field: str | None = None) -> InvoiceError:
    return InvoiceError(code=code, message=message, field=field)


def not_found() -> InvoiceError:
    return invoice_error(InvoiceErrorCode.INVOICE_NOT_FOUND, "No such invoice.")


def invalid(field: str, message: str) -> InvoiceError:
    return invoice_error(InvoiceErrorCode.INVALID_INPUT, message, field)


def date_out_of_range(field: str, message: str) -> InvoiceError:
    return invoice_error(InvoiceErrorCode.DATE_OUT_OF_RANGE, message, field)


def discount_too_large(field: str, message: str) -> InvoiceError:
    return invoice_error(InvoiceErrorCode.DISCOUNT_TOO_LARGE, message, field)
