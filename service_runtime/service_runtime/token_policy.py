"""The access-token claim rules of token_policy.json, the file the router enforces too
(router/src/tokenPolicy.ts mirrors this module check for check, in the same order).

The claims are validated here rather than by PyJWT so that both verifiers apply exactly the
same rules (PyJWT and jose differ on future `iat`, leeway edges and claim types).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service_runtime.token_errors import AuthenticationError, AuthErrorCode

POLICY_PATH = Path(__file__).with_name("token_policy.json")
POLICY: dict[str, Any] = json.loads(POLICY_PATH.read_text())
_UUID = re.compile(POLICY["uuid_pattern"])


def _invalid(message: str) -> AuthenticationError:
    return AuthenticationError(AuthErrorCode.INVALID_CLAIMS, message)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class ClaimCheck:
    issuer: str
    audience: str
    now: float

    def run(self, claims: dict[str, Any]) -> None:
        """Raises AuthenticationError with the first failing check's reason code."""
        for name in POLICY["claim_checks"]:
            check: Callable[[dict[str, Any]], None] = getattr(self, f"_{name}")
            check(claims)

    def _required(self, claims: dict[str, Any]) -> None:
        missing = [name for name in POLICY["required_claims"] if name not in claims]
        if missing:
            raise _invalid(f"Token lacks the {missing[0]} claim")

    def _numeric_dates(self, claims: dict[str, Any]) -> None:
        for name in POLICY["numeric_date_claims"]:
            if name in claims and not _is_number(claims[name]):
                raise _invalid(f"The {name} claim is not a date")

    def _issuer(self, claims: dict[str, Any]) -> None:
        if claims["iss"] != self.issuer:
            raise AuthenticationError(AuthErrorCode.INVALID_ISSUER, "Wrong issuer")

    def _audience(self, claims: dict[str, Any]) -> None:
        audience = claims["aud"]
        accepted = audience == self.audience or (
            isinstance(audience, list) and self.audience in audience
        )
        if not accepted:
            raise AuthenticationError(AuthErrorCode.INVALID_AUDIENCE, "Wrong audience")

    def _expiry(self, claims: dict[str, Any]) -> None:
        if self.now - POLICY["clock_skew_seconds"] >= claims["exp"]:
            raise AuthenticationError(AuthErrorCode.TOKEN_EXPIRED, "Token has expired")

    def _not_before(self, claims: dict[str, Any]) -> None:
        if "nbf" in claims and claims["nbf"] > self.now + POLICY["clock_skew_seconds"]:
            raise _invalid("Token is not valid yet")

    def _issued_at(self, claims: dict[str, Any]) -> None:
        if claims["iat"] > self.now + POLICY["clock_skew_seconds"]:
            raise _invalid("Token was issued in the future")

    def _lifetime(self, claims: dict[str, Any]) -> None:
        if claims["exp"] - claims["iat"] > POLICY["max_lifetime_seconds"]:
            raise _invalid("Token lifetime is longer than accepted")

    def _uuids(self, claims: dict[str, Any]) -> None:
        for name in POLICY["uuid_claims"]:
            value = claims.get(name)
            if name in claims and not (isinstance(value, str) and _UUID.fullmatch(value)):
                raise _invalid(f"The {name} claim is not a UUID")

    def _strings(self, claims: dict[str, Any]) -> None:
        for name in POLICY["string_claims"]:
            if name in claims and not isinstance(claims[name], str):
                raise _invalid(f"The {name} claim is not a string")

    def _counters(self, claims: dict[str, Any]) -> None:
        for name in POLICY["counter_claims"]:
            if name not in claims:
                continue
            value = claims[name]
            # 3.0 counts as 3: JSON has one number type, and JavaScript cannot tell them apart.
            if not (_is_number(value) and float(value).is_integer()):
                raise _invalid(f"The {name} claim is not a counter")
            if not 0 <= value <= POLICY["max_counter"]:
                raise _invalid(f"The {name} claim is out of range")
