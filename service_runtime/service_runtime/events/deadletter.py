"""Dead letters: messages a consumer group gave up on, kept for inspection and replay.

`python -m service_runtime.events.deadletter list|replay --stream events:auth --group comm`
"""

from __future__ import annotations

import argparse
import asyncio
import json
from datetime import UTC, datetime

import redis.asyncio as redis


def dead_letter_stream(stream: str) -> str:
    return f"{stream}:dead-letter"


async def dead_letter(
    redis_client: redis.Redis,
    stream: str,
    group: str,
    message_id: bytes,
    fields: dict[bytes, bytes],
    error: Exception,
    attempts: int,
) -> None:
    entry = {
        b"group": group.encode(),
        b"source_id": message_id,
        b"error": repr(error)[:2000].encode(),
        b"attempts": str(attempts).encode(),
        b"failed_at": datetime.now(UTC).isoformat().encode(),
        **{b"field:" + key: value for key, value in fields.items()},
    }
    await redis_client.xadd(dead_letter_stream(stream), entry)  # type: ignore[arg-type]


async def list_dead_letters(
    redis_client: redis.Redis, stream: str, group: str | None = None
) -> list[tuple[bytes, dict[bytes, bytes]]]:
    entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis_client.xrange(  # type: ignore[assignment]
        dead_letter_stream(stream)
    )
    wanted = None if group is None else group.encode()
    return [(id_, fields) for id_, fields in entries if wanted in (None, fields[b"group"])]


async def replay_dead_letters(redis_client: redis.Redis, stream: str, group: str) -> int:
    """Put a group's dead letters back on the stream and remove them from the dead-letter stream.

    Every group sees the replayed message again; groups that already applied it skip it
    through their inbox, so a replay never applies anything twice.
    """
    replayed = 0
    for entry_id, fields in await list_dead_letters(redis_client, stream, group):
        original = {
            key.removeprefix(b"field:"): value
            for key, value in fields.items()
            if key.startswith(b"field:")
        }
        async with redis_client.pipeline(transaction=True) as pipe:
            pipe.xadd(stream, original)  # type: ignore[arg-type]
            pipe.xdel(dead_letter_stream(stream), entry_id)
            await pipe.execute()
        replayed += 1
    return replayed


async def _main(args: argparse.Namespace) -> None:
    client = redis.from_url(args.redis_url)
    try:
        if args.command == "replay":
            count = await replay_dead_letters(client, args.stream, args.group)
            print(json.dumps({"replayed": count}))
            return
        for entry_id, fields in await list_dead_letters(client, args.stream, args.group):
            print(
                json.dumps(
                    {"id": entry_id.decode(), **{k.decode(): v.decode() for k, v in fields.items()}}
                )
            )
    finally:
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description="Inspect or replay dead-lettered events")
    parser.add_argument("command", choices=["list", "replay"])
    parser.add_argument("--stream", required=True, help="e.g. events:auth")
    parser.add_argument("--group", help="consumer group (required for replay)")
    parser.add_argument("--redis-url", required=True)
    args = parser.parse_args()
    if args.command == "replay" and not args.group:
        parser.error("replay needs --group")
    asyncio.run(_main(args))


if __name__ == "__main__":
    main()
