"""Signing keys: ensure one exists, rotate, publish the JWKS, sign access tokens."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.ext.asyncio import AsyncSession

from auth_subgraph.settings import AuthSettings
from auth_subgraph.signing_key import crypto
from auth_subgraph.signing_key.models import SigningKey
from auth_subgraph.signing_key.repository import SigningKeyRepository

# Keys are immutable once created, so caching decrypted keys by kid is safe process-wide.
_private_keys: dict[str, rsa.RSAPrivateKey] = {}


async def _create_key(session: AsyncSession, settings: AuthSettings) -> SigningKey:
    private_key = await asyncio.to_thread(crypto.generate_private_key, settings.signing_key_bits)
    jwk = crypto.public_jwk(private_key)
    secret = settings.key_encryption_secret
    fernet = crypto.fernet_for(secret.get_secret_value() if secret else None)
    key = SigningKey(
        kid=jwk["kid"],
        algorithm=crypto.ALGORITHM,
        private_key_encrypted=fernet.encrypt(crypto.private_key_pem(private_key)),
        public_jwk=jwk,
    )
    _private_keys[key.kid] = private_key
    return await SigningKeyRepository(session).add(key)


async def ensure_current_key(session: AsyncSession, settings: AuthSettings) -> SigningKey:
    """The current signing key, created on first use."""
    repository = SigningKeyRepository(session)
    current = await repository.current()
    if current is not None:
        return current
    await repository.lock_rotation()
    return await repository.current() or await _create_key(session, settings)


async def rotate_key(session: AsyncSession, settings: AuthSettings) -> SigningKey:
    """Make a new current key. The old one stays published until its tokens have expired."""
    repository = SigningKeyRepository(session)
    await repository.lock_rotation()
    await repository.retire_all_current(datetime.now(UTC))
    return await _create_key(session, settings)


async def jwks_document(session: AsyncSession, settings: AuthSettings) -> dict[str, Any]:
    grace = timedelta(seconds=settings.access_token_ttl_seconds + 300)
    keys = await SigningKeyRepository(session).published(datetime.now(UTC) - grace)
    return {"keys": [key.public_jwk for key in keys]}


def _private_key(key: SigningKey, settings: AuthSettings) -> rsa.RSAPrivateKey:
    cached = _private_keys.get(key.kid)
    if cached is None:
        secret = settings.key_encryption_secret
        fernet = crypto.fernet_for(secret.get_secret_value() if secret else None)
        cached = crypto.load_private_key(fernet.decrypt(key.private_key_encrypted))
        _private_keys[key.kid] = cached
    return cached


def sign(claims: dict[str, Any], key: SigningKey, settings: AuthSettings) -> str:
    return jwt.encode(
        claims, _private_key(key, settings), algorithm=key.algorithm, headers={"kid": key.kid}
    )
