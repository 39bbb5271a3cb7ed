"""Typed errors of mutations, and rolling a mutation back when one shows only part-way.

Services return a typed error when they can refuse before writing anything. When a problem
shows only part-way (row 7 of an import, a numbering clash), they raise `Rejected(error)`.
Either way the mutation's transaction (service_runtime.work.in_transaction) is rolled back and
the error becomes the mutation's result.
"""

from __future__ import annotations

from typing import Any


class DomainError:
    """Base of every typed error a payload union can hold (e.g. `ClientError`): returning one
    from a mutation rolls its transaction back."""


class Rejected(Exception):  # noqa: N818 (a control-flow signal carrying a result, not a fault)
    def __init__(self, error: Any) -> None:
        super().__init__(getattr(error, "message", str(error)))
        self.error = error
