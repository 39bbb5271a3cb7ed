"""Events the financial service publishes."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import ClassVar

from service_runtime.events import EventPayload


class ClientCreatedV1(EventPayload):
    event_type: ClassVar[str] = "financial.client.created.v1"

    client_id: uuid.UUID
    name: str
    email: str | None
    default_currency: str


class InvoiceIssuedV1(EventPayload):
    """An invoice, quote or credit note got its number; amounts are decimal strings."""

    event_type: ClassVar[str] = "financial.invoice.issued.v1"

    invoice_id: uuid.UUID
    kind: str
    number: str
    client_id: uuid.UUID
    currency: str
    total: Decimal
    issue_date: date
    due_date: date | None


class PaymentReceivedV1(EventPayload):
    event_type: ClassVar[str] = "financial.payment.received.v1"

    payment_id: uuid.UUID
    invoice_id: uuid.UUID
    amount: Decimal
    currency: str
    paid_on: date
    source: str
    external_id: str | None
    balance_due: Decimal


class PaymentReversedV1(EventPayload):
    """A recorded payment undone (chargeback, late failure): the invoice is due again."""

    event_type: ClassVar[str] = "financial.payment.reversed.v1"

    payment_id: uuid.UUID
    reversal_id: uuid.UUID
    invoice_id: uuid.UUID
    amount: Decimal
    currency: str
    reversed_on: date
    reason: str | None
    balance_due: Decimal


class InvoicePaidV1(EventPayload):
    event_type: ClassVar[str] = "financial.invoice.paid.v1"

    invoice_id: uuid.UUID
    number: str | None
    client_id: uuid.UUID
    currency: str
    total: Decimal
    paid_on: date


class InvoiceReminderDueV1(EventPayload):
    """A reminder `offset_days` from the due date (negative: before it) is due.

    days_overdue is counted on the day the scheduler sent it (negative: days before the due
    date); it exceeds offset_days when the scheduler caught up after downtime.
    """

    event_type: ClassVar[str] = "financial.invoice.reminder_due.v1"

    invoice_id: uuid.UUID
    number: str | None
    client_id: uuid.UUID
    due_date: date
    offset_days: int
    days_overdue: int
    balance_due: Decimal
    currency: str


class PaymentFailedV1(EventPayload):
    """A collection attempt failed or was cancelled (GoCardless today); the invoice stays due."""

    event_type: ClassVar[str] = "financial.payment.failed.v1"

    invoice_id: uuid.UUID
    provider: str
    external_id: str
    amount: Decimal
    currency: str
    status: str
    reason: str | None


class TransactionsImportedV1(EventPayload):
    """A bank statement was imported: one event per import, carrying every new transaction."""

    event_type: ClassVar[str] = "financial.transaction.imported.v1"

    import_id: uuid.UUID
    account_id: uuid.UUID
    transaction_ids: list[uuid.UUID]
