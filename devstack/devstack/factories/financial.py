"""Clients, invoices, payments, bank accounts, statements and exchange rates, made through the
financial subgraph's API. Each returns the whole object (every field a test may look at)."""

from __future__ import annotations

from typing import Any

from devstack.factories.api import Api, execute, result

CLIENT_FIELDS = """
id name email phone taxId defaultCurrency language paymentTermsDays notes customFields
archivedAt createdAt updatedAt
billingAddress { line1 line2 city region postalCode country }
contacts { id name email phone isPrimary }
"""
LINE_FIELDS = """
id position description quantity unitPrice discount { kind value }
amount documentDiscount netAmount taxAmount grossAmount
taxes { name rate mode compound amount }
"""
INVOICE_FIELDS = """
id kind status number clientId currency issueDate dueDate paymentTermsDays notes terms
discount { kind value } deposit { amount dueDate paid }
subtotal discountTotal netTotal taxTotal total amountPaid amountCredited balanceDue overdue
baseCurrency exchangeRate rateDate baseTotal creditedInvoiceId sourceQuoteId convertedInvoiceId
issuedAt voidedAt voidReason createdAt updatedAt
"""
PAYMENT_FIELDS = """id invoiceId amount paidOn method reference source externalId baseCurrency
exchangeRate baseAmount realisedFxGainLoss"""
ACCOUNT_FIELDS = """id name currency iban accountNumber bankName openingBalance archivedAt
balance"""

CREATE_CLIENT = f"""mutation CreateClient($input: CreateClientInput!) {{
  createClient(input: $input) {{
    __typename
    ... on ClientPayload {{ client {{ {CLIENT_FIELDS} }} }}
    ... on ClientError {{ code message field }}
  }}
}}"""
INVOICE_PAYLOAD = f"""
    __typename
    ... on InvoicePayload {{ invoice {{ {INVOICE_FIELDS} lines {{ {LINE_FIELDS} }} }} }}
    ... on InvoiceError {{ code message field }}
"""
CREATE_INVOICE = f"""mutation($input: CreateInvoiceInput!) {{
  createInvoice(input: $input) {{ {INVOICE_PAYLOAD} }} }}"""
CREATE_QUOTE = f"""mutation($input: CreateInvoiceInput!) {{
  createQuote(input: $input) {{ {INVOICE_PAYLOAD} }} }}"""
ISSUE_INVOICE = f"""mutation($id: ID!, $issueDate: Date) {{
  issueInvoice(id: $id, issueDate: $issueDate) {{ {INVOICE_PAYLOAD} }} }}"""
RECORD_PAYMENT = f"""mutation($input: RecordPaymentInput!) {{
  recordPayment(input: $input) {{
    __typename
    ... on PaymentPayload {{ payment {{ {PAYMENT_FIELDS} }} invoice {{ {INVOICE_FIELDS} }} }}
    ... on InvoiceError {{ code message field }}
  }} }}"""
CREATE_BANK_ACCOUNT = f"""mutation($input: CreateBankAccountInput!) {{
  createBankAccount(input: $input) {{
    __typename
    ... on BankAccountPayload {{ account {{ {ACCOUNT_FIELDS} }} }}
    ... on BankError {{ code message field }}
  }}
}}"""
IMPORT_STATEMENT = """mutation($input: ImportBankStatementInput!) {
  importBankStatement(input: $input) {
    __typename
    ... on ImportBankStatementPayload {
      bankImport { id accountId format filename rows imported duplicates errors }
      transactionIds
    }
    ... on BankImportError { code message field rows { row field message } }
  }
}"""
IMPORT_ECB_RATES = """mutation($csv: String!) { importEcbRates(csv: $csv) {
  __typename ... on RateImportPayload { inserted } ... on RateImportError { code line } } }"""
SET_BASE_CURRENCY = """mutation($currency: String!) {
  updateFinancialSettings(baseCurrency: $currency) { __typename } }"""


