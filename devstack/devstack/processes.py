"""Child processes that always stop: SIGTERM, then SIGKILL after a grace period.

Each service runs in its own session (process group), so the terminal's Ctrl-C reaches only
devstack, which then stops the services in order, and a kill reaches whatever a service started
itself (worker processes) too.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path

STOP_GRACE_SECONDS = 10.0
# After SIGKILL the process is gone at once; this only bounds waiting for its pipe to close
# (a grandchild that left the group could hold it open).
KILL_WAIT_SECONDS = 5.0
EXIT_POLL_SECONDS = 0.05


async def spawn(
    command: list[str], env: dict[str, str], cwd: Path | None
) -> asyncio.subprocess.Process:
    """Start `command` in a new session, stdout and stderr on one pipe."""
    return await asyncio.create_subprocess_exec(
        *command,
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        start_new_session=True,
    )


def signal_group(process: asyncio.subprocess.Process, signum: signal.Signals) -> None:
    """Send `signum` to the process's whole group (it leads it), if it still runs."""
    if process.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


async def terminate(
    process: asyncio.subprocess.Process, grace: float = STOP_GRACE_SECONDS
) -> int | None:
    """SIGTERM, then SIGKILL when still running after `grace` seconds; returns the exit code."""
    signal_group(process, signal.SIGTERM)
    if not await exited_within(process, grace):
        signal_group(process, signal.SIGKILL)
        await exited_within(process, KILL_WAIT_SECONDS)
    kill_leftovers(process)
    return process.returncode


def kill_leftovers(process: asyncio.subprocess.Process) -> None:
    """SIGKILL what the process's group still holds once it is gone (a worker that ignored
    SIGTERM, or one orphaned by a crash, still holding the service's port or pipe)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


async def exited_within(process: asyncio.subprocess.Process, seconds: float) -> bool:
    """True once the process has exited; False when `seconds` passed first."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await wait_exit(process)
    return process.returncode is not None


async def wait_exit(process: asyncio.subprocess.Process) -> int:
    """The exit code, once the process has exited.

    Not Process.wait(): on Python 3.11 it also waits for the output pipe to close, which a
    surviving grandchild can hold open. The exit code is set as soon as the child is reaped,
    and nothing else signals that moment, hence the polling.
    """
    while process.returncode is None:  # noqa: ASYNC110
        await asyncio.sleep(EXIT_POLL_SECONDS)
    return process.returncode
