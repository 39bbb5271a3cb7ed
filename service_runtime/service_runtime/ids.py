from __future__ import annotations

import uuid
from typing import Any


def parse_uuid(value: Any) -> uuid.UUID | None:
    """A UUID from a GraphQL ID, None when it is not one (an unknown id, not an error)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
