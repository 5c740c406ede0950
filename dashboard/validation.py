"""The rules a check-in must keep, written once for the partner's form, the clinician's entry and
the CSV import, so each refuses the same things with the same words.

The rules run on a table (one row per check-in, vectorised with pandas), so the import checks
100,000 rows as cheaply as the form checks one. Reading text into values (dates, yes/no words)
belongs to the caller. A score the partner left unanswered arrives here as NaN and is kept
empty (NULL), never filled in; a check-in must answer at least one of the four. An unreadable
score (text, 5.5) arrives as UNREADABLE and is refused like 11 is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from dashboard.vocabulary import SCORES

REFLECTION_MAX = 2000
PRACTISED_MAX = 1000  # the column's size in the database

SCORE_RANGE = "must be a whole number from 0 to 10"
NOTHING_ANSWERED = "at least one of pursue, withdraw, anxiety and closeness must be answered"
UNREADABLE = -1.0  # what a caller passes for a score it could not read
FUTURE_DAY = "must not be in the future"
REPAIRED_WITHOUT_CYCLE = "must be empty when cycle_noticed is no"


def too_old(back_days: int) -> str:
    """The reason for a day further back than a partner may log."""
    return f"must be within the last {back_days} days"


@dataclass(frozen=True)
class CheckInInput:
    """One check-in as a partner (or an import) submits it; a score is None when unanswered."""

    day: date
    pursue: int | None
    withdraw: int | None
    anxiety: int | None
    closeness: int | None
    cycle_noticed: bool
    repaired: bool | None = None
    practised: tuple[str, ...] = ()
    reflection: str = ""


# (field, flagged rows, reason): the reason is one text, or a Series of texts for flagged rows.
Problem = tuple[str, pd.Series, "str | pd.Series"]


def rule_problems(
    table: pd.DataFrame, *, today: date, exercise_ids: Collection[str],
    back_days: int | None = None,
) -> list[Problem]:
    """Every broken rule of every row, in field order.

    table columns: day (datetime64, NaT where unreadable: not flagged here), the four scores
    (numbers; NaN where unanswered, UNREADABLE where unreadable), cycle_noticed (bool), repaired (True/False/None),
    practised (';'-separated exercise ids), reflection (text).
    """
    problems: list[Problem] = []
    day = pd.to_datetime(table["day"])
    future = day > pd.Timestamp(today)
    problems.append(("day", future, FUTURE_DAY))
    if back_days is not None:
        oldest = pd.Timestamp(today) - pd.Timedelta(days=back_days)
        problems.append(("day", ~future & (day < oldest), too_old(back_days)))
    answered_any = pd.Series(False, index=table.index)
    for score in SCORES:
        value = pd.to_numeric(table[score], errors="coerce").astype(float)
        answered_any |= value.notna()
        problems.append((score, value.notna() & ~((value >= 0) & (value <= 10)
                                                  & (value == np.floor(value))), SCORE_RANGE))
    problems.append(("pursue", ~answered_any, NOTHING_ANSWERED))
    answered = table["repaired"].map(lambda value: value is not None and not pd.isna(value))
    problems.append(("repaired", answered & ~table["cycle_noticed"].astype(bool),
                     REPAIRED_WITHOUT_CYCLE))
    practised = table["practised"].astype("str")
    unknown = {value: [i for i in value.split(";") if i and i not in exercise_ids]
               for value in practised.unique()}
    reason = practised.map({value: f"unknown exercise {', '.join(map(repr, ids))}" if ids else ""
                            for value, ids in unknown.items()})
    problems.append(("practised", reason != "", reason))
    problems.append(("practised", (reason == "") & (practised.str.len() > PRACTISED_MAX),
                     f"lists too many exercises (at most {PRACTISED_MAX} characters)"))
    length = table["reflection"].astype("str").str.len()
    long = length > REFLECTION_MAX
    problems.append(("reflection", long, f"must be at most {REFLECTION_MAX} characters (has "
                                         + length[long].astype(str) + ")"))
    return problems


def check_in_problems(
    entry: CheckInInput, *, today: date, exercise_ids: Collection[str],
    back_days: int | None = None,
) -> list[tuple[str, str]]:
    """Every (field, reason) that makes one check-in invalid; empty when it is valid."""
    scores = {score: [_number(getattr(entry, score))] for score in SCORES}
    table = pd.DataFrame({
        "day": [pd.Timestamp(entry.day)], **scores,
        "cycle_noticed": [bool(entry.cycle_noticed)],
        "repaired": pd.Series([entry.repaired], dtype=object),
        "practised": [";".join(entry.practised)], "reflection": [entry.reflection],
    })
    return [(field, reason if isinstance(reason, str) else str(reason.iloc[0]))
            for field, flagged, reason in rule_problems(
                table, today=today, exercise_ids=exercise_ids, back_days=back_days)
            if bool(flagged.fillna(False).iloc[0])]


def first_problems(problems: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The first reason for each field, fields in the order they were found."""
    found: dict[str, str] = {}
    for field, reason in problems:
        found.setdefault(field, reason)
    return found


def clean_text(value: str) -> str:
    """Free text without NUL characters (PostgreSQL refuses them; they carry no meaning)."""
    return value.replace("\x00", "")


def _number(value) -> float:
    """A score as a float: NaN when unanswered (None); anything else that is not a plain whole
    number (True, "5", 5.5) is UNREADABLE."""
    if value is None:
        return np.nan
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        return UNREADABLE
    return float(value)
