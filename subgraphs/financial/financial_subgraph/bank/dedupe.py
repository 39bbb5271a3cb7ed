"""Content hashes that recognise a statement row again when the same file is re-imported.

The hash covers the account, booking date, amount, description and counterparty (normalised:
case and whitespace do not matter) plus the row's occurrence among identical rows of the same
file, so two genuinely identical rows (two coffees on one day) both import, while importing the
file again, or an overlapping statement, finds each of them already there.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from financial_subgraph.bank.parsing import ParsedRow


def _normal(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _amount(amount: Decimal) -> str:
    # 12.5 and 12.50 are the same amount.
    return format(amount.normalize(), "f") if amount else "0"


def content_hashes(account_id: uuid.UUID, rows: Iterable[ParsedRow]) -> list[str]:
    """One sha256 hex digest per row, in order."""
    seen: Counter[str] = Counter()
    hashes: list[str] = []
    for row in rows:
        key = "\x1f".join(
            (
                str(account_id),
                row.booked_on.isoformat(),
                _amount(row.amount),
                _normal(row.description),
                _normal(row.counterparty),
            )
        )
        occurrence = seen[key]
        seen[key] += 1
        hashes.append(hashlib.sha256(f"{key}\x1f{occurrence}".encode()).hexdigest())
    return hashes
