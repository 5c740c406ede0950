"""A check-in CSV file read and checked row by row, before anything touches the database.

Decoding, the header, every row's values against the check-in rules of
:mod:`dashboard.validation` and the clinician's couples; each problem names its line and column."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard import validation
from dashboard.csv_format import (
    COLUMNS,
    FALSE_WORDS,
    OPTIONAL_COLUMNS,
    TRUE_WORDS,
    unescaped_column,
)
from dashboard.errors import InvalidInput
from dashboard.settings import SettingsError
from dashboard.vocabulary import PARTNERS, SCORES, couple_code

READ_CHUNK = 10_000


@dataclass(frozen=True)
class ImportLimits:
    """How large a file an import accepts (DASHBOARD_IMPORT_MAX_MB and _MAX_ROWS)."""

    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 200_000


def import_limits() -> ImportLimits:
    """The import limits from the environment; refuses values that are not sensible numbers."""
    def number(name: str, default: int, high: int) -> int:
        raw = os.environ.get(name, "")
        if raw == "":
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= high:
            raise SettingsError(f"{name}: must be a whole number from 1 to {high} (got {raw!r})")
        return int(raw)

    defaults = ImportLimits()
    return ImportLimits(
        max_bytes=number("DASHBOARD_IMPORT_MAX_MB", defaults.max_bytes // 2**20, 1024) * 2**20,
        max_rows=number("DASHBOARD_IMPORT_MAX_ROWS", defaults.max_rows, 10_000_000),
    )


@dataclass(frozen=True)
class RowError:
    """One problem of an imported file: line number (the header is line 1), column, reason."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.reason}"


class ImportRefused(InvalidInput):
    """The file has bad rows; `errors` lists every one of them and nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        rows = len({e.line for e in errors})
        super().__init__(f"{rows} {'row has' if rows == 1 else 'rows have'} problems "
                         f"({len(errors)} in all); nothing was imported", field="file")
        self.errors = errors


def errors_table(errors: list[RowError]) -> pd.DataFrame:
    """The problems as a table: line, column, problem."""
    return pd.DataFrame([(e.line, e.column, e.reason) for e in errors],
                        columns=["line", "column", "problem"])


def decode_csv(data: bytes, limits: ImportLimits = ImportLimits()) -> str:
    """The file as text: UTF-8 with or without BOM, within the size limit; refuses anything else."""
    if len(data) > limits.max_bytes:
        raise InvalidInput(f"the file is {len(data) / 2**20:.1f} MB; the limit is "
                           f"{limits.max_bytes / 2**20:g} MB, so split it into smaller files",
                           field="file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InvalidInput("the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\") and "
                           "import it again", field="file")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise InvalidInput(f"the file is not UTF-8 text (line {line} has a byte UTF-8 does not "
                           f"allow); save it as UTF-8 (\"CSV UTF-8\") and import it again",
                           field="file") from None
    if "\x00" in text:
        raise InvalidInput("the file is not a text CSV file", field="file")
    return text


def read_rows(
    text: str, limits: ImportLimits = ImportLimits()
) -> tuple[pd.DataFrame, list[RowError]]:
    """The rows as strings in COLUMNS order plus `line`, and the rows of the wrong length.

    ImportRefused for a bad header or text that is not CSV at all. Records become compact
    string columns `READ_CHUNK` at a time, so a large file is never held as Python strings.
    """
    header, errors, chunks, block, lines = None, [], [], [], []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num  # a quoted field may span lines
            if not "".join(record).strip():
                continue  # blank lines, and the empty rows spreadsheets leave at the end
            if header is None:
                header = _header(record, start)
                continue
            if len(record) != len(header):
                column = header[len(record)] if len(record) < len(header) else header[-1]
                errors.append(RowError(start, column, f"the row has {len(record)} values; "
                                                      f"the header has {len(header)}"))
            else:
                block.append(record)
                lines.append(start)
                if len(block) == READ_CHUNK:
                    chunks.append(pd.DataFrame(block, columns=header, dtype="str"))
                    block = []
            if len(lines) + len(errors) > limits.max_rows:
                raise InvalidInput(f"the file has more than {limits.max_rows:,} rows; split it "
                                   f"into smaller files", field="file")
    except csv.Error as error:
        raise ImportRefused([RowError(reader.line_num, "(file)",
                                      f"cannot be read as CSV: {error}")]) from None
    if header is None or (not lines and not errors):
        raise InvalidInput("the file has no check-in rows", field="file")
    chunks.append(pd.DataFrame(block, columns=header, dtype="str"))
    frame = pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]
    for column in OPTIONAL_COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame = frame.loc[:, list(COLUMNS)]
    frame["line"] = np.asarray(lines, dtype=np.int64)
    return frame, errors


def _header(record: list[str], line: int) -> list[str]:
    """The header's column names, lower case; ImportRefused when a column is unknown or missing."""
    names = [name.strip().lower() for name in record]
    errors = [RowError(line, name or "(empty)", f"unknown column; the columns are "
                                                f"{','.join(COLUMNS)}")
              for name in names if name not in COLUMNS]
    errors += [RowError(line, name, "the column appears twice")
               for name in sorted({n for n in names if names.count(n) > 1 and n in COLUMNS})]
    errors += [RowError(line, name, "the column is missing")
               for name in COLUMNS if name not in names and name not in OPTIONAL_COLUMNS]
    if errors:
        raise ImportRefused(errors)
    return names


