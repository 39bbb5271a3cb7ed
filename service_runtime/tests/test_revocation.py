"""The subgraphs' revocation check: one MGET, answers remembered for a second, fails open."""

from __future__ import annotations

import uuid
from typing import Any

import redis.asyncio as redis

from service_runtime.revocation import RevocationCheck, membership_key, session_key
from service_runtime.tokens import Principal


class FakeRedis:
    """Answers MGET from a dict, counts round trips, can go down."""

    def __init__(self) -> None:
        self.values: dict[str, bytes] = {}
        self.calls = 0
        self.down = False

    async def mget(self, keys: list[str]) -> list[bytes | None]:
        self.calls += 1
        if self.down:
            raise redis.ConnectionError("redis down")
        return [self.values.get(key) for key in keys]


def principal(version: int = 0) -> Principal:
    return Principal(
        user_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        scopes=frozenset(),
        session_id=uuid.uuid4(),
        token_version=version,
    )


def check(fake: FakeRedis) -> RevocationCheck:
    client: Any = fake
    return RevocationCheck(client)


async def test_a_revoked_session_is_revoked_in_one_round_trip() -> None:
    fake, token = FakeRedis(), principal()
    fake.values[session_key(token.session_id)] = b"logout"
    assert await check(fake).is_revoked(token)
    assert fake.calls == 1


async def test_a_lower_membership_version_is_revoked_and_the_current_one_is_not() -> None:
    fake, old, current = FakeRedis(), principal(version=0), principal(version=1)
    for token in (old, current):
        fake.values[membership_key(token.user_id, token.organization_id)] = b"1"
    revocations = check(fake)
    assert await revocations.is_revoked(old)
    assert not await revocations.is_revoked(current)


async def test_answers_are_remembered_for_a_second_only() -> None:
    fake, token = FakeRedis(), principal()
    revocations = check(fake)
    assert not await revocations.is_revoked(token)
    assert not await revocations.is_revoked(token)
    assert fake.calls == 1
    revocations._answers.clear()  # as if the second had passed
    fake.values[session_key(token.session_id)] = b"logout"
    assert await revocations.is_revoked(token)


async def test_fails_open_and_backs_off_while_redis_is_down() -> None:
    fake, token = FakeRedis(), principal()
    fake.values[session_key(token.session_id)] = b"logout"
    fake.down = True
    revocations = check(fake)
    assert not await revocations.is_revoked(token)
    assert not await revocations.is_revoked(token)
    assert fake.calls == 1  # the second request did not wait on a dead Redis
