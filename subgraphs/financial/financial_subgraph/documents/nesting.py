"""How deep a rendered page nests its elements, checked before the layout engine sees it.

WeasyPrint lays out a page nested thousands of elements deep for minutes (the request timed
out instead of answering). No document needs more than a few dozen levels; the limit is a bound
on input, like the template's size, and breaking it is a template error.
"""

from __future__ import annotations

import lxml.html
from lxml.etree import ParserError

from financial_subgraph.documents.render.budget import TemplateRenderError

MAX_ELEMENT_DEPTH = 100


def check_nesting(page: str) -> None:
    """Raise TemplateRenderError when `page` nests elements deeper than MAX_ELEMENT_DEPTH."""
    try:
        root = lxml.html.document_fromstring(page)
    except ParserError:
        return  # nothing to lay out: an empty page
    # libxml2 parses HTML as a browser would (an unclosed <p> or <td> closes itself) and stops
    # nesting at 256 levels; walked iteratively, so depth costs no stack here.
    pending = [(root, 1)]
    while pending:
        element, depth = pending.pop()
        if depth > MAX_ELEMENT_DEPTH:
            raise TemplateRenderError(
                f"The document nests elements more than {MAX_ELEMENT_DEPTH} levels deep."
            )
        pending.extend((child, depth + 1) for child in element)
