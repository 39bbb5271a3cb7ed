"""Which transactions a list or export asks for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TransactionFilter:
    account_id: uuid.UUID | None = None
    booked_from: date | None = None
    booked_to: date | None = None
    search: str | None = None
    uncategorized: bool = False
