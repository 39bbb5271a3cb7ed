"""Per-organisation render slots: one organisation waits for its own slot, the others go on."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from financial_subgraph.documents.render.slots import NoRenderSlotError, RenderSlots


async def test_a_second_render_of_one_organisation_waits_and_then_gives_up() -> None:
    slots = RenderSlots(workers=2, per_organization=1, wait_seconds=0.2)
    busy = uuid.uuid4()
    async with slots.slot(busy):
        with pytest.raises(NoRenderSlotError):
            async with slots.slot(busy):
                pass
        assert slots.busy(busy) == 1
    assert slots.busy(busy) == 0  # the entry is gone: the map holds only active tenants


async def test_another_organisation_renders_while_one_holds_its_slot() -> None:
    slots = RenderSlots(workers=2, per_organization=1, wait_seconds=0.2)
    async with slots.slot(uuid.uuid4()), slots.slot(uuid.uuid4()):
        pass


async def test_a_waiting_render_starts_once_the_slot_frees() -> None:
    slots = RenderSlots(workers=2, per_organization=1, wait_seconds=2)
    tenant, order = uuid.uuid4(), []

    async def render(name: str, seconds: float) -> None:
        async with slots.slot(tenant):
            order.append(f"{name} started")
            await asyncio.sleep(seconds)

    await asyncio.gather(render("first", 0.1), render("second", 0))
    assert order == ["first started", "second started"]


async def test_a_tenant_waiting_for_its_own_slot_holds_no_worker_slot() -> None:
    # Two workers: the greedy tenant's queued render must not take the second from the other.
    slots = RenderSlots(workers=2, per_organization=1, wait_seconds=0.3)
    greedy, other = uuid.uuid4(), uuid.uuid4()
    async with slots.slot(greedy):
        queued = asyncio.ensure_future(slots.slot(greedy).__aenter__())
        await asyncio.sleep(0.05)
        async with slots.slot(other):
            pass
        with pytest.raises(NoRenderSlotError):
            await queued


async def test_all_workers_busy_makes_everyone_wait() -> None:
    slots = RenderSlots(workers=1, per_organization=1, wait_seconds=0.1)
    async with slots.slot(uuid.uuid4()):
        with pytest.raises(NoRenderSlotError):
            async with slots.slot(uuid.uuid4()):
                pass
