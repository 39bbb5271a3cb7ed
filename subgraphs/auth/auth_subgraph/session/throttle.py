"""Login and registration throttling in Redis (shared by every replica).

Failures are counted per account and per client IP in fixed windows. Unknown e-mails are
counted exactly like known ones, so throttling never reveals whether an e-mail is registered.
If Redis is unreachable the throttle fails open (logged): an outage must not lock everyone out.
"""

from __future__ import annotations

import hashlib

import redis.asyncio as redis

from auth_subgraph.settings import AuthSettings
from service_runtime.logging import get_logger

log = get_logger(__name__)


def _account_key(email: str) -> str:
    return "auth:login-failures:account:" + hashlib.sha256(email.encode()).hexdigest()


def _ip_key(ip: str | None) -> str:
    return f"auth:login-failures:ip:{ip or 'unknown'}"


class LoginThrottle:
    def __init__(self, redis_client: redis.Redis, settings: AuthSettings) -> None:
        self.redis = redis_client
        self.settings = settings

    async def retry_after(self, email: str, ip: str | None) -> int | None:
        """Seconds until the caller may try again, or None when not throttled."""
        limits = [
            (_account_key(email), self.settings.login_max_failures_per_account),
            (_ip_key(ip), self.settings.login_max_failures_per_ip),
        ]
        try:
            for key, limit in limits:
                count = await self.redis.get(key)
                if count is not None and int(count) >= limit:
                    return max(int(await self.redis.ttl(key)), 1)
        except redis.RedisError:
            log.exception("login_throttle_unavailable")
        return None

    async def record_failure(self, email: str, ip: str | None) -> None:
        await self._count(_account_key(email), self.settings.login_window_seconds)
        await self._count(_ip_key(ip), self.settings.login_window_seconds)

    async def reset_account(self, email: str) -> None:
        try:
            await self.redis.delete(_account_key(email))
        except redis.RedisError:
            log.exception("login_throttle_unavailable")

    async def registration_allowed(self, ip: str | None) -> bool:
        key = f"auth:registrations:ip:{ip or 'unknown'}"
        count = await self._count(key, 3600)
        return count is None or count <= self.settings.register_max_per_ip

    async def _count(self, key: str, window: int) -> int | None:
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.set(key, 0, ex=window, nx=True)
                pipe.incr(key)
                _, count = await pipe.execute()
            return int(count)
        except redis.RedisError:
            log.exception("login_throttle_unavailable")
            return None
