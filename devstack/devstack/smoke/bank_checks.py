"""Bank statements: an import through the router, its re-import, and a malformed file."""

from __future__ import annotations

from devstack.smoke.financial_checks import _owner_token
from devstack.smoke.runner import SmokeRun, check, expect

OFX = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261030
<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0
<SEVERITY>INFO</STATUS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING
</BANKACCTFROM><BANKTRANLIST><DTSTART>20261026<DTEND>20261030
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261027<TRNAMT>1500.00<FITID>S-1<NAME>Acme Trading Ltd
<MEMO>Invoice INV-2026-0042</STMTTRN>
</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
"""

IMPORT = """mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
    __typename ... on ImportBankStatementPayload { bankImport { imported duplicates } }
    ... on BankImportError { code } } }"""


@check("data creation: import a bank statement through the router, once")
async def import_statement(run: SmokeRun) -> None:
    token = await _owner_token(run)
    create = """mutation { createBankAccount(input: {name: "Smoke", currency: "EUR"}) {
        ... on BankAccountPayload { account { id } } } }"""
    account_id = (await run.graphql(create, token=token))["data"]["createBankAccount"]["account"][
        "id"
    ]
    statement = {"accountId": account_id, "format": "OFX", "content": OFX}
    for expected in ({"imported": 1, "duplicates": 0}, {"imported": 0, "duplicates": 1}):
        body = await run.graphql(IMPORT, token=token, input=statement)
        result = body["data"]["importBankStatement"]
        expect(result.get("bankImport") == expected, str(body))
    broken = await run.graphql(IMPORT, token=token, input={**statement, "content": "<OFX"})
    expect(broken["data"]["importBankStatement"]["code"] == "MALFORMED_FILE", str(broken))
