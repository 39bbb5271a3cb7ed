"""Financial service settings (env prefix FINANCIAL_)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr, field_validator

from service_runtime.settings import PLACEHOLDER_SECRETS, ServiceSettings, service_config

# Credentials of optional integrations: unset switches the integration off; set, they must be
# real (the same placeholder rule as the shared secret_fields, which are always required).
OPTIONAL_SECRETS: tuple[str, ...] = ("gocardless_access_token", "gocardless_webhook_secret")
OPTIONAL_SECRETS += ("bank_data_secret_id", "bank_data_secret_key")
MIN_RENDER_MEMORY_MB = 320


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
    # Business dates people enter (issue, due, payment and schedule dates) must fall within
    # this many years before / after today (date_window.py): year 1 or 9999 is refused.
    date_window_past_years: int = Field(default=10, ge=0, le=100)
    date_window_future_years: int = Field(default=5, ge=0, le=100)
    # A bank transaction booked more than this many days before an invoice's issue date is
    # never recorded as its payment automatically (slack for clocks and time zones); it goes
    # to review instead.
    early_payment_tolerance_days: int = Field(default=3, ge=0, le=31)

    # Document rendering (template + PDF layout) runs in worker processes, each render bounded:
    # killed render_timeout_seconds after it asked for a slot, wait included (RENDER_TIMEOUT;
    # keep it under the router's upstream timeout, 10 s by default), past render_max_pages
    # pages (RENDER_TOO_LARGE) or render_memory_mb of address space per worker
    # (RENDER_MEMORY_EXCEEDED; 0 = no limit). An organisation renders at most
    # render_per_organization documents at once (per replica); a render waits at most
    # render_queue_seconds for a slot, else RENDER_BUSY.
    render_workers: int = Field(default=2, ge=1, le=64)
    render_timeout_seconds: float = Field(default=8.0, gt=0, le=600)
    render_memory_mb: int = Field(default=768, ge=0)
    render_max_pages: int = Field(default=200, ge=1)
    render_per_organization: int = Field(default=1, ge=1)
    render_queue_seconds: float = Field(default=3.0, ge=0, le=600)

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

    @field_validator("render_memory_mb")
    @classmethod
    def _room_for_weasyprint(cls, value: int) -> int:
        # A worker maps ~110 MB before its first page and ~280 MB once it has laid out the
        # built-in invoice (fonts, Pango's threads and their malloc arenas): below this even a
        # one-page invoice may fail.
        if 0 < value < MIN_RENDER_MEMORY_MB:
            raise ValueError(f"must be 0 (no limit) or at least {MIN_RENDER_MEMORY_MB}")
        return value

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
