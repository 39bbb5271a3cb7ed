"""Invoice PDFs per second: the built-in template vs a minimal `<p>` page, side by side.

Variants, each run for `--window` seconds per round, alternating A B C D / D C B A:
- minimal: `<p>Invoice 2026-0042</p>` through WeasyPrint (the floor: WeasyPrint's fixed cost);
- html only: the sample invoice through the sandboxed Jinja2 template (no PDF);
- default: the sample invoice through the built-in A4 template to PDF (what invoicePdf does);
- facturx: the same as PDF/A-3 with the EN 16931 XML built, validated and embedded.

*ratio to minimal* = median of per-round (variant PDFs/s / minimal PDFs/s); below 1 is slower.
Single-threaded on purpose: the service renders one PDF at a time per process (see pdf.py).

    .venv/bin/python bench/invoice_pdf.py [--rounds 5] [--window 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from common import alternating_rounds, median, print_table

from financial_subgraph.documents.facturx.builder import build_xml, embed
from financial_subgraph.documents.html import default_template, render_html
from financial_subgraph.documents.pdf import FACTURX_VARIANT, render_pdf
from financial_subgraph.documents.sample import sample_document
from financial_subgraph.documents.view import DocumentKind

VIEW = sample_document(DocumentKind.INVOICE)
TEMPLATE = default_template()


def minimal() -> None:
    render_pdf("<p>Invoice 2026-0042</p>")


def html_only() -> None:
    render_html(VIEW, TEMPLATE)


def default() -> None:
    render_pdf(render_html(VIEW, TEMPLATE))


def facturx() -> None:
    xml = build_xml(VIEW)
    embed(render_pdf(render_html(VIEW, TEMPLATE), pdf_variant=FACTURX_VARIANT), xml, "en")


VARIANTS: dict[str, Callable[[], None]] = {
    "minimal <p>": minimal,
    "html only": html_only,
    "default template": default,
    "default + factur-x": facturx,
}


def per_second(render: Callable[[], None], window: float) -> float:
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < window:
        render()
        count += 1
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--window", type=float, default=3.0)
    args = parser.parse_args()
    for render in VARIANTS.values():  # warm-up: fonts, compiled template, XSD
        render()
    rates: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _round, name in alternating_rounds(args.rounds, list(VARIANTS)):
        rates[name].append(per_second(VARIANTS[name], args.window))
    floor = rates["minimal <p>"]
    rows = []
    for name, values in rates.items():
        ratios = [value / base for value, base in zip(values, floor, strict=True)]
        rows.append((name, median(values), 1000 / median(values), median(ratios)))
    print_table(
        f"Documents per second ({args.rounds} rounds x {args.window:g} s, one thread)",
        ["variant", "docs/s", "ms/doc", "ratio to minimal"],
        rows,
    )


if __name__ == "__main__":
    main()
