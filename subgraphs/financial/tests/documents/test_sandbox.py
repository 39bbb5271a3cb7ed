"""User templates run sandboxed: escaping, refused attributes, time and size limits."""

from __future__ import annotations

import time

import pytest

from financial_subgraph.documents import sandbox
from financial_subgraph.documents.render import budget as render_budget
from financial_subgraph.documents.sandbox import GuardedSequence, TemplateRenderError, render


def test_output_is_autoescaped() -> None:
    assert render("{{ name }}", {"name": "<script>x</script>"}) == "&lt;script&gt;x&lt;/script&gt;"


@pytest.mark.parametrize(
    "source",
    [
        "{{ name.__class__.__mro__ }}",
        "{{ name.format }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{% set items = [] %}{{ items.append(1) }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_private_and_unbounded_attributes_are_refused(source: str) -> None:
    with pytest.raises(TemplateRenderError, match="unsafe"):
        render(source, {"name": "x"})


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x' * 100000000 }}",
        "{{ 10 ** 100000 }}",
        "{{ ((10 ** 60) ** 60) ** 60 }}",
        "{{ '%999999999d' % 1 }}",
        "{% macro grow(s, n) %}{% if n %}{{ grow(s ~ s, n - 1) }}{% else %}{{ s }}"
        "{% endif %}{% endmacro %}{{ grow('x', 40) }}",
    ],
)
def test_output_that_grows_without_bound_is_stopped(source: str) -> None:
    with pytest.raises(TemplateRenderError):
        render(source, {})


def test_filters_that_pad_text_are_not_available() -> None:
    with pytest.raises(TemplateRenderError, match="No filter named 'center'"):
        render("{{ 'x'|center(1000000000) }}", {})


def test_a_template_running_too_long_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_budget, "TIME_LIMIT_SECONDS", 0.2)
    nested = (
        "{% for a in rows %}{% for b in rows %}{% for c in rows %}{% for d in rows %}"
        "{% endfor %}{% endfor %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    with pytest.raises(TemplateRenderError, match="ran longer"):
        render(nested, {"rows": GuardedSequence(range(200))})
    assert time.monotonic() - started < 2


def test_syntax_errors_name_their_line() -> None:
    with pytest.raises(TemplateRenderError) as raised:
        render("<p>\n{% for %}\n</p>", {})
    assert raised.value.line == 2
    assert raised.value.message.startswith("Syntax error")


def test_undefined_names_and_runtime_errors_name_their_line() -> None:
    with pytest.raises(TemplateRenderError) as raised:
        render("ok\n\n{{ totalz.amount }}", {"totals": {}})
    assert raised.value.line == 3
    assert "totalz" in raised.value.message
    with pytest.raises(TemplateRenderError, match="ZeroDivisionError"):
        render("{{ 1 // 0 }}", {})


def test_oversized_sources_are_refused() -> None:
    with pytest.raises(TemplateRenderError, match="limited"):
        render("x" * (sandbox.MAX_SOURCE_CHARS + 1), {})


def test_ordinary_template_features_work() -> None:
    source = (
        "{% macro row(l) %}[{{ l.name|upper }}]{% endmacro %}"
        "{% for l in lines %}{{ row(l) }}{% if not loop.last %},{% endif %}{% endfor %}"
        " {{ lines|map(attribute='n')|sum }} {{ lines|length }}"
    )
    lines = GuardedSequence([{"name": "a", "n": 1}, {"name": "b", "n": 2}])
    assert render(source, {"lines": lines}) == "[A],[B] 3 2"
