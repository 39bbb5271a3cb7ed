"""What runs inside a render worker process (see render/pool.py): the template run and the
PDF layout, under a memory limit and a page cap.

The worker is a child process so that a runaway document costs only the worker: the pool
kills it at the deadline and starts another. Inside, two more bounds apply: RLIMIT_AS (a
malloc past it fails, so the worker answers "out of memory" and exits instead of growing the
service) and the page cap, counted while WeasyPrint lays the pages out, so a 20 000-page
template stops at page cap + 1 instead of being laid out whole first.
"""

from __future__ import annotations

import logging
import os
import resource
import signal

from financial_subgraph.documents.html import TemplateSource, check_template
from financial_subgraph.documents.output import (
    LoadedDocument,
    OutputFormat,
    PreparedDocument,
    prepare,
    to_pdf,
)
from financial_subgraph.documents.view import DocumentKind

# A worker that ran out of memory exits with this code: its heap (and Pango's, cairo's) may
# be half-built, so it is replaced rather than reused.
OUT_OF_MEMORY_EXIT = 86

# WeasyPrint reports each page it lays out on this logger (layout/page.py, at INFO).
PROGRESS_LOGGER = "weasyprint.progress"
PAGE_MESSAGE = "Step 5 - Creating layout - Page %d"
SERVICE_CHECK_SECONDS = 1.0


class TooManyPagesError(Exception):
    def __init__(self, max_pages: int) -> None:
        super().__init__(max_pages)
        self.max_pages = max_pages


class PageCounter(logging.Filter):
    """Counts pages as WeasyPrint lays them out and stops the layout past `max_pages` (the
    exception leaves WeasyPrint's page loop); drops every progress record (one per page)."""

    def __init__(self, max_pages: int) -> None:
        super().__init__()
        self.max_pages = max_pages
        self.pages = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == PAGE_MESSAGE:
            self.pages += 1
            if self.pages > self.max_pages:
                raise TooManyPagesError(self.max_pages)
        return False


def start_worker(memory_limit_mb: int, service_pid: int) -> None:
    """Pool initializer: cap the worker's address space, load WeasyPrint before any task."""
    _die_with_service(service_pid)
    if memory_limit_mb > 0:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # Warnings about a template's CSS concern its author, not the service's log.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    # Loaded here when the fork server did not preload them (a spawn start, a test).
    import weasyprint  # noqa: F401

    from financial_subgraph.documents.facturx import builder as facturx  # noqa: F401


def _die_with_service(service_pid: int) -> None:
    # The worker's parent is the fork server, which lives as long as any worker does (each
    # holds the fork server's liveness pipe), so neither notices a service killed mid-render
    # (SIGKILL, the OOM killer): the worker checks on the service itself, from a timer signal
    # (a thread would cost its stack and a malloc arena, ~70 MB of the address space limit).
    def check(_signal: int, _frame: object) -> None:
        try:
            os.kill(service_pid, 0)
        except ProcessLookupError:
            os._exit(1)

    signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, SERVICE_CHECK_SECONDS, SERVICE_CHECK_SECONDS)


def _out_of_memory() -> None:
    os._exit(OUT_OF_MEMORY_EXIT)  # no cleanup: nothing in this process is worth saving


def prepare_in_worker(document: LoadedDocument, output: OutputFormat) -> PreparedDocument:
    """The page (and e-invoice XML) of `document`: the template run, in the worker."""
    try:
        return prepare(document, output)
    except (MemoryError, SystemError):  # a failed allocation may surface as either
        _out_of_memory()
        raise  # unreachable: keeps type checkers aware that nothing is returned


def check_template_in_worker(source: TemplateSource, kind: DocumentKind) -> None:
    """TemplateRenderError unless `source` renders every validation sample of `kind`."""
    try:
        check_template(source, kind)
    except (MemoryError, SystemError):  # a failed allocation may surface as either
        _out_of_memory()


def pdf_in_worker(prepared: PreparedDocument, max_pages: int) -> bytes:
    """The PDF of `prepared`, or TooManyPagesError once layout passes `max_pages`."""
    progress = logging.getLogger(PROGRESS_LOGGER)
    counter = PageCounter(max_pages)
    progress.setLevel(logging.INFO)  # the counter only sees records the level lets through
    progress.propagate = False
    progress.addFilter(counter)
    try:
        return to_pdf(prepared)
    except (MemoryError, SystemError):  # a failed allocation may surface as either
        _out_of_memory()
        raise
    finally:
        progress.removeFilter(counter)
