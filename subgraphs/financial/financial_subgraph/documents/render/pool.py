"""The render worker processes: started once, in the background, each task killed at its
deadline and the killed (or crashed) worker replaced.

pebble's ProcessPool does the supervision (per-task timeouts that terminate the worker,
replacement, cancelling a running task); concurrent.futures' pool can neither kill one task
nor survive a dead worker (it breaks the whole pool). Workers fork from a fork server that
has WeasyPrint loaded already (a replacement is ready in milliseconds, not the 1-2 s import),
and the service process itself never imports WeasyPrint.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import multiprocessing.context
import multiprocessing.forkserver
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from financial_subgraph.documents.render.worker import OUT_OF_MEMORY_EXIT, start_worker

T = TypeVar("T")

# Loaded once in the fork server; each worker starts with them in memory.
PRELOAD = ["financial_subgraph.documents.render.worker", "weasyprint"]
PRELOAD += ["financial_subgraph.documents.facturx.builder"]
# A worker is replaced after this many tasks: bounds what fragmentation or a library's
# leak can accumulate in a long-lived process.
TASKS_PER_WORKER = 200
BACKSTOP_SECONDS = 1.0


class RenderTimeoutError(Exception):
    """The task ran past its deadline; its worker was killed."""


class WorkerDiedError(Exception):
    """The worker exited during the task: out of memory (exit_code OUT_OF_MEMORY_EXIT), or
    killed by a signal (e.g. a C library aborting on a failed allocation)."""

    def __init__(self, exit_code: int | None) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code

    @property
    def out_of_memory(self) -> bool:
        return self.exit_code == OUT_OF_MEMORY_EXIT


class RenderPool:
    def __init__(self, workers: int, memory_limit_mb: int) -> None:
        self.workers = workers
        self.memory_limit_mb = memory_limit_mb
        self._pool: ProcessPool | None = None
        self._lock = threading.Lock()

    def _started(self) -> ProcessPool:
        """The pool with its workers forked (blocking: the first render waits for them, and
        for the fork server's import when start_fork_server has not run)."""
        with self._lock:
            if self._pool is None:
                pool = ProcessPool(
                    max_workers=self.workers,
                    max_tasks=TASKS_PER_WORKER,
                    initializer=start_worker,
                    initargs=(self.memory_limit_mb, os.getpid()),
                    context=_fork_server(),
                )
                pool.schedule(_ready).result()  # forks the workers, waits for one to answer
                self._pool = pool
            return self._pool

    async def started(self) -> ProcessPool:
        """The pool, its workers forked on the first call."""
        return self._pool if self._pool is not None else await asyncio.to_thread(self._started)

    async def start_fork_server(self) -> None:
        """Start the fork server (it imports WeasyPrint, ~1 s of CPU) so that the first render
        only forks. Workers themselves fork on the first render: a service (or a test app)
        that renders nothing costs no worker processes."""
        await asyncio.to_thread(_fork_server_running)

    async def run(self, seconds: float, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a worker, killed after `seconds`."""
        pool = self._pool if self._pool is not None else await self.started()
        # pebble counts its timeout from the worker's start on the task (a backstop here); the
        # deadline that answers is this process's, so the answer comes on time whatever the
        # hand-over to the worker took. Cancelling the await (deadline, or the request went
        # away) cancels the task: pebble then terminates the worker running it.
        future = pool.schedule(function, args=args, timeout=max(seconds, 0) + BACKSTOP_SECONDS)
        try:
            async with asyncio.timeout(max(seconds, 0)):
                result: T = await asyncio.wrap_future(future)
        except TimeoutError as error:
            raise RenderTimeoutError from error
        except ProcessExpired as error:
            raise WorkerDiedError(error.exitcode) from error
        return result

    def stop(self) -> None:
        """Blocking: terminate the workers (running tasks are abandoned)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves it unannotated
            pool.join(timeout=10)


def _fork_server() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # process-wide; only this module uses it
    return context


def _fork_server_running() -> None:
    _fork_server()
    multiprocessing.forkserver.ensure_running()


def _ready() -> bool:
    return True
