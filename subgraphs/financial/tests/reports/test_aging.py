from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi import FastAPI

from service_runtime.database import Database

from ..conftest import GraphQL, TokenFactory
from .conftest import add_client, add_invoice, add_payment, statements_of

AGING = """
query($asOf: Date) {
  receivablesAging(asOf: $asOf) {
    asOf baseCurrency invoiceCount
    totals { current days1To30 days31To60 days61To90 over90 total }
    clients {
      clientId clientName invoiceCount
      base { current days1To30 days31To60 days61To90 over90 total }
      currencies {
        currency invoiceCount
        amounts { current days1To30 days31To60 days61To90 over90 total }
        base { current days1To30 days31To60 days61To90 over90 total }
      }
    }
  }
}
"""

AS_OF = date(2026, 3, 31)


def buckets(*values: str) -> dict[str, str]:
    names = ("current", "days1To30", "days31To60", "days61To90", "over90", "total")
    return dict(zip(names, values, strict=True))


async def seed_alpha(database: Database, org: uuid.UUID) -> uuid.UUID:
    """Nine open invoices on every bucket boundary, and six that are not receivables."""
    alpha = await add_client(database, org, "Alpha")
    for total, due, paid in [
        ("100", date(2026, 4, 5), "0"),  # not yet due
        ("200", date(2026, 3, 31), "50"),  # due today: current, partially paid
        ("10", date(2026, 3, 30), "0"),  # 1 day late
        ("20", date(2026, 3, 1), "0"),  # 30 days
        ("40", date(2026, 1, 30), "0"),  # 60 days
        ("5", date(2026, 1, 29), "0"),  # 61 days
    ]:
        await add_invoice(database, org, alpha, total=total, due_date=due, paid=paid)
    december = date(2025, 12, 1)
    await add_invoice(
        database, org, alpha, total="7", due_date=date(2025, 12, 31), issue_date=december
    )
    await add_invoice(
        database,
        org,
        alpha,
        total="1000",
        paid="400",
        due_date=date(2025, 12, 30),
        issue_date=december,
    )
    # 31 days late, in USD at the issue-date rate 0.9: 270.00 EUR.
    await add_invoice(
        database, org, alpha, total="300", currency="USD", rate="0.9", due_date=date(2026, 2, 28)
    )
    long_ago = date(2025, 1, 1)
    await add_invoice(database, org, alpha, total="50", paid="50", due_date=long_ago)
    voided = datetime(2025, 2, 1, tzinfo=UTC)
    await add_invoice(
        database, org, alpha, total="80", status="void", due_date=long_ago, voided_at=voided
    )
    await add_invoice(database, org, alpha, total="90", status="draft", due_date=long_ago)
    await add_invoice(database, org, alpha, total="60", kind="credit_note", due_date=long_ago)
    await add_invoice(
        database, org, alpha, total="70", kind="quote", status="sent", due_date=long_ago
    )
    await add_invoice(
        database, org, alpha, total="30", issue_date=date(2026, 4, 1), due_date=date(2026, 4, 1)
    )
    return alpha


async def seed_beta(database: Database, org: uuid.UUID) -> uuid.UUID:
    beta = await add_client(database, org, "Beta")
    await add_invoice(
        database,
        org,
        beta,
        total="10.01",
        currency="USD",
        rate="0.8333333333",
        due_date=date(2026, 4, 30),
    )
    # Each 0.03 USD at 0.85 is 0.0255 EUR, booked as 0.03: the sum is 0.06, not 0.05.
    for _ in range(2):
        await add_invoice(
            database,
            org,
            beta,
            total="0.03",
            currency="USD",
            rate="0.85",
            due_date=date(2026, 3, 20),
        )
    return beta


