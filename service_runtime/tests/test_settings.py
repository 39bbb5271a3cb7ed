from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import SecretStr, ValidationError

from service_runtime.settings import ServiceSettings, service_config


class ExampleSettings(ServiceSettings):
    secret_fields: ClassVar[tuple[str, ...]] = ("signing_secret",)
    model_config = service_config("EXAMPLE_")
    signing_secret: SecretStr | None = None


BASE = {"database_url": "postgresql+asyncpg://x@/db", "redis_url": "redis://localhost"}


def test_env_prefix_is_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXAMPLE_DATABASE_URL", "postgresql+asyncpg://from-env@/db")
    monkeypatch.setenv("EXAMPLE_REDIS_URL", "redis://from-env")
    assert ExampleSettings().database_url == "postgresql+asyncpg://from-env@/db"  # type: ignore[call-arg]


def test_secret_may_be_missing_in_development() -> None:
    assert ExampleSettings(**BASE).signing_secret is None


def test_secret_is_required_outside_development() -> None:
    with pytest.raises(ValidationError, match="signing_secret is required"):
        ExampleSettings(**BASE, environment="production")


@pytest.mark.parametrize(
    "value", ["changeme", "secret", "short-one", "replace-with-32-random-bytes"]
)
def test_placeholder_secrets_are_rejected(value: str) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        ExampleSettings(**BASE, environment="production", signing_secret=value)


def test_real_secret_is_accepted() -> None:
    settings = ExampleSettings(
        **BASE, environment="production", signing_secret="k" * 8 + "Zq93-xT1pL"
    )
    assert settings.signing_secret is not None


@pytest.mark.parametrize("algorithms", [["HS256"], ["none"], [], ["RS256", "HS512"]])
def test_only_asymmetric_jwt_algorithms_are_allowed(algorithms: list[str]) -> None:
    with pytest.raises(ValidationError, match="asymmetric"):
        ExampleSettings(**BASE, jwt_algorithms=algorithms)
