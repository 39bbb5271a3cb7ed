"""The budget a template render runs within: a deadline and an output size, checked from
every hook of the sandbox (see sandbox.py). Kept per render in a context variable, which
`asyncio.to_thread` carries into the worker thread."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

# A 500-line invoice is about 250 000 characters of HTML; WeasyPrint's layout time grows with
# the page, so the cap also bounds the PDF step.
MAX_OUTPUT_CHARS = 1_000_000
TIME_LIMIT_SECONDS = 2.0


class TemplateRenderError(Exception):
    """A template that does not compile, raises, breaks the sandbox or exceeds a limit."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class RenderBudget:
    deadline: float
    output_chars: int = 0

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateRenderError(f"The template ran longer than {TIME_LIMIT_SECONDS:g} s.")

    def check_size(self, value: Any) -> None:
        if isinstance(value, str | list | tuple) and len(value) > MAX_OUTPUT_CHARS:
            raise TemplateRenderError(f"The template produced over {MAX_OUTPUT_CHARS} chars.")


_budget: ContextVar[RenderBudget | None] = ContextVar("template_budget", default=None)


def current_budget() -> RenderBudget:
    budget = _budget.get()
    if budget is None:  # outside render(): compile-time constant folding, tests
        budget = RenderBudget(time.monotonic() + TIME_LIMIT_SECONDS)
    return budget


@contextmanager
def within_budget() -> Iterator[RenderBudget]:
    budget = RenderBudget(time.monotonic() + TIME_LIMIT_SECONDS)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)


class GuardedSequence(tuple[Any, ...]):
    """A tuple whose iteration checks the budget: nested loops over data cannot run away."""

    def __iter__(self) -> Iterator[Any]:
        current_budget().check()
        return super().__iter__()


def guarded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = current_budget()
        budget.check()
        result = function(*args, **kwargs)
        budget.check_size(result)
        return result

    return guarded
