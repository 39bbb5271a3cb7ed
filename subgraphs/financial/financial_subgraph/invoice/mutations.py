"""Invoice mutations. Who may do what (scopes from the token):
- financial:write (members): create and edit drafts (invoices, quotes, credit notes), answer
  and convert quotes, record payments (as a bookkeeper enters a receipt; ERPNext's
  "Accounts User" may too);
- financial:admin (admins): issue (numbers are legal records) and void.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.date_window import DateWindow
from financial_subgraph.invoice import service
from financial_subgraph.invoice.errors import (
    InvoiceError,
    InvoiceErrorCode,
    date_out_of_range,
    invoice_error,
    not_found,
)
from financial_subgraph.invoice.inputs import (
    CreateCreditNoteInput,
    CreateInvoiceInput,
    DepositInput,
    RecordPaymentInput,
    UpdateInvoiceInput,
)
from financial_subgraph.invoice.models import Invoice as InvoiceRow
from financial_subgraph.invoice.models import InvoicePayment as PaymentRow
from financial_subgraph.invoice.types import (
    DeletedInvoice,
    Invoice,
    InvoicePayload,
    InvoicePayment,
    PaymentPayload,
)
from financial_subgraph.scopes import SCOPES
from service_runtime.ids import parse_uuid
from service_runtime.work import in_transaction, work_of

InvoiceResult = Annotated[InvoicePayload | InvoiceError, strawberry.union("InvoiceResult")]
PaymentResult = Annotated[PaymentPayload | InvoiceError, strawberry.union("RecordPaymentResult")]
DeleteResult = Annotated[
    DeletedInvoice | InvoiceError, strawberry.union("DeleteInvoiceDraftResult")
]


def _result(outcome: InvoiceRow | InvoiceError) -> InvoicePayload | InvoiceError:
    if isinstance(outcome, InvoiceError):
        return outcome
    return InvoicePayload(invoice=Invoice.from_row(outcome))


def _today() -> date:
    return datetime.now(UTC).date()


def _outside_window(info: Info, dates: dict[str, date | None]) -> InvoiceError | None:
    """DATE_OUT_OF_RANGE for the first of `dates` (GraphQL field -> value) outside the window."""
    found = DateWindow.of(info.context.settings, _today()).first_problem(dates)
    return date_out_of_range(*found) if found is not None else None


def _deposit_due(deposit: DepositInput | None) -> dict[str, date | None]:
    return {"deposit.dueDate": deposit.due_date if deposit else None}


async def _create(
    info: Info, kind: str, input: CreateInvoiceInput
) -> InvoicePayload | InvoiceError:
    data = input.to_data()
    if isinstance(data, InvoiceError):
        return data
    outside = _outside_window(info, _deposit_due(input.deposit))
    if outside is not None:
        return outside
    work = work_of(info)
    return _result(await service.create_draft(work.session, work.organization_id, kind, data))


@strawberry.type
class InvoiceMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Create a draft invoice."
    )
    async def create_invoice(self, info: Info, input: CreateInvoiceInput) -> InvoiceResult:
        return await _create(info, "invoice", input)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write), description="Create a draft quote."
    )
    async def create_quote(self, info: Info, input: CreateInvoiceInput) -> InvoiceResult:
        return await _create(info, "quote", input)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Change a draft (invoice, quote or credit note); issued ones never change.",
    )
    async def update_invoice(
        self, info: Info, id: strawberry.ID, input: UpdateInvoiceInput
    ) -> InvoiceResult:
        invoice_id: uuid.UUID | None = parse_uuid(id)
        changes = input.to_changes()
        if isinstance(changes, InvoiceError):
            return changes
        deposit = input.deposit if input.deposit is not strawberry.UNSET else None
        outside = _outside_window(info, _deposit_due(deposit))
        if outside is not None:
            return outside
        if invoice_id is None:
            return not_found()
        work = work_of(info)
        return _result(
            await service.update_draft(work.session, work.organization_id, invoice_id, changes)
        )

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Delete a draft (it has no number yet); issued documents are voided instead.",
    )
    async def delete_invoice_draft(self, info: Info, id: strawberry.ID) -> DeleteResult:
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return not_found()
        work = work_of(info)
        outcome = await service.delete_draft(work.session, work.organization_id, invoice_id)
        if isinstance(outcome, InvoiceError):
            return outcome
        return DeletedInvoice(id=strawberry.ID(str(outcome)))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Issue a draft: assigns the next number, the issue date (default today,"
        " UTC) and the due date from the payment terms. Quotes become SENT.",
    )
    async def issue_invoice(
        self, info: Info, id: strawberry.ID, issue_date: date | None = None
    ) -> InvoiceResult:
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return not_found()
        outside = _outside_window(info, {"issueDate": issue_date})
        if outside is not None:
            return outside
        work = work_of(info)
        outcome = await service.issue_invoice(
            work.session, work.organization_id, invoice_id, issue_date=issue_date or _today()
        )
        return _result(outcome)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Void an issued invoice without payments or credits, or a credit note.",
    )
    async def void_invoice(self, info: Info, id: strawberry.ID, reason: str) -> InvoiceResult:
        invoice_id = parse_uuid(id)
        if invoice_id is None:
            return not_found()
        work = work_of(info)
        return _result(
            await service.void_invoice(work.session, work.organization_id, invoice_id, reason)
        )

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Record money received (manual). Partial payments are allowed; paying"
        " more than the balance due is OVERPAYMENT.",
    )
    async def record_payment(self, info: Info, input: RecordPaymentInput) -> PaymentResult:
        invoice_id = parse_uuid(input.invoice_id)
        if invoice_id is None:
            return not_found()
        outside = _outside_window(info, {"paidOn": input.paid_on})
        if outside is not None:
            return outside
        work = work_of(info)
        outcome = await service.record_payment(
            work.session,
            work.organization_id,
            invoice_id,
            amount=input.amount,
            paid_on=input.paid_on,
            source="manual",
            external_id=input.external_id,
            method=input.method,
            reference=input.reference,
        )
        if isinstance(outcome, InvoiceError):
            return outcome
        invoice = await service.invoice_in_organization(
            work.session, work.organization_id, invoice_id
        )
        assert invoice is not None  # just locked and updated in this transaction
        return _payment_payload(outcome, invoice)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Undo a recorded payment (a chargeback, or an entry made in error) with a"
        " negative mirror entry; the invoice is due again. Reversing twice changes nothing.",
    )
    async def reverse_payment(
        self, info: Info, payment_id: strawberry.ID, reason: str | None = None
    ) -> PaymentResult:
        parsed = parse_uuid(payment_id)
        if parsed is None:
            return invoice_error(InvoiceErrorCode.PAYMENT_NOT_FOUND, "No such payment.")
        work = work_of(info)
        outcome = await service.reverse_payment(
            work.session,
            work.organization_id,
            parsed,
            reversed_on=datetime.now(UTC).date(),
            reason=reason,
        )
        if isinstance(outcome, InvoiceError):
            return outcome
        invoice = await service.invoice_in_organization(
            work.session, work.organization_id, outcome.invoice_id
        )
        assert invoice is not None  # locked and updated in this transaction
        return _payment_payload(outcome, invoice)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Record the client's acceptance of a sent quote.",
    )
    async def accept_quote(self, info: Info, id: strawberry.ID) -> InvoiceResult:
        return await _quote_response(info, id, accepted=True)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Record that the client declined a sent quote.",
    )
    async def decline_quote(self, info: Info, id: strawberry.ID) -> InvoiceResult:
        return await _quote_response(info, id, accepted=False)

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Create a draft invoice from a quote; returns the invoice.",
    )
    async def convert_quote_to_invoice(self, info: Info, id: strawberry.ID) -> InvoiceResult:
        quote_id = parse_uuid(id)
        if quote_id is None:
            return not_found()
        work = work_of(info)
        return _result(await service.convert_quote(work.session, work.organization_id, quote_id))

    @strawberry.mutation(
        extensions=in_transaction(SCOPES.write),
        description="Draft a credit note for an issued invoice; issuing it reduces the"
        " invoice's balance (never below zero).",
    )
    async def create_credit_note(self, info: Info, input: CreateCreditNoteInput) -> InvoiceResult:
        invoice_id = parse_uuid(input.invoice_id)
        if invoice_id is None:
            return not_found()
        lines = tuple(line.to_data() for line in input.lines) if input.lines is not None else None
        work = work_of(info)
        outcome = await service.create_credit_note(
            work.session, work.organization_id, invoice_id, lines=lines, notes=input.notes
        )
        return _result(outcome)


def _payment_payload(payment: PaymentRow, invoice: InvoiceRow) -> PaymentPayload:
    return PaymentPayload(
        payment=InvoicePayment.from_row(payment, invoice.currency),
        invoice=Invoice.from_row(invoice),
    )


async def _quote_response(
    info: Info, id: strawberry.ID, *, accepted: bool
) -> InvoicePayload | InvoiceError:
    quote_id = parse_uuid(id)
    if quote_id is None:
        return not_found()
    work = work_of(info)
    outcome = await service.set_quote_response(
        work.session, work.organization_id, quote_id, accepted=accepted
    )
    return _result(outcome)
