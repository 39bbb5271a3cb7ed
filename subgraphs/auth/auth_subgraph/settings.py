"""Auth service settings (env prefix AUTH_)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import SecretStr, field_validator

from service_runtime.settings import ServiceSettings, service_config
from service_runtime.token_policy import POLICY


class AuthSettings(ServiceSettings):
    service_name: ClassVar[str] = "auth-svc"
    secret_fields: ClassVar[tuple[str, ...]] = ("key_encryption_secret",)
    model_config = service_config("AUTH_")

    port: int = 3001
    # Encrypts signing keys at rest. Development falls back to a fixed key (never elsewhere).
    key_encryption_secret: SecretStr | None = None
    # Short-lived: revocation (auth_subgraph/revocation) is checked on every request, but a
    # Redis outage fails open, so this bounds what an outage can let through. Clients refresh
    # silently with their rotating refresh token.
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    signing_key_bits: int = 2048

    login_window_seconds: int = 900
    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 50
    register_max_per_ip: int = 20

    # Development: create the demo organisation and user on start (idempotent).
    seed_demo: bool = False
    demo_email: str = "demo@example.com"
    demo_password: SecretStr = SecretStr("demo-password-2026!")
    demo_organization: str = "Demo Company"

    @field_validator("access_token_ttl_seconds")
    @classmethod
    def _within_policy(cls, value: int) -> int:
        # The router and subgraphs refuse longer-lived tokens (token_policy.json).
        longest = POLICY["max_lifetime_seconds"]
        if not 0 < value <= longest:
            raise ValueError(f"access_token_ttl_seconds must be between 1 and {longest}")
        return value
