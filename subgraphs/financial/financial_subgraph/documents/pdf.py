"""HTML to PDF with WeasyPrint, offline: only data: URIs (inline logos) are ever fetched."""

from __future__ import annotations

import threading
from typing import Any

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# WeasyPrint shares Pango/fontconfig state between documents; renders are serialised per
# process (callers run them in a worker thread, so the event loop never waits on layout).
_render_lock = threading.Lock()

# PDF/A-3b: the archival variant Factur-X requires, as it allows embedded XML files.
FACTURX_VARIANT = "pdf/a-3b"


class DataUriOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no types
    """Refuses every URL but data: (http, file, ftp...): a template never reaches out."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"Not fetched (only data: URIs are allowed): {url[:200]}")
        response: URLFetcherResponse = super().fetch(url, headers)
        return response


def render_pdf(html: str, *, pdf_variant: str | None = None) -> bytes:
    """The PDF of `html` (a complete page); `pdf_variant` e.g. FACTURX_VARIANT."""
    document = HTML(string=html, url_fetcher=DataUriOnlyFetcher())
    with _render_lock:
        pdf: bytes = document.write_pdf(pdf_variant=pdf_variant)
    return pdf
