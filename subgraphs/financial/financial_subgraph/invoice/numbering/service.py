"""Number patterns per organisation, and allocating the next number when a document is issued.

Counters are incremented with one atomic INSERT ... ON CONFLICT DO UPDATE ... RETURNING inside
the issuing transaction: the counter row stays locked until that transaction ends, so
concurrent issuers queue in order, and a rolled-back issue returns its number (no gap).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.numbering.patterns import (
    DEFAULT_PATTERNS,
    Pattern,
    render,
    validate,
)
from financial_subgraph.invoice.numbering.repository import NumberingRepository


async def pattern_for(session: AsyncSession, organization_id: uuid.UUID, kind: str) -> Pattern:
    row = await NumberingRepository(session, organization_id).pattern_of(kind)
    if row is None:
        return Pattern(DEFAULT_PATTERNS[kind], yearly_reset=False)
    return Pattern(row.pattern, row.yearly_reset)


async def settings_of(session: AsyncSession, organization_id: uuid.UUID) -> dict[str, Pattern]:
    """The pattern per kind, defaults where the organisation set none."""
    stored = await NumberingRepository(session, organization_id).stored()
    return {
        kind: Pattern(stored[kind].pattern, stored[kind].yearly_reset)
        if kind in stored
        else Pattern(default, yearly_reset=False)
        for kind, default in DEFAULT_PATTERNS.items()
    }


async def set_pattern(
    session: AsyncSession, organization_id: uuid.UUID, kind: str, text: str, yearly_reset: bool
) -> Pattern | InvoiceError:
    """Store the organisation's pattern for `kind` (numbers already issued keep theirs)."""
    pattern = validate(text, yearly_reset)
    if isinstance(pattern, InvoiceError):
        return pattern
    await NumberingRepository(session, organization_id).save(kind, text, yearly_reset)
    return pattern


async def allocate_number(
    session: AsyncSession, organization_id: uuid.UUID, kind: str, client_id: uuid.UUID, on: date
) -> str:
    """The next number for `kind` issued on `on`; locks the counter until the transaction ends."""
    pattern = await pattern_for(session, organization_id, kind)
    period = on.year if pattern.yearly_reset else 0
    counters = NumberingRepository(session, organization_id)
    counter = await counters.next_counter(kind, "", period)
    client_counter = None
    if pattern.uses_client_counter:
        client_counter = await counters.next_counter(kind, str(client_id), period)
    return render(pattern, on, counter, client_counter)
