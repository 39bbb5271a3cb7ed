"""GraphQL inputs of the invoice mutations and their translation to service data."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from financial_subgraph.invoice.drafts import DraftData, LineData
from financial_subgraph.invoice.errors import InvoiceError, InvoiceErrorCode, invalid, invoice_error
from financial_subgraph.invoice.totals import Discount, Tax
from financial_subgraph.invoice.types import DiscountKind, TaxMode
from service_runtime.ids import parse_uuid


@strawberry.input
class DiscountInput:
    kind: DiscountKind
    value: Decimal = strawberry.field(description="Percent (10 = 10 %) or an amount.")

    def to_data(self) -> Discount:
        return Discount(self.kind.value, self.value)


@strawberry.input
class TaxInput:
    name: str
    rate: Decimal = strawberry.field(description="Percent: 19 for 19 %.")
    mode: TaxMode = TaxMode.EXCLUSIVE
    compound: bool = strawberry.field(
        default=False, description="Levied on the net plus the line's taxes before it."
    )

    def to_data(self) -> Tax:
        return Tax(self.name, self.rate, self.mode is TaxMode.INCLUSIVE, self.compound)


@strawberry.input
class LineInput:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: DiscountInput | None = None
    taxes: list[TaxInput] | None = None

    def to_data(self) -> LineData:
        return LineData(
            description=self.description,
            quantity=self.quantity,
            unit_price=self.unit_price,
            discount=self.discount.to_data() if self.discount else None,
            taxes=tuple(tax.to_data() for tax in self.taxes or []),
        )


@strawberry.input(description="Part of the total requested before the rest (e.g. 30 % upfront).")
class DepositInput:
    amount: Decimal
    due_date: date | None = None


def client_id_of(value: strawberry.ID) -> uuid.UUID | InvoiceError:
    client_id = parse_uuid(value)
    if client_id is None:
        return invoice_error(InvoiceErrorCode.CLIENT_NOT_FOUND, "No such client.", "clientId")
    return client_id


@strawberry.input
class CreateInvoiceInput:
    client_id: strawberry.ID
    currency: str | None = strawberry.field(
        default=None, description="ISO-4217 code; the client's default currency when omitted."
    )
    payment_terms_days: int | None = strawberry.field(
        default=None, description="The client's payment terms when omitted."
    )
    notes: str | None = None
    terms: str | None = None
    discount: DiscountInput | None = None
    deposit: DepositInput | None = None
    lines: list[LineInput] | None = None

    def to_data(self) -> DraftData | InvoiceError:
        client_id = client_id_of(self.client_id)
        if isinstance(client_id, InvoiceError):
            return client_id
        return DraftData(
            client_id=client_id,
            currency=self.currency,
            payment_terms_days=self.payment_terms_days,
            notes=self.notes,
            terms=self.terms,
            discount=self.discount.to_data() if self.discount else None,
            deposit_amount=self.deposit.amount if self.deposit else None,
            deposit_due_date=self.deposit.due_date if self.deposit else None,
            lines=tuple(line.to_data() for line in self.lines or []),
        )


@strawberry.input(description="Only the fields given change; lines are replaced whole.")
class UpdateInvoiceInput:
    client_id: strawberry.ID | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    payment_terms_days: int | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET
    terms: str | None = strawberry.UNSET
    discount: DiscountInput | None = strawberry.UNSET
    deposit: DepositInput | None = strawberry.UNSET
    lines: list[LineInput] | None = strawberry.UNSET

    def to_changes(self) -> dict[str, Any] | InvoiceError:
        """DraftData field -> new value for each field given, or an error."""
        changes: dict[str, Any] = {}
        for name in ("notes", "terms"):
            if getattr(self, name) is not strawberry.UNSET:
                changes[name] = getattr(self, name)
        for name, label in (("client_id", "clientId"), ("currency", "currency")):
            value = getattr(self, name)
            if value is None:
                return invalid(label, f"{label} cannot be null.")
        if self.client_id is not strawberry.UNSET:
            client_id = client_id_of(self.client_id)  # type: ignore[arg-type]
            if isinstance(client_id, InvoiceError):
                return client_id
            changes["client_id"] = client_id
        if self.currency is not strawberry.UNSET:
            changes["currency"] = self.currency
        if self.payment_terms_days is not strawberry.UNSET:
            changes["payment_terms_days"] = self.payment_terms_days
        if self.discount is not strawberry.UNSET:
            changes["discount"] = self.discount.to_data() if self.discount else None
        if self.deposit is not strawberry.UNSET:
            changes["deposit_amount"] = self.deposit.amount if self.deposit else None
            changes["deposit_due_date"] = self.deposit.due_date if self.deposit else None
        if self.lines is not strawberry.UNSET:
            changes["lines"] = tuple(line.to_data() for line in self.lines or [])
        return changes


@strawberry.input
class RecordPaymentInput:
    invoice_id: strawberry.ID
    amount: Decimal = strawberry.field(description="In the invoice's currency.")
    paid_on: date
    method: str | None = strawberry.field(default=None, description="e.g. bank transfer, cash.")
    reference: str | None = None
    external_id: str | None = strawberry.field(
        default=None, description="Recording the same external id twice records it once."
    )


@strawberry.input
class CreateCreditNoteInput:
    invoice_id: strawberry.ID
    lines: list[LineInput] | None = strawberry.field(
        default=None,
        description="What is credited, as positive amounts; the whole invoice when omitted.",
    )
    notes: str | None = None
