"""Alembic environment for the auth schema (version table auth.alembic_version)."""

import auth_subgraph.organization.models
import auth_subgraph.session.models
import auth_subgraph.signing_key.models
import auth_subgraph.user.models  # noqa: F401  (models register on the metadata)
from auth_subgraph.base import Base
from service_runtime.migrations import run_env

run_env(Base.metadata)
