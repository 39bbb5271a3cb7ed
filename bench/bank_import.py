"""Bank statement import throughput: our full import against the bare parser, same file.

Generates a 100k-row CSV statement and an OFX statement of comparable size, then per format
and round measures, side by side:

  bare     the parser alone: the csv module reading every row / ofxtools parsing the OFX
           file into its models (OFXTree.parse + convert);
  import   our whole import, in-process through the service function the GraphQL mutation
           calls: parse, validate every row, base-currency amounts, content hashes, batched
           duplicate lookups, bulk insert into real PostgreSQL (embedded, migrated), the
           outbox event and categorisation, committed.

Each import goes into a fresh account, so every row is new; a re-import of the same file
(every row a duplicate) is timed once per format after the rounds. Rounds alternate the
order (bare, import / import, bare). Prints the medians and the median per-round ratio of
rows/s (import / bare: the share of the bare parser's speed the full import keeps).

    python bench/bank_import.py [--rows 100000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import random
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from common import alternating_rounds, median, print_table, running_services
from ofxtools.Parser import OFXTree

import financial_subgraph
from financial_subgraph.bank.errors import BankImportError
from financial_subgraph.bank.importing import ImportOutcome, StatementFile, import_statement
from financial_subgraph.bank.models import BankAccount
from financial_subgraph.bank.parsing import CsvLayout, StatementFormat
from service_runtime.database import Database
from service_runtime.migrations import upgrade_to_head

# The subgraph's migrations (its app applies them on start; here there is no app).
MIGRATIONS_DIR = Path(financial_subgraph.__file__).parent / "migrations"
LAYOUT = CsvLayout(
    date_column="Date",
    amount_column="Amount",
    description_column="Description",
    counterparty_column="Counterparty",
    external_id_column=None,
)
PAYEES = ["REWE Markt GmbH", "Acme Trading Ltd", "Deutsche Telekom", "Stadtwerke", "Amazon EU"]
PAYEES += ["Globex Corporation", "Café Central", "Shell Station 4711", "Landlord KG", "Payroll"]
START = date(2025, 11, 1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the CSV file")
    parser.add_argument("--rounds", type=int, default=2)
    return parser.parse_args()


def transactions(count: int, seed: int) -> list[tuple[date, Decimal, str, str]]:
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        payee = rng.choice(PAYEES)
        amount = Decimal(rng.randint(-250_000, 300_000)).scaleb(-2)
        booked = START + timedelta(days=rng.randint(0, 364))
        rows.append((booked, amount, payee, f"Ref {index:07d} {payee.split()[0]} purchase"))
    return rows


def csv_file(rows: list[tuple[date, Decimal, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Date", "Amount", "Counterparty", "Description"])
    for booked, amount, payee, text in rows:
        writer.writerow([booked.isoformat(), str(amount), payee, text])
    return out.getvalue()


def ofx_file(rows: list[tuple[date, Decimal, str, str]]) -> str:
    entries = "".join(
        f"<STMTTRN><TRNTYPE>{'CREDIT' if amount > 0 else 'DEBIT'}<DTPOSTED>{booked:%Y%m%d}"
        f"<TRNAMT>{amount}<FITID>F{index:08d}<NAME>{payee}<MEMO>{text}</STMTTRN>\n"
        for index, (booked, amount, payee, text) in enumerate(rows)
    )
    return (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n"
        "CHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20261030<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS>"
        "<TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>EUR<BANKACCTFROM>"
        "<BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>"
        f"<DTSTART>20251101<DTEND>20261031\n{entries}</BANKTRANLIST>"
        "<LEDGERBAL><BALAMT>0<DTASOF>20261031</LEDGERBAL></STMTRS></STMTTRNRS>"
        "</BANKMSGSRSV1></OFX>\n"
    )


def bare_csv(content: str) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(content, newline=""))) - 1


def bare_ofx(content: str) -> int:
    tree = OFXTree()
    tree.parse(io.BytesIO(content.encode()))
    return len(tree.convert().statements[0].banktranlist)


async def new_account(database: Database, organization_id: uuid.UUID) -> uuid.UUID:
    async with database.write(organization_id=organization_id) as session:
        account = BankAccount(organization_id=organization_id, name="Bench", currency="EUR")
        session.add(account)
        await session.flush()
        return account.id


async def full_import(
    database: Database,
    organization_id: uuid.UUID,
    account_id: uuid.UUID,
    format: StatementFormat,
    content: str,
) -> ImportOutcome:
    statement = StatementFile(account_id, format, content, "bench", LAYOUT)
    async with database.write(organization_id=organization_id) as session:
        outcome = await import_statement(session, organization_id, statement)
    if isinstance(outcome, BankImportError):
        raise RuntimeError(f"import failed: {outcome.code} {outcome.message} {outcome.rows[:3]}")
    return outcome


async def measure(
    variant: str, format: StatementFormat, content: str, database: Database, org: uuid.UUID
) -> tuple[float, int, uuid.UUID | None]:
    """(seconds, rows, account imported into) of one bare parse or one full import."""
    account_id = await new_account(database, org) if variant == "import" else None
    began = time.perf_counter()
    if account_id is None:
        parse = bare_csv if format is StatementFormat.CSV else bare_ofx
        rows = await asyncio.to_thread(parse, content)
    else:
        outcome = await full_import(database, org, account_id, format, content)
        rows = outcome.bank_import.imported
    return time.perf_counter() - began, rows, account_id


async def run(rows: int, rounds: int) -> None:
    data = transactions(rows, seed=1)
    files = {StatementFormat.CSV: csv_file(data)}
    # OFX spends ~3x the bytes per transaction: comparable size means fewer transactions.
    ofx_per_row = len(ofx_file(data[:1000])) / 1000
    ofx_rows = int(round(len(files[StatementFormat.CSV]) / ofx_per_row, -3))
    files[StatementFormat.OFX] = ofx_file(transactions(ofx_rows, seed=2))
    async with running_services() as stack:
        url = stack.database_urls["financial"]
        await upgrade_to_head(MIGRATIONS_DIR, url)
        database = Database(url)
        organization_id = uuid.uuid4()
        try:
            results: dict[tuple[StatementFormat, str], list[float]] = {}
            ratios: dict[StatementFormat, list[float]] = {f: [] for f in files}
            for format, content in files.items():
                account_id = None
                for number, variant in alternating_rounds(rounds, ["bare", "import"]):
                    seconds, count, used = await measure(
                        variant, format, content, database, organization_id
                    )
                    account_id = used or account_id
                    results.setdefault((format, variant), []).append(count / seconds)
                    print(
                        f"{format.value} round {number} {variant:6}: {count} rows in"
                        f" {seconds:.2f}s = {count / seconds:,.0f} rows/s",
                        flush=True,
                    )
                pairs = zip(results[(format, "bare")], results[(format, "import")], strict=True)
                ratios[format] = [import_rate / bare_rate for bare_rate, import_rate in pairs]
                assert account_id is not None
                began = time.perf_counter()
                again = await full_import(database, organization_id, account_id, format, content)
                seconds = time.perf_counter() - began
                assert again.bank_import.imported == 0
                results[(format, "re-import")] = [again.bank_import.rows / seconds]
        finally:
            await database.dispose()
    table = []
    for format, content in files.items():
        bare_rate = median(results[(format, "bare")])
        import_rate = median(results[(format, "import")])
        table.append(
            [
                format.value,
                f"{len(content) / 1e6:.1f} MB",
                bare_rate,
                import_rate,
                median(results[(format, "re-import")]),
                median(ratios[format]),
                1 / median(ratios[format]),
            ]
        )
    print_table(
        f"Statement import, {rows} CSV rows / {ofx_rows} OFX transactions, {rounds} rounds"
        " (rows/s; ratios are medians of per-round ratios)",
        [
            "format",
            "file",
            "bare rows/s",
            "import rows/s",
            "re-import rows/s",
            "ratio import/bare",
            "overhead x",
        ],
        table,
    )


def main() -> None:
    args = parse_args()
    asyncio.run(run(args.rows, args.rounds))


if __name__ == "__main__":
    main()
