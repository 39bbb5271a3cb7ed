"""Financial reports through the router: each report answers for an organisation without
invoices or transactions (all zero), and a backwards range is a typed error."""

from __future__ import annotations

from devstack.smoke.financial_checks import _owner_token
from devstack.smoke.runner import SmokeRun, check, expect

REPORTS = """query($from: Date!, $to: Date!) {
  receivablesAging(asOf: $to) { invoiceCount totals { total } }
  cashFlow(from: $from, to: $to) { __typename ... on CashFlow { total { closing } } }
  profitAndLoss(from: $from, to: $to) {
    __typename ... on ProfitAndLoss { basis netTotal } ... on ReportError { code } } }"""


@check("reports: aging, cash flow and profit and loss answer; a bad range is a typed error")
async def reports_answer(run: SmokeRun) -> None:
    token = run.state.get("financial_token") or await _owner_token(run)
    body = await run.graphql(REPORTS, token=token, **{"from": "2026-01-01", "to": "2026-03-31"})
    data = body.get("data") or {}
    expect(
        data.get("receivablesAging") == {"invoiceCount": 0, "totals": {"total": "0.00"}}, str(body)
    )
    expect(data["cashFlow"]["__typename"] == "CashFlow", str(body))
    expect(
        data["profitAndLoss"]
        == {"__typename": "ProfitAndLoss", "basis": "CASH", "netTotal": "0.00"},
        str(body),
    )
    backwards = await run.graphql(
        REPORTS, token=token, **{"from": "2026-03-31", "to": "2026-01-01"}
    )
    expect(
        backwards["data"]["profitAndLoss"]
        == {"__typename": "ReportError", "code": "INVALID_RANGE"},
        str(backwards),
    )
