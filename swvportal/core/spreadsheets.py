"""The cells of every spreadsheet the portal writes (XLSX and CSV exports).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula: a name such as ``=HYPERLINK("https://…")`` in a download would
run on the reader's machine (OWASP "CSV injection"). Every export writes its text cells through
``text_cell``, which puts an apostrophe in front; an import takes exactly one off again with
``unescape_formula``, so an exported file imports back unchanged.
"""

from __future__ import annotations

import re
from typing import Any

# Also match leading apostrophes, so that escaping (add one) and unescaping (take one off) are
# each other's inverse for every text.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
# Characters an XLSX file cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE: it raises on them).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def escape_formula(value: Any) -> Any:
    """``'=1+1`` for ``=1+1``: a spreadsheet shows it as text instead of running it."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    """The text ``escape_formula`` was given (one apostrophe off a formula-looking text)."""
    if text.startswith("'") and _FORMULA_START.match(text, 1):
        return text[1:]
    return text


def text_cell(value: Any) -> Any:
    """A cell as an export writes it: a text never runs as a formula and never holds a
    character the file format cannot store (shown as the replacement character); other
    values (numbers, dates) unchanged."""
    if isinstance(value, str):
        return escape_formula(CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value))
    return value
