"""Regular expressions in rules: validated with `re` and limited so matching stays fast.

Python's `re` backtracks and has no timeout, so a hostile or careless pattern (or a payer who
crafts a remittance text) could stall an import. Instead of a timeout we bound the work:
- patterns are at most MAX_PATTERN characters and must compile;
- no repetition inside a long repetition (`(a+)+`), no multi-character alternation inside a long
  repetition (`(ab|a)*`) and no back-references: the shapes with exponential backtracking;
- at most MAX_LONG_REPEATS long repetitions (`*`, `+`, `{m,n}` with n > LONG_REPEAT) per
  pattern, so the remaining polynomial worst case stays small;
- the text searched is cut to MAX_SUBJECT characters (bank descriptions are short: a SEPA
  remittance text is 140, a counterparty name 70).
Measured worst case of an allowed pattern on adversarial text: about 0.1 s (`.*?a.*?b` against
a run of "a"s, cut to 300); ordinary patterns take microseconds.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from typing import Any

MAX_PATTERN = 200
MAX_SUBJECT = 300
MAX_LONG_REPEATS = 2
LONG_REPEAT = 20

_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}


def _children(op: Any, argument: Any) -> list[Any]:
    """The sub-patterns directly inside one parsed node."""
    if op in _REPEATS:
        return [argument[2]]
    if op == sre.SUBPATTERN:
        return [argument[3]]
    if op == sre.BRANCH:
        return list(argument[1])
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [argument[1]]
    if op == sre.ATOMIC_GROUP:
        return [argument]
    if op == sre.GROUPREF_EXISTS:
        return [branch for branch in argument[1:] if branch is not None]
    return []


def _problems(nodes: Any, inside_long_repeat: bool, counts: dict[str, int]) -> str | None:
    for op, argument in nodes:
        if op in (sre.GROUPREF, sre.GROUPREF_EXISTS):
            return "back-references are not allowed"
        long_repeat = op in _REPEATS and argument[1] > LONG_REPEAT
        if op in _REPEATS and inside_long_repeat and argument[1] > 1:
            return "a repetition inside a repetition (like (a+)+) is not allowed"
        if op == sre.BRANCH and inside_long_repeat:
            return "alternatives inside a repetition (like (ab|a)*) are not allowed"
        if long_repeat:
            counts["long"] += 1
        for child in _children(op, argument):
            problem = _problems(child, inside_long_repeat or long_repeat, counts)
            if problem is not None:
                return problem
    return None


def check_pattern(pattern: str) -> str | None:
    """Why `pattern` cannot be used in a rule, or None when it can."""
    if len(pattern) > MAX_PATTERN:
        return f"the pattern is longer than {MAX_PATTERN} characters"
    try:
        re.compile(pattern)
        parsed = sre_parse.parse(pattern)
    except re.error as error:
        return f"not a valid regular expression: {error}"
    counts = {"long": 0}
    problem = _problems(parsed, False, counts)
    if problem is not None:
        return problem
    if counts["long"] > MAX_LONG_REPEATS:
        return f"at most {MAX_LONG_REPEATS} unbounded repetitions (*, +) per pattern"
    return None


def compile_checked(pattern: str, *, case_sensitive: bool) -> re.Pattern[str]:
    """`pattern`, already accepted by check_pattern, compiled for search_compiled."""
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def search_compiled(compiled: re.Pattern[str], subject: str) -> bool:
    """Whether the pattern occurs in the first MAX_SUBJECT characters of `subject`."""
    return compiled.search(subject[:MAX_SUBJECT]) is not None


def search(pattern: str, subject: str, *, case_sensitive: bool) -> bool:
    return search_compiled(compile_checked(pattern, case_sensitive=case_sensitive), subject)
