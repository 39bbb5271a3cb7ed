"""Password hashing (argon2id) and the strength policy."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_LENGTH = 10
# Hashing cost grows with input; anything longer than this is rejected, not hashed.
MAX_LENGTH = 256
MIN_SCORE = 3  # zxcvbn: "safely unguessable: moderate protection from offline attacks"

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so timing does not reveal registration.
_DUMMY_HASH = _hasher.hash("timing-equaliser-not-a-password")


@dataclass(frozen=True)
class StrengthVerdict:
    acceptable: bool
    reasons: list[str]


def judge_strength(password: str, user_inputs: list[str]) -> StrengthVerdict:
    if len(password) < MIN_LENGTH:
        return StrengthVerdict(False, [f"Use at least {MIN_LENGTH} characters."])
    if len(password) > MAX_LENGTH:
        return StrengthVerdict(False, [f"Use at most {MAX_LENGTH} characters."])
    result = zxcvbn(password[:100], user_inputs=user_inputs)
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
    try:
        return await asyncio.to_thread(_hasher.verify, password_hash or _DUMMY_HASH, password) and (
            password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
