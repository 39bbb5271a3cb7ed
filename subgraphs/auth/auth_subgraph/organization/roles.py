"""Roles and the scopes each grants. Scopes are what tokens carry and schemas require."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"
    VIEWER = "viewer"


DOMAINS = ("financial", "ai", "trading", "comm")

_READ = [f"{domain}:read" for domain in DOMAINS] + ["org:read"]
_WRITE = [f"{domain}:write" for domain in DOMAINS]
_ADMIN = [f"{domain}:admin" for domain in DOMAINS] + ["org:manage"]

ROLE_SCOPES: dict[Role, tuple[str, ...]] = {
    Role.VIEWER: tuple(_READ),
    Role.MEMBER: tuple(_READ + _WRITE),
    Role.ADMIN: tuple(_READ + _WRITE + _ADMIN),
    Role.OWNER: tuple(_READ + _WRITE + _ADMIN + ["org:owner"]),
}


def scopes_for(role: Role) -> tuple[str, ...]:
    return ROLE_SCOPES[role]
