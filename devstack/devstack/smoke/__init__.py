"""Smoke tests for a running platform (`devstack smoke`)."""

from devstack.smoke.runner import run_smoke

__all__ = ["run_smoke"]
