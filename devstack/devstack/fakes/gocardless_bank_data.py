"""A fake GoCardless Bank Account Data API (formerly Nordigen, v2) for the `nordigen` SDK:
token/new and token/refresh, institutions, end-user agreements, requisitions, and accounts
with their transactions in the Berlin Group shape ({"transactions": {"booked", "pending"}}).

Accounts and their transactions are seeded by tests through `FakeBankData.add_account`;
`python -m devstack.fakes.gocardless_bank_data --port 4011` serves it with one demo account
(base_url http://127.0.0.1:4011/api/v2; the account id is printed).
"""

from __future__ import annotations

import argparse
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

INSTITUTIONS = [
    {
        "id": "SANDBOXFINANCE_SFIN0000",
        "name": "Sandbox Finance",
        "bic": "SFIN0000",
        "transaction_total_days": "90",
        "countries": ["XX"],
        "logo": "https://cdn.example/sandbox.png",
    },
    {
        "id": "REVOLUT_REVOGB21",
        "name": "Revolut",
        "bic": "REVOGB21",
        "transaction_total_days": "730",
        "countries": ["GB", "DE", "FR"],
        "logo": "https://cdn.example/revolut.png",
    },
]


def _error(status: int, summary: str, detail: str) -> JSONResponse:
    return JSONResponse(
        {"summary": summary, "detail": detail, "status_code": status}, status_code=status
    )


@dataclass
class FakeBankDataState:
    secret_id: str
    secret_key: str
    tokens: set[str] = field(default_factory=set)
    refresh_tokens: set[str] = field(default_factory=set)
    agreements: dict[str, dict[str, Any]] = field(default_factory=dict)
    requisitions: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    transactions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)