def client_input(name: str = "Acme GmbH", **overrides: Any) -> dict[str, Any]:
    return {"name": name, "defaultCurrency": "EUR", **overrides}


async def create_client(
    api: Api, token: str, name: str = "Acme GmbH", **fields: Any
) -> dict[str, Any]:
    body = await execute(api, CREATE_CLIENT, token, input=client_input(name, **fields))
    return dict(result(body, "createClient", "ClientPayload")["client"])


def line(
    description: str = "Consulting", quantity: str = "1", unit_price: str = "100.00", **extra: Any
) -> dict[str, Any]:
    """An invoice line input (taxes, discount ... as `extra`)."""
    return {"description": description, "quantity": quantity, "unitPrice": unit_price, **extra}


async def create_invoice(
    api: Api, token: str, client_id: str | None = None, kind: str = "invoice", **fields: Any
) -> dict[str, Any]:
    """A draft invoice (or quote, `kind="quote"`) of one line, for a new client unless given."""
    if client_id is None:
        client_id = (await create_client(api, token))["id"]
    document, field = (
        (CREATE_QUOTE, "createQuote") if kind == "quote" else (CREATE_INVOICE, "createInvoice")
    )
    body = await execute(
        api, document, token, input={"clientId": client_id, "lines": [line()], **fields}
    )
    return dict(result(body, field, "InvoicePayload")["invoice"])


async def issue_invoice(
    api: Api, token: str, invoice_id: str, issue_date: str | None = None
) -> dict[str, Any]:
    """The issueInvoice result, whichever it is (an admin's token issues)."""
    body = await execute(api, ISSUE_INVOICE, token, id=invoice_id, issueDate=issue_date)
    assert body.get("data"), body
    return dict(body["data"]["issueInvoice"])


async def create_issued_invoice(
    api: Api, token: str, client_id: str | None = None, issue_date: str | None = None, **fields: Any
) -> dict[str, Any]:
    draft = await create_invoice(api, token, client_id, **fields)
    issued = await issue_invoice(api, token, draft["id"], issue_date)
    assert issued["__typename"] == "InvoicePayload", issued
    return dict(issued["invoice"])


async def record_payment(
    api: Api, token: str, invoice_id: str, amount: str, paid_on: str = "2026-01-20", **extra: Any
) -> dict[str, Any]:
    """The recordPayment result, whichever it is."""
    payment = {"invoiceId": invoice_id, "amount": amount, "paidOn": paid_on, **extra}
    body = await execute(api, RECORD_PAYMENT, token, input=payment)
    assert body.get("data"), body
    return dict(body["data"]["recordPayment"])


async def create_bank_account(api: Api, token: str, **fields: Any) -> dict[str, Any]:
    body = await execute(
        api, CREATE_BANK_ACCOUNT, token, input={"name": "Main", "currency": "EUR", **fields}
    )
    return dict(result(body, "createBankAccount", "BankAccountPayload")["account"])


async def import_statement(
    api: Api, token: str, account_id: str, format: str, content: str, **extra: Any
) -> dict[str, Any]:
    """The importBankStatement result, whichever it is."""
    statement = {"accountId": account_id, "format": format, "content": content, **extra}
    body = await execute(api, IMPORT_STATEMENT, token, input=statement)
    assert "errors" not in body, body
    return dict(body["data"]["importBankStatement"])


async def import_ecb_rates(api: Api, admin: str, csv: str) -> int:
    """Exchange rates, as an ECB reference-rate CSV (units of each currency per 1 EUR)."""
    body = await execute(api, IMPORT_ECB_RATES, admin, csv=csv)
    inserted: int = result(body, "importEcbRates", "RateImportPayload")["inserted"]
    return inserted


async def set_base_currency(api: Api, admin: str, currency: str) -> None:
    body = await execute(api, SET_BASE_CURRENCY, admin, currency=currency)
    result(body, "updateFinancialSettings", "FinancialSettingsPayload")
