"""Report text on its way out: to a terminal, to a spreadsheet.

File names and the text of a report are someone else's input. Printed raw, `\\x1b[`
sequences in them recolour, move or clear the terminal (issue 17.15); written to a
CSV or xlsx, a cell opening with `=`, `+`, `-` or `@` is a formula the spreadsheet
runs (issue 17.13, OWASP "CSV Injection").
"""

from __future__ import annotations

import regex

# an ANSI/VT escape sequence (CSI … final byte, OSC … BEL/ST, or ESC and one character)
_ESCAPE = regex.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
_CONTROL = regex.compile(r"[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]")  # C0, DEL, C1, bidi overrides
# OWASP: a cell opening with one of these is read as a formula (tab and CR too)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = regex.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")


def for_terminal(text: str) -> str:
    """One line of terminal output with escape sequences and control characters removed
    (a tab or line break inside a value becomes a space)."""
    text = _ESCAPE.sub("", text)
    text = regex.sub(r"[\t\r\n\v\f]", " ", text)
    return _CONTROL.sub("", text)


def needs_quote(value) -> bool:
    """A text cell a spreadsheet would read as a formula; a plain number (also negative) is no formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value)


def for_csv(value):
    """A CSV cell: text that would be a formula gets a leading `'` (OWASP); anything else as is."""
    return "'" + value if needs_quote(value) else value
