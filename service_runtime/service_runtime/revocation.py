"""Is a verified access token revoked? One Redis round trip (MGET) per request, remembered
for at most a second (token_policy.json, `revocation`).

The auth service writes the records (auth_subgraph/revocation): a key per revoked session
(refresh-token family: logout, logout everywhere, password change, removal from the
organisation) and a key per membership holding its current token version (role changes).
The router runs the same check (router/src/revocation.ts).

Fails open: when Redis cannot answer, the token is accepted and the outage logged. A Redis
outage must not turn into an outage of every authenticated request (the rate limiter makes
the same choice); what it costs is bounded by the access-token lifetime (15 min by default):
only a token revoked shortly before the outage and used during it gets through.
"""

from __future__ import annotations

import time
from collections import OrderedDict

import redis.asyncio as redis

from service_runtime.logging import get_logger
from service_runtime.token_policy import POLICY
from service_runtime.tokens import Principal

log = get_logger(__name__)

_RULES = POLICY["revocation"]
# After a failure, skip Redis for this long: a dead Redis must not add its timeout to every
# request.
_BACKOFF_SECONDS = 1.0


def session_key(session_id: object) -> str:
    return f"{_RULES['session_key_prefix']}{session_id}"


def membership_key(user_id: object, organization_id: object) -> str:
    return f"{_RULES['membership_version_key_prefix']}{user_id}:{organization_id}"


class RevocationCheck:
    def __init__(self, redis_client: redis.Redis, *, capacity: int = 10_000) -> None:
        self._redis = redis_client
        self._capacity = capacity
        self._cache_seconds = float(_RULES["cache_seconds"])
        self._answers: OrderedDict[tuple[object, ...], tuple[bool, float]] = OrderedDict()
        self._unavailable_until = 0.0

    async def is_revoked(self, principal: Principal) -> bool:
        key = (
            principal.session_id,
            principal.user_id,
            principal.organization_id,
            principal.token_version,
        )
        now = time.monotonic()
        cached = self._answers.get(key)
        if cached is not None and cached[1] > now:
            return cached[0]
        if now < self._unavailable_until:
            return False
        try:
            revoked = await self._ask(principal)
        except (redis.RedisError, OSError) as error:
            self._unavailable_until = now + _BACKOFF_SECONDS
            log.warning("revocation_check_unavailable", error=type(error).__name__)
            return False
        self._remember(key, revoked, now + self._cache_seconds)
        return revoked

    async def _ask(self, principal: Principal) -> bool:
        keys = [session_key(principal.session_id)]
        if principal.organization_id is not None:
            keys.append(membership_key(principal.user_id, principal.organization_id))
        values = await self._redis.mget(keys)
        if values[0] is not None:
            return True
        current_version = values[1] if len(values) > 1 else None
        return current_version is not None and principal.token_version < int(current_version)

    def _remember(self, key: tuple[object, ...], revoked: bool, until: float) -> None:
        self._answers[key] = (revoked, until)
        self._answers.move_to_end(key)
        if len(self._answers) > self._capacity:
            self._answers.popitem(last=False)
