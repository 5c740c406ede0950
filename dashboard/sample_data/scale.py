"""A practice at scale for the benchmark: many clinicians, a year of daily check-ins, from a seed.
`python -m dashboard generate-scale` loads 50 clinicians x 40 couples x 2 partners x 365 days
(about 1.4 million check-ins, sessions every one or two weeks, exercises assigned at sessions)
into the configured database in a few minutes. Every number comes from
`numpy.random.default_rng(seed)` and the day offsets, so the same plan gives the same rows.
The rows are drawn as whole arrays and written with one executemany per table on SQLite and
COPY on PostgreSQL; the clinicians share one password, hashed once.

Check-ins are written in the order they would arrive (day by day across the practice), so one
couple's rows are spread over the table as in a real database, not stored side by side. :mod:`scale_loader` writes
them into the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard import exercise_library
from dashboard.errors import InvalidInput
from dashboard.sample_data.demo_stories import CYCLE_MOVE, PROFILES, SCORE_NOISE

SCALE_PASSWORD = "wide-practice-scale-2026"
GENERATE_ACTION = "scale.generate"
CHUNK_ROWS = 50_000
FIRST_NAMES = ("Alex", "Sam", "Jordan", "Priya", "Marcus", "Leila", "Hannah", "Joe", "Nadia",
               "Elena", "Grace", "Tomás", "Robin", "Kai", "Maya", "Omar", "Ines", "Theo", "Ruth",
               "Felix", "Zara", "Noah", "Ada", "Luca")
FOCUSES = ("Mapping the cycle", "Slowing the pursuit", "Taking space kindly", "Repair after a "
           "hard week", "Asking instead of complaining", "Holding the gains", "Where it gets stuck")
NOTES = ("Both could describe the last argument step by step.", "A calmer fortnight; they credit "
         "the evening check-in.", "Same argument about chores as last time.", "First repair they "
         "described without prompting.", "One partner quieter in session than usual.")
REFLECTIONS = ("Took ten slow breaths before calling. The call was much nicer.",
               "Said when I would come back, and I did.", "Caught myself going quiet and said so.",
               "Asked for a hug instead of sighing. Got the hug.",
               "Felt the old panic at lunch; it passed by the evening.")
LEANING_PAIRS = (("pursuer", "withdrawer"), ("withdrawer", "pursuer"), ("mixed", "withdrawer"),
                 ("pursuer", "mixed"))
LEANING_ODDS = (0.55, 0.3, 0.08, 0.07)


@dataclass(frozen=True)
class ScalePlan:
    """How big a practice to generate, from which seed, with check-ins up to which day."""

    clinicians: int = 50
    couples: int = 40
    days: int = 365
    seed: int = 7
    end: date = field(default_factory=date.today)

    def as_json(self) -> dict:
        """The plan as stored in the audit trail and compared by the benchmark."""
        return {**asdict(self), "end": self.end.isoformat()}

    def same_data(self, other: ScalePlan | None) -> bool:
        """Whether another plan draws the same rows, ignoring the day they end on."""
        return other is not None and (self.clinicians, self.couples, self.days, self.seed) == (
            other.clinicians, other.couples, other.days, other.seed)


@dataclass(frozen=True)
class ScalePractice:
    """A generated practice as frames; `couple` columns are positions in `couples`."""

    plan: ScalePlan
    couples: pd.DataFrame  # clinician, code, display_name, name_a, name_b, leaning_a, leaning_b
    sessions: pd.DataFrame  # couple, day, focus, notes
    assignments: pd.DataFrame  # couple, partner (A, B or None), exercise_id, start, per_week,
    #                            ended_on
    check_ins: pd.DataFrame  # couple, partner, day, submitted_at, pursue, withdraw, anxiety,



def username(number: int) -> str:
    """The username of the scale practice's clinician number (1-based)."""
    return f"scale-{number:02d}"


def couple_code(clinician: int, couple: int) -> str:
    """The code of a couple of the scale practice (both numbers 1-based)."""
    return f"S{clinician:02d}-{couple:02d}"


def build_practice(plan: ScalePlan) -> ScalePractice:
    """Draw every row of the practice as frames, without a database."""
    if min(plan.clinicians, plan.couples) < 1 or plan.days < 14:
        raise InvalidInput("a scale practice needs at least 1 clinician, 1 couple and 14 days",
                           field="size")
    rng = np.random.default_rng(plan.seed)
    n_couples, n_days = plan.clinicians * plan.couples, plan.days
    first_day = plan.end - timedelta(days=n_days - 1)
    couples = _couples(rng, plan)
    sessions = _sessions(rng, n_couples, n_days)
    assignments = _assignments(rng, couples, sessions)
    check_ins = _check_ins(rng, couples, sessions, assignments, n_days)
    sessions["day"] = _dates(first_day, sessions["day"])
    for column in ("start", "ended_on"):
        assignments[column] = _dates(first_day, assignments[column])
    day = np.datetime64(first_day, "s") + check_ins["day"].to_numpy() * np.timedelta64(1, "D")
    check_ins["day"] = day
    check_ins["submitted_at"] = day + check_ins.pop("second").to_numpy() * np.timedelta64(1, "s")
    return ScalePractice(plan, couples, sessions, assignments, check_ins)


