"""The render processes never outlive the service: a service killed mid-render (SIGKILL, the
OOM killer) leaves no fork server and no worker laying out a runaway document."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import time

import psutil

# A service in miniature: a renderer busy with a document that lays out for minutes.
SERVICE = """
import asyncio, uuid
from financial_subgraph.documents.document_files import render_document
from financial_subgraph.documents.html import TemplateSource
from financial_subgraph.documents.output import LoadedDocument, OutputFormat
from financial_subgraph.documents.render.renderer import DocumentRenderer, RenderLimits
from financial_subgraph.documents.sample import sample_document
from financial_subgraph.documents.view import DocumentKind

HUGE = '{% for n in range(20000) %}<p style="break-after: page">{{ n }}</p>{% endfor %}'

async def main():
    renderer = DocumentRenderer(RenderLimits(timeout_seconds=600, max_pages=10**6, memory_mb=0))
    document = LoadedDocument(sample_document(DocumentKind.INVOICE), TemplateSource(HUGE))
    await render_document(renderer, uuid.uuid4(), document, OutputFormat.PDF)

asyncio.run(main())
"""


def test_killing_the_service_mid_render_ends_its_render_processes() -> None:
    service = subprocess.Popen([sys.executable, "-c", SERVICE])
    parent = psutil.Process(service.pid)
    descendants: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        busy: list[psutil.Process] = []
        while time.monotonic() < deadline and not busy:  # wait for a worker to be laying out
            time.sleep(0.5)
            # Workers are the fork server's children, the service's grandchildren.
            workers = [p for p in parent.children(recursive=True) if p.ppid() != service.pid]
            # Seconds of CPU: past the template run (a fraction of a second), in the layout.
            busy = [p for p in workers if sum(p.cpu_times()[:2]) > 3]
        assert busy, "no render worker started"
        descendants = parent.children(recursive=True)
        service.send_signal(signal.SIGKILL)
        service.wait()
        _gone, alive = psutil.wait_procs(descendants, timeout=5)
        assert not alive, alive
    finally:  # on a failure, leave nothing running behind
        with contextlib.suppress(psutil.NoSuchProcess):
            descendants += parent.children(recursive=True)
        for process in [parent, *descendants]:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
