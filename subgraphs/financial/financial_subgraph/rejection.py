"""Rolling a mutation back when a service finds a problem after it has already written.

Services return a typed error when they can refuse before writing anything. When a problem
shows only part-way (row 7 of an import, a numbering clash), they raise `Rejected(error)`:
the `Database.write()` block then rolls back, and the mutation returns `error` as its result.
"""

from __future__ import annotations

from typing import Any


class Rejected(Exception):  # noqa: N818 (a control-flow signal carrying a result, not a fault)
    def __init__(self, error: Any) -> None:
        super().__init__(getattr(error, "message", str(error)))
        self.error = error
