"""Creating and editing drafts (invoices, quotes, credit notes): validated, totals computed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.client.repository import ClientRepository
from financial_subgraph.invoice import validation as check
from financial_subgraph.invoice.errors import (
    InvoiceError,
    InvoiceErrorCode,
    invalid,
    invoice_error,
    not_found,
)
from financial_subgraph.invoice.models import Invoice, InvoiceLine, InvoiceLineTax
from financial_subgraph.invoice.repository import InvoiceRepository
from financial_subgraph.invoice.totals import Discount, Line, Tax, Totals, compute


@dataclass(frozen=True)
class LineData:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Discount | None = None
    taxes: tuple[Tax, ...] = ()


@dataclass(frozen=True)
class DraftData:
    """Every editable attribute of a draft; None for currency/terms means the client's."""

    client_id: uuid.UUID
    currency: str | None = None
    payment_terms_days: int | None = None
    notes: str | None = None
    terms: str | None = None
    discount: Discount | None = None
    deposit_amount: Decimal | None = None
    deposit_due_date: date | None = None
    lines: tuple[LineData, ...] = field(default_factory=tuple)


def _check_line(index: int, line: LineData, currency: str) -> InvoiceError | None:
    prefix = f"lines[{index}]"
    errors = [
        check.check_text(
            f"{prefix}.description", line.description, check.MAX_DESCRIPTION, required=True
        ),
        check.check_decimal(f"{prefix}.quantity", line.quantity, 6),
        check.check_decimal(f"{prefix}.unitPrice", line.unit_price, 6),
        check.check_discount(f"{prefix}.discount", line.discount, currency),
    ]
    if len(line.taxes) > check.MAX_TAXES_PER_LINE:
        errors.append(
            invalid(f"{prefix}.taxes", f"At most {check.MAX_TAXES_PER_LINE} taxes a line.")
        )
    for position, tax in enumerate(line.taxes):
        errors.append(
            check.check_text(
                f"{prefix}.taxes[{position}].name", tax.name, check.MAX_TAX_NAME, required=True
            )
        )
        errors.append(check.check_rate(f"{prefix}.taxes[{position}].rate", tax.rate))
    found = check.first_error(*errors)
    if found is not None:  # only finite, bounded numbers reach the product below
        return found
    gross = line.quantity * line.unit_price
    return check.check_discount_fits(f"{prefix}.discount", line.discount, gross, "line amount")


def validate(data: DraftData, currency: str) -> InvoiceError | None:
    if len(data.lines) > check.MAX_LINES:
        return invalid("lines", f"At most {check.MAX_LINES} lines.")
    terms = data.payment_terms_days
    if terms is not None and not 0 <= terms <= check.MAX_PAYMENT_TERMS_DAYS:
        return invalid("paymentTermsDays", f"Use 0 to {check.MAX_PAYMENT_TERMS_DAYS} days.")
    deposit = data.deposit_amount
    return check.first_error(
        check.check_text("notes", data.notes, check.MAX_NOTES),
        check.check_text("terms", data.terms, check.MAX_NOTES),
        check.check_discount("discount", data.discount, currency),
        check.check_discount("depositAmount", Discount("amount", deposit), currency)
        if deposit is not None
        else None,
        *(_check_line(index, line, currency) for index, line in enumerate(data.lines)),
    )


def totals_of(data: DraftData, currency: str) -> Totals | InvoiceError:
    lines = [Line(line.quantity, line.unit_price, line.discount, line.taxes) for line in data.lines]
    totals = compute(lines, data.discount, currency)
    if totals.discount > 0 and totals.subtotal <= 0:
        return invalid("discount", "A document discount needs a positive subtotal.")
    too_large = check.check_discount_fits("discount", data.discount, totals.subtotal, "subtotal")
    if too_large is not None:
        return too_large
    if data.deposit_amount is not None and data.deposit_amount > totals.total:
        return invalid("depositAmount", "The deposit cannot exceed the total.")
    return totals


def _line_rows(organization_id: uuid.UUID, data: DraftData, totals: Totals) -> list[InvoiceLine]:
    rows = []
    for position, (line, amounts) in enumerate(zip(data.lines, totals.lines, strict=True)):
        taxes = [
            InvoiceLineTax(
                organization_id=organization_id,
                position=index,
                name=tax.name.strip(),
                rate=tax.rate,
                mode="inclusive" if tax.inclusive else "exclusive",
                compound=tax.compound,
                amount=amount,
            )
            for index, (tax, amount) in enumerate(zip(line.taxes, amounts.tax_amounts, strict=True))
        ]
        rows.append(
            InvoiceLine(
                organization_id=organization_id,
                position=position,
                description=line.description.strip(),
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_kind=line.discount.kind if line.discount else None,
                discount_value=line.discount.value if line.discount else None,
                amount=amounts.amount,
                document_discount=amounts.document_discount,
                net_amount=amounts.net,
                tax_amount=amounts.tax,
                gross_amount=amounts.gross,
                taxes=taxes,
            )
        )
    return rows


