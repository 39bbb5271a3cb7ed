"""GraphiQL (about 9 MB of inlined editor) is served compressed and cacheable."""

from __future__ import annotations

import gzip

import brotli  # fonttools' (WeasyPrint's) Brotli binding, already in the lock
import httpx
import pytest

pytestmark = pytest.mark.e2e

DECODERS = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda raw: raw}


async def page(http: httpx.AsyncClient, url: str, **headers: str) -> tuple[httpx.Response, bytes]:
    """The response and its body exactly as sent (httpx would otherwise decode it)."""
    sent = {"accept": "text/html", **headers}
    async with http.stream("GET", f"{url}/graphql", headers=sent) as response:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, raw


@pytest.mark.parametrize(
    ("accepted", "encoding"),
    [("br, gzip", "br"), ("gzip, deflate", "gzip"), ("br;q=0, gzip", "gzip"), ("identity", None)],
)
async def test_graphiql_is_sent_in_the_best_encoding_the_browser_accepts(
    http: httpx.AsyncClient, router_url: str, accepted: str, encoding: str | None
) -> None:
    _, plain = await page(http, router_url, **{"accept-encoding": "identity"})
    assert b"<title>Finance supergraph</title>" in plain
    response, raw = await page(http, router_url, **{"accept-encoding": accepted})
    assert response.status_code == 200
    assert response.headers.get("content-encoding") == encoding
    assert response.headers["vary"] == "Accept-Encoding"
    assert DECODERS[encoding](raw) == plain
    if encoding:
        assert len(raw) < len(plain) / 3


async def test_graphiql_is_revalidated_with_its_etag(
    http: httpx.AsyncClient, router_url: str
) -> None:
    first, _ = await page(http, router_url, **{"accept-encoding": "gzip"})
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again, raw = await page(http, router_url, **{"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304
    assert raw == b""
    assert again.headers["etag"] == etag
