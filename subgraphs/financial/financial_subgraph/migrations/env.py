"""Alembic environment for the financial schema (version table financial.alembic_version)."""

# Imported for their side effect: the models register their tables on the metadata.
import financial_subgraph.tables  # noqa: F401
from financial_subgraph.base import Base
from service_runtime.migrations import run_env

run_env(Base.metadata)
