"""The whole platform as processes: databases, migrations, seed data, every subgraph.

Used by `devstack run`, the end-to-end tests and the benchmarks, so all three start the
platform exactly the same way.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import secrets
import signal
import sys
from dataclasses import dataclass, field
from pathlib import Path

from devstack import service_process
from devstack.database import bootstrap, role_passwords
from devstack.embedded import EmbeddedServers, start_postgres, start_redis
from devstack.paths import ROUTER_DIR
from devstack.processes import STOP_GRACE_SECONDS, signal_group
from devstack.service_process import LogSink, ServiceProcess
from devstack.services import SubgraphSpec, subgraphs
from devstack.supervisor import RestartPolicy, Supervisor

__all__ = ["ServiceProcess", "Stack", "StackConfig"]
ROUTER_PORT = 3010


def print_sink(service: str, line: str) -> None:
    print(f"{service:>10} | {line}", flush=True)


@dataclass
class StackConfig:
    data_dir: Path
    environment: str = "development"
    database_url: str | None = None  # a superuser URL; None starts the embedded PostgreSQL
    redis_url: str | None = None  # None starts the embedded Redis
    ports: dict[str, int] = field(default_factory=dict)  # overrides supergraph.yaml's ports
    router_port: int = ROUTER_PORT
    router_env: dict[str, str] = field(default_factory=dict)  # extra ROUTER_* settings
    service_env: dict[str, dict[str, str]] = field(default_factory=dict)  # per subgraph name
    seed: bool = True
    log_sink: LogSink = print_sink
    # Restart services that exit on their own (`devstack run`); the test fixtures leave it
    # off so a test that stops a service on purpose decides when it comes back.
    supervise: bool = False
    restart_policy: RestartPolicy = field(default_factory=RestartPolicy)
    stop_grace_seconds: float = STOP_GRACE_SECONDS  # SIGTERM to SIGKILL

    @property
    def supervisor_state_file(self) -> Path:
        return self.data_dir / "supervisor.json"


def _secrets(path: Path) -> dict[str, str]:
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    made = {"auth_key_encryption": secrets.token_urlsafe(32)}
    path.write_text(json.dumps(made))
    path.chmod(0o600)
    return made


class Stack:
    def __init__(self, config: StackConfig) -> None:
        self.config = config
        self.embedded = EmbeddedServers()
        self.services: dict[str, ServiceProcess] = {}
        # Job workers (`python -m <package>.worker`) of the subgraphs that have one.
        self.workers: dict[str, ServiceProcess] = {}
        self.database_urls: dict[str, str] = {}
        self.admin_url = ""
        self.redis_url = ""
        self.supervisor = (
            Supervisor(
                self._launch,
                lambda message: config.log_sink("devstack", message),
                config.supervisor_state_file,
                config.restart_policy,
            )
            if config.supervise
            else None
        )

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        """Everything up. Each service applies its own migrations on start (advisory-locked,
        as in production) and auth seeds the demo data, so they start in parallel."""
        await self.prepare()
        # All at once: the router's readiness waits for every subgraph, and Node's start-up
        # overlaps the subgraphs' own.
        starting = [asyncio.create_task(self.start_service(name)) for name in self.services]
        starting += [asyncio.create_task(self.start_process(w)) for w in self.workers.values()]
        try:
            await asyncio.gather(*starting)
        except BaseException:
            # One failed (or the start was abandoned): the others stop waiting too.
            for task in starting:
                task.cancel()
            await asyncio.gather(*starting, return_exceptions=True)
            raise

    async def prepare(self) -> None:
        """Databases up and bootstrapped; services configured, not started."""
        config = self.config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        if self.supervisor is not None:
            self.supervisor.forget_previous_run()
        admin_url, self.redis_url = await asyncio.gather(self._postgres(), self._redis())
        self.admin_url = admin_url
        # Lets `devstack smoke` inspect the database of a running stack.
        (config.data_dir / "admin-url").write_text(admin_url)
        passwords = role_passwords(config.data_dir / "role-passwords.json")
        self.database_urls = await bootstrap(admin_url, passwords)
        for spec in subgraphs():
            port = config.ports.get(spec.name, spec.port)
            self.services[spec.name] = self.subgraph_process(spec, port, {})
            if importlib.util.find_spec(f"{spec.module}.worker") is not None:
                self.workers[spec.name] = self.worker_process(spec, self.services[spec.name].env)
        self.services["router"] = self.router_process(config.router_port, config.router_env)

    def subgraph_process(
        self, spec: SubgraphSpec, port: int, extra_env: dict[str, str]
    ) -> ServiceProcess:
        """One subgraph on this stack's databases (another can run beside it)."""
        return ServiceProcess(
            name=spec.name,
            port=port,
            env={**self._service_env(spec, port), **extra_env},
            command=[sys.executable, "-m", spec.module],
            spec=spec,
        )

    def worker_process(self, spec: SubgraphSpec, env: dict[str, str]) -> ServiceProcess:
        """A job worker of `spec`'s subgraph, with the same settings as the service."""
        return ServiceProcess(
            name=f"{spec.name}-worker",
            port=0,  # serves no HTTP: ready once it logged that it started
            env=env,
            command=[sys.executable, "-m", f"{spec.module}.worker"],
            ready_line="job_worker_started",
        )

    def router_process(self, port: int, extra_env: dict[str, str]) -> ServiceProcess:
        """The router, configured for this stack's subgraphs (another can run beside it)."""
        subgraph_urls = {
            f"ROUTER_SUBGRAPH_URL_{name.upper()}": f"{service.base_url}/graphql"
            for name, service in self.services.items()
            if service.spec is not None
        }
        env = {
            "ROUTER_ENVIRONMENT": self.config.environment,
            "ROUTER_PORT": str(port),
            "ROUTER_REDIS_URL": self.redis_url,
            "ROUTER_JWKS_URL": f"{self.services['auth'].base_url}/.well-known/jwks.json",
            "LOG_JSON": "1",
            **subgraph_urls,
            **self._supervisor_env(),
            **extra_env,
        }
        return ServiceProcess(
            name="router",
            port=port,
            env=env,
            command=[
                str(ROUTER_DIR / "node_modules" / ".bin" / "hive-gateway"),
                "supergraph",
                "-c",
                "gateway.config.ts",
                "--port",
                str(port),
                "--host",
                "127.0.0.1",
            ],
            ready_path="/readiness",
            cwd=ROUTER_DIR,
        )

    def _supervisor_env(self) -> dict[str, str]:
        # /api/services then shows each subgraph's restarts and last exit.
        if self.supervisor is None:
            return {}
        return {"ROUTER_SUPERVISOR_STATE": str(self.config.supervisor_state_file)}

    async def migrate(self) -> None:
        """Apply every service's migrations from this process (tests use the schemas directly)."""
        from service_runtime.migrations import upgrade_to_head

        for service in self.services.values():
            if service.spec is not None:
                await upgrade_to_head(service.spec.migrations_dir, self.database_urls[service.name])

    async def _postgres(self) -> str:
        if self.config.database_url is not None:
            return self.config.database_url
        data = self.config.data_dir / "postgres"
        return await asyncio.to_thread(start_postgres, data, self.embedded)

    async def _redis(self) -> str:
        if self.config.redis_url is not None:
            return self.config.redis_url
        return await asyncio.to_thread(start_redis, self.config.data_dir / "redis", self.embedded)

    def _service_env(self, spec: SubgraphSpec, port: int) -> dict[str, str]:
        auth_port = self.config.ports.get("auth", 3001)
        prefix = spec.env_prefix
        env = {
            f"{prefix}ENVIRONMENT": self.config.environment,
            f"{prefix}HOST": "127.0.0.1",
            f"{prefix}PORT": str(port),
            f"{prefix}DATABASE_URL": self.database_urls[spec.name],
            f"{prefix}REDIS_URL": self.redis_url,
            f"{prefix}JWKS_URL": f"http://127.0.0.1:{auth_port}/.well-known/jwks.json",
        }
        if spec.name == "auth":
            stored = _secrets(self.config.data_dir / "secrets.json")
            env["AUTH_KEY_ENCRYPTION_SECRET"] = stored["auth_key_encryption"]
            env["AUTH_SEED_DEMO"] = str(self.config.seed).lower()
        return {**env, **self.config.service_env.get(spec.name, {})}

    async def start_service(self, name: str) -> None:
        await self.start_process(self.services[name])

    async def start_process(self, service: ServiceProcess) -> None:
        await self._launch(service)
        if self.supervisor is not None:
            self.supervisor.watch(service)

    async def _launch(self, service: ServiceProcess) -> None:
        await service_process.launch(service, self.config.log_sink)

    async def stop_service(self, name: str, *, kill: bool = False) -> None:
        await self.stop_process(self.services[name], kill=kill)

    async def stop_process(self, service: ServiceProcess, *, kill: bool = False) -> None:
        """Stop on purpose (never restarted); `kill` sends SIGKILL at once, as a crash would."""
        if self.supervisor is not None:
            self.supervisor.unwatch(service.name)
        await service_process.stop(service, self.config.stop_grace_seconds, kill=kill)

    def kill_all(self) -> None:
        """SIGKILL every service at once (a second Ctrl-C): stop() then finishes quickly."""
        for service in [*self.services.values(), *self.workers.values()]:
            if service.process is not None:
                signal_group(service.process, signal.SIGKILL)

    async def stop(self) -> None:
        """Every service and the embedded servers stopped, whatever fails on the way."""
        try:
            if self.supervisor is not None:
                await self.supervisor.stop()
            processes = [*self.services.values(), *self.workers.values()]
            results = await asyncio.gather(
                *(self.stop_process(process) for process in processes), return_exceptions=True
            )
            names = [process.name for process in processes]
            for name, result in zip(names, results, strict=True):
                if isinstance(result, Exception):
                    self.config.log_sink("devstack", f"could not stop {name}: {result!r}")
        finally:
            await asyncio.to_thread(self.embedded.stop)

    def url(self, name: str) -> str:
        return self.services[name].base_url
