"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

import enum
from typing import ClassVar

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service_runtime.token_policy import POLICY

# Values people paste from examples; a secret equal to one of these is never accepted.
PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "secret", "password", "example", "todo", "xxx", "dev-secret"}
)


class Environment(enum.StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    STAGING = "staging"
    PRODUCTION = "production"


class ServiceSettings(BaseSettings):
    """Base settings. Subclasses set `model_config = service_config("AUTH_")` and `service_name`."""

    service_name: ClassVar[str] = "service"
    # Names of fields holding secrets: required outside development, placeholders rejected.
    secret_fields: ClassVar[tuple[str, ...]] = ()

    model_config = SettingsConfigDict(extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    version: str = "0.1.0"
    host: str = "127.0.0.1"
    port: int = 8000
    # An async SQLAlchemy URL whose role may touch only this service's schema.
    database_url: str = Field(min_length=1)
    redis_url: str = Field(min_length=1)
    db_pool_size: int = 10
    db_max_overflow: int = 10
    run_migrations_on_start: bool = True
    log_level: str = "INFO"
    # Request bodies above this are refused (413) before the GraphQL layer reads them.
    max_request_bytes: int = 1024 * 1024

    # Token verification (every subgraph verifies tokens again: zero trust).
    jwks_url: str = "http://127.0.0.1:3001/.well-known/jwks.json"
    jwt_issuer: str = "finance-platform-auth"
    jwt_audience: str = "finance-supergraph"
    jwt_algorithms: list[str] = Field(default_factory=lambda: ["RS256"])
    jwks_cache_seconds: int = 300
    # Minimum gap between two JWKS fetches triggered by unknown kids (stops kid-spraying).
    jwks_min_refresh_seconds: float = 5.0

    # Events: relay and consumer tuning.
    events_relay_enabled: bool = True
    events_poll_interval_seconds: float = 0.5
    events_max_attempts: int = 5
    events_retry_base_seconds: float = 1.0

    # Subscriptions (service_runtime.live): how often a quiet subscription re-checks its token,
    # running operations per WebSocket, events queued per subscriber before it is cut off.
    live_recheck_seconds: float = Field(default=5.0, gt=0)
    # 200: the router's caps (10 sockets of 20 operations per client) share one subgraph socket.
    live_max_subscriptions_per_connection: int = Field(default=200, gt=0)
    live_queue_size: int = Field(default=100, gt=0)

    # Background jobs (service_runtime/jobs, docs/jobs.md): per worker process, jobs run at
    # once; a running job's lease (renewed every third of it; a worker silent for longer is
    # taken for dead and its job retried); how often the sweeper runs and after how long it
    # re-sends a queued job's message; retry backoff (base, doubling, capped); how long a
    # stopping worker waits for its running jobs before giving them back.
    jobs_concurrency: int = Field(default=4, ge=1, le=256)
    jobs_lease_seconds: float = Field(default=30.0, ge=1.0)
    jobs_sweep_interval_seconds: float = Field(default=1.0, gt=0)
    jobs_redispatch_seconds: float = Field(default=60.0, ge=1.0)
    jobs_retry_base_seconds: float = Field(default=5.0, ge=0)
    jobs_retry_max_seconds: float = Field(default=1800.0, ge=0)
    jobs_shutdown_grace_seconds: float = Field(default=10.0, ge=0)

    @property
    def is_development(self) -> bool:
        return self.environment is Environment.DEVELOPMENT

    @field_validator("jwt_algorithms")
    @classmethod
    def _only_asymmetric_algorithms(cls, value: list[str]) -> list[str]:
        # HMAC or "none" would let anyone holding the public key mint tokens.
        allowed = set(POLICY["allowed_algorithms"])  # token_policy.json
        bad = [alg for alg in value if alg not in allowed]
        if bad or not value:
            raise ValueError(f"jwt_algorithms must be asymmetric algorithms from {sorted(allowed)}")
        return value

    @model_validator(mode="after")
    def _secrets_are_real(self) -> ServiceSettings:
        for name in self.secret_fields:
            raw = getattr(self, name)
            value = raw.get_secret_value() if isinstance(raw, SecretStr) else raw
            if value is None and self.is_development:
                continue
            if value is None:
                raise ValueError(f"{name} is required outside development")
            text = str(value).strip().lower()
            if text in PLACEHOLDER_SECRETS or text.startswith("replace-with") or len(text) < 16:
                raise ValueError(f"{name} looks like a placeholder; set a real secret")
        return self


def service_config(prefix: str) -> SettingsConfigDict:
    """The settings config for one service: its env prefix and an optional .env file."""
    return SettingsConfigDict(env_prefix=prefix, env_file=".env", extra="ignore")
