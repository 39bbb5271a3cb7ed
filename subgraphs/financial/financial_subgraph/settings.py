"""Financial service settings (env prefix FINANCIAL_)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import SecretStr, field_validator

from service_runtime.settings import PLACEHOLDER_SECRETS, ServiceSettings, service_config

# Credentials of optional integrations: unset switches the integration off; set, they must be
# real (the same placeholder rule as the shared secret_fields, which are always required).
OPTIONAL_SECRETS: tuple[str, ...] = ("gocardless_access_token", "gocardless_webhook_secret")
OPTIONAL_SECRETS += ("bank_data_secret_id", "bank_data_secret_key")


class FinancialSettings(ServiceSettings):
    service_name: ClassVar[str] = "financial-svc"
    model_config = service_config("FINANCIAL_")

    port: int = 3002
    # Statement files (up to 32 MiB of text) travel inside the GraphQL request.
    max_request_bytes: int = 48 * 1024 * 1024
    # Upper bound of `first` on list queries.
    max_page_size: int = 100
    # Recurring invoices and payment reminders run in the background this often (one replica
    # at a time); 0 switches the background run off (runSchedules still works).
    schedules_interval_seconds: float = 300.0

    # GoCardless Pro (Direct Debit). base_url overrides the environment's API URL (tests and
    # development point it at devstack's fake). Without a token the GoCardless mutations
    # answer NOT_CONFIGURED; without a webhook secret every webhook is refused (498).
    gocardless_access_token: SecretStr | None = None
    gocardless_environment: Literal["sandbox", "live"] = "sandbox"
    gocardless_base_url: str | None = None
    gocardless_webhook_secret: SecretStr | None = None
    gocardless_timeout_seconds: float = 20.0
    # GoCardless Bank Account Data (formerly Nordigen): bank transaction sync.
    bank_data_secret_id: SecretStr | None = None
    bank_data_secret_key: SecretStr | None = None
    bank_data_base_url: str = "https://bankaccountdata.gocardless.com/api/v2"

    @field_validator(*OPTIONAL_SECRETS, mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        # compose passes "" for a variable .env leaves empty.
        return None if value == "" else value

    @field_validator(*OPTIONAL_SECRETS)
    @classmethod
    def _optional_secret_is_real(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            text = value.get_secret_value().strip().lower()
            if text in PLACEHOLDER_SECRETS or text.startswith("replace-with") or len(text) < 16:
                raise ValueError("looks like a placeholder; set the real credential or leave unset")
        return value
