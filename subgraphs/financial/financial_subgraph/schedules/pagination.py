"""Opaque keyset cursors of the schedule list: the same (created_at, id) form as invoices."""

from __future__ import annotations

import base64
import json

from financial_subgraph.invoice.pagination import decode_cursor
from financial_subgraph.schedules.models import RecurringInvoice

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(row: RecurringInvoice) -> str:
    raw = json.dumps([row.created_at.isoformat(), str(row.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()