async def test_open_invoices_are_aged_per_client_currency_and_in_total(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    alpha = await seed_alpha(database, org_a)
    beta = await seed_beta(database, org_a)
    body = await gql(AGING, bearer=token_for(org_a, "viewer"), asOf=AS_OF.isoformat())
    report = body["data"]["receivablesAging"]
    assert report["asOf"] == "2026-03-31"
    assert report["baseCurrency"] == "EUR"
    assert report["invoiceCount"] == 12
    assert report["totals"] == buckets("258.34", "30.06", "310.00", "12.00", "600.00", "1210.40")
    first, second = report["clients"]
    assert first == {
        "clientId": str(alpha),
        "clientName": "Alpha",
        "invoiceCount": 9,
        "base": buckets("250.00", "30.00", "310.00", "12.00", "600.00", "1202.00"),
        "currencies": [
            {
                "currency": "EUR",
                "invoiceCount": 8,
                "amounts": buckets("250.00", "30.00", "40.00", "12.00", "600.00", "932.00"),
                "base": buckets("250.00", "30.00", "40.00", "12.00", "600.00", "932.00"),
            },
            {
                "currency": "USD",
                "invoiceCount": 1,
                "amounts": buckets("0.00", "0.00", "300.00", "0.00", "0.00", "300.00"),
                "base": buckets("0.00", "0.00", "270.00", "0.00", "0.00", "270.00"),
            },
        ],
    }
    assert second["clientId"] == str(beta)
    assert second["currencies"] == [
        {
            "currency": "USD",
            "invoiceCount": 3,
            "amounts": buckets("10.01", "0.06", "0.00", "0.00", "0.00", "10.07"),
            "base": buckets("8.34", "0.06", "0.00", "0.00", "0.00", "8.40"),
        }
    ]
    assert second["base"] == buckets("8.34", "0.06", "0.00", "0.00", "0.00", "8.40")


async def test_a_later_as_of_date_moves_invoices_into_older_buckets(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    client = await add_client(database, org_a, "Alpha")
    await add_invoice(database, org_a, client, total="100", due_date=date(2026, 3, 31))
    token = token_for(org_a, "viewer")
    totals = []
    for as_of in ("2026-03-31", "2026-04-01", "2026-05-01", "2026-05-31", "2026-06-30"):
        body = await gql(AGING, bearer=token, asOf=as_of)
        totals.append(body["data"]["receivablesAging"]["totals"])
    assert totals == [
        buckets("100.00", "0.00", "0.00", "0.00", "0.00", "100.00"),
        buckets("0.00", "100.00", "0.00", "0.00", "0.00", "100.00"),
        buckets("0.00", "0.00", "100.00", "0.00", "0.00", "100.00"),
        buckets("0.00", "0.00", "0.00", "100.00", "0.00", "100.00"),
        buckets("0.00", "0.00", "0.00", "0.00", "100.00", "100.00"),
    ]


async def test_a_past_date_ages_what_was_owed_then(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    """Payments, credit notes and voids dated after asOf do not count yet."""
    delta = await add_client(database, org_a, "Delta")
    january = date(2026, 1, 10)
    settled = await add_invoice(
        database,
        org_a,
        delta,
        total="500",
        status="paid",
        issue_date=january,
        due_date=date(2026, 2, 9),
    )
    for amount, paid_on in (("200", date(2026, 3, 15)), ("300", date(2026, 4, 20))):
        await add_payment(
            database, org_a, settled, amount=amount, paid_on=paid_on, base_amount=amount, gain="0"
        )
    credited = await add_invoice(
        database,
        org_a,
        delta,
        total="120",
        status="partially_paid",
        issue_date=january,
        due_date=january,
    )
    await add_invoice(
        database,
        org_a,
        delta,
        total="50",
        kind="credit_note",
        issue_date=date(2026, 4, 5),
        due_date=None,
        credited_invoice_id=credited,
    )
    await add_invoice(
        database,
        org_a,
        delta,
        total="30",
        status="void",
        issue_date=january,
        due_date=date(2026, 1, 20),
        voided_at=datetime(2026, 4, 10, 9, tzinfo=UTC),
    )
    token = token_for(org_a, "viewer")
    totals = []
    for as_of in ("2026-01-09", "2026-02-28", "2026-03-31", "2026-04-30"):
        body = await gql(AGING, bearer=token, asOf=as_of)
        totals.append(body["data"]["receivablesAging"]["totals"])
    assert totals == [
        buckets("0.00", "0.00", "0.00", "0.00", "0.00", "0.00"),  # nothing issued yet
        # 500 19 days late; 120 and 30 49 and 39 days late.
        buckets("0.00", "500.00", "150.00", "0.00", "0.00", "650.00"),
        # 200 of the 500 paid on 15 March; 120 and 30 now 80 and 70 days late.
        buckets("0.00", "0.00", "300.00", "150.00", "0.00", "450.00"),
        # The 500 paid in full, the 30 voided, 50 credited on the 120.
        buckets("0.00", "0.00", "0.00", "0.00", "70.00", "70.00"),
    ]


async def test_an_organisation_never_sees_another_ones_receivables(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID, org_b: uuid.UUID
) -> None:
    await seed_alpha(database, org_a)
    gamma = await add_client(database, org_b, "Gamma")
    await add_invoice(database, org_b, gamma, total="999", due_date=date(2026, 3, 1))
    body = await gql(AGING, bearer=token_for(org_b, "viewer"), asOf=AS_OF.isoformat())
    report = body["data"]["receivablesAging"]
    assert [client["clientName"] for client in report["clients"]] == ["Gamma"]
    assert report["totals"] == buckets("0.00", "999.00", "0.00", "0.00", "0.00", "999.00")


async def test_as_of_defaults_to_today(
    gql: GraphQL, token_for: TokenFactory, database: Database, org_a: uuid.UUID
) -> None:
    today = datetime.now(UTC).date()
    client = await add_client(database, org_a, "Alpha")
    await add_invoice(
        database, org_a, client, total="10", issue_date=today, due_date=today - timedelta(days=1)
    )
    body = await gql("{ receivablesAging { asOf totals { days1To30 } } }", bearer=token_for(org_a))
    assert body["data"]["receivablesAging"] == {
        "asOf": today.isoformat(),
        "totals": {"days1To30": "10.00"},
    }


async def test_nothing_open_gives_an_empty_report_of_zeros(
    gql: GraphQL, token_for: TokenFactory
) -> None:
    body = await gql(AGING, bearer=token_for(uuid.uuid4(), "viewer"), asOf="2026-01-01")
    report = body["data"]["receivablesAging"]
    assert report["clients"] == []
    assert report["invoiceCount"] == 0
    assert report["totals"] == buckets("0.00", "0.00", "0.00", "0.00", "0.00", "0.00")


async def test_the_report_needs_a_token(gql: GraphQL) -> None:
    body = await gql(AGING, asOf="2026-01-01")
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["UNAUTHENTICATED"]


async def test_the_report_needs_a_token_of_an_organisation(
    gql: GraphQL, token_for: TokenFactory
) -> None:
    body = await gql(AGING, bearer=token_for(None, "viewer"), asOf="2026-01-01")
    assert body["data"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["FORBIDDEN"]


async def test_aging_runs_two_statements_however_many_invoices(
    gql: GraphQL,
    token_for: TokenFactory,
    database: Database,
    org_a: uuid.UUID,
    financial_app: FastAPI,
) -> None:
    token = token_for(org_a, "viewer")
    counts: list[int] = []
    for client_name in ("Alpha", "Beta"):
        client = await add_client(database, org_a, client_name)
        for day in range(1, 6):
            await add_invoice(database, org_a, client, total="1", due_date=date(2026, 1, day))
        with statements_of(financial_app) as statements:
            body: dict[str, Any] = await gql(AGING, bearer=token, asOf="2026-03-31")
        assert body["data"]["receivablesAging"]["clients"]
        counts.append(len(statements))
    # The base currency, then every bucket of every client in one grouped query.
    assert counts == [2, 2]
