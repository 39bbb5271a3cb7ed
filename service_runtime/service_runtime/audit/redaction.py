"""Mutation arguments as they are stored in the audit log: secrets redacted, size bounded.

Secrets are recognised by their field's name (any word of `newPassword`, `refresh_token`,
`apiKey` ... in SECRET_WORDS) and by shape (a JWT or bearer credential under any name). A
hostile value is never stored whole: strings are cut, lists and objects keep their first items,
nesting stops at a depth, and one budget of characters bounds the whole record.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

REDACTED = "[REDACTED]"
SECRET_WORDS = frozenset(
    {
        "password", "passwd", "passphrase", "secret", "token", "key", "apikey", "credential",
        "authorization", "cookie", "otp", "pin", "cvv", "cvc", "signature", "iban",
    }
)  # fmt: skip
MAX_TEXT = 200
MAX_ITEMS = 20
MAX_DEPTH = 6
# Characters of strings and names in one record (about 8 KB of JSON at most).
MAX_TOTAL = 4000

_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_CREDENTIAL = re.compile(r"^(bearer\s|basic\s|ey[A-Za-z0-9_-]{8,}\.ey)", re.IGNORECASE)


def is_secret_name(name: str) -> bool:
    """True when any word of a field name (camelCase or snake_case) names a secret."""
    words = [word.lower() for word in _WORDS.findall(name)]
    return any(word in SECRET_WORDS or word.rstrip("s") in SECRET_WORDS for word in words)


def audit_arguments(arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments of one mutation field, fit to be stored and shown to admins."""
    bounded = _Bounded(MAX_TOTAL).value(arguments, depth=0)
    return bounded if isinstance(bounded, dict) else {}


class _Bounded:
    def __init__(self, budget: int) -> None:
        self.budget = budget

    def value(self, value: Any, depth: int) -> Any:
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, enum.Enum):
            return self.value(value.value, depth)
        if isinstance(value, str):
            return self.text(value)
        if depth >= MAX_DEPTH or self.budget <= 0:
            return "..."
        if isinstance(value, dict):
            return self.mapping(value, depth)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.mapping(vars(value), depth)
        if isinstance(value, list | tuple | set | frozenset):
            items = [self.value(item, depth + 1) for item in list(value)[:MAX_ITEMS]]
            if len(value) > MAX_ITEMS:
                items.append(f"... ({len(value) - MAX_ITEMS} more items)")
            return items
        return self.text(str(value))  # Decimal, date, UUID: their canonical text

    def mapping(self, value: dict[Any, Any], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for position, (key, item) in enumerate(value.items()):
            if position == MAX_ITEMS or self.budget <= 0:
                result["..."] = f"{len(value) - position} more fields"
                break
            name = self.text(str(key))
            secret = is_secret_name(name)
            result[name] = REDACTED if secret and item is not None else self.value(item, depth + 1)
        return result

    def text(self, value: str) -> str:
        if _CREDENTIAL.match(value):
            return REDACTED
        limit = max(0, min(MAX_TEXT, self.budget))
        self.budget -= min(len(value), limit) + 1
        if len(value) <= limit:
            return value
        return f"{value[:limit]}... ({len(value)} characters)"
