"""Where each GoCardless status sits in its lifecycle, so events applied in any order never
move a payment or mandate backwards.

Webhooks are retried and batched independently, so `paid_out` can arrive before `confirmed`.
A status is applied only when it ranks above the current one. Failure states rank highest:
they end the lifecycle (a `failed` seen before a late `submitted` must win), with two
exceptions decided by the events' own timestamps:
- a failure older than the state we hold is stale (the first attempt's `failed` arriving
  after the retry's `confirmed`);
- a `failed` payment that GoCardless retries (resubmission_requested, then submitted,
  confirmed...) moves on again with any newer event of the retry.
"""

from __future__ import annotations

from datetime import datetime

PAYMENT_RANK = {
    "pending_customer_approval": 0,
    "pending_submission": 1,
    "submitted": 2,
    "confirmed": 3,
    "paid_out": 4,
    "customer_approval_denied": 9,
    "cancelled": 9,
    "failed": 9,
    "charged_back": 9,
}
# Payment webhook action -> the status it announces (absent: no status change, e.g. created).
PAYMENT_ACTION_STATUS = {
    "submitted": "submitted",
    "confirmed": "confirmed",
    "paid_out": "paid_out",
    "failed": "failed",
    "cancelled": "cancelled",
    "charged_back": "charged_back",
    "customer_approval_denied": "customer_approval_denied",
    "resubmission_requested": "pending_submission",
}
# Statuses at which the money counts as received (the invoice payment is recorded).
COLLECTED = frozenset({"confirmed", "paid_out"})
FAILED = frozenset({"failed", "cancelled", "charged_back", "customer_approval_denied"})
OPEN = frozenset({"pending_customer_approval", "pending_submission", "submitted"})

MANDATE_RANK = {
    "setup_pending": 0,
    "pending_customer_approval": 1,
    "pending_submission": 2,
    "submitted": 3,
    "active": 4,
    "suspended_by_payer": 5,
    "cancelled": 9,
    "failed": 9,
    "expired": 9,
    "blocked": 9,
    "consumed": 9,
}
MANDATE_ACTION_STATUS = {
    "created": "pending_submission",
    "customer_approval_granted": "pending_submission",
    "submitted": "submitted",
    "active": "active",
    "cancelled": "cancelled",
    "failed": "failed",
    "expired": "expired",
    "blocked": "blocked",
    "consumed": "consumed",
    "suspended_by_payer": "suspended_by_payer",
}
# Actions that legitimately move a mandate back to active (GoCardless re-enables it).
MANDATE_REVIVALS = frozenset({"reinstated", "resumed"})
CHARGEABLE_MANDATE = frozenset(
    {"pending_customer_approval", "pending_submission", "submitted", "active"}
)


def payment_moves_forward(current: str, since: datetime, new: str, at: datetime) -> bool:
    """Whether a payment `current` since `since` takes `new`, announced by an event of `at`."""
    if current == "failed" and new not in FAILED:
        return at > since  # a retry of the failed payment
    if new in FAILED and at < since:
        return False
    return PAYMENT_RANK.get(new, -1) > PAYMENT_RANK.get(current, -1)


def mandate_moves_forward(current: str, new: str) -> bool:
    return MANDATE_RANK.get(new, -1) > MANDATE_RANK.get(current, -1)
