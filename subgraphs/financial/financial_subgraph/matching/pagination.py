"""Keyset cursors for the review list: the (created_at, id) of the last row."""

from __future__ import annotations

from financial_subgraph.matching.models import PaymentMatchReview
from service_runtime.cursors import decode_created_at, encode_created_at

__all__ = ["decode_cursor", "encode_cursor"]

decode_cursor = decode_created_at


def encode_cursor(row: PaymentMatchReview) -> str:
    return encode_created_at(row.created_at, row.id)
