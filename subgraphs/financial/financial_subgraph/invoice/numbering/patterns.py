"""Number patterns: checking one, and rendering a number from it.

A pattern is literal text with tokens: {counter} (required: it is what makes numbers unique),
{counter:5} (zero-padded to 5 digits), {client_counter} / {client_counter:3} (the n-th
document of this kind for the client), {year}, and {date:%Y%m} with the strftime directives
%Y %y %m %d %j only. With yearly reset, counters restart at 1 each issue year, so the pattern
must then show the year ({year}, or %Y / %y in a date token).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from financial_subgraph.invoice.errors import InvoiceError, InvoiceErrorCode, invoice_error

DEFAULT_PATTERNS = {
    "invoice": "INV-{year}-{counter:4}",
    "quote": "QUO-{year}-{counter:4}",
    "credit_note": "CN-{year}-{counter:4}",
}
MAX_PATTERN_LENGTH = 60
MAX_PADDING = 12
TOKEN = re.compile(r"\{([a-z_]+)(?::([^{}]*))?\}")
DATE_DIRECTIVES = re.compile(r"%[Yymdj]")
DATE_LITERALS = re.compile(r"[A-Za-z0-9\-_./ ]*")
LITERAL = re.compile(r"[^{}\s%]*")


@dataclass(frozen=True)
class Pattern:
    text: str
    yearly_reset: bool

    @property
    def uses_client_counter(self) -> bool:
        return any(match.group(1) == "client_counter" for match in TOKEN.finditer(self.text))


def _bad(message: str) -> InvoiceError:
    return invoice_error(InvoiceErrorCode.INVALID_PATTERN, message, "pattern")


def _check_token(name: str, argument: str | None) -> InvoiceError | None:
    if name in ("counter", "client_counter"):
        if argument is not None and not (argument.isdigit() and 1 <= int(argument) <= MAX_PADDING):
            return _bad(f"{{{name}:N}} pads to N digits, N from 1 to {MAX_PADDING}.")
        return None
    if name == "year":
        return None if argument is None else _bad("{year} takes no argument.")
    if name == "date":
        if not argument or not DATE_DIRECTIVES.search(argument):
            return _bad("{date:FORMAT} needs a format such as %Y%m%d.")
        literal = DATE_DIRECTIVES.sub("", argument)
        if "%" in literal or not DATE_LITERALS.fullmatch(literal):
            return _bad("Date formats may use %Y %y %m %d %j, letters, digits and - _ . /")
        return None
    return _bad(f"Unknown token {{{name}}}; use counter, client_counter, year or date.")


def validate(text: str, yearly_reset: bool) -> Pattern | InvoiceError:
    """The pattern, or INVALID_PATTERN naming the problem."""
    if not 1 <= len(text) <= MAX_PATTERN_LENGTH:
        return _bad(f"A pattern has 1 to {MAX_PATTERN_LENGTH} characters.")
    if not LITERAL.fullmatch(TOKEN.sub("", text)):
        return _bad("Text outside tokens may not contain braces, % or spaces.")
    tokens = [(match.group(1), match.group(2)) for match in TOKEN.finditer(text)]
    for name, argument in tokens:
        error = _check_token(name, argument)
        if error is not None:
            return error
    if "counter" not in [name for name, _ in tokens]:
        return _bad("A pattern must contain {counter}, which keeps numbers unique.")
    shows_year = any(
        name == "year" or (name == "date" and re.search("%[Yy]", argument or ""))
        for name, argument in tokens
    )
    if yearly_reset and not shows_year:
        return _bad("With a yearly reset the pattern must show the year, or numbers repeat.")
    return Pattern(text, yearly_reset)


def render(pattern: Pattern, on: date, counter: int, client_counter: int | None) -> str:
    def token(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        if name == "year":
            return f"{on.year:04d}"
        if name == "date":
            return on.strftime(argument or "")
        value = counter if name == "counter" else (client_counter or 0)
        return str(value).zfill(int(argument)) if argument else str(value)

    return TOKEN.sub(token, pattern.text)