@dataclass(frozen=True)
class CoupleIds:
    """The database ids of one couple and of its partners A and B."""

    couple_id: int
    partners: Mapping[str, int]


def validate_rows(
    frame: pd.DataFrame, *, couples: Mapping[str, CoupleIds], exercise_ids, today: date,
    only_couple: str | None = None,
) -> tuple[pd.DataFrame, list[RowError]]:
    """Typed check-ins from read_rows' strings, and every problem as (line, column, reason)."""
    frame = frame.reset_index(drop=True)
    only_couple = couple_code(only_couple) if only_couple else None
    text = {c: unescaped_column(frame[c].astype("str")) for c in COLUMNS}
    text = {c: (cell if c == "reflection" else cell.str.strip()) for c, cell in text.items()}
    problems: list[tuple[str, pd.Series, str | pd.Series]] = []

    code = text["couple"].str.upper()
    allowed = set(couples) if only_couple is None else {only_couple} & set(couples)
    problems.append(("couple", code == "", "must not be empty"))
    problems.append(("couple", (code != "") & ~code.isin(allowed) & code.isin(couples),
                     f"belongs to another of your couples; this import is for {only_couple} "
                     f"only"))
    unknown_couple = (code != "") & ~code.isin(couples)
    problems.append(("couple", unknown_couple,
                     "unknown couple '" + code[unknown_couple] + "' (not one of your couples)"))

    partner = text["partner"].str.upper()
    problems.append(("partner", ~partner.isin(PARTNERS), "must be A or B"))

    is_date = text["day"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    day = pd.to_datetime(text["day"].where(is_date), format="%Y-%m-%d", errors="coerce")
    problems.append(("day", day.isna(), "must be a date written YYYY-MM-DD"))

    # An empty score was left unanswered (kept empty); one that is not one or two digits is
    # unreadable, refused by the rules below.
    scores = {}
    for score in SCORES:
        cell = text[score].str.strip()
        number = pd.to_numeric(cell.where(cell.str.fullmatch(r"\d{1,2}")), errors="coerce")
        scores[score] = number.where((cell == "") | number.notna(), validation.UNREADABLE)

    flags = {}
    for column in ("cycle_noticed", "repaired"):
        word = text[column].str.lower()
        known = word.isin(TRUE_WORDS | FALSE_WORDS | {""})
        problems.append((column, ~known, "must be yes or no (true/false or 1/0 also work), "
                                         "or empty"))
        flags[column] = (word.isin(TRUE_WORDS), word == "", known)
    cycle_yes, _, cycle_known = flags["cycle_noticed"]
    repaired_yes, repaired_blank, repaired_known = flags["repaired"]
    # An unreadable yes/no word is reported once, not again as a broken rule.
    repaired = pd.Series(np.where(repaired_blank | ~repaired_known | ~cycle_known, None,
                                  repaired_yes), dtype=object)

    parts = {value: [p.strip() for p in value.split(";") if p.strip()]
             for value in text["practised"].unique()}
    practised = text["practised"].map({v: ";".join(ids) for v, ids in parts.items()})
    problems += validation.rule_problems(
        pd.DataFrame({"day": day, **scores, "cycle_noticed": cycle_yes, "repaired": repaired,
                      "practised": practised, "reflection": text["reflection"]}),
        today=today, exercise_ids=exercise_ids)

    errors = _row_errors(frame["line"], problems)
    bad = frame["line"].isin({e.line for e in errors})
    partner_ids = {f"{c}|{label}": i for c, found in couples.items()
                   for label, i in found.partners.items()}
    rows = pd.DataFrame({
        "line": frame["line"], "couple": code,
        "couple_id": code.map({c: found.couple_id for c, found in couples.items()}),
        "partner": partner,
        "partner_id": (code + "|" + partner).map(partner_ids),
        "day": day.dt.date,
        **{score: scores[score] for score in SCORES},
        "cycle_noticed": cycle_yes,
        "repaired": repaired,
        "practised": practised, "reflection": text["reflection"],
    })[~bad].reset_index(drop=True)
    for score in SCORES:  # whole numbers, None where unanswered
        rows[score] = rows[score].astype("Int64").astype(object).where(rows[score].notna(), None)
    rows[["couple_id", "partner_id"]] = rows[["couple_id", "partner_id"]].astype(np.int64)
    return rows, errors


def _row_errors(lines: pd.Series, problems) -> list[RowError]:
    """RowErrors for every flagged cell, by line and then in column order.

    A problem's reason is one text, or a Series of texts for (at least) its flagged rows.
    """
    found = []
    for position, (column, mask, reason) in enumerate(problems):
        mask = mask.fillna(False).to_numpy(dtype=bool)
        if not mask.any():
            continue
        reasons = (reason.reindex(lines.index[mask]).to_numpy()
                   if isinstance(reason, pd.Series)
                   else np.full(mask.sum(), reason, dtype=object))
        # By column as the file orders them, then in the order the problems were found.
        order = COLUMNS.index(column) * len(problems) + position
        found.append(pd.DataFrame({"line": lines.to_numpy()[mask], "order": order,
                                   "column": column, "reason": reasons}))
    if not found:
        return []
    table = pd.concat(found).sort_values(["line", "order"], kind="stable")
    # One reason per cell: a cell that fails two rules reports the first.
    table = table.drop_duplicates(["line", "column"])
    return [RowError(int(line), column, str(reason))
            for line, column, reason in zip(table["line"], table["column"], table["reason"])]
