"""Supervision for `devstack run`: a service that exits on its own is reported and restarted.

A crash is reported with its exit code and the service's last log lines, then the service is
started again after an exponential back-off. After too many crashes in a short time it is left
down with a clear message (a crash loop only floods the terminal). Each service's state is kept
in a small JSON file the router's /api/services reads (ROUTER_SUPERVISOR_STATE).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from devstack.processes import kill_leftovers, terminate, wait_exit

REPORTED_LINES = 10


@dataclass(frozen=True)
class RestartPolicy:
    first_delay: float = 1.0  # seconds; doubled after each crash within `window`
    max_delay: float = 30.0
    give_up_after: int = 5  # crashes within `window` seconds
    window: float = 120.0

    def delay(self, recent_crashes: int) -> float:
        return float(min(self.max_delay, self.first_delay * 2 ** max(0, recent_crashes - 1)))


class Supervised(Protocol):
    name: str
    process: asyncio.subprocess.Process | None

    @property
    def recent_lines(self) -> Iterable[str]: ...


@dataclass
class ServiceState:
    status: str = "running"  # running | restarting | failed | stopped
    restarts: int = 0
    last_exit: dict[str, Any] | None = None
    crashes: list[float] = field(default_factory=list)  # monotonic times, within the window

    def public(self) -> dict[str, Any]:
        return {"status": self.status, "restarts": self.restarts, "lastExit": self.last_exit}


class Supervisor:
    def __init__(
        self,
        launch: Callable[[Any], Awaitable[None]],  # starts a service, returns once it is ready
        report: Callable[[str], None],
        state_file: Path,
        policy: RestartPolicy | None = None,
    ) -> None:
        self.launch = launch
        self.report = report
        self.state_file = state_file
        self.policy = policy or RestartPolicy()
        self.states: dict[str, ServiceState] = {}
        self._watchers: dict[str, asyncio.Task[None]] = {}

    def forget_previous_run(self) -> None:
        """An empty state file, so the router never shows a previous run's restarts."""
        self.states.clear()
        self._write()

    def watch(self, service: Supervised) -> None:
        self.unwatch(service.name)
        self.states.setdefault(service.name, ServiceState()).status = "running"
        self._write()
        self._watchers[service.name] = asyncio.create_task(self._supervise(service))

    def unwatch(self, name: str) -> None:
        """Stop supervising `name` (it is being stopped on purpose)."""
        watcher = self._watchers.pop(name, None)
        if watcher is not None:
            watcher.cancel()
            self.states[name].status = "stopped"
            self._write()

    async def stop(self) -> None:
        watchers = list(self._watchers.values())
        for name in list(self._watchers):
            self.unwatch(name)
        await asyncio.gather(*watchers, return_exceptions=True)

    async def _supervise(self, service: Supervised) -> None:
        state = self.states[service.name]
        while True:
            process = service.process
            assert process is not None
            code = await wait_exit(process)
            kill_leftovers(process)
            self._record_crash(service, state, code)
            if len(state.crashes) >= self.policy.give_up_after:
                self._give_up(service.name, state)
                return
            state.status = "restarting"
            self._write()
            await asyncio.sleep(self.policy.delay(len(state.crashes)))
            state.restarts += 1
            try:
                await self.launch(service)
            except TimeoutError:
                self.report(f"{service.name} did not become ready; stopping it")
                assert service.process is not None
                await terminate(service.process, grace=2)
                continue
            except RuntimeError:
                continue  # it exited during start-up: the next round reports it
            state.status = "running"
            self._write()
            self.report(f"{service.name} restarted (restart {state.restarts})")

    def _record_crash(self, service: Supervised, state: ServiceState, code: int) -> None:
        now = time.monotonic()
        state.crashes = [at for at in state.crashes if now - at < self.policy.window] + [now]
        killed_by = _signal_name(-code) if code < 0 else None
        state.last_exit = {"code": code, "signal": killed_by, "at": datetime.now(UTC).isoformat()}
        how = f"code {code}" + (f" ({killed_by})" if killed_by else "")
        lines = list(service.recent_lines)[-REPORTED_LINES:]
        self.report(f"{service.name} exited unexpectedly with {how}; its last lines:")
        for line in lines or ["(no output)"]:
            self.report(f"  > {line}")

    def _give_up(self, name: str, state: ServiceState) -> None:
        state.status = "failed"
        self._write()
        self.report(
            f"{name} crashed {len(state.crashes)} times within {self.policy.window:.0f}s;"
            " not restarting it again. Fix the cause, then restart ./scripts/run."
        )

    def _write(self) -> None:
        """Replace the state file atomically: the router may read it at any moment."""
        document = {"services": {name: state.public() for name, state in self.states.items()}}
        partial = self.state_file.with_suffix(".tmp")
        with contextlib.suppress(OSError):  # the state file is informative only
            partial.write_text(json.dumps(document, indent=2))
            os.replace(partial, self.state_file)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
