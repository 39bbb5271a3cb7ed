"""The typed request context every resolver receives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

import redis.asyncio as redis
from strawberry.fastapi import BaseContext

from service_runtime.database import Database
from service_runtime.tokens import Principal

if TYPE_CHECKING:
    from service_runtime.live import LiveConnection

LoadersT = TypeVar("LoadersT")
SettingsT = TypeVar("SettingsT")


@dataclass
class RequestContext(BaseContext, Generic[LoadersT, SettingsT]):
    """Built fresh for every request: DataLoaders never outlive it, so nothing leaks across
    requests or tenants."""

    request_id: str
    principal: Principal | None
    database: Database
    redis: redis.Redis
    settings: SettingsT
    loaders: LoadersT
    client_ip: str | None = None
    # Set on an authenticated WebSocket (service_runtime.live): its subscriptions' feed.
    live: LiveConnection | None = None

    def __post_init__(self) -> None:
        super().__init__()