def _apply(
    invoice: Invoice, data: DraftData, currency: str, terms_days: int, totals: Totals
) -> None:
    invoice.client_id = data.client_id
    invoice.currency = currency
    invoice.payment_terms_days = terms_days
    invoice.notes = data.notes
    invoice.terms = data.terms
    invoice.discount_kind = data.discount.kind if data.discount else None
    invoice.discount_value = data.discount.value if data.discount else None
    invoice.deposit_amount = data.deposit_amount
    invoice.deposit_due_date = data.deposit_due_date
    invoice.subtotal = totals.subtotal
    invoice.discount_total = totals.discount
    invoice.net_total = totals.net
    invoice.tax_total = totals.tax
    invoice.total = totals.total
    invoice.amount_paid = Decimal(0)
    invoice.amount_credited = Decimal(0)
    invoice.balance_due = totals.total
    invoice.lines = _line_rows(invoice.organization_id, data, totals)


async def _prepare(
    session: AsyncSession, organization_id: uuid.UUID, data: DraftData
) -> tuple[str, int, Totals] | InvoiceError:
    """(currency, payment terms, totals) for valid `data`, defaults from the client."""
    client = await ClientRepository(session, organization_id).get(data.client_id)
    if client is None:
        return invoice_error(InvoiceErrorCode.CLIENT_NOT_FOUND, "No such client.", "clientId")
    currency = check.check_currency(data.currency or client.default_currency)
    if isinstance(currency, InvoiceError):
        return currency
    error = validate(data, currency)
    if error is not None:
        return error
    totals = totals_of(data, currency)
    if isinstance(totals, InvoiceError):
        return totals
    terms = data.payment_terms_days
    return currency, client.payment_terms_days if terms is None else terms, totals


async def create_draft(
    session: AsyncSession, organization_id: uuid.UUID, kind: str, data: DraftData, **links: Any
) -> Invoice | InvoiceError:
    """A new draft of `kind` with its lines and totals; `links` sets e.g. source_quote_id."""
    prepared = await _prepare(session, organization_id, data)
    if isinstance(prepared, InvoiceError):
        return prepared
    currency, terms, totals = prepared
    invoice = Invoice(organization_id=organization_id, kind=kind, status="draft", **links)
    _apply(invoice, data, currency, terms, totals)
    session.add(invoice)
    await session.flush()
    return invoice


def data_of(invoice: Invoice) -> DraftData:
    """The draft's current attributes, as create would take them."""
    discount = (
        Discount(invoice.discount_kind, invoice.discount_value)
        if invoice.discount_kind and invoice.discount_value is not None
        else None
    )
    return DraftData(
        client_id=invoice.client_id,
        currency=invoice.currency,
        payment_terms_days=invoice.payment_terms_days,
        notes=invoice.notes,
        terms=invoice.terms,
        discount=discount,
        deposit_amount=invoice.deposit_amount,
        deposit_due_date=invoice.deposit_due_date,
        lines=tuple(line_data(line) for line in invoice.lines),
    )


def line_data(line: InvoiceLine) -> LineData:
    discount = (
        Discount(line.discount_kind, line.discount_value)
        if line.discount_kind and line.discount_value is not None
        else None
    )
    taxes = tuple(
        Tax(tax.name, tax.rate, tax.mode == "inclusive", tax.compound) for tax in line.taxes
    )
    return LineData(line.description, line.quantity, line.unit_price, discount, taxes)


async def update_draft(
    session: AsyncSession,
    organization_id: uuid.UUID,
    invoice_id: uuid.UUID,
    changes: dict[str, Any],
) -> Invoice | InvoiceError:
    """Apply `changes` (DraftData field -> value; `lines` replaces all) to a draft."""
    invoice = await InvoiceRepository(session, organization_id).get(invoice_id, lock=True)
    if invoice is None:
        return not_found()
    if invoice.status != "draft":
        message = (
            f"Only drafts can be edited; this {invoice.kind} is {invoice.status}."
            " Correct an issued invoice with a credit note."
        )
        return invoice_error(InvoiceErrorCode.INVOICE_NOT_EDITABLE, message)
    if invoice.kind == "credit_note" and {"client_id", "currency"} & changes.keys():
        return invalid("clientId", "A credit note keeps its invoice's client and currency.")
    data = replace(data_of(invoice), **changes)
    prepared = await _prepare(session, organization_id, data)
    if isinstance(prepared, InvoiceError):
        return prepared
    currency, terms, totals = prepared
    _apply(invoice, data, currency, terms, totals)
    await session.flush()
    return invoice
