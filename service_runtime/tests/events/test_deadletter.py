"""Dead letters: where a group's hopeless messages go, and how they come back."""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from events.scenario import GROUP, Scenario
from service_runtime.events import EventEnvelope, deadletter
from service_runtime.events.deadletter import replay_dead_letters

TIMEOUT_SECONDS = 10


class AlwaysFailing:
    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None:
        self.calls += 1
        raise RuntimeError(f"cannot apply {envelope.id}")


async def publish_one(scenario: Scenario) -> uuid.UUID:
    [event_id] = await scenario.emit_things(1)
    await scenario.relay_until_all_published()
    return event_id


async def test_message_failing_max_attempts_times_is_dead_lettered_with_error_and_acked(
    scenario: Scenario,
) -> None:
    event_id = await publish_one(scenario)
    handler = AlwaysFailing()

    await scenario.consume_until_quiet(scenario.consumer(handler=handler, max_attempts=3))

    assert handler.calls == 3
    [dead] = await scenario.dead_letters()
    assert dead[b"group"] == GROUP.encode()
    assert dead[b"attempts"] == b"3"
    assert f"cannot apply {event_id}" in dead[b"error"].decode()
    assert EventEnvelope.from_stream_fields({b"envelope": dead[b"field:envelope"]}).id == event_id
    assert await scenario.pending_count() == 0
    assert await scenario.inbox_event_ids() == []


async def test_replayed_dead_letter_is_applied_once_and_skipped_by_groups_that_applied_it(
    scenario: Scenario,
) -> None:
    event_id = await publish_one(scenario)
    broken = scenario.consumer(handler=AlwaysFailing(), max_attempts=1)
    mailer = scenario.consumer(group="mailer")
    await scenario.consume_until_quiet(broken)
    await scenario.consume_until_quiet(mailer)
    assert len(await scenario.dead_letters()) == 1

    assert await replay_dead_letters(scenario.redis, scenario.stream, GROUP) == 1
    await scenario.consume_until_quiet(scenario.consumer())  # the ledger handler, fixed
    await scenario.consume_until_quiet(mailer)

    assert await scenario.published_event_ids() == [event_id, event_id]
    assert await scenario.dead_letters() == []
    assert await scenario.applied_counts(GROUP) == {event_id: 1}
    assert await scenario.applied_counts("mailer") == {event_id: 1}
    assert await scenario.pending_count(GROUP) == await scenario.pending_count("mailer") == 0


CommandLine = Callable[..., Awaitable[list[dict[str, str]]]]


@pytest.fixture
def deadletter_cli(
    scenario: Scenario, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> CommandLine:
    """`python -m service_runtime.events.deadletter ...`, run in-process (a fresh interpreter
    would spend seconds importing); returns the JSON lines it printed."""

    async def run(*args: str) -> list[dict[str, str]]:
        redis_url = scenario.config.redis_url
        options = ["--stream", scenario.stream, "--group", GROUP, "--redis-url", redis_url]
        monkeypatch.setattr(sys, "argv", ["deadletter", *args, *options])
        capsys.readouterr()  # drop earlier output, such as the consumer's log lines
        await asyncio.wait_for(asyncio.to_thread(deadletter.main), TIMEOUT_SECONDS)
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    return run


async def test_cli_lists_dead_letters_and_replays_them(
    scenario: Scenario, deadletter_cli: CommandLine
) -> None:
    event_id = await publish_one(scenario)
    await scenario.consume_until_quiet(scenario.consumer(handler=AlwaysFailing(), max_attempts=1))

    [listed] = await deadletter_cli("list")
    assert listed["group"] == GROUP
    assert str(event_id) in listed["error"]
    assert await deadletter_cli("replay") == [{"replayed": 1}]

    assert await scenario.dead_letters() == []
    await scenario.consume_until_quiet(scenario.consumer())
    assert await scenario.applied_counts() == {event_id: 1}
