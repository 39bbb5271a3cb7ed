"""Builds the tokens of service_runtime/token_vectors.json, for the tests that run them
against the router, a subgraph and the verifier itself (one policy, one set of vectors)."""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from service_runtime.token_policy import POLICY_PATH

VECTORS: list[dict[str, Any]] = json.loads(POLICY_PATH.with_name("token_vectors.json").read_text())[
    "vectors"
]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass(frozen=True)
class VectorSigner:
    key: rsa.RSAPrivateKey
    kid: str
    issuer: str
    audience: str

    def issued_claims(self) -> dict[str, Any]:
        """What the auth service puts in an access token."""
        now = int(time.time())
        return {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(uuid.uuid4()),
            "sid": str(uuid.uuid4()),
            "org": str(uuid.uuid4()),
            "role": "viewer",
            "scope": "org:read",
            "ver": 0,
            "iat": now,
            "exp": now + 600,
            "jti": str(uuid.uuid4()),
        }

    def token(self, vector: dict[str, Any]) -> str:
        claims = {**self.issued_claims(), **self._overrides(vector.get("claims", {}))}
        for name in vector.get("drop", []):
            claims.pop(name, None)
        if "pad" in vector:
            claims["pad"] = "x" * vector["pad"]
        header: dict[str, Any] = {"alg": "RS256", "typ": "JWT", "kid": self.kid}
        header.update(vector.get("header", {}))
        header = {name: value for name, value in header.items() if value is not None}
        payload = vector.get("payload", "").encode() or json.dumps(claims).encode()
        if header["alg"] == "none":
            return f"{_b64(json.dumps(header).encode())}.{_b64(payload)}."
        extra = {name: value for name, value in header.items() if name not in ("alg", "typ")}
        return jwt.api_jws.encode(payload, self.key, "RS256", headers=extra or None)

    def _overrides(self, claims: dict[str, Any]) -> dict[str, Any]:
        now = int(time.time())
        return {name: self._value(value, now) for name, value in claims.items()}

    def _value(self, value: Any, now: int) -> Any:
        if isinstance(value, dict) and "$now" in value:
            return now + value["$now"]
        if isinstance(value, list):
            return [self.audience if item == "$audience" else item for item in value]
        return value
