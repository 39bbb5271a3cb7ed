"""The worker's page cap, run in this process: WeasyPrint stops at page cap + 1."""

from __future__ import annotations

import logging

import pytest

from financial_subgraph.documents.output import PreparedDocument
from financial_subgraph.documents.render.worker import (
    PAGE_MESSAGE,
    PROGRESS_LOGGER,
    TooManyPagesError,
    pdf_in_worker,
)

from .conftest import pdf_text


def pages(count: int) -> PreparedDocument:
    body = "".join(f'<p style="break-after: page">Page {n}</p>' for n in range(1, count + 1))
    return PreparedDocument("many.pdf", f"<html><body>{body}</body></html>", None, "en")


def test_layout_stops_past_the_page_cap() -> None:
    # Pins the coupling to WeasyPrint's per-page progress record: if it changes, this fails.
    laid_out: list[int] = []

    class Seen(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            if record.msg == PAGE_MESSAGE:
                laid_out.append(1)
            return True

    progress = logging.getLogger(PROGRESS_LOGGER)
    seen = Seen()
    progress.addFilter(seen)  # before the counter: sees every page the counter sees
    try:
        with pytest.raises(TooManyPagesError) as refused:
            pdf_in_worker(pages(500), max_pages=20)
    finally:
        progress.removeFilter(seen)
    assert refused.value.max_pages == 20
    assert len(laid_out) == 21  # not 500: the layout stopped, it did not finish first


def test_a_document_at_the_cap_renders_whole() -> None:
    text = pdf_text(pdf_in_worker(pages(20), max_pages=20))
    assert "Page 1" in text
    assert "Page 20" in text


def test_the_counter_is_removed_after_each_render() -> None:
    pdf_in_worker(pages(3), max_pages=5)
    assert pdf_in_worker(pages(4), max_pages=5)  # a leftover counter would have seen 7
    assert not logging.getLogger(PROGRESS_LOGGER).filters