class FakeBankData:
    def __init__(self, secret_id: str, secret_key: str) -> None:
        self.state = FakeBankDataState(secret_id, secret_key)
        self.app = Starlette(routes=self._routes())
        # The API root the SDK's base_url takes, once served (e.g. http://127.0.0.1:4011/api/v2).
        self.url = ""

    def add_account(self, iban: str, currency: str, transactions: list[dict[str, Any]]) -> str:
        """Seed an account; `transactions` are Berlin Group booked entries."""
        account_id = str(uuid.uuid4())
        with self.state.lock:
            self.state.accounts[account_id] = {
                "id": account_id,
                "created": datetime.now(UTC).isoformat(),
                "last_accessed": None,
                "iban": iban,
                "currency": currency,
                "institution_id": INSTITUTIONS[0]["id"],
                "status": "READY",
                "owner_name": "Fake Owner",
            }
            self.state.transactions[account_id] = list(transactions)
        return account_id

    # -- handlers ----------------------------------------------------------------------------
    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.state.tokens

    def _issue(self) -> dict[str, Any]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        with self.state.lock:
            self.state.tokens.add(access)
            self.state.refresh_tokens.add(refresh)
        return {
            "access": access,
            "access_expires": 86400,
            "refresh": refresh,
            "refresh_expires": 2592000,
        }

    async def _token_new(self, request: Request) -> Response:
        body = await request.json()
        wanted = (self.state.secret_id, self.state.secret_key)
        if (body.get("secret_id"), body.get("secret_key")) != wanted:
            return _error(
                401, "Authentication failed", "No active account found with the given credentials"
            )
        return JSONResponse(self._issue())

    async def _token_refresh(self, request: Request) -> Response:
        body = await request.json()
        if body.get("refresh") not in self.state.refresh_tokens:
            return _error(401, "Invalid token", "Token is invalid or expired")
        issued = self._issue()
        return JSONResponse({"access": issued["access"], "access_expires": 86400})

    async def _institutions(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "Invalid token", "Token is invalid or expired")
        country = request.query_params.get("country")
        found = [i for i in INSTITUTIONS if country is None or country.upper() in i["countries"]]
        return JSONResponse(found)

    async def _create_agreement(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "Invalid token", "Token is invalid or expired")
        body = await request.json()
        agreement = {
            "id": str(uuid.uuid4()),
            "created": datetime.now(UTC).isoformat(),
            "institution_id": body.get("institution_id"),
            "max_historical_days": body.get("max_historical_days", 90),
            "access_valid_for_days": body.get("access_valid_for_days", 90),
            "access_scope": body.get("access_scope", ["balances", "details", "transactions"]),
            "accepted": None,
        }
        with self.state.lock:
            self.state.agreements[agreement["id"]] = agreement
        return JSONResponse(agreement, status_code=201)

    async def _create_requisition(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "Invalid token", "Token is invalid or expired")
        body = await request.json()
        requisition_id = str(uuid.uuid4())
        with self.state.lock:
            # The fake's payer links every seeded account of the institution at once.
            accounts = [
                id_
                for id_, account in self.state.accounts.items()
                if account["institution_id"] == body.get("institution_id")
            ]
            requisition = {
                "id": requisition_id,
                "created": datetime.now(UTC).isoformat(),
                "redirect": body.get("redirect"),
                "status": "LN",
                "institution_id": body.get("institution_id"),
                "agreement": body.get("agreement"),
                "reference": body.get("reference"),
                "accounts": accounts,
                "link": f"https://ob.example/psd2/start/{requisition_id}/{body.get('institution_id')}",
            }
            self.state.requisitions[requisition_id] = requisition
        return JSONResponse(requisition, status_code=201)

    async def _requisition(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "Invalid token", "Token is invalid or expired")
        found = self.state.requisitions.get(request.path_params["id"])
        if found is None:
            return _error(404, "Not found.", "Not found.")
        return JSONResponse(found)

    async def _account(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "Invalid token", "Token is invalid or expired")
        found = self.state.accounts.get(request.path_params["id"])
        if found is None:
            return _error(
                404, "Account ID not found", "Please check whether you specified a valid Account ID"
            )
        return JSONResponse(found)

    async def _transactions(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "Invalid token", "Token is invalid or expired")
        account_id = request.path_params["id"]
        if account_id not in self.state.accounts:
            return _error(
                404, "Account ID not found", "Please check whether you specified a valid Account ID"
            )
        try:
            since = _date(request.query_params.get("date_from"))
            until = _date(request.query_params.get("date_to"))
        except ValueError:
            return _error(400, "Invalid date", "date_from and date_to must be YYYY-MM-DD")
        booked = [
            entry
            for entry in self.state.transactions[account_id]
            if (since is None or date.fromisoformat(entry["bookingDate"]) >= since)
            and (until is None or date.fromisoformat(entry["bookingDate"]) <= until)
        ]
        return JSONResponse({"transactions": {"booked": booked, "pending": []}})

    def _routes(self) -> list[Route]:
        return [
            Route("/api/v2/token/new/", self._token_new, methods=["POST"]),
            Route("/api/v2/token/refresh/", self._token_refresh, methods=["POST"]),
            Route("/api/v2/institutions/", self._institutions, methods=["GET"]),
            Route("/api/v2/institutions", self._institutions, methods=["GET"]),
            Route("/api/v2/agreements/enduser/", self._create_agreement, methods=["POST"]),
            Route("/api/v2/requisitions/", self._create_requisition, methods=["POST"]),
            Route("/api/v2/requisitions/{id}/", self._requisition, methods=["GET"]),
            Route("/api/v2/accounts/{id}/", self._account, methods=["GET"]),
            Route("/api/v2/accounts/{id}/transactions/", self._transactions, methods=["GET"]),
        ]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Serve the fake GoCardless Bank Account Data API.")
    parser.add_argument("--port", type=int, default=4011)
    parser.add_argument("--secret-id", default="fake-bank-data-secret-id")
    parser.add_argument("--secret-key", default="fake-bank-data-secret-key")
    args = parser.parse_args()
    fake = FakeBankData(args.secret_id, args.secret_key)
    today = date.today()
    demo = [
        {
            "transactionId": f"demo-{day}",
            "bookingDate": (today - timedelta(days=day)).isoformat(),
            "transactionAmount": {"amount": f"{(-1) ** day * 10 * day}.00", "currency": "EUR"},
            "remittanceInformationUnstructured": f"Demo transaction {day}",
        }
        for day in range(1, 11)
    ]
    account_id = fake.add_account("DE89370400440532013000", "EUR", demo)
    print(f"demo account: {account_id}", flush=True)
    uvicorn.run(fake.app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
