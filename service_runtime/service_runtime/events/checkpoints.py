"""Named points between the steps of relaying and consuming.

Production passes no hook. The crash tests pass one that kills the process at a chosen point,
to show that a crash between any two steps loses nothing and applies nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable

Checkpoint = Callable[[str], None]


def no_checkpoint(_name: str) -> None:
    return None
