"""Alembic environment for the financial schema (version table financial.alembic_version)."""

import financial_subgraph.client.models  # noqa: F401  (models register on the metadata)
from financial_subgraph.base import Base
from service_runtime.migrations import run_env

run_env(Base.metadata)
