"""Domain events: transactional outbox -> relay -> Redis Streams -> consumer groups with an inbox.

A change and its events commit in one transaction (`emit`); `OutboxRelay` publishes them;
`EventConsumer` applies each event at most once (inbox row in the same transaction as the
effects) and at least once (unacknowledged messages are reclaimed and retried with backoff,
then dead-lettered). See docs/events.md.
"""

from service_runtime.events.consumer import EventConsumer
from service_runtime.events.envelope import EventEnvelope, EventPayload, stream_for
from service_runtime.events.outbox import emit
from service_runtime.events.relay import OutboxRelay
from service_runtime.events.tables import inbox_table, outbox_table

__all__ = [
    "EventConsumer",
    "EventEnvelope",
    "EventPayload",
    "OutboxRelay",
    "emit",
    "inbox_table",
    "outbox_table",
    "stream_for",
]
