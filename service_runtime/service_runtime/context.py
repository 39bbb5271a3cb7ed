"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import redis.asyncio as redis
from strawberry.fastapi import BaseContext

from service_runtime.database import Database
from service_runtime.tokens import Principal

if TYPE_CHECKING:
    from service_runtime.live import LiveConnection

SettingsT = TypeVar("SettingsT")


@dataclass
class RequestContext(BaseContext, Generic[SettingsT]):
    """Built fresh for every request: DataLoaders (service_runtime.loaders) live in it, so
    nothing leaks across requests or tenants."""

    request_id: str
    principal: Principal | None
    database: Database
    redis: redis.Redis
    settings: SettingsT
    client_ip: str | None = None
    # This request's DataLoaders by class, created on first use (service_runtime.loaders).
    loader_instances: dict[type, Any] = field(default_factory=dict)
    # Set on an authenticated WebSocket (service_runtime.live): its subscriptions' feed.
    live: LiveConnection | None = None

    def __post_init__(self) -> None:
        super().__init__()
