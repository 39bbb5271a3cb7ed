"""The totals engine: pure Decimal arithmetic, no database.

Rounding rule (what a person re-adding a printed invoice gets):
1. Each line's amount = quantity x unit price - line discount (percent of that product, or a
   fixed amount), rounded to the currency's minor units (`currency.money.quantize`, half up).
2. The document discount (percent of the summed line amounts, or a fixed amount) is rounded
   once, then spread over the lines in proportion to their amounts *before tax*, so each line
   is taxed on what the client really pays for it (the EU VAT rule for discounts granted on
   the invoice). The shares are whole minor units, assigned by the largest-remainder method,
   so they add up to the document discount exactly.
3. Taxes apply per line, in the order given, to the line's taxable amount (amount - share):
   - exclusive: added on top of the net; a compound one is levied on net + the line's taxes
     before it (as printed, i.e. rounded);
   - inclusive: already contained in the price; the net is the taxable amount divided by the
     combined inclusive factor (compound inclusive taxes multiply), each inclusive tax is
     net x rate rounded, and the line's net is the taxable amount minus those rounded taxes,
     so the price the client saw stays exactly the line's gross.
   Every tax amount is rounded per line (half up) and document totals are sums of rounded
   line values: the lines always add up to the totals, to the minor unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from financial_subgraph.currency.codes import minor_units
from financial_subgraph.currency.money import quantize

HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Discount:
    kind: str  # "percent" | "amount"
    value: Decimal


@dataclass(frozen=True)
class Tax:
    name: str
    rate: Decimal  # percent: 19 for 19 %
    inclusive: bool = False
    compound: bool = False


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal
    discount: Discount | None = None
    taxes: tuple[Tax, ...] = ()


@dataclass(frozen=True)
class LineTotals:
    amount: Decimal  # quantity x price - line discount, as priced
    document_discount: Decimal  # this line's share of the document discount
    net: Decimal  # excluding every tax
    tax_amounts: tuple[Decimal, ...]  # one per Line.taxes, same order
    tax: Decimal
    gross: Decimal  # net + tax


@dataclass(frozen=True)
class Totals:
    lines: tuple[LineTotals, ...]
    subtotal: Decimal  # sum of line amounts
    discount: Decimal  # the document discount
    net: Decimal
    tax: Decimal
    total: Decimal  # net + tax


def line_amount(line: Line, currency: str) -> Decimal:
    gross = line.quantity * line.unit_price
    if line.discount is None:
        return quantize(gross, currency)
    if line.discount.kind == "percent":
        return quantize(gross - gross * line.discount.value / HUNDRED, currency)
    return quantize(gross - line.discount.value, currency)


def document_discount(subtotal: Decimal, discount: Discount | None, currency: str) -> Decimal:
    if discount is None:
        return quantize(ZERO, currency)
    if discount.kind == "percent":
        return quantize(subtotal * discount.value / HUNDRED, currency)
    return quantize(discount.value, currency)


def allocate(total: Decimal, weights: list[Decimal], currency: str) -> list[Decimal]:
    """`total` split in proportion to `weights` in whole minor units, summing to `total`.

    Largest remainder: every share is first rounded toward zero; the units left over go one
    each to the shares with the largest cut-off remainders (ties: the earlier line).
    """
    weight_sum = sum(weights, ZERO)
    if total == 0 or weight_sum == 0:
        return [quantize(ZERO, currency) for _ in weights]
    unit = Decimal(1).scaleb(-minor_units(currency))
    exact = [total * weight / weight_sum for weight in weights]
    shares = [value.quantize(unit, rounding=ROUND_DOWN) for value in exact]
    left = int((total - sum(shares, ZERO)) / unit)
    step = unit if left > 0 else -unit
    by_remainder = sorted(range(len(weights)), key=lambda i: (-abs(exact[i] - shares[i]), i))
    for index in by_remainder[: abs(left)]:
        shares[index] += step
    return shares


def _inclusive_factor(taxes: tuple[Tax, ...]) -> tuple[Decimal, list[Decimal]]:
    """1 + every inclusive tax per unit of net, and each inclusive tax per unit of net."""
    per_unit: list[Decimal] = []
    for tax in taxes:
        if not tax.inclusive:
            continue
        base = 1 + sum(per_unit, ZERO) if tax.compound else Decimal(1)
        per_unit.append(base * tax.rate / HUNDRED)
    return 1 + sum(per_unit, ZERO), per_unit


def line_taxes(
    taxable: Decimal, taxes: tuple[Tax, ...], currency: str
) -> tuple[Decimal, list[Decimal]]:
    """The line's net (excluding tax) and each tax amount, rounded, in `taxes` order."""
    factor, inclusive_per_unit = _inclusive_factor(taxes)
    unrounded_net = taxable / factor
    inclusive = iter(inclusive_per_unit)
    amounts: list[Decimal] = []
    for tax in taxes:
        if tax.inclusive:
            amounts.append(quantize(unrounded_net * next(inclusive), currency))
    net = taxable - sum(amounts, ZERO)
    result: list[Decimal] = []
    inclusive_amounts = iter(amounts)
    for tax in taxes:
        if tax.inclusive:
            result.append(next(inclusive_amounts))
            continue
        base = net + sum(result, ZERO) if tax.compound else net
        result.append(quantize(base * tax.rate / HUNDRED, currency))
    return net, result


def compute(lines: list[Line], discount: Discount | None, currency: str) -> Totals:
    """Every line's and the document's amounts under the rounding rule above."""
    amounts = [line_amount(line, currency) for line in lines]
    subtotal = sum(amounts, ZERO)
    doc_discount = document_discount(subtotal, discount, currency)
    shares = allocate(doc_discount, amounts, currency)
    line_totals = []
    for line, amount, share in zip(lines, amounts, shares, strict=True):
        net, tax_amounts = line_taxes(amount - share, line.taxes, currency)
        tax = sum(tax_amounts, ZERO)
        line_totals.append(LineTotals(amount, share, net, tuple(tax_amounts), tax, net + tax))
    net_total = sum((line.net for line in line_totals), ZERO)
    tax_total = sum((line.tax for line in line_totals), ZERO)
    return Totals(
        lines=tuple(line_totals),
        subtotal=subtotal,
        discount=doc_discount,
        net=net_total,
        tax=tax_total,
        total=net_total + tax_total,
    )
