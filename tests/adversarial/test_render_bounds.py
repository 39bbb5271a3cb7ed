"""Issue 8, item 5: one organisation's huge document must not block rendering for everyone.

Through the router, on the stack's default render bounds (FINANCIAL_RENDER_*: 8 s, 200
pages, 768 MB per worker, one render per organisation at a time, 3 s wait for a slot): a
template producing 20 000 pages is refused with a typed error before the router's 10 s
upstream timeout, the financial process does not grow, another tenant's invoicePdf is served
meanwhile, and after the killed render the same tenant renders again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import httpx
import psutil
import pytest

from devstack.factories.financial import create_client, create_issued_invoice, line
from devstack.stack import Stack
from devstack.testing import register_owner, router_graphql

pytestmark = pytest.mark.e2e

RENDERED = """__typename ... on RenderedDocument { filename byteSize }
  ... on DocumentError { code message }"""
PREVIEW = f"""query($input: PreviewDocumentTemplateInput!) {{
  previewDocumentTemplate(input: $input) {{ {RENDERED} }} }}"""
INVOICE_PDF = f"query($id: ID!) {{ invoicePdf(id: $id) {{ {RENDERED} }} }}"

# 20 000 one-line pages: about 800 000 characters of HTML, within the template limits; laid
# out whole it took minutes and over a gigabyte before the bounds.
HUGE = '{% for n in range(20000) %}<p style="break-after: page">{{ n }}</p>{% endfor %}'
REFUSED = {"RENDER_TIMEOUT", "RENDER_TOO_LARGE", "RENDER_MEMORY_EXCEEDED"}
ROUTER_UPSTREAM_TIMEOUT = 10.0
MEMORY_LIMIT_MB = 768


async def preview(router: httpx.AsyncClient, token: str, html: str | None) -> dict[str, Any]:
    body = await router_graphql(router, PREVIEW, token, input={"html": html})
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["previewDocumentTemplate"]
    return result


async def issued_invoice(router: httpx.AsyncClient, token: str) -> str:
    client = await create_client(router, token, "Bystander plc")
    audit = line("Audit", unit_price="100")
    issued = await create_issued_invoice(router, token, client["id"], lines=[audit])
    invoice_id: str = issued["id"]
    return invoice_id


class MemoryWatch:
    """Peak resident memory of the financial service and of each of its render workers."""

    def __init__(self, pid: int) -> None:
        self.service = psutil.Process(pid)
        self.service_peak = self.service_start = self.service.memory_info().rss
        self.worker_peak = 0

    async def run(self) -> None:
        while True:
            self.service_peak = max(self.service_peak, self.service.memory_info().rss)
            for child in self.service.children(recursive=True):
                with contextlib.suppress(psutil.NoSuchProcess):  # a killed worker
                    self.worker_peak = max(self.worker_peak, child.memory_info().rss)
            await asyncio.sleep(0.1)


async def test_a_huge_template_is_refused_in_time_and_memory_and_nothing_is_written(
    router: httpx.AsyncClient, owner_token: str, running_stack: Stack, snapshot: Any
) -> None:
    process = running_stack.services["financial"].process
    assert process is not None
    watch = MemoryWatch(process.pid)
    watcher = asyncio.ensure_future(watch.run())
    before = await snapshot()
    started = time.monotonic()
    try:
        refused = await preview(router, owner_token, HUGE)
    finally:
        watcher.cancel()
    elapsed = time.monotonic() - started
    assert refused["__typename"] == "DocumentError", refused
    assert refused["code"] in REFUSED, refused
    assert elapsed < ROUTER_UPSTREAM_TIMEOUT, elapsed
    # The layout ran in a worker: the service itself did not grow with the document.
    assert watch.service_peak - watch.service_start < 100 * 2**20, watch.service_peak
    assert watch.worker_peak < MEMORY_LIMIT_MB * 2**20, watch.worker_peak
    assert await snapshot() == before
    # The killed worker was replaced: the same tenant renders again.
    again = await preview(router, owner_token, None)
    assert again["__typename"] == "RenderedDocument", again


async def test_another_tenant_renders_while_one_tenant_renders_a_huge_document(
    router: httpx.AsyncClient, owner_token: str
) -> None:
    bystander = await register_owner(router, "bystander")
    invoice_id = await issued_invoice(router, bystander)
    huge = asyncio.ensure_future(preview(router, owner_token, HUGE))
    await asyncio.sleep(1.0)  # the huge render has its worker now
    started = time.monotonic()
    body = await router_graphql(router, INVOICE_PDF, bystander, id=invoice_id)
    served_in = time.monotonic() - started
    assert body["data"]["invoicePdf"]["__typename"] == "RenderedDocument", body
    assert served_in < 5, served_in
    # Meanwhile the huge tenant's second render waits for its own slot, then is told so.
    second = await preview(router, owner_token, None)
    assert second["code"] == "RENDER_BUSY", second
    assert not huge.done()  # all of the above happened while the huge render ran
    assert (await huge)["code"] in REFUSED
