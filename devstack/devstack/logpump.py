"""Service output to the log sink, whatever the service prints.

A service's stdout is a pipe: if nobody reads it, the service blocks on its next write once the
pipe is full (64 KiB on Linux) and stops answering, even /health. asyncio's line reader gives up
on a line longer than its 64 KiB limit, so one long log line used to kill the reader and then
hang the service. Here output is read in chunks, split into lines by hand, and shown truncated;
whatever goes wrong with a line, the pipe keeps being drained.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

MAX_LINE_BYTES = 4096  # of one line as shown; the rest is counted, not kept
READ_CHUNK_BYTES = 64 * 1024

LineHandler = Callable[[str], None]


class LineSplitter:
    """Bytes in, complete lines out; memory stays bounded by `max_line` whatever the input."""

    def __init__(self, max_line: int = MAX_LINE_BYTES) -> None:
        self.max_line = max_line
        self._kept = bytearray()
        self._dropped = 0  # bytes of the current line beyond max_line

    def feed(self, chunk: bytes) -> list[str]:
        lines = []
        *complete, rest = chunk.split(b"\n")
        for piece in complete:
            self._keep(piece)
            lines.append(self._take())
        self._keep(rest)
        return lines

    def flush(self) -> list[str]:
        """The last line, when the output did not end with a newline."""
        return [self._take()] if self._kept or self._dropped else []

    def _keep(self, piece: bytes) -> None:
        room = self.max_line - len(self._kept)
        self._kept += piece[:room]
        self._dropped += max(0, len(piece) - room)

    def _take(self) -> str:
        line = bytes(self._kept).decode(errors="replace").rstrip("\r")
        if self._dropped:
            line += f" ... [{self._dropped} more bytes not shown]"
        self._kept.clear()
        self._dropped = 0
        return line


async def pump(stream: asyncio.StreamReader, handle: LineHandler, name: str) -> None:
    """Hand every line of `stream` to `handle` until end of file; never stops reading early."""
    splitter = LineSplitter()
    failures = 0
    try:
        while chunk := await stream.read(READ_CHUNK_BYTES):
            for line in splitter.feed(chunk):
                failures += _deliver(handle, line, name, failures)
        for line in splitter.flush():
            _deliver(handle, line, name, failures)
    except Exception as error:  # a bug here must not block the service: drain and discard
        print(
            f"devstack: log pump of {name} failed ({error!r}); discarding its output",
            file=sys.stderr,
        )
        while await stream.read(READ_CHUNK_BYTES):
            pass


def _deliver(handle: LineHandler, line: str, name: str, failures: int) -> int:
    """1 when `handle` failed (reported once per pump), else 0."""
    try:
        handle(line)
    except Exception as error:
        if failures == 0:
            print(f"devstack: could not show a log line of {name}: {error!r}", file=sys.stderr)
        return 1
    return 0
