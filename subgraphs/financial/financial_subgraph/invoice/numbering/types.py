"""GraphQL types of number patterns."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry

from financial_subgraph.invoice.enums import InvoiceKind
from financial_subgraph.invoice.numbering.patterns import Pattern, render


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
    def of(cls, kind: str, pattern: Pattern) -> NumberingPattern:
        today = datetime.now(UTC).date()
        return cls(
            kind=InvoiceKind(kind),
            pattern=pattern.text,
            yearly_reset=pattern.yearly_reset,
            example=render(pattern, today, 1, 1),
        )


@strawberry.type
class NumberingPayload:
    numbering: NumberingPattern
