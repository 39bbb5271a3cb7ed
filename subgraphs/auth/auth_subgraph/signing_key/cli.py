"""`python -m auth_subgraph.signing_key.cli rotate`: rotate the access-token signing key."""

from __future__ import annotations

import argparse
import asyncio

from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key.service import rotate_key
from service_runtime.database import Database


async def _rotate() -> str:
    settings = AuthSettings()
    database = Database(settings.database_url)
    try:
        async with database.write() as session:
            key = await rotate_key(session, settings)
        return key.kid
    finally:
        await database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["rotate"])
    parser.parse_args()
    print(f"new signing key: {asyncio.run(_rotate())}")


if __name__ == "__main__":
    main()
