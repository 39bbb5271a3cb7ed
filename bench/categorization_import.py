"""What categorisation costs an import: the same CSV into an organisation with nothing set up
against one with rules, learned counterparties and open invoices to match.

  plain        a fresh organisation: no rules, nothing learned, no open invoices (the import
               still calls categorisation, which finds nothing to do);
  categorised  a fresh organisation with RULES rules (text, regex, amount, day-of-month
               triggers), learned categories for half the payees, and INVOICES open invoices
               of clients named like some payees (so incoming payments are scored, and some
               queued for review).

Both run in-process through the service function the GraphQL mutation calls, against real
PostgreSQL (embedded, migrated), committed. Rounds alternate the order. Prints the medians and
the median per-round ratio of rows/s (categorised / plain).

    python bench/categorization_import.py [--rows 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path

from bank_import import LAYOUT, PAYEES, csv_file, new_account, transactions
from common import alternating_rounds, median, print_table, running_services

import financial_subgraph
from financial_subgraph.bank.errors import BankImportError
from financial_subgraph.bank.importing import StatementFile, import_statement
from financial_subgraph.bank.parsing import StatementFormat
from financial_subgraph.categorization import categories, rules
from financial_subgraph.categorization.counterparties import counterparty_key
from financial_subgraph.categorization.errors import CategorizationError
from financial_subgraph.categorization.models import CounterpartyCategory
from financial_subgraph.client.models import Client
from financial_subgraph.invoice.drafts import DraftData, LineData, create_draft
from financial_subgraph.invoice.errors import InvoiceError
from financial_subgraph.invoice.issuing import issue_invoice
from financial_subgraph.subscriptions import subscribe_domains
from service_runtime.database import Database
from service_runtime.migrations import upgrade_to_head

MIGRATIONS_DIR = Path(financial_subgraph.__file__).parent / "migrations"
RULES = 20
INVOICES = 50


def rule_triggers(index: int) -> list[dict[str, object]]:
    payee = PAYEES[index % len(PAYEES)].split()[0]
    shapes: list[list[dict[str, object]]] = [
        [{"type": "counterparty_contains", "text": payee}],
        [{"type": "description_regex", "text": rf"\b{payee}\b.*purchase"}],
        [{"type": "counterparty_equals", "text": payee}, {"type": "amount_less", "amount": "-10"}],
        [{"type": "day_of_month", "day_from": 25, "day_to": 3}],
    ]
    return shapes[index % len(shapes)]


async def set_up(database: Database, organization_id: uuid.UUID) -> None:
    async with database.write(organization_id=organization_id) as session:
        ids = []
        for index in range(RULES):
            made = await categories.create_category(
                session, organization_id, f"Category {index}", "expense", None
            )
            assert not isinstance(made, CategorizationError), made
            ids.append(made.id)
            data = rules.RuleData(
                name=f"Rule {index}",
                match_mode="all",
                triggers=rule_triggers(index),
                actions=[{"type": "set_category", "category_id": str(made.id)}],
            )
            rule = await rules.create_rule(session, organization_id, data)
            assert not isinstance(rule, CategorizationError), rule
        for index, payee in enumerate(PAYEES[::2]):
            key = counterparty_key(payee)
            assert key is not None
            session.add(
                CounterpartyCategory(
                    organization_id=organization_id,
                    counterparty_key=key,
                    counterparty=payee,
                    category_id=ids[index],
                    manual_count=3,
                )
            )
        for index in range(INVOICES):
            client = Client(
                organization_id=organization_id,
                name=PAYEES[index % len(PAYEES)],
                default_currency="EUR",
            )
            session.add(client)
            await session.flush()
            price = Decimal(100 + index)
            draft = await create_draft(
                session,
                organization_id,
                "invoice",
                DraftData(client.id, lines=(LineData("Work", Decimal(1), price),)),
            )
            if isinstance(draft, InvoiceError):
                raise RuntimeError(f"draft refused: {draft.code} {draft.message}")
            issued = await issue_invoice(
                session, organization_id, draft.id, issue_date=date(2026, 1, 1)
            )
            if isinstance(issued, InvoiceError):
                raise RuntimeError(f"issue refused: {issued.code} {issued.message}")


async def one_import(database: Database, organization_id: uuid.UUID, content: str) -> float:
    account_id = await new_account(database, organization_id)
    statement = StatementFile(account_id, StatementFormat.CSV, content, "bench", LAYOUT)
    began = time.perf_counter()
    async with database.write(organization_id=organization_id) as session:
        outcome = await import_statement(session, organization_id, statement)
    seconds = time.perf_counter() - began
    if isinstance(outcome, BankImportError):
        raise RuntimeError(f"import failed: {outcome.code} {outcome.message}")
    return seconds


async def run(rows: int, rounds: int) -> None:
    subscribe_domains()  # categorisation reacts to imports as it does in the app
    content = csv_file(transactions(rows, seed=3))
    async with running_services() as stack:
        url = stack.database_urls["financial"]
        await upgrade_to_head(MIGRATIONS_DIR, url)
        database = Database(url)
        rates: dict[str, list[float]] = {"plain": [], "categorised": []}
        try:
            for number, variant in alternating_rounds(rounds, ["plain", "categorised"]):
                organization_id = uuid.uuid4()
                if variant == "categorised":
                    await set_up(database, organization_id)
                seconds = await one_import(database, organization_id, content)
                rates[variant].append(rows / seconds)
                print(f"round {number} {variant:11}: {rows} rows in {seconds:.2f}s", flush=True)
        finally:
            await database.dispose()
    ratios = [c / p for p, c in zip(rates["plain"], rates["categorised"], strict=True)]
    print_table(
        f"CSV import with categorisation, {rows} rows, {RULES} rules, {INVOICES} open invoices,"
        f" {rounds} rounds (rows/s; ratio is the median of per-round ratios)",
        ["plain rows/s", "categorised rows/s", "ratio categorised/plain"],
        [[median(rates["plain"]), median(rates["categorised"]), median(ratios)]],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.rows, arguments.rounds))


if __name__ == "__main__":
    main()