def _dates(first: date, offsets: pd.Series) -> pd.Series:
    """Day offsets from the first day as dates (None stays None)."""
    return pd.Series([None if pd.isna(offset) else first + timedelta(days=int(offset))
                      for offset in offsets], index=offsets.index, dtype=object)


def _couples(rng: np.random.Generator, plan: ScalePlan) -> pd.DataFrame:
    n = plan.clinicians * plan.couples
    pair = rng.choice(len(LEANING_PAIRS), size=n, p=LEANING_ODDS)
    names = rng.choice(len(FIRST_NAMES), size=(n, 2))
    names[:, 1] = (names[:, 0] + 1 + names[:, 1] % (len(FIRST_NAMES) - 1)) % len(FIRST_NAMES)
    clinician = np.repeat(np.arange(1, plan.clinicians + 1), plan.couples)
    number = np.tile(np.arange(1, plan.couples + 1), plan.clinicians)
    name_a = [FIRST_NAMES[i] for i in names[:, 0]]
    name_b = [FIRST_NAMES[i] for i in names[:, 1]]
    return pd.DataFrame({
        "clinician": clinician,
        "code": [couple_code(c, k) for c, k in zip(clinician, number)],
        "display_name": [f"{a} & {b}" for a, b in zip(name_a, name_b)],
        "name_a": name_a, "name_b": name_b,
        "leaning_a": [LEANING_PAIRS[p][0] for p in pair],
        "leaning_b": [LEANING_PAIRS[p][1] for p in pair],
    })


def _sessions(rng: np.random.Generator, n_couples: int, n_days: int) -> pd.DataFrame:
    """A baseline of one to three weeks, then a session every one or two weeks."""
    slots = n_days // 7 + 1
    baseline = rng.integers(7, 22, size=(n_couples, 1))
    gaps = rng.choice([7, 14], size=(n_couples, slots), p=[0.6, 0.4])
    steps = np.concatenate([np.zeros((n_couples, 1), int), gaps[:, :-1]], axis=1)
    days = baseline + steps.cumsum(axis=1)
    couple, slot = np.nonzero(days < n_days)
    return pd.DataFrame({
        "couple": couple, "day": days[couple, slot],
        "focus": np.asarray(FOCUSES, dtype=object)[rng.integers(0, len(FOCUSES), len(couple))],
        "notes": np.asarray(NOTES, dtype=object)[rng.integers(0, len(NOTES), len(couple))],
    })


def _assignments(rng: np.random.Generator, couples: pd.DataFrame,
                 sessions: pd.DataFrame) -> pd.DataFrame:
    """At about two sessions in five, one or two exercises for one partner or both."""
    library = sorted(exercise_library.library().values(), key=lambda exercise: exercise.id)
    suits = {leaning: [e for e in library if e.side != "both" and e.suits(leaning)]
             for leaning in ("pursuer", "withdrawer", "mixed")}
    shared = [e for e in library if e.side == "both"]
    leanings = couples[["leaning_a", "leaning_b"]].to_numpy()
    rows = []
    for couple, days in sessions.groupby("couple", sort=True)["day"]:
        days = days.to_numpy()
        given = np.flatnonzero(rng.random(len(days)) < 0.4)
        for position in given:
            for _ in range(1 + int(rng.random() < 0.4)):
                target = int(rng.integers(0, 3))  # 0: A, 1: B, 2: both
                pool = shared if target == 2 else suits[leanings[couple, target]]
                exercise = pool[int(rng.integers(0, len(pool)))]
                until = position + int(rng.integers(2, 6))
                rows.append((couple, "AB"[target] if target < 2 else None, exercise.id,
                             int(days[position]), exercise.per_week,
                             int(days[until]) - 1 if until < len(days) else None))
    return pd.DataFrame(rows, columns=["couple", "partner", "exercise_id", "start", "per_week",
                                       "ended_on"])


def _tension(rng: np.random.Generator, n_couples: int, n_days: int) -> np.ndarray:
    """Each couple's tension per day (0 calm .. 1 caught in the cycle): a drift plus a walk."""
    start = rng.uniform(0.3, 0.9, size=(n_couples, 1))
    finish = rng.uniform(0.1, 0.9, size=(n_couples, 1))
    drift = start + (finish - start) * np.linspace(0, 1, n_days)[None, :]
    walk = rng.normal(0, 0.015, size=(n_couples, n_days)).cumsum(axis=1)
    return np.clip(drift + walk + rng.normal(0, 0.05, size=(n_couples, n_days)), 0, 1)


