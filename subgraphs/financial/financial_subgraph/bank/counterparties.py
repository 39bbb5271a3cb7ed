"""Counterparty names reduced to a key, so spellings of one payee are remembered together."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^\w]+")
# Long digit runs are card numbers, terminal ids or dates, not part of who the payee is.
_NUMBER_TOKEN = re.compile(r"^\d{3,}$")
MAX_KEY = 120


def counterparty_key(counterparty: str | None) -> str | None:
    """ "AMAZON EU S.a.r.l., 4711" and "Amazon EU Sarl" give the same key; None when empty."""
    if counterparty is None:
        return None
    folded = unicodedata.normalize("NFKD", counterparty).casefold()
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    plain = plain.replace(".", "")  # "S.A.R.L." and "SARL" are one spelling
    tokens = [token for token in _NOT_WORD.sub(" ", plain).split() if token]
    kept = [token for token in tokens if not _NUMBER_TOKEN.match(token)]
    key = " ".join(kept).replace("_", " ").strip()
    return key[:MAX_KEY] or None
