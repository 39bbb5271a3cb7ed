"""GoCardless settings: optional, but when given they must be real credentials."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from financial_subgraph.settings import FinancialSettings

BASE = {
    "database_url": "postgresql+asyncpg://x/y",
    "redis_url": "redis://x",
    "environment": "production",
}


def settings(**values: Any) -> FinancialSettings:
    return FinancialSettings(_env_file=None, **BASE, **values)


def test_unset_or_empty_credentials_switch_the_integration_off() -> None:
    assert settings().gocardless_access_token is None
    empty = settings(gocardless_access_token="", gocardless_webhook_secret="")
    assert (empty.gocardless_access_token, empty.gocardless_webhook_secret) == (None, None)


@pytest.mark.parametrize(
    "field", ["gocardless_access_token", "gocardless_webhook_secret", "bank_data_secret_key"]
)
@pytest.mark.parametrize("value", ["changeme", "replace-with-32-random-bytes", "short-token"])
def test_placeholder_credentials_are_refused(field: str, value: str) -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        settings(**{field: value})


def test_real_credentials_and_the_environment_are_kept() -> None:
    configured = settings(
        gocardless_access_token="live_aB3dE5gH7jK9mN1pQ3sT5v",
        gocardless_environment="live",
    )
    assert configured.gocardless_access_token is not None
    assert configured.gocardless_access_token.get_secret_value().startswith("live_")
    with pytest.raises(ValidationError):
        settings(gocardless_environment="staging")
