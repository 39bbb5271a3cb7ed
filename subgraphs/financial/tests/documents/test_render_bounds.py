"""The renderer's bounds with real worker processes: each refusal is a typed error, a killed
worker is replaced, and the next render works."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from pydantic import ValidationError

from financial_subgraph.documents.document_files import render_document
from financial_subgraph.documents.errors import DocumentError, DocumentErrorCode
from financial_subgraph.documents.html import TemplateSource, default_template
from financial_subgraph.documents.output import LoadedDocument, OutputFormat, RenderedFile
from financial_subgraph.documents.render.renderer import DocumentRenderer, RenderLimits
from financial_subgraph.documents.sample import sample_document
from financial_subgraph.documents.view import DocumentKind
from financial_subgraph.settings import FinancialSettings

from .conftest import pdf_text

VIEW = sample_document(DocumentKind.INVOICE)
INVOICE = LoadedDocument(VIEW, default_template())


def pages(count: int) -> LoadedDocument:
    html = (
        f'{{% for n in range({count}) %}}<p style="break-after: page">{{{{ n }}}}</p>{{% endfor %}}'
    )
    return LoadedDocument(VIEW, TemplateSource(html))


@pytest.fixture
async def renderer() -> AsyncIterator[DocumentRenderer]:
    renderer = DocumentRenderer(RenderLimits(workers=2, timeout_seconds=4, max_pages=30))
    await renderer.start()
    try:
        yield renderer
    finally:
        await renderer.stop()


async def render(
    renderer: DocumentRenderer, document: LoadedDocument, org: uuid.UUID | None = None
) -> RenderedFile | DocumentError:
    return await render_document(renderer, org or uuid.uuid4(), document, OutputFormat.PDF)


def code(outcome: RenderedFile | DocumentError) -> DocumentErrorCode | None:
    return outcome.code if isinstance(outcome, DocumentError) else None


async def test_a_document_past_the_page_cap_is_too_large(renderer: DocumentRenderer) -> None:
    outcome = await render(renderer, pages(200))
    assert code(outcome) is DocumentErrorCode.RENDER_TOO_LARGE
    assert isinstance(outcome, DocumentError)
    assert "30 pages" in outcome.message


async def test_html_nested_too_deeply_is_refused_before_layout(renderer: DocumentRenderer) -> None:
    # documents/nesting.py refuses it before WeasyPrint sees it (the worker's RecursionError
    # guard, RENDER_TOO_LARGE, stays as the backstop).
    nested = (
        "{% for n in range(2000) %}<div>{% endfor %}x{% for n in range(2000) %}</div>{% endfor %}"
    )
    outcome = await render(renderer, LoadedDocument(VIEW, TemplateSource(nested)))
    assert code(outcome) is DocumentErrorCode.TEMPLATE_ERROR
    assert isinstance(outcome, DocumentError)
    assert "nests elements" in outcome.message


async def test_a_slow_render_is_killed_at_the_deadline_and_the_next_one_works(
    renderer: DocumentRenderer,
) -> None:
    started = time.monotonic()
    outcome = await render(renderer, pages(20_000))  # the box tree alone takes > 4 s
    assert code(outcome) is DocumentErrorCode.RENDER_TIMEOUT
    assert time.monotonic() - started < 4 + 3  # killed, not laid out to the end
    after = await render(renderer, INVOICE)
    assert isinstance(after, RenderedFile), after
    assert "2026-0042" in pdf_text(after.content)


async def test_a_render_past_the_memory_limit_is_refused_and_the_worker_replaced() -> None:
    limits = RenderLimits(workers=1, timeout_seconds=120, memory_mb=320, max_pages=100_000)
    renderer = DocumentRenderer(limits)
    try:
        outcome = await render(renderer, pages(20_000))  # ~540 MB of address space unbounded
        assert code(outcome) is DocumentErrorCode.RENDER_MEMORY_EXCEEDED
        assert isinstance(await render(renderer, INVOICE), RenderedFile)
    finally:
        await renderer.stop()


async def test_one_organisation_renders_one_document_at_a_time(
    renderer: DocumentRenderer,
) -> None:
    tenant, other = uuid.uuid4(), uuid.uuid4()
    renderer.slots.wait_seconds = 0.2
    slow = asyncio.ensure_future(render(renderer, pages(20_000), tenant))
    await asyncio.sleep(0.1)
    second, others = await asyncio.gather(
        render(renderer, INVOICE, tenant), render(renderer, INVOICE, other)
    )
    assert code(second) is DocumentErrorCode.RENDER_BUSY
    assert isinstance(others, RenderedFile), others  # the other tenant was not held up
    assert code(await slow) is DocumentErrorCode.RENDER_TIMEOUT


async def test_a_cancelled_render_frees_its_slot(renderer: DocumentRenderer) -> None:
    tenant = uuid.uuid4()
    slow = asyncio.ensure_future(render(renderer, pages(20_000), tenant))
    await asyncio.sleep(0.3)
    slow.cancel()  # the client went away: the task (and its worker) is abandoned
    with pytest.raises(asyncio.CancelledError):
        await slow
    assert renderer.slots.busy(tenant) == 0
    assert isinstance(await render(renderer, INVOICE, tenant), RenderedFile)


def test_a_memory_limit_too_small_for_any_document_is_refused() -> None:
    env = {"database_url": "postgresql://x/y", "redis_url": "redis://x"}
    with pytest.raises(ValidationError, match="render_memory_mb"):
        FinancialSettings(**env, render_memory_mb=64)
    assert FinancialSettings(**env, render_memory_mb=0).render_memory_mb == 0  # no limit
