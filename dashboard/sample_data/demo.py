"""The demo practice: clinician `demo` with six couples over sixteen weeks, from a fixed seed.

Days are counted back from the day the demo is loaded, so the newest check-ins are from
yesterday and the alerts stay meaningful whenever it is loaded. Each couple has a story:

- C-101 Priya & Sam (Priya pursues, Sam withdraws): improving steadily. Sessions every two to
  three weeks after a two-week baseline; polarization and cycle intensity fall interval after
  interval, reliably lower than the baseline by the end.
- C-102 Leila & Marcus (Leila pursues, Marcus withdraws): escalating. Calmer for a while, then
  since the last session (nine days ago) the cycle is back, reliably worse than the interval
  before, and Leila's anxiety is high in her last check-ins.
- C-103 Hannah & Joe (Hannah pursues, Joe withdraws): stuck. Flat, moderately high values
  throughout, exercises rarely practised, last session twenty-five days ago.
- C-104 Nadia & Elena (Nadia pursues, Elena withdraws): a partner goes quiet. Elena's last
  check-in is ten days old while her exercises are active; Nadia keeps checking in.
- C-105 Grace & Tomás (Grace withdraws, Tomás pursues): flat for three intervals, then Grace is
  given "say you need space, and when you will come back"; she practises it often and the
  cycle calms down from then on.
- C-106 Robin & Kai (leanings mixed and unknown): a new couple with eleven days of baseline
  check-ins and no session yet.

The stories are in :mod:`demo_stories` and the partners' words in :mod:`demo_notes`.
Every number comes from `random.Random(DEMO_SEED)` and the day offsets, never from the calendar,
so two loads with the same `today` give identical rows and the stories hold on any day.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import exercise_library
from dashboard.data.database import Database
from dashboard.data.passwords import hash_password
from dashboard.data.services import new_check_in
from dashboard.data.write import audit
from dashboard.errors import InvalidInput
from dashboard.sample_data.demo_notes import EXERCISE_NOTES, SIDE_NOTES
from dashboard.sample_data.demo_stories import (
    CYCLE_MOVE,
    PROFILES,
    SCORE_NOISE,
    STORIES,
    TENSION_NOISE,
    AssignmentPlan,
    PartnerPlan,
    Story,
)
from dashboard.validation import CheckInInput
from models import Assignment, Clinician, Couple, Partner, TherapySession

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "steady-harbour-2026"
DEMO_NAME = "Dr. Demo Rivera"
DEMO_SEED = 42
DEMO_DAYS = 112


def demo_window(today: date) -> tuple[date, date]:
    """The first and last day of the demo's sixteen weeks ending at `today`."""
    return today - timedelta(days=DEMO_DAYS - 1), today


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """A timezone-aware UTC timestamp on the day (seed data has no wall clock)."""
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.utc) + timedelta(minutes=minute)


def _score(value: float) -> int:
    """A float rounded and clipped to a 0-10 score."""
    return max(0, min(10, round(value)))


def _check_library(library: dict[str, exercise_library.Exercise]) -> None:
    """Refuse to load when a planned exercise is missing or does not fit its partner."""
    for story in STORIES:
        leanings = {p.label: p.leaning for p in story.partners}
        for plan in story.assignments:
            exercise = library.get(plan.exercise_id)
            if exercise is None:
                raise InvalidInput(f"the demo needs exercise {plan.exercise_id!r}, which is not in "
                                   "the library", field="exercise")
            if plan.label is None and exercise.side != "both":
                raise InvalidInput(f"demo exercise {plan.exercise_id!r} is given to both partners "
                                   f"but is for the {exercise.side} side", field="exercise")
            if plan.label is not None and not exercise.suits(leanings[plan.label]):
                raise InvalidInput(f"demo exercise {plan.exercise_id!r} does not suit a "
                                   f"{leanings[plan.label]}", field="exercise")


def _interval_bounds(story: Story, today: date) -> list[tuple[date, date]]:
    """First and last day of each interval: the baseline, then one per session."""
    firsts = [today - timedelta(days=story.first_days_ago)]
    firsts += [today - timedelta(days=days_ago) for days_ago, _, _ in story.sessions]
    lasts = [day - timedelta(days=1) for day in firsts[1:]] + [today]
    return list(zip(firsts, lasts))


