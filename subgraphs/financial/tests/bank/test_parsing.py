"""The parsers on their own: edge cases of each format, without a database."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest

from financial_subgraph.bank.dedupe import content_hashes
from financial_subgraph.bank.parsing import CsvLayout, MalformedFile, ParsedRow, RowError
from financial_subgraph.bank.parsing.camt import parse_camt053
from financial_subgraph.bank.parsing.csv_rows import parse_amount, parse_csv
from financial_subgraph.bank.parsing.ofx import parse_ofx
from financial_subgraph.bank.parsing.qif import parse_qif
from financial_subgraph.bank.parsing.swift_mt940 import parse_mt940
from financial_subgraph.bank.validation import normal_iban

from .conftest import sample


@pytest.mark.parametrize(
    ("text", "separator", "expected"),
    [
        ("1.234,56", ",", "1234.56"),
        ("-1,234.56", ".", "-1234.56"),
        ("12,50-", ",", "-12.50"),
        ("(7.00)", ".", "-7.00"),
        ("1 000,00", ",", "1000.00"),
        ("+3", ".", "3"),
    ],
)
def test_amounts_in_bank_notations(text: str, separator: str, expected: str) -> None:
    assert parse_amount(text, separator) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3,4x", "NaN", "Infinity"])
def test_non_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount(text, ".")


def test_csv_line_numbers_count_quoted_newlines_and_skipped_lines() -> None:
    layout = CsvLayout(date_column="D", amount_column="A", description_column="T", skip_rows=1)
    content = 'Bank export\nD,T,A\n2026-10-01,"two\nlines",1.00\n2026-10-02,x,oops\n\n'
    result = parse_csv(content, layout)
    assert [row.row for row in result.rows] == [4]
    assert result.errors == [RowError(5, "amount", "'oops' is not an amount")]


def test_csv_rows_with_extra_cells_are_errors() -> None:
    layout = CsvLayout(date_column="D", amount_column="A")
    result = parse_csv("D,A\n2026-10-01,1.00,surplus\n", layout)
    assert result.errors == [RowError(2, "row", "more cells than the header has columns")]


def test_csv_debit_and_credit_must_not_both_hold_amounts() -> None:
    layout = CsvLayout(date_column="D", debit_column="Out", credit_column="In")
    result = parse_csv("D,Out,In\n2026-10-01,5.00,6.00\n2026-10-02,,\n", layout)
    assert [(error.row, error.field) for error in result.errors] == [
        (2, "debit/credit"),
        (3, "debit/credit"),
    ]


def test_ofx_qfx_private_tags_are_skipped() -> None:
    content = sample("statement-1.02.ofx").replace(
        "<LANGUAGE>ENG\n", "<LANGUAGE>ENG\n<INTU.BID>3000\n<INTU.USERID>user1\n"
    )
    assert len(parse_ofx(content).rows) == 3


def test_ofx_statements_in_two_currencies_are_malformed() -> None:
    first = sample("statement-2.ofx")
    body = (
        first.split("<STMTTRNRS>")[1]
        .split("</STMTTRNRS>")[0]
        .replace("<CURDEF>EUR</CURDEF>", "<CURDEF>USD</CURDEF>")
    )
    content = first.replace("</STMTTRNRS>", f"</STMTTRNRS><STMTTRNRS>{body}</STMTTRNRS>", 1)
    with pytest.raises(MalformedFile, match="mixes"):
        parse_ofx(content)


def test_qif_account_headers_and_options_are_understood() -> None:
    content = "!Option:AutoSwitch\n!Account\nNChecking\nTBank\n^\n!Type:Bank\nD10/26/2026\nT-5\n^\n"
    result = parse_qif(content)
    assert [(row.row, row.amount) for row in result.rows] == [(7, Decimal(-5))]


def test_camt_batch_that_does_not_add_up_stays_one_entry() -> None:
    content = sample("statement.camt053.xml").replace(">600.00<", ">650.00<")
    rows = parse_camt053(content).rows
    assert [(row.amount, row.description, row.external_id) for row in rows[1:]] == [
        (Decimal("1000.00"), "Batch of 2 payments", "2026103000012346")
    ]


def test_camt_pending_entries_are_not_imported() -> None:
    content = sample("statement.camt053.xml").replace("<Sts>BOOK</Sts>", "<Sts>PDNG</Sts>", 1)
    rows = parse_camt053(content).rows
    assert [row.amount for row in rows] == [Decimal("600.00"), Decimal("400.00")]


def test_camt_in_a_declared_latin1_encoding() -> None:
    content = (
        sample("statement.camt053.xml")
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace("Schmidt KG", "Müller KG")
    )
    assert parse_camt053(content).rows[0].counterparty == "Hausverwaltung Müller KG"


def test_mt940_reversal_of_a_credit_takes_money_out() -> None:
    content = sample("statement.mt940").replace(":61:2610291029C1200,00", ":61:2610291029RC1200,00")
    assert parse_mt940(content).rows[1].amount == Decimal("-1200.00")


def test_identical_rows_hash_apart_and_again_the_same() -> None:
    account = uuid.uuid4()
    coffee = ParsedRow(
        row=1, booked_on=date(2026, 10, 28), amount=Decimal("-3.50"), description="Coffee"
    )
    first = content_hashes(account, [coffee, coffee])
    assert first[0] != first[1]
    assert content_hashes(account, [coffee, coffee, coffee])[:2] == first
    assert content_hashes(uuid.uuid4(), [coffee]) != first[:1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("de89 3704 0044 0532 0130 00", "DE89370400440532013000"), (None, None), ("  ", None)],
)
def test_ibans_are_normalised(text: str | None, expected: str | None) -> None:
    assert normal_iban(text) == expected


@pytest.mark.parametrize("text", ["DE88370400440532013000", "1234", "DE89 3704 0044 0532 013X 00"])
def test_wrong_ibans_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="IBAN"):
        normal_iban(text)
