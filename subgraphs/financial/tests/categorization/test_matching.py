"""Incoming payments matched to open invoices on import: unique, ambiguous, partial, reviewed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from devstack.factories.financial import (
    create_bank_account,
    create_invoice,
    import_ecb_rates,
    issue_invoice,
    line,
)

from ..conftest import GraphQL, create_client
from .conftest import (
    APPLY_RULES,
    contains,
    create_rule,
    data,
    import_csv,
    transactions,
)

RATES = Path(__file__).parent.parent / "currency" / "data" / "eurofxref-sample.csv"
INVOICE = """query($id: ID!) { invoice(id: $id) {
  status amountPaid balanceDue payments { externalId source amount } } }"""
UNMATCHED = """query { unmatchedPayments { edges { node {
  status transaction { id description }
  candidates { invoiceId score reasons invoice { number } } } } } }"""
SUGGESTIONS = """query($id: ID!) {
  paymentMatchSuggestions(transactionId: $id) { invoiceId score reasons } }"""
CONFIRM = """mutation($tx: ID!, $invoice: ID!, $amount: Decimal) {
  confirmPaymentMatch(transactionId: $tx, invoiceId: $invoice, amount: $amount) {
    __typename ... on PaymentMatchPayload { transaction { id invoiceId matchedInvoice { status } } }
    ... on PaymentMatchError { code message field } } }"""
DISMISS = """mutation($tx: ID!) { dismissPaymentMatch(transactionId: $tx) {
  __typename ... on DismissPaymentMatchPayload { transactionId }
  ... on PaymentMatchError { code message } } }"""


async def issued_invoice(
    gql: GraphQL, member: str, admin: str, client: str, price: str, on: str = "2026-03-01"
) -> dict[str, Any]:
    # Issued before the payments below are booked (2026-03-02 on): a payment booked before
    # its invoice was issued is never matched automatically.
    client_id = (await create_client(gql, member, name=client))["id"]
    draft = await create_invoice(gql, member, client_id, lines=[line("Work", unit_price=price)])
    issued = await issue_invoice(gql, admin, draft["id"], on)
    assert issued["__typename"] == "InvoicePayload", issued
    return dict(issued["invoice"])


async def invoice(gql: GraphQL, bearer: str, invoice_id: str) -> dict[str, Any]:
    return dict((await gql(INVOICE, bearer=bearer, id=invoice_id))["data"]["invoice"])


async def test_a_unique_match_is_recorded_once(gql: GraphQL, member: str, admin: str) -> None:
    acme = await issued_invoice(gql, member, admin, "Acme GmbH", "100.00")
    await issued_invoice(gql, member, admin, "Globex Corporation", "250.00")
    account_id = (await create_bank_account(gql, admin))["id"]
    await import_csv(gql, member, account_id, ("2026-03-02", "Thanks", "100.00", "ACME GMBH"))
    row = (await transactions(gql, member))["Thanks"]
    assert row["invoiceId"] == acme["id"]
    assert row["matchedInvoice"]["status"] == "PAID"
    paid = await invoice(gql, member, acme["id"])
    assert paid["payments"] == [
        {"externalId": f"bank-transaction:{row['id']}", "source": "BANK", "amount": "100.00"}
    ]
    rerun = data(await gql(APPLY_RULES, bearer=member, only=False), "applyRules")
    assert rerun["paymentsMatched"] == 0
    assert len((await invoice(gql, member, acme["id"]))["payments"]) == 1


async def test_an_ambiguous_payment_waits_for_a_person(
    gql: GraphQL, member: str, admin: str, viewer: str
) -> None:
    first = await issued_invoice(gql, member, admin, "Acme GmbH", "119.00")
    second = await issued_invoice(gql, member, admin, "Globex Corporation", "119.00")
    account_id = (await create_bank_account(gql, admin))["id"]
    [tx] = await import_csv(gql, member, account_id, ("2026-03-02", "Payment", "119.00", "J. Doe"))
    assert (await transactions(gql, member))["Payment"]["invoiceId"] is None
    [review] = [
        e["node"]
        for e in (await gql(UNMATCHED, bearer=viewer))["data"]["unmatchedPayments"]["edges"]
    ]
    assert review["transaction"]["id"] == tx
    assert review["status"] == "PENDING"
    assert {c["invoiceId"] for c in review["candidates"]} == {first["id"], second["id"]}
    assert all(c["reasons"] == ["amount equals the balance due"] for c in review["candidates"])
    fresh = (await gql(SUGGESTIONS, bearer=viewer, id=tx))["data"]["paymentMatchSuggestions"]
    assert len(fresh) == 2

    forbidden = await gql(CONFIRM, bearer=viewer, tx=tx, invoice=second["id"])
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    confirmed = data(
        await gql(CONFIRM, bearer=member, tx=tx, invoice=second["id"]), "confirmPaymentMatch"
    )
    assert confirmed["transaction"]["matchedInvoice"]["status"] == "PAID"
    repeated = data(
        await gql(CONFIRM, bearer=member, tx=tx, invoice=second["id"]), "confirmPaymentMatch"
    )
    assert repeated["__typename"] == "PaymentMatchPayload"
    other = data(
        await gql(CONFIRM, bearer=member, tx=tx, invoice=first["id"]), "confirmPaymentMatch"
    )
    assert other["code"] == "ALREADY_MATCHED"
    assert (await gql(UNMATCHED, bearer=member))["data"]["unmatchedPayments"]["edges"] == []
    assert len((await invoice(gql, member, second["id"]))["payments"]) == 1
    assert (await invoice(gql, member, first["id"]))["status"] == "ISSUED"


async def test_a_number_match_records_a_partial_payment(
    gql: GraphQL, member: str, admin: str
) -> None:
    big = await issued_invoice(gql, member, admin, "Initech LLC", "500.00")
    account_id = (await create_bank_account(gql, admin))["id"]
    text = f"Part payment {big['number']}"
    await import_csv(gql, member, account_id, ("2026-03-02", text, "200.00", "Somebody"))
    assert (await transactions(gql, member))[text]["invoiceId"] == big["id"]
    partial = await invoice(gql, member, big["id"])
    assert (partial["status"], partial["balanceDue"]) == ("PARTIALLY_PAID", "300.00")


async def test_dismissed_payments_are_not_queued_again(
    gql: GraphQL, member: str, admin: str
) -> None:
    await issued_invoice(gql, member, admin, "Acme GmbH", "80.00")
    account_id = (await create_bank_account(gql, admin))["id"]
    [tx] = await import_csv(gql, member, account_id, ("2026-03-02", "Transfer", "80.00", "Unknown"))
    dismissed = data(await gql(DISMISS, bearer=member, tx=tx), "dismissPaymentMatch")
    assert dismissed["transactionId"] == tx
    again = data(await gql(DISMISS, bearer=member, tx=tx), "dismissPaymentMatch")
    assert again["code"] == "NOT_PENDING"
    rerun = data(await gql(APPLY_RULES, bearer=member, only=False), "applyRules")
    assert rerun["paymentsForReview"] == 0
    assert (await gql(UNMATCHED, bearer=member))["data"]["unmatchedPayments"]["edges"] == []


async def test_a_rule_links_the_invoice_its_number_names(
    gql: GraphQL, member: str, admin: str
) -> None:
    target = await issued_invoice(gql, member, admin, "Acme GmbH", "300.00")
    await create_rule(gql, admin, "Invoices", [contains("rechnung")], [{"type": "LINK_INVOICE"}])
    account_id = (await create_bank_account(gql, admin))["id"]
    # 90.00 of 300.00 from a stranger: amount and name say nothing, the rule's number does.
    text = f"Rechnung {target['number']}"
    await import_csv(gql, member, account_id, ("2026-03-02", text, "90.00", "Stranger"))
    assert (await transactions(gql, member))[text]["invoiceId"] == target["id"]
    assert (await invoice(gql, member, target["id"]))["balanceDue"] == "210.00"


async def test_confirmation_refusals_are_typed(gql: GraphQL, member: str, admin: str) -> None:
    eur = await issued_invoice(gql, member, admin, "Acme GmbH", "50.00")
    await import_ecb_rates(gql, admin, RATES.read_text())
    usd_account = (await create_bank_account(gql, admin, currency="USD"))["id"]
    [in_usd] = await import_csv(gql, member, usd_account, ("2026-10-30", "Usd", "50.00", "Yankee"))
    account_id = (await create_bank_account(gql, admin))["id"]
    outgoing, incoming = await import_csv(
        gql,
        member,
        account_id,
        ("2026-03-02", "Out", "-50.00", "Shop"),
        ("2026-03-03", "In", "70.00", "Somebody"),
    )
    cases = [
        ({"tx": outgoing, "invoice": eur["id"]}, "NOT_INCOMING"),
        ({"tx": in_usd, "invoice": eur["id"]}, "CURRENCY_MISMATCH"),
        ({"tx": incoming, "invoice": eur["id"]}, "OVERPAYMENT"),
        ({"tx": incoming, "invoice": eur["id"], "amount": "80.00"}, "INVALID_AMOUNT"),
        ({"tx": incoming, "invoice": "00000000-0000-0000-0000-000000000001"}, "INVOICE_NOT_FOUND"),
        (
            {"tx": "00000000-0000-0000-0000-000000000001", "invoice": eur["id"]},
            "TRANSACTION_NOT_FOUND",
        ),
    ]
    for variables, code in cases:
        result = data(await gql(CONFIRM, bearer=member, **variables), "confirmPaymentMatch")
        assert result.get("code") == code, (variables, result)
    assert (await invoice(gql, member, eur["id"]))["payments"] == []
    part = data(
        await gql(CONFIRM, bearer=member, tx=incoming, invoice=eur["id"], amount="50.00"),
        "confirmPaymentMatch",
    )
    assert part["transaction"]["invoiceId"] == eur["id"]


async def test_a_rule_link_that_cannot_pay_is_reviewed_once(
    gql: GraphQL, member: str, admin: str
) -> None:
    target = await issued_invoice(gql, member, admin, "Acme GmbH", "40.00")
    link = {"type": "LINK_INVOICE", "invoiceId": target["id"]}
    await create_rule(gql, admin, "Deposits", [contains("deposit")], [link])
    account_id = (await create_bank_account(gql, admin))["id"]
    # 60.00 against a balance of 40.00: the rule names the invoice, the payment cannot settle it.
    [tx] = await import_csv(gql, member, account_id, ("2026-03-02", "Deposit", "60.00", "X"))
    for _ in range(2):
        data(await gql(APPLY_RULES, bearer=member, only=False), "applyRules")
    edges = (await gql(UNMATCHED, bearer=member))["data"]["unmatchedPayments"]["edges"]
    assert [edge["node"]["transaction"]["id"] for edge in edges] == [tx]
    [candidate] = edges[0]["node"]["candidates"]
    assert candidate["invoiceId"] == target["id"]
    assert candidate["reasons"][1].startswith("not recorded:")
    assert (await invoice(gql, member, target["id"]))["payments"] == []


async def test_a_payment_booked_before_the_invoice_was_issued_goes_to_review(
    gql: GraphQL, member: str, admin: str
) -> None:
    later = await issued_invoice(gql, member, admin, "Acme GmbH", "100.00", on="2026-04-02")
    account_id = (await create_bank_account(gql, admin))["id"]
    # Number, amount and name all fit, but the money came a month before the invoice.
    text = f"Payment {later['number']}"
    [tx] = await import_csv(gql, member, account_id, ("2026-03-02", text, "100.00", "ACME GMBH"))
    assert (await transactions(gql, member))[text]["invoiceId"] is None
    assert (await invoice(gql, member, later["id"]))["status"] == "ISSUED"
    [edge] = (await gql(UNMATCHED, bearer=member))["data"]["unmatchedPayments"]["edges"]
    [candidate] = edge["node"]["candidates"]
    assert candidate["invoiceId"] == later["id"]
    assert "booked 31 days before the invoice was issued" in candidate["reasons"]
    # A person may still decide it was an advance payment.
    confirmed = data(
        await gql(CONFIRM, bearer=member, tx=tx, invoice=later["id"]), "confirmPaymentMatch"
    )
    assert confirmed["transaction"]["matchedInvoice"]["status"] == "PAID"


async def test_a_payment_a_few_days_early_is_within_the_tolerance(
    gql: GraphQL, member: str, admin: str
) -> None:
    acme = await issued_invoice(gql, member, admin, "Acme GmbH", "100.00", on="2026-04-02")
    account_id = (await create_bank_account(gql, admin))["id"]
    # Three days (the default tolerance) covers clocks and time zones.
    await import_csv(gql, member, account_id, ("2026-03-30", "Thanks", "100.00", "ACME GMBH"))
    assert (await transactions(gql, member))["Thanks"]["invoiceId"] == acme["id"]


async def test_a_rule_link_before_the_issue_date_is_reviewed(
    gql: GraphQL, member: str, admin: str
) -> None:
    target = await issued_invoice(gql, member, admin, "Acme GmbH", "300.00", on="2026-04-02")
    await create_rule(gql, admin, "Invoices", [contains("rechnung")], [{"type": "LINK_INVOICE"}])
    account_id = (await create_bank_account(gql, admin))["id"]
    text = f"Rechnung {target['number']}"
    [tx] = await import_csv(gql, member, account_id, ("2026-03-02", text, "90.00", "Stranger"))
    assert (await transactions(gql, member))[text]["invoiceId"] is None
    assert (await invoice(gql, member, target["id"]))["payments"] == []
    edges = (await gql(UNMATCHED, bearer=member))["data"]["unmatchedPayments"]["edges"]
    assert [edge["node"]["transaction"]["id"] for edge in edges] == [tx]
    reasons = edges[0]["node"]["candidates"][0]["reasons"]
    assert reasons[1] == "not recorded: booked 31 days before the invoice was issued"
