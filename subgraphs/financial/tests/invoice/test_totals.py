"""The totals engine against numbers checked by hand (see the rounding rule in totals.py)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from financial_subgraph.invoice.totals import Discount, Line, Tax, allocate, compute

D = Decimal  # short, for readable hand-checked figures
VAT19 = Tax("VAT", D(19))


def test_exclusive_tax_is_added_on_top_and_rounded_half_up() -> None:
    totals = compute([Line(D(3), D("19.99"), taxes=(VAT19,))], None, "EUR")
    # 59.97 x 19 % = 11.3943 -> 11.39
    assert (totals.subtotal, totals.tax, totals.total) == (D("59.97"), D("11.39"), D("71.36"))


def test_tax_is_rounded_per_line_and_the_lines_add_up() -> None:
    lines = [Line(D(1), D("0.05"), taxes=(Tax("T", D(10)),)) for _ in range(2)]
    totals = compute(lines, None, "EUR")
    # 0.005 rounds half up to 0.01 on each line; the document tax is the sum of line taxes.
    assert [line.tax for line in totals.lines] == [D("0.01"), D("0.01")]
    assert (totals.tax, totals.total) == (D("0.02"), D("0.12"))


def test_jpy_has_no_minor_unit() -> None:
    totals = compute(
        [Line(D(3), D(333), taxes=(Tax("JCT", D(10)),)), Line(D(1), D("333.5"))], None, "JPY"
    )
    # 999 x 10 % = 99.9 -> 100; 333.5 -> 334
    assert [line.amount for line in totals.lines] == [D(999), D(334)]
    assert (totals.tax, totals.total) == (D(100), D(1433))
    assert str(totals.total) == "1433"


def test_bhd_has_three_decimals() -> None:
    totals = compute([Line(D(2), D("1.2345"), taxes=(Tax("VAT", D(10)),))], None, "BHD")
    # 2.469 x 10 % = 0.2469 -> 0.247
    assert (totals.subtotal, totals.tax, totals.total) == (D("2.469"), D("0.247"), D("2.716"))


def test_a_compound_tax_applies_to_net_plus_the_taxes_before_it() -> None:
    taxes = (Tax("GST", D(5)), Tax("QST", D("9.975"), compound=True))
    totals = compute([Line(D(1), D(100), taxes=taxes)], None, "CAD")
    # QST on 105.00: 10.47375 -> 10.47
    assert totals.lines[0].tax_amounts == (D("5.00"), D("10.47"))
    assert totals.total == D("115.47")


def test_a_non_compound_second_tax_applies_to_the_net_only() -> None:
    taxes = (Tax("GST", D(5)), Tax("PST", D(7)))
    totals = compute([Line(D(1), D(100), taxes=taxes)], None, "CAD")
    assert totals.lines[0].tax_amounts == (D("5.00"), D("7.00"))


def test_an_inclusive_tax_is_extracted_from_the_price() -> None:
    inclusive = Tax("VAT", D(19), inclusive=True)
    totals = compute([Line(D(1), D(10), taxes=(inclusive,))], None, "EUR")
    # 10 / 1.19 = 8.40336..., x 19 % = 1.5966 -> 1.60; net = 10.00 - 1.60
    line = totals.lines[0]
    assert (line.net, line.tax, line.gross) == (D("8.40"), D("1.60"), D("10.00"))
    assert (totals.subtotal, totals.net, totals.total) == (D("10.00"), D("8.40"), D("10.00"))


def test_inclusive_compound_taxes_multiply_into_the_price() -> None:
    taxes = (
        Tax("GST", D(5), inclusive=True),
        Tax("QST", D("9.975"), inclusive=True, compound=True),
    )
    totals = compute([Line(D(1), D("115.47"), taxes=taxes)], None, "CAD")
    # factor 1 + 0.05 + 0.09975 x 1.05 = 1.1547375; net 99.99675 -> GST 5.00, QST 10.47
    line = totals.lines[0]
    assert line.tax_amounts == (D("5.00"), D("10.47"))
    assert (line.net, line.gross) == (D("100.00"), D("115.47"))


def test_line_discounts_by_percent_and_by_amount() -> None:
    lines = [
        Line(D(4), D(25), discount=Discount("percent", D(15))),
        Line(D(4), D(25), discount=Discount("amount", D("12.50"))),
    ]
    totals = compute(lines, None, "EUR")
    assert [line.amount for line in totals.lines] == [D("85.00"), D("87.50")]


def test_a_document_percent_discount_is_spread_in_proportion_before_tax() -> None:
    lines = [Line(D(1), D(price), taxes=(VAT19,)) for price in ("10", "20", "30")]
    totals = compute(lines, Discount("percent", D(10)), "EUR")
    assert [line.document_discount for line in totals.lines] == [D("1.00"), D("2.00"), D("3.00")]
    # VAT on 9, 18 and 27
    assert [line.tax for line in totals.lines] == [D("1.71"), D("3.42"), D("5.13")]
    assert (totals.discount, totals.net, totals.total) == (D("6.00"), D("54.00"), D("64.26"))


def test_a_document_amount_discount_leaves_no_remainder() -> None:
    lines = [Line(D(1), D(1), taxes=(VAT19,)) for _ in range(3)]
    totals = compute(lines, Discount("amount", D("0.10")), "EUR")
    # 0.0333... each: 0.03 three times, the cent left over goes to the first line.
    assert [line.document_discount for line in totals.lines] == [D("0.04"), D("0.03"), D("0.03")]
    # VAT: 0.96 x 19 % = 0.1824 -> 0.18, 0.97 x 19 % = 0.1843 -> 0.18
    assert (totals.net, totals.tax, totals.total) == (D("2.90"), D("0.54"), D("3.44"))


def test_allocation_gives_leftover_units_to_the_largest_remainders() -> None:
    assert allocate(D("1.00"), [D(1), D(2)], "EUR") == [D("0.33"), D("0.67")]
    assert allocate(D(5), [D(1), D(1), D(1)], "JPY") == [D(2), D(2), D(1)]
    assert allocate(D("0.00"), [D(1)], "EUR") == [D("0.00")]


@pytest.mark.parametrize("currency", ["EUR", "JPY", "BHD"])
def test_lines_always_add_up_to_the_totals(currency: str) -> None:
    generator = random.Random(7)
    taxes = [
        Tax("A", D("7.7")),
        Tax("B", D(19), inclusive=True),
        Tax("C", D("9.975"), compound=True),
    ]
    for _ in range(200):
        lines = [
            Line(
                D(generator.randint(1, 50)) / D(4),
                D(generator.randint(1, 99_999)) / D(1000),
                Discount("percent", D(generator.randint(0, 30)))
                if generator.random() < 0.3
                else None,
                tuple(generator.sample(taxes, generator.randint(0, 2))),
            )
            for _ in range(generator.randint(1, 8))
        ]
        discount = Discount("percent", D(generator.randint(0, 25)))
        totals = compute(lines, discount, currency)
        assert sum(line.document_discount for line in totals.lines) == totals.discount
        assert sum(line.gross for line in totals.lines) == totals.total
        assert totals.net + totals.tax == totals.total
        for line in totals.lines:
            assert line.tax == sum(line.tax_amounts)
            assert line.gross == line.net + line.tax
