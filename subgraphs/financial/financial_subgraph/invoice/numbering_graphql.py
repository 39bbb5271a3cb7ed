"""`invoiceNumbering` and `setInvoiceNumbering` (admins)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from financial_subgraph.context import Info
from financial_subgraph.invoice import numbering
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.types import InvoiceKind
from financial_subgraph.scopes import SCOPES
from service_runtime.work import in_transaction, reading, work_of


@strawberry.type
class NumberingPattern:
    kind: InvoiceKind
    pattern: str = strawberry.field(
        description="Tokens: {counter} (required), {counter:N} zero-padded, {client_counter},"
        " {year}, {date:%Y%m%d} (%Y %y %m %d %j)."
    )
    yearly_reset: bool = strawberry.field(description="Counters restart at 1 every year.")
    example: str = strawberry.field(description="The pattern rendered for today, counter 1.")

    @classmethod
    def of(cls, kind: str, pattern: numbering.Pattern) -> NumberingPattern:
        today = datetime.now(UTC).date()
        return cls(
            kind=InvoiceKind(kind),
            pattern=pattern.text,
            yearly_reset=pattern.yearly_reset,
            example=numbering.render(pattern, today, 1, 1),
        )


@strawberry.type
class NumberingPayload:
    numbering: NumberingPattern


SetNumberingResult = Annotated[
    NumberingPayload | InvoiceError, strawberry.union("SetInvoiceNumberingResult")
]


@strawberry.type
class NumberingQuery:
    @strawberry.field(
        extensions=SCOPES.read,
        description="The number pattern of each document kind (defaults until an admin sets one).",
    )
    async def invoice_numbering(self, info: Info) -> list[NumberingPattern]:
        async with reading(info) as work:
            patterns = await numbering.settings_of(work.session, work.organization_id)
        return [NumberingPattern.of(kind, pattern) for kind, pattern in patterns.items()]


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
        outcome = await numbering.set_pattern(
            work.session, work.organization_id, kind.value, pattern, yearly_reset
        )
        if isinstance(outcome, InvoiceError):
            return outcome
        return NumberingPayload(numbering=NumberingPattern.of(kind.value, outcome))
