"""Financial service settings (env prefix FINANCIAL_)."""

from __future__ import annotations

from typing import ClassVar

from service_runtime.settings import ServiceSettings, service_config


class FinancialSettings(ServiceSettings):
    service_name: ClassVar[str] = "financial-svc"
    model_config = service_config("FINANCIAL_")

    port: int = 3002
    # Upper bound of `first` on list queries.
    max_page_size: int = 100
