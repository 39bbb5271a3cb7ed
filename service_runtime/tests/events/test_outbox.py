"""emit(): events ride on the caller's transaction."""

from __future__ import annotations

import pytest

from events.scenario import Scenario
from service_runtime.events import emit


class ChangeRejectedError(Exception):
    pass


async def emit_in_rejected_change(scenario: Scenario) -> None:
    async with scenario.database.write() as session:
        await emit(session, scenario.outbox, scenario.payload_type(sequence=0), None)
        raise ChangeRejectedError


async def test_event_emitted_in_rolled_back_transaction_is_never_published(
    scenario: Scenario,
) -> None:
    with pytest.raises(ChangeRejectedError):
        await emit_in_rejected_change(scenario)

    assert await scenario.relay().relay_once() == 0
    assert await scenario.redis.exists(scenario.stream) == 0


async def test_event_emitted_in_committed_transaction_waits_in_outbox_until_relayed(
    scenario: Scenario,
) -> None:
    await scenario.emit_things(2)

    assert await scenario.unpublished_count() == 2
    assert await scenario.redis.exists(scenario.stream) == 0
