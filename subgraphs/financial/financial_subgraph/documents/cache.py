"""Finished PDFs in Redis, keyed by the digest of everything a PDF is made from.

The key is the SHA-256 of the complete HTML page (and the Factur-X XML), which already holds
every input: invoice, client, seller, template, branding and language. A changed payment or
template gives a new key, so entries never go stale and need no invalidation; an unchanged
document (every issued invoice until its next payment) skips WeasyPrint. A key reveals
nothing: finding an entry requires having rendered the very same page. Redis trouble only
costs the cache, never the render.
"""

from __future__ import annotations

import hashlib
import logging

import redis.asyncio as redis

PREFIX = "financial:documents:pdf:"
TIME_TO_LIVE_SECONDS = 24 * 3600

log = logging.getLogger(__name__)


def pdf_key(html: str, xml: bytes | None) -> str:
    digest = hashlib.sha256(html.encode())
    if xml is not None:
        digest.update(b"\0factur-x\0" + xml)
    return PREFIX + digest.hexdigest()


class PdfCache:
    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    async def get(self, key: str) -> bytes | None:
        try:
            found = await self.client.get(key)
        except redis.RedisError:
            log.warning("document cache unavailable (read)", exc_info=True)
            return None
        # The service's client returns bytes (no decode_responses); anything else is no hit.
        return found if isinstance(found, bytes) else None

    async def put(self, key: str, pdf: bytes) -> None:
        try:
            await self.client.set(key, pdf, ex=TIME_TO_LIVE_SECONDS)
        except redis.RedisError:
            log.warning("document cache unavailable (write)", exc_info=True)
