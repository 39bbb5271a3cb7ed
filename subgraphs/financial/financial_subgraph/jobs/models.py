"""financial.jobs: the financial service's background jobs (created by migration 0011)."""

from __future__ import annotations

from financial_subgraph.base import Base
from service_runtime.jobs import jobs_table

jobs = jobs_table(Base.metadata)
