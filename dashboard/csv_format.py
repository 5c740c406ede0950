"""The check-in CSV file format of PRODUCT.md, shared by the export and the import: its
columns, its yes/no words, and the formula escaping that keeps a spreadsheet from running a cell.

Export puts one ``'`` in front of every cell that a spreadsheet would run as a formula (it starts
with ``=``, ``+``, ``-`` or ``@``, after any apostrophes); the import takes exactly that one ``'``
off again, so export then import gives back the same text.
"""

from __future__ import annotations

import re

import pandas as pd

COLUMNS = ("couple", "partner", "day", "pursue", "withdraw", "anxiety", "closeness",
           "cycle_noticed", "repaired", "practised", "reflection")
OPTIONAL_COLUMNS = ("repaired", "practised", "reflection")
TRUE_WORDS = frozenset({"yes", "true", "1"})
FALSE_WORDS = frozenset({"no", "false", "0"})
_FORMULA = re.compile(r"^'*[=+\-@]")
_ESCAPED = re.compile(r"^'+[=+\-@]")


def escape_cell(text: str) -> str:
    """The cell with a ' in front when a spreadsheet would run it as a formula."""
    return "'" + text if _FORMULA.match(text) else text


def unescape_cell(text: str) -> str:
    """Undo escape_cell exactly: one ' comes off a cell that starts with ' then a formula sign."""
    return text[1:] if _ESCAPED.match(text) else text


def escaped_column(column: pd.Series) -> pd.Series:
    """escape_cell on a whole column."""
    formula = column.str.match(_FORMULA.pattern)
    return column.where(~formula, "'" + column)


def unescaped_column(column: pd.Series) -> pd.Series:
    """unescape_cell on a whole column."""
    escaped = column.str.match(_ESCAPED.pattern)
    return column.where(~escaped, column.str.slice(1)) if escaped.any() else column