def _check_ins(rng, couples, sessions, assignments, n_days) -> pd.DataFrame:
    """Daily check-ins of both partners, some days missed, a few sent twice."""
    n_couples = len(couples)
    tension = _tension(rng, n_couples, n_days)
    cycle_day = rng.random((n_couples, n_days)) < 0.05 + 0.7 * tension**2
    profiles = np.stack([couples["leaning_a"].to_numpy(), couples["leaning_b"].to_numpy()], 1)
    # (couple, partner, day) grids of everything a check-in holds.
    shape = (n_couples, 2, n_days)
    rate = rng.uniform(0.9, 1.0, size=(n_couples, 2, 1))
    present = rng.random(shape) < rate
    # One partner in twenty stops checking in one to three weeks before the end.
    quiet = rng.random((n_couples, 2)) < 0.05
    stop = n_days - rng.integers(8, 22, size=(n_couples, 2))
    present &= ~(quiet[:, :, None] & (np.arange(n_days)[None, None, :] >= stop[:, :, None]))
    scores = {}
    for score in ("pursue", "withdraw", "anxiety", "closeness"):
        base = np.vectorize(lambda p: PROFILES[p][score][0])(profiles)[:, :, None]
        change = np.vectorize(lambda p: PROFILES[p][score][1])(profiles)[:, :, None]
        mean = base + change * tension[:, None, :]
        moved = np.vectorize(lambda p: CYCLE_MOVE.get(p) == score)(profiles)[:, :, None]
        mean = mean + 2.0 * (moved & cycle_day[:, None, :])
        scores[score] = np.clip(np.rint(mean + rng.normal(0, SCORE_NOISE, shape)), 0, 10)
    noticed = cycle_day[:, None, :] ^ (rng.random(shape) < 0.08)
    repaired = rng.random(shape) < 0.25 + 0.6 * (1 - tension[:, None, :])
    practised = _practised(rng, assignments, tension, shape)
    reflection = np.where(rng.random(shape) < 0.03,
                          rng.integers(0, len(REFLECTIONS), shape), -1)
    second = rng.integers(17 * 3600, 23 * 3600, size=shape)
    couple, partner, day = np.nonzero(present)
    frame = pd.DataFrame({
        "couple": couple, "partner": np.array(["A", "B"])[partner], "day": day,
        "second": second[couple, partner, day],
        **{score: values[couple, partner, day].astype(np.int64)
           for score, values in scores.items()},
        "cycle_noticed": noticed[couple, partner, day],
        "repaired": pd.array(np.where(noticed, repaired, False)[couple, partner, day],
                             dtype="boolean"),
        "practised": practised[couple, partner, day],
        "reflection": np.asarray(("", *REFLECTIONS), dtype=object)[
            reflection[couple, partner, day] + 1],
        "source": "link",
    })
    frame.loc[~frame["cycle_noticed"], "repaired"] = pd.NA
    # A few check-ins were sent twice: the earlier one, with other numbers, no longer counts.
    twice = frame[rng.random(len(frame)) < 0.02].copy()
    twice["second"] -= rng.integers(600, 3 * 3600, size=len(twice))
    for score in ("pursue", "withdraw", "anxiety", "closeness"):
        twice[score] = rng.integers(0, 11, size=len(twice))
    twice["source"] = "link"
    frame = pd.concat([frame, twice], ignore_index=True)
    return frame.sort_values(["day", "second", "couple", "partner"], ignore_index=True)


def _practised(rng, assignments: pd.DataFrame, tension: np.ndarray, shape) -> np.ndarray:
    """The ';'-joined exercise ids each partner practised each day, from active assignments."""
    n_days = shape[2]
    ticks: dict[tuple[int, int, int], list[str]] = {}
    for row in assignments.itertuples(index=False):
        last = n_days - 1 if pd.isna(row.ended_on) else int(row.ended_on)
        span = np.arange(int(row.start), last + 1)
        chance = (0.2 + 0.6 * (1 - tension[row.couple, span])) * row.per_week / 7
        for label in ((0, 1) if pd.isna(row.partner) else ("AB".index(row.partner),)):
            for day in span[rng.random(len(span)) < chance]:
                ticks.setdefault((row.couple, label, int(day)), []).append(row.exercise_id)
    practised = np.full(shape, "", dtype=object)
    joined: dict[tuple[str, ...], str] = {}
    for key, ids in ticks.items():
        ids = tuple(sorted(set(ids)))
        practised[key] = joined.setdefault(ids, ";".join(ids))
    return practised


def couple_history(*, days: int, seed: int, end: date):
    """One couple's check-ins, session days and assignments over `days`, in the metrics' columns.

    The benchmark's "two years of daily check-ins" couple; same model as the practice.
    """
    practice = build_practice(ScalePlan(clinicians=1, couples=1, days=days, seed=seed, end=end))
    check_ins = practice.check_ins.drop(columns=["couple"]).assign(
        practised=lambda frame: [tuple(filter(None, text.split(";")))
                                 for text in frame["practised"]],
        submitted_at=lambda frame: pd.to_datetime(frame["submitted_at"], utc=True),
        day=lambda frame: frame["day"].dt.date,
    )
    check_ins["repaired"] = check_ins["repaired"].astype(object).where(
        check_ins["repaired"].notna(), None)
    session_days = list(practice.sessions["day"])
    assignments = practice.assignments.reset_index(names="assignment_id").assign(
        end=practice.assignments["ended_on"], due=None, archived=False)
    names = {"A": practice.couples.at[0, "name_a"], "B": practice.couples.at[0, "name_b"]}
    return check_ins, session_days, assignments, names
