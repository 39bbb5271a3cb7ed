from __future__ import annotations

import pytest

from financial_subgraph.documents.nesting import MAX_ELEMENT_DEPTH, check_nesting
from financial_subgraph.documents.render.budget import TemplateRenderError


def test_ordinary_pages_pass_even_with_implicitly_closed_elements() -> None:
    rows = "".join("<tr><td>a<td>b" for _ in range(2000))
    check_nesting(f"<html><body><table>{rows}</table><p>x<p>y<ul><li>a<li>b</ul></body></html>")
    check_nesting("")


@pytest.mark.parametrize("depth", [MAX_ELEMENT_DEPTH + 1, 5000])
def test_pages_nested_deeper_than_the_limit_are_refused(depth: int) -> None:
    with pytest.raises(TemplateRenderError, match="levels deep"):
        check_nesting("<div>" * depth + "x" + "</div>" * depth)
