"""The whole platform as processes: databases, migrations, seed data, every subgraph.

Used by `devstack run`, the end-to-end tests and the benchmarks, so all three start the
platform exactly the same way.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.database import bootstrap, role_passwords
from devstack.embedded import EmbeddedServers, start_postgres, start_redis
from devstack.services import SubgraphSpec, subgraphs
from service_runtime.database import Database
from service_runtime.migrations import upgrade_to_head

LogSink = Callable[[str, str], None]
READY_TIMEOUT_SECONDS = 60.0


def print_sink(service: str, line: str) -> None:
    print(f"{service:>10} | {line}", flush=True)


@dataclass
class StackConfig:
    data_dir: Path
    environment: str = "development"
    database_url: str | None = None  # a superuser URL; None starts the embedded PostgreSQL
    redis_url: str | None = None  # None starts the embedded Redis
    ports: dict[str, int] = field(default_factory=dict)  # overrides supergraph.yaml's ports
    seed: bool = True
    log_sink: LogSink = print_sink


@dataclass
class ServiceProcess:
    spec: SubgraphSpec
    port: int
    env: dict[str, str]
    process: asyncio.subprocess.Process | None = None
    pump: asyncio.Task[None] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


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
        self.database_urls: dict[str, str] = {}
        self.redis_url = ""

    # -- lifecycle ---------------------------------------------------------------------------
    async def start(self) -> None:
        await self.prepare()
        await asyncio.gather(*(self.start_service(name) for name in self.services))

    async def prepare(self) -> None:
        """Databases up, bootstrapped, migrated and seeded; services configured, not started."""
        config = self.config
        config.data_dir.mkdir(parents=True, exist_ok=True)
        admin_url = config.database_url
        if admin_url is None:
            admin_url = await asyncio.to_thread(
                start_postgres, config.data_dir / "postgres", self.embedded
            )
        redis_url = config.redis_url
        if redis_url is None:
            redis_url = await asyncio.to_thread(
                start_redis, config.data_dir / "redis", self.embedded
            )
        self.redis_url = redis_url
        passwords = role_passwords(config.data_dir / "role-passwords.json")
        self.database_urls = await bootstrap(admin_url, passwords)
        specs = subgraphs()
        await asyncio.gather(
            *(upgrade_to_head(spec.migrations_dir, self.database_urls[spec.name]) for spec in specs)
        )
        for spec in specs:
            port = config.ports.get(spec.name, spec.port)
            self.services[spec.name] = ServiceProcess(spec, port, self._service_env(spec, port))
        if config.seed:
            await self.seed()

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
            # Applied once by the stack before any service starts.
            f"{prefix}RUN_MIGRATIONS_ON_START": "false",
        }
        if spec.name == "auth":
            stored = _secrets(self.config.data_dir / "secrets.json")
            env["AUTH_KEY_ENCRYPTION_SECRET"] = stored["auth_key_encryption"]
        return env

    async def seed(self) -> None:
        from auth_subgraph.seed import seed_demo
        from auth_subgraph.settings import AuthSettings

        settings = AuthSettings.model_validate(settings_values(self.services["auth"].env, "AUTH_"))
        database = Database(settings.database_url)
        try:
            await seed_demo(database, settings)
        finally:
            await database.dispose()

    async def start_service(self, name: str) -> None:
        service = self.services[name]
        service.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            service.spec.module,
            env={**os.environ, **service.env, "PYTHONUNBUFFERED": "1"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        service.pump = asyncio.create_task(self._pump(name, service.process))
        await self._wait_ready(service)

    async def stop_service(self, name: str, *, kill: bool = False) -> None:
        service = self.services[name]
        process = service.process
        if process is None or process.returncode is not None:
            return
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 15)
        except TimeoutError:
            process.kill()
            await process.wait()
        if service.pump is not None:
            await service.pump

    async def stop(self) -> None:
        await asyncio.gather(*(self.stop_service(name) for name in self.services))
        await asyncio.to_thread(self.embedded.stop)

    # -- helpers -------------------------------------------------------------------------------
    async def _pump(self, name: str, process: asyncio.subprocess.Process) -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            self.config.log_sink(name, raw.decode(errors="replace").rstrip())

    async def _wait_ready(self, service: ServiceProcess) -> None:
        deadline = asyncio.get_running_loop().time() + READY_TIMEOUT_SECONDS
        async with httpx.AsyncClient(timeout=2) as client:
            while True:
                assert service.process is not None
                if service.process.returncode is not None:
                    raise RuntimeError(f"{service.spec.name} exited during start-up")
                try:
                    response = await client.get(f"{service.base_url}/health")
                    if response.status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"{service.spec.name} not healthy in time")
                await asyncio.sleep(0.1)

    def url(self, name: str) -> str:
        return self.services[name].base_url


def settings_values(env: dict[str, str], prefix: str) -> dict[str, str]:
    """A service's environment as settings field values (AUTH_DATABASE_URL -> database_url)."""
    return {key.removeprefix(prefix).lower(): value for key, value in env.items()}
