"""In-process domain events: a lower domain announces what happened, higher domains react.

The publisher never imports its subscribers (the bank import does not know categorisation
exists); the app subscribes them at start-up, in the order they must run. Subscribers run in
the publisher's transaction, so what they write commits or rolls back with it. For effects
in other services use the outbox (service_runtime.events) instead.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

EventT = TypeVar("EventT")
Subscriber = Callable[[EventT], Awaitable[None]]


class Hook(Generic[EventT]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._subscribers: list[Subscriber[EventT]] = []

    def subscribe(self, subscriber: Subscriber[EventT]) -> None:
        """Run `subscriber` on every publish, after those subscribed before (once, however
        often an app is created)."""
        if subscriber not in self._subscribers:
            self._subscribers.append(subscriber)

    async def publish(self, event: EventT) -> None:
        for subscriber in self._subscribers:
            await subscriber(event)
