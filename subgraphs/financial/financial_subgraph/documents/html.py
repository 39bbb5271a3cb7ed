"""A document view through a template into one self-contained HTML page."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from financial_subgraph.documents import sandbox
from financial_subgraph.documents.formatting import resolve_locale
from financial_subgraph.documents.labels import labels_for
from financial_subgraph.documents.nesting import check_nesting
from financial_subgraph.documents.sample import validation_samples
from financial_subgraph.documents.template_context import (
    DEFAULT_PRIMARY_COLOR,
    Branding,
    template_context,
)
from financial_subgraph.documents.view import DocumentKind, DocumentView

MAX_CSS_CHARS = 200_000

# Added to every draft (and void document) whatever the template: neither may pass for a
# payable invoice.
WATERMARK_CSS = """
.docs-watermark {
  position: fixed; top: 38%; left: 0; right: 0; text-align: center;
  font: bold 110pt "DejaVu Sans", sans-serif; letter-spacing: 0.1em;
  color: rgba(200, 30, 30, 0.13); transform: rotate(-32deg); z-index: 1000;
}
"""
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class TemplateSource:
    html: str
    css: str = ""
    branding: Branding = field(default_factory=Branding)


@functools.cache
def _default_files() -> tuple[str, str]:
    folder = resources.files("financial_subgraph.documents").joinpath("default_template")
    return (
        folder.joinpath("document.html").read_text(encoding="utf-8"),
        folder.joinpath("document.css").read_text(encoding="utf-8"),
    )


def default_template(branding: Branding | None = None) -> TemplateSource:
    """The built-in A4 template, used by organisations that have none of their own."""
    html, css = _default_files()
    return TemplateSource(html=html, css=css, branding=branding or Branding())


def render_html(view: DocumentView, source: TemplateSource) -> str:
    """The complete page: the rendered template, its CSS, branding and any draft mark."""
    body = sandbox.render(source.html, template_context(view, source.branding))
    check_nesting(body)
    primary = source.branding.primary_color or DEFAULT_PRIMARY_COLOR
    styles = f":root {{ --brand-primary: {primary}; }}\n{source.css}"
    extra = ""
    mark = "draft" if view.is_draft else "void" if view.is_void else None
    if mark is not None:
        styles += WATERMARK_CSS
        word = labels_for(resolve_locale(view.language))[mark].upper()
        extra = f'<div class="docs-watermark">{word}</div>'
    return _inject(body, f"<style>\n{styles}\n</style>", extra)


def _inject(page: str, style: str, extra: str) -> str:
    head_end = _HEAD_END.search(page)
    if head_end is not None:
        page = page[: head_end.start()] + style + page[head_end.start() :]
    else:
        page = style + page
    body_end = _BODY_END.search(page)
    if body_end is not None:
        return page[: body_end.start()] + extra + page[body_end.start() :]
    return page + extra


def check_template(source: TemplateSource, kind: DocumentKind) -> None:
    """Raise TemplateRenderError unless `source` renders every validation sample of `kind`."""
    if len(source.css) > MAX_CSS_CHARS:
        raise sandbox.TemplateRenderError(f"CSS is limited to {MAX_CSS_CHARS} characters.")
    for view in validation_samples(kind):
        render_html(view, source)