def _assignment_rows(story: Story, couple: Couple, today: date) -> list[Assignment]:
    """The story's assignments, started at their session and ended before a later one."""
    days = [today - timedelta(days=days_ago) for days_ago, _, _ in story.sessions]
    partner_ids = {p.label: p.id for p in couple.partners}
    rows = []
    for plan in story.assignments:
        start = days[plan.session - 1]
        due = start + timedelta(days=plan.due_in_days) if plan.due_in_days is not None else None
        rows.append(Assignment(
            couple_id=couple.id, partner_id=partner_ids[plan.label] if plan.label else None,
            exercise_id=plan.exercise_id, start_day=start, per_week=plan.per_week, due_day=due,
            ended_on=days[plan.until - 1] - timedelta(days=1) if plan.until else None,
            created_at=_at(start, 18, 30),
        ))
    return rows


def _active_exercises(story: Story, label: str, day: date, today: date) -> list[AssignmentPlan]:
    """The partner's assignments (their own and the couple's) active on the day."""
    days = [today - timedelta(days=days_ago) for days_ago, _, _ in story.sessions]
    active = []
    for plan in story.assignments:
        start, last = _active_span(plan, days)
        if plan.label in (None, label) and start <= day and (last is None or day <= last):
            active.append(plan)
    return active


def _active_span(plan: AssignmentPlan, session_days: list[date]) -> tuple[date, date | None]:
    """The assignment's first and last active day (None while it is open)."""
    start = session_days[plan.session - 1]
    ends = []
    if plan.until is not None:
        ends.append(session_days[plan.until - 1] - timedelta(days=1))
    if plan.due_in_days is not None:
        ends.append(start + timedelta(days=plan.due_in_days))
    return start, min(ends) if ends else None


def _check_in_entries(
    story: Story, rng: random.Random, words: random.Random, today: date
) -> list[tuple[str, CheckInInput, datetime]]:
    """(label, entry, submitted_at) for every check-in of the couple, day by day.

    `rng` draws the numbers and `words` the reflections, so rewording a note never moves a score.
    """
    names = {p.label: p.name for p in story.partners}
    entries = []
    for index, (first, last) in enumerate(_interval_bounds(story, today)):
        begin, end = story.tension[index]
        length = max((last - first).days, 1)
        day = first
        while day <= min(last, today - timedelta(days=1)):
            tension = begin + (end - begin) * (day - first).days / length
            tension = max(0.0, min(1.0, tension + rng.gauss(0, TENSION_NOISE)))
            cycle_day = rng.random() < 0.08 + 0.6 * tension
            for partner in story.partners:
                days_ago = (today - day).days
                if days_ago < partner.last_days_ago:
                    continue
                if days_ago > partner.last_days_ago and rng.random() >= partner.check_in_rate:
                    continue
                other = names["B" if partner.label == "A" else "A"]
                entry = _partner_entry(story, partner, rng, words, day=day, tension=tension,
                                       cycle_day=cycle_day, engagement=story.practice[index],
                                       other=other, today=today)
                submitted = _at(day, 19, rng.randrange(0, 240))
                if rng.random() < 0.03:
                    # Now and then a partner corrects a check-in later the same evening.
                    draft = CheckInInput(
                        day=day, pursue=_score(entry.pursue + rng.choice((-2, 2))),
                        withdraw=entry.withdraw, anxiety=_score(entry.anxiety + 1),
                        closeness=entry.closeness, cycle_noticed=entry.cycle_noticed,
                        repaired=entry.repaired, practised=entry.practised,
                    )
                    entries.append((partner.label, draft, submitted - timedelta(minutes=45)))
                entries.append((partner.label, entry, submitted))
            day += timedelta(days=1)
    return entries


