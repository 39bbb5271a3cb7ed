"""Live events for GraphQL subscriptions: Redis pub/sub per organisation, fanned out per
process, served over graphql-ws to authenticated, tenant-scoped subscribers (docs/live.md)."""

from service_runtime.live.broker import LiveBroker, LiveSubscription
from service_runtime.live.channels import channel_for, publish_live
from service_runtime.live.connection import LiveAccess, LiveConnection, presented_token
from service_runtime.live.graphql_router import LiveGraphQLRouter

__all__ = [
    "LiveAccess",
    "LiveBroker",
    "LiveConnection",
    "LiveGraphQLRouter",
    "LiveSubscription",
    "channel_for",
    "presented_token",
    "publish_live",
]
