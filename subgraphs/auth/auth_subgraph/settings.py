"""Auth service settings (env prefix AUTH_)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import SecretStr

from service_runtime.settings import ServiceSettings, service_config


class AuthSettings(ServiceSettings):
    service_name: ClassVar[str] = "auth-svc"
    secret_fields: ClassVar[tuple[str, ...]] = ("key_encryption_secret",)
    model_config = service_config("AUTH_")

    port: int = 3001
    # Encrypts signing keys at rest. Development falls back to a fixed key (never elsewhere).
    key_encryption_secret: SecretStr | None = None
    access_token_ttl_seconds: int = 24 * 3600  # the seed's default
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