def _partner_entry(
    story: Story, partner: PartnerPlan, rng: random.Random, words: random.Random, *, day: date,
    tension: float, cycle_day: bool, engagement: float, other: str, today: date,
) -> CheckInInput:
    """One partner's check-in on the day, drawn around their profile at the day's tension."""
    profile = PROFILES[partner.profile]
    means = {score: base + slope * tension for score, (base, slope) in profile.items()}
    if partner.profile == "mixed":
        swing = rng.choice((-1.5, 1.5))
        means["pursue"] += swing
        means["withdraw"] -= swing
    if cycle_day:
        move = CYCLE_MOVE.get(partner.profile) or rng.choice(("pursue", "withdraw"))
        means[move] += 1.5
        means["anxiety"] += 1.0
        means["closeness"] -= 1.5
    scores = {score: _score(rng.gauss(mean, SCORE_NOISE)) for score, mean in means.items()}
    noticed = rng.random() < (0.85 if cycle_day else 0.03)
    repaired = rng.random() < 0.9 - 0.6 * tension if noticed else None
    practised = []
    for plan in _active_exercises(story, partner.label, day, today):
        chance = 0.92 if plan.exercise_id == story.favourite else engagement
        if rng.random() < chance * min(1.0, plan.per_week / 7 * 1.2):
            practised.append(plan.exercise_id)
    mood = SIDE_NOTES[partner.profile]["hard" if noticed else "calm"]
    reflection = ""
    if practised and words.random() < 0.35:
        notes = EXERCISE_NOTES.get(words.choice(practised), mood)
        reflection = words.choice(notes).format(partner=other)
    elif words.random() < 0.1:
        reflection = words.choice(mood).format(partner=other)
    return CheckInInput(day=day, cycle_noticed=noticed, repaired=repaired,
                        practised=tuple(practised), reflection=reflection, **scores)


def story_seeds() -> list[int]:
    """One seed per story, drawn up front, so that one story's draws never shift another's."""
    master = random.Random(DEMO_SEED)
    return [master.getrandbits(64) for _ in STORIES]


def story_generators(seed: int) -> tuple[random.Random, random.Random]:
    """The story's generators: one for the numbers, one for the words."""
    numbers = random.Random(seed)
    return numbers, random.Random(numbers.getrandbits(64))


def _add_couple(session: Session, story: Story, *, clinician: Clinician, seed: int,
                today: date) -> None:
    """Insert one story's couple, partners, sessions, assignments and check-ins."""
    first_day = today - timedelta(days=story.first_days_ago)
    couple = Couple(
        clinician_id=clinician.id, code=story.code, display_name=story.display_name,
        created_at=_at(first_day - timedelta(days=1), 16),
        partners=[Partner(label=p.label, display_name=p.name, leaning=p.leaning)
                  for p in story.partners],
    )
    session.add(couple)
    session.flush()
    session.add_all([
        TherapySession(couple_id=couple.id, day=today - timedelta(days=days_ago), focus=focus,
                       notes=notes, created_at=_at(today - timedelta(days=days_ago), 18))
        for days_ago, focus, notes in story.sessions
    ])
    session.add_all(_assignment_rows(story, couple, today))
    partners = {p.label: p for p in couple.partners}
    session.add_all([
        new_check_in(partners[label], entry, source="link", submitted_at=submitted)
        for label, entry, submitted in _check_in_entries(story, *story_generators(seed), today)
    ])
    session.flush()


def is_loaded(*, db: Database) -> bool:
    """True when the demo clinician already exists."""
    with db.read() as session:
        return _demo_clinician_id(session) is not None


def _demo_clinician_id(session: Session) -> int | None:
    """The demo clinician's id, or None before the demo is loaded."""
    return session.scalars(select(Clinician.id).where(Clinician.username == DEMO_USERNAME)).first()


def load_demo(*, db: Database, today: date) -> bool:
    """Create the demo clinician and six couples ending at `today`; False when already loaded."""
    if is_loaded(db=db):
        return False
    _check_library(exercise_library.library())
    password_hash = hash_password(DEMO_PASSWORD)  # slow on purpose: outside the transaction
    codes = [story.code for story in STORIES]
    start, _ = demo_window(today)
    with db.write() as session:
        if _demo_clinician_id(session) is not None:
            return False
        taken = session.scalars(select(Couple.code).where(Couple.code.in_(codes))).all()
        if taken:
            raise InvalidInput(f"couple code {', '.join(sorted(taken))} is already in use; the "
                               "demo needs an empty practice", field="couple")
        clinician = Clinician(username=DEMO_USERNAME, name=DEMO_NAME, password_hash=password_hash,
                              created_at=_at(start - timedelta(days=2), 9))
        session.add(clinician)
        session.flush()
        for story, seed in zip(STORIES, story_seeds()):
            _add_couple(session, story, clinician=clinician, seed=seed, today=today)
        audit(session, actor=DEMO_USERNAME, action="demo.load", target_type="clinician",
              target_id=DEMO_USERNAME, couples=len(STORIES), today=today.isoformat())
    return True
