"""Organisation-written Jinja2 templates, run in a sandbox with time and size limits.

`ImmutableSandboxedEnvironment` already refuses private attributes and mutating builtins.
On top of that, every hook the compiled template goes through (attribute and item access,
calls, filters, loop iteration over the document's sequences) checks a per-render budget,
so a template that loops or grows strings without bound stops with TemplateRenderError
instead of holding a worker. No loader: templates come only from strings.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from financial_subgraph.documents.render.budget import (
    MAX_OUTPUT_CHARS,
    GuardedSequence,
    TemplateRenderError,
    current_budget,
    guarded_filter,
    within_budget,
)

__all__ = ["GuardedSequence", "TemplateRenderError", "compile_template", "render"]

MAX_SOURCE_CHARS = 200_000

# Filters whose output is bounded by their input; `center`, `indent`, `wordwrap`, `format`,
# `lipsum`-like generators and `pprint` can produce arbitrarily large text from small input.
SAFE_FILTERS = (
    *("abs", "attr", "batch", "capitalize", "count", "d", "default", "dictsort", "e"),
    *("escape", "first", "float", "forceescape", "groupby", "int", "items", "join", "last"),
    *("length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "reverse"),
    *("round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags", "sum"),
    *("title", "tojson", "trim", "truncate", "unique", "upper", "urlencode", "wordcount"),
)
SAFE_GLOBALS = ("range", "dict", "cycler", "joiner")


class DocumentSandbox(ImmutableSandboxedEnvironment):
    # Intercepted operators are never constant-folded at compile time, and run through
    # call_binop, where repetition and powers are bounded.
    intercepted_binops = frozenset({"*", "**", "%", "//", "/"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, auto_reload=False)
        self.filters = {name: guarded_filter(self.filters[name]) for name in SAFE_FILTERS}
        self.globals = {name: self.globals[name] for name in SAFE_GLOBALS}

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        current_budget().check()
        if operator == "%" and isinstance(left, str):
            raise TemplateRenderError("%-formatting of strings is not allowed; use filters.")
        if operator == "**" and _huge_power(left, right):
            raise TemplateRenderError("The power is too large.")
        if operator == "*" and isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        repeated = isinstance(left, str | list | tuple) and isinstance(right, int)
        if operator == "*" and repeated and len(left) * right > MAX_OUTPUT_CHARS:
            raise TemplateRenderError("A repetition exceeds the output limit.")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = current_budget()
        budget.check()
        for argument in args:
            budget.check_size(argument)
        result = super().call(__context, __obj, *args, **kwargs)
        budget.check_size(result)
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        current_budget().check()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        current_budget().check()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> None:
        # Jinja would hand out a sandboxed str.format; is_safe_attribute refuses it instead.
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        # str.format and friends widen text without bound ("{:>999999999}"); use filters.
        if isinstance(obj, str) and attr in _UNBOUNDED_STR_METHODS:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))


def _huge_power(base: Any, exponent: Any) -> bool:
    """Integer powers beyond 64 bits times 64 (a float power overflows on its own)."""
    if not isinstance(base, int) or not isinstance(exponent, int):
        return False
    return abs(exponent) > 64 or max(abs(base).bit_length(), 1) * abs(exponent) > 4096


_UNBOUNDED_STR_METHODS = frozenset(
    {"format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs", "replace"}
)

_environment = DocumentSandbox()


@functools.lru_cache(maxsize=256)
def _compiled(source_digest: str, source: str) -> Template:
    # Keyed by the source's digest: a compiled template is a pure function of its text.
    return _environment.from_string(source)


def compile_template(source: str) -> Template:
    """The compiled template, or TemplateRenderError naming the line of a syntax error."""
    if len(source) > MAX_SOURCE_CHARS:
        raise TemplateRenderError(f"Templates are limited to {MAX_SOURCE_CHARS} characters.")
    digest = hashlib.sha256(source.encode()).hexdigest()
    try:
        with within_budget():
            return _compiled(digest, source)
    except TemplateSyntaxError as error:
        raise TemplateRenderError(f"Syntax error: {error.message}", error.lineno) from None
    except TemplateRenderError:
        raise
    except Exception as error:  # constant folding ran template code at compile time
        raise TemplateRenderError(_describe(error)) from None


def render(source: str, context: dict[str, Any]) -> str:
    """`source` rendered with `context`, within the time and output limits."""
    template = compile_template(source)
    parts: list[str] = []
    with within_budget() as budget:
        try:
            for chunk in template.generate(context):
                budget.output_chars += len(chunk)
                if budget.output_chars > MAX_OUTPUT_CHARS:
                    raise TemplateRenderError(
                        f"The template produced over {MAX_OUTPUT_CHARS} characters."
                    )
                budget.check()
                parts.append(chunk)
        except TemplateRenderError:
            raise
        except Exception as error:  # anything the template raised: undefined names, security
            raise TemplateRenderError(_describe(error), _template_line(error)) from None
    return "".join(parts)


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _template_line(error: BaseException) -> int | None:
    """The template line a runtime error came from (Jinja maps its tracebacks to templates)."""
    line = None
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line
