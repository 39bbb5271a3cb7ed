"""Password hashing (argon2id) and the strength policy."""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 10
# Hashing cost grows with input; anything longer than this is rejected, not hashed.
MAX_LENGTH = 256
ZXCVBN_MAX_LENGTH = 72
MIN_SCORE = 3  # zxcvbn: "safely unguessable: moderate protection from offline attacks"

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so timing does not reveal registration."""
    return _hasher.hash("timing-equaliser-not-a-password")


@dataclass(frozen=True)
class StrengthVerdict:
    acceptable: bool
    reasons: list[str]


def judge_strength(password: str, user_inputs: list[str]) -> StrengthVerdict:
    if len(password) < MIN_LENGTH:
        return StrengthVerdict(False, [f"Use at least {MIN_LENGTH} characters."])
    if len(password) > MAX_LENGTH:
        return StrengthVerdict(False, [f"Use at most {MAX_LENGTH} characters."])
    # zxcvbn refuses inputs over 72 characters; the first 72 decide the estimate anyway.
    result = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=user_inputs)
    if result["score"] >= MIN_SCORE:
        return StrengthVerdict(True, [])
    feedback = result["feedback"]
    reasons = [feedback["warning"]] if feedback.get("warning") else []
    reasons += list(feedback.get("suggestions") or [])
    return StrengthVerdict(False, reasons or ["This password is too easy to guess."])


async def hash_password(password: str) -> str:
    # argon2 takes tens of milliseconds: keep it off the event loop.
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    # argon2 takes a few hundred milliseconds: keep it (and the first dummy hash) off the loop.
    return await asyncio.to_thread(_verify, password_hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        matched = _hasher.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
