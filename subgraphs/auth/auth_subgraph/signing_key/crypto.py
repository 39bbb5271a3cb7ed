"""Key material: RSA key generation, at-rest encryption, JWK export."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ALGORITHM = "RS256"
# Development only: a fixed encryption key so a dev database survives restarts.
_DEVELOPMENT_SECRET = "development-only-signing-key-encryption"


def fernet_for(secret: str | None) -> Fernet:
    material = hashlib.sha256((secret or _DEVELOPMENT_SECRET).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(material))


def generate_private_key(bits: int) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def private_key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_private_key(pem: bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def public_jwk(key: rsa.RSAPrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    # RFC 7638 thumbprint: a kid derived from the key itself.
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=")
    return {**jwk, "kid": kid.decode()[:32], "alg": ALGORITHM, "use": "sig"}
