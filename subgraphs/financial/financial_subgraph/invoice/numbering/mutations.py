"""`setInvoiceNumbering` (admins)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.invoice.enums import InvoiceKind
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.numbering import service
from financial_subgraph.invoice.numbering.types import NumberingPattern, NumberingPayload
from financial_subgraph.scopes import SCOPES
from service_runtime.work import in_transaction, work_of

SetNumberingResult = Annotated[
    NumberingPayload | InvoiceError, strawberry.union("SetInvoiceNumberingResult")
]


@strawberry.type
class NumberingMutation:
    @strawberry.mutation(
        extensions=in_transaction(SCOPES.admin),
        description="Set the number pattern of a document kind. Counters carry on; issued"
        " numbers never change.",
    )
    async def set_invoice_numbering(
        self, info: Info, kind: InvoiceKind, pattern: str, yearly_reset: bool = False
    ) -> SetNumberingResult:
        work = work_of(info)
        outcome = await service.set_pattern(
            work.session, work.organization_id, kind.value, pattern, yearly_reset
        )
        if isinstance(outcome, InvoiceError):
            return outcome
        return NumberingPayload(numbering=NumberingPattern.of(kind.value, outcome))
