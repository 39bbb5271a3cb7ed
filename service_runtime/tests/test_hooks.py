"""In-process domain events: subscribers run in order, once each, and see the publisher's
event; a failing subscriber fails the publisher (so its transaction rolls back)."""

from __future__ import annotations

import pytest

from service_runtime.hooks import Hook


async def test_subscribers_run_in_the_order_they_subscribed_once_each() -> None:
    hook: Hook[str] = Hook("test.happened")
    seen: list[str] = []

    async def first(event: str) -> None:
        seen.append(f"first {event}")

    async def second(event: str) -> None:
        seen.append(f"second {event}")

    hook.subscribe(first)
    hook.subscribe(second)
    hook.subscribe(first)  # an app created twice subscribes twice
    await hook.publish("a")
    assert seen == ["first a", "second a"]


async def test_a_failing_subscriber_fails_the_publish() -> None:
    hook: Hook[int] = Hook("test.failed")

    async def refuse(event: int) -> None:
        raise ValueError(f"refused {event}")

    hook.subscribe(refuse)
    with pytest.raises(ValueError, match="refused 7"):
        await hook.publish(7)


async def test_without_subscribers_publishing_does_nothing() -> None:
    await Hook[int]("test.quiet").publish(1)
