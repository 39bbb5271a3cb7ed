"""Service output is split into lines by hand, shown truncated, and always drained."""

from __future__ import annotations

import asyncio

from devstack.logpump import LineSplitter, pump


def test_lines_split_across_chunks_come_out_whole() -> None:
    splitter = LineSplitter()
    assert splitter.feed(b"first\nsec") == ["first"]
    assert splitter.feed(b"ond\r\nthi") == ["second"]
    assert splitter.feed(b"rd") == []
    assert splitter.flush() == ["third"]
    assert splitter.flush() == []


def test_a_megabyte_line_is_shown_truncated_with_a_marker() -> None:
    splitter = LineSplitter(max_line=4096)
    lines = []
    for _ in range(16):  # 1 MiB in 64 KiB chunks, then the newline and a normal line
        lines += splitter.feed(b"x" * 65536)
    lines += splitter.feed(b"\nnext\n")
    assert lines == [
        "x" * 4096 + f" ... [{1024 * 1024 - 4096} more bytes not shown]",
        "next",
    ]
    assert len(splitter._kept) == 0


def test_memory_stays_bounded_while_a_line_goes_on() -> None:
    splitter = LineSplitter(max_line=100)
    for _ in range(1000):
        splitter.feed(b"y" * 10_000)
    assert len(splitter._kept) == 100


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    assert LineSplitter().feed(b"caf\xc3\n\xff\xfe ok\n") == ["caf\ufffd", "\ufffd\ufffd ok"]


def _stream(data: bytes) -> asyncio.StreamReader:
    stream = asyncio.StreamReader()
    stream.feed_data(data)
    stream.feed_eof()
    return stream


async def test_pump_hands_over_every_line_in_order() -> None:
    seen: list[str] = []
    await pump(_stream(b"a\n" + b"z" * 200_000 + b"\nb\nlast"), seen.append, "svc")
    assert seen[0] == "a"
    assert seen[1].startswith("z" * 4096)
    assert seen[1].endswith("more bytes not shown]")
    assert seen[2:] == ["b", "last"]


async def test_pump_keeps_draining_when_showing_a_line_fails() -> None:
    def broken(line: str) -> None:
        raise BrokenPipeError("terminal gone")

    stream = _stream(b"line\n" * 100_000)
    await asyncio.wait_for(pump(stream, broken, "svc"), 10)
    assert stream.at_eof()
