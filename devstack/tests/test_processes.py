"""A stop always finishes: SIGTERM, SIGKILL after the grace period, the whole group with it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

from devstack.processes import spawn, terminate

IGNORES_SIGTERM = (
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
    " print('up', flush=True); time.sleep(600)"
)
STARTS_A_WORKER = (
    "import subprocess, time; w = subprocess.Popen(['sleep', '600']);"
    " print(w.pid, flush=True); time.sleep(600)"
)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie waiting for its parent counts as gone
        return stat.read().split(") ", 1)[1][0] != "Z"


async def test_a_child_that_exits_on_sigterm_is_not_killed() -> None:
    process = await spawn([sys.executable, "-c", "import time; time.sleep(600)"], {}, None)
    started = time.monotonic()
    code = await terminate(process, grace=10)
    assert code == -signal.SIGTERM
    assert time.monotonic() - started < 5


async def test_a_child_ignoring_sigterm_is_killed_after_the_grace_period() -> None:
    process = await spawn([sys.executable, "-c", IGNORES_SIGTERM], {}, None)
    assert process.stdout is not None
    assert await process.stdout.readline() == b"up\n"  # its handler is in place
    started = time.monotonic()
    code = await terminate(process, grace=1.0)
    elapsed = time.monotonic() - started
    assert code == -signal.SIGKILL
    assert 1.0 <= elapsed < 4


async def test_workers_of_the_child_go_with_it_even_holding_its_pipe() -> None:
    process = await spawn([sys.executable, "-c", STARTS_A_WORKER], {}, None)
    assert process.stdout is not None
    worker = int(await process.stdout.readline())
    # The worker shares the stdout pipe: Process.wait() alone would wait for it for ever.
    await asyncio.wait_for(terminate(process, grace=5), 10)
    await asyncio.sleep(0.2)
    assert not _running(worker)
