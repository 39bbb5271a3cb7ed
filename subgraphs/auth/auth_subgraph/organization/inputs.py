from __future__ import annotations

import enum

import strawberry


@strawberry.enum
class AssignableRole(enum.Enum):
    """The roles membership management may give: never owner (only registration makes one)."""

    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"
