from __future__ import annotations

import enum

import strawberry

from service_runtime.rejection import DomainError


@strawberry.enum
class DocumentErrorCode(enum.Enum):
    TEMPLATE_ERROR = "TEMPLATE_ERROR"
    TEMPLATE_NOT_FOUND = "TEMPLATE_NOT_FOUND"
    TEMPLATE_KIND_MISMATCH = "TEMPLATE_KIND_MISMATCH"
    DUPLICATE_TEMPLATE_NAME = "DUPLICATE_TEMPLATE_NAME"
    INVALID_INPUT = "INVALID_INPUT"
    INVALID_LOGO = "INVALID_LOGO"
    INVALID_COLOR = "INVALID_COLOR"
    INVALID_IBAN = "INVALID_IBAN"
    INVOICE_NOT_FOUND = "INVOICE_NOT_FOUND"
    EINVOICE_UNAVAILABLE = "EINVOICE_UNAVAILABLE"
    # The render bounds (FINANCIAL_RENDER_*): a document that is too big or slow to lay out,
    # or an organisation that already renders as much as it may at once.
    RENDER_TIMEOUT = "RENDER_TIMEOUT"
    RENDER_TOO_LARGE = "RENDER_TOO_LARGE"
    RENDER_MEMORY_EXCEEDED = "RENDER_MEMORY_EXCEEDED"
    RENDER_BUSY = "RENDER_BUSY"


@strawberry.type
class DocumentError(DomainError):
    code: DocumentErrorCode
    message: str
    field: str | None = None
    line: int | None = strawberry.field(
        default=None, description="For TEMPLATE_ERROR: the template line, when known."
    )


def document_error(
    code: DocumentErrorCode, message: str, field: str | None = None, line: int | None = None
) -> DocumentError:
    return DocumentError(code=code, message=message, field=field, line=line)


def invalid(field: str, message: str) -> DocumentError:
    return document_error(DocumentErrorCode.INVALID_INPUT, message, field)


class FacturXUnavailableError(Exception):
    """The document cannot be an EN 16931 e-invoice (a quote, a draft, several taxes a line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
