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

Every number comes from `random.Random(DEMO_SEED)` and the day offsets, never from the calendar,
so two loads with the same `today` give identical rows and the stories hold on any day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard import exercise_library
from dashboard.data.database import Database
from dashboard.errors import InvalidInput
from dashboard.data.passwords import hash_password
from dashboard.data.services import new_check_in
from dashboard.data.write import audit
from dashboard.validation import CheckInInput
from models import Assignment, Clinician, Couple, Partner, TherapySession

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "steady-harbour-2026"
DEMO_NAME = "Dr. Demo Rivera"
DEMO_SEED = 42
DEMO_DAYS = 112

# Score means at tension t (0 calm .. 1 caught in the cycle): (at t=0, change up to t=1).
PROFILES = {
    "pursuer": {"pursue": (1.5, 7.0), "withdraw": (1.0, 1.5), "anxiety": (2.0, 6.5),
                "closeness": (8.0, -5.0)},
    "withdrawer": {"pursue": (1.0, 1.5), "withdraw": (1.5, 7.0), "anxiety": (1.5, 4.5),
                   "closeness": (7.5, -4.5)},
    "mixed": {"pursue": (1.5, 4.0), "withdraw": (1.5, 4.0), "anxiety": (2.0, 5.0),
              "closeness": (7.5, -4.5)},
}
# What a cycle day does to each side's own move.
CYCLE_MOVE = {"pursuer": "pursue", "withdrawer": "withdraw"}
SCORE_NOISE = 0.8  # standard deviation of a day's score around its mean
TENSION_NOISE = 0.03  # day-to-day wobble of the couple's tension


@dataclass(frozen=True)
class PartnerPlan:
    """A demo partner: who they are, how they really move, and how often they check in."""

    label: str
    name: str
    leaning: str
    profile: str
    check_in_rate: float
    last_days_ago: int = 1


@dataclass(frozen=True)
class AssignmentPlan:
    """An exercise given at session `session` (1 = first), ended the day before session `until`."""

    session: int
    exercise_id: str
    label: str | None
    per_week: int
    until: int | None = None
    due_in_days: int | None = None


@dataclass(frozen=True)
class Story:
    """One demo couple: partners, sessions, tension and practice per interval, assignments."""

    code: str
    display_name: str
    partners: tuple[PartnerPlan, PartnerPlan]
    first_days_ago: int
    # (days ago, focus, private notes), oldest first.
    sessions: tuple[tuple[int, str, str], ...]
    # Per interval (baseline first): tension on its first and on its last day.
    tension: tuple[tuple[float, float], ...]
    # Per interval: how readily the partners do their exercises (0..1).
    practice: tuple[float, ...]
    assignments: tuple[AssignmentPlan, ...] = ()
    # The exercise that makes the difference: practised almost every time it is due.
    favourite: str | None = None


STORIES = (
    Story(
        code="C-101", display_name="Priya & Sam",
        partners=(PartnerPlan("A", "Priya", "pursuer", "pursuer", 0.9),
                  PartnerPlan("B", "Sam", "withdrawer", "withdrawer", 0.85)),
        first_days_ago=110,
        sessions=(
            (96, "Mapping the cycle", "Both could describe the last big argument step by step. "
                 "Sam called his part 'bracing'."),
            (82, "Slowing the pursuit", "Priya saw how fast her texts pile up when Sam is quiet."),
            (68, "Sam's side of the dance", "Sam spoke about getting busy to keep calm."),
            (54, "Asking instead of complaining", "Good session; first repair they described "
                 "without prompting."),
            (40, "Repair after a hard week", "A work trip went better than they expected."),
            (19, "Appreciation and staying", "Softer tone; both laughed about the cycle. Talked "
                 "about spacing sessions out."),
        ),
        tension=((0.92, 0.9), (0.78, 0.76), (0.64, 0.62), (0.5, 0.48), (0.38, 0.36), (0.26, 0.24),
                 (0.14, 0.12)),
        practice=(0.0, 0.6, 0.65, 0.7, 0.75, 0.8, 0.8),
        assignments=(
            AssignmentPlan(1, "calm-before-reaching-out", "A", 7, until=4),
            AssignmentPlan(1, "notice-the-exit", "B", 7, until=3),
            AssignmentPlan(1, "name-the-cycle", None, 2),
            AssignmentPlan(2, "i-feel-statements", None, 3, until=5),
            AssignmentPlan(3, "small-daily-moment", "B", 7),
            AssignmentPlan(4, "ask-plainly", "A", 3),
            AssignmentPlan(5, "repair-conversation", None, 1, due_in_days=13),
            AssignmentPlan(6, "stay-a-little-longer", "B", 3),
            AssignmentPlan(6, "share-an-appreciation", None, 7),
        ),
    ),
    Story(
        code="C-102", display_name="Leila & Marcus",
        partners=(PartnerPlan("A", "Leila", "pursuer", "pursuer", 0.9),
                  PartnerPlan("B", "Marcus", "withdrawer", "withdrawer", 0.85)),
        first_days_ago=100,
        sessions=(
            (86, "Naming the pattern", "Leila: 'I chase, he disappears.' Marcus agreed, quietly."),
            (72, "What the chasing protects", "Leila linked the worry to her parents' divorce."),
            (58, "Taking space kindly", "Marcus said when he would come back; it landed well."),
            (44, "A calmer stretch", "Fewer fights; both credit the evening check-in."),
            (30, "Holding the gains", "Marcus starts a new job next week; they expect strain."),
            (9, "After a hard fortnight", "Missed a session. Cycle back most nights since the new "
                "job; Leila very unsettled."),
        ),
        tension=((0.72, 0.7), (0.62, 0.6), (0.52, 0.5), (0.44, 0.42), (0.38, 0.36), (0.33, 0.42),
                 (0.82, 1.0)),
        practice=(0.0, 0.6, 0.65, 0.7, 0.7, 0.65, 0.4),
        assignments=(
            AssignmentPlan(1, "name-the-worry", "A", 7, until=4),
            AssignmentPlan(1, "space-and-return", "B", 3, until=4),
            AssignmentPlan(2, "daily-check-in", None, 7),
            AssignmentPlan(4, "stay-with-the-feeling", "A", 7),
            AssignmentPlan(4, "stay-a-little-longer", "B", 3),
            AssignmentPlan(6, "repair-conversation", None, 1),
        ),
    ),
    Story(
        code="C-103", display_name="Hannah & Joe",
        partners=(PartnerPlan("A", "Hannah", "pursuer", "pursuer", 0.8),
                  PartnerPlan("B", "Joe", "withdrawer", "withdrawer", 0.75)),
        first_days_ago=111,
        sessions=(
            (97, "Intake and the cycle", "Long-standing pattern; both tired of it."),
            (83, "Hannah's reaching", "Hannah says asking nicely 'never works'."),
            (69, "Joe's retreat", "Joe finds the exercises 'a bit much'."),
            (55, "Where things get stuck", "Same argument about chores as three weeks ago."),
            (41, "Trying smaller steps", "Agreed on shorter exercises; unsure they will."),
            (25, "Revisiting goals", "Next session booked for two weeks; they may cancel."),
        ),
        tension=((0.62, 0.6), (0.6, 0.62), (0.61, 0.6), (0.6, 0.6), (0.62, 0.6), (0.6, 0.61),
                 (0.61, 0.6)),
        practice=(0.0, 0.2, 0.15, 0.12, 0.1, 0.1, 0.08),
        assignments=(
            AssignmentPlan(1, "ask-plainly", "A", 3, until=5),
            AssignmentPlan(1, "small-daily-moment", "B", 7, until=5),
            AssignmentPlan(3, "daily-check-in", None, 7),
            AssignmentPlan(5, "one-message-then-wait", "A", 3),
            AssignmentPlan(5, "notice-the-exit", "B", 7),
            AssignmentPlan(5, "i-feel-statements", None, 3),
        ),
    ),
    Story(
        code="C-104", display_name="Nadia & Elena",
        partners=(PartnerPlan("A", "Nadia", "pursuer", "pursuer", 0.9),
                  PartnerPlan("B", "Elena", "withdrawer", "withdrawer", 0.82, last_days_ago=10)),
        first_days_ago=109,
        sessions=(
            (95, "Mapping the cycle", "Nadia pursues with questions; Elena answers with facts."),
            (81, "Calming first", "Nadia tried a breathing pause before calling; it helped."),
            (67, "Elena's need for room", "Elena: 'When I go quiet I'm not leaving.'"),
            (53, "Letting support in", "Elena let Nadia help with her mother's move."),
            (37, "Closeness and freedom", "Elena fears losing herself in the relationship."),
            (16, "A tense fortnight", "Elena quieter in session; agreed to keep checking in."),
        ),
        tension=((0.7, 0.68), (0.62, 0.6), (0.55, 0.52), (0.5, 0.48), (0.46, 0.45), (0.46, 0.48),
                 (0.48, 0.5)),
        practice=(0.0, 0.65, 0.7, 0.65, 0.7, 0.65, 0.6),
        assignments=(
            AssignmentPlan(1, "calm-before-reaching-out", "A", 7),
            AssignmentPlan(1, "notice-the-exit", "B", 7, until=3),
            AssignmentPlan(3, "i-feel-statements", None, 3),
            AssignmentPlan(4, "let-support-in", "B", 3),
            AssignmentPlan(4, "widen-your-circle", "A", 2),
            AssignmentPlan(6, "closeness-and-you", "B", 2),
        ),
    ),
    Story(
        code="C-105", display_name="Grace & Tomás",
        partners=(PartnerPlan("A", "Grace", "withdrawer", "withdrawer", 0.85),
                  PartnerPlan("B", "Tomás", "pursuer", "pursuer", 0.87)),
        first_days_ago=111,
        sessions=(
            (97, "The pattern at home", "Tomás follows Grace from room to room when she is quiet."),
            (83, "Grace's shutdown", "Grace calls it 'going to the bunker'."),
            (69, "Still circling", "Little change; both discouraged."),
            (55, "Space with a promise", "Gave Grace the space-and-return exercise; Tomás relieved "
                 "at the idea of a time."),
            (34, "It is working", "Grace came back when she said she would, five times out of six. "
                 "Fewer chases; Tomás waiting more easily."),
            (13, "Keeping it going", "Both warmer; added a daily appreciation."),
        ),
        tension=((0.66, 0.65), (0.64, 0.66), (0.65, 0.64), (0.66, 0.65), (0.5, 0.44),
                 (0.32, 0.28), (0.18, 0.15)),
        practice=(0.0, 0.45, 0.45, 0.4, 0.75, 0.8, 0.8),
        assignments=(
            AssignmentPlan(1, "notice-the-exit", "A", 7, until=4),
            AssignmentPlan(1, "name-the-worry", "B", 7),
            AssignmentPlan(2, "i-feel-statements", None, 3, until=4),
            AssignmentPlan(4, "space-and-return", "A", 5),
            AssignmentPlan(6, "share-an-appreciation", None, 7),
        ),
        favourite="space-and-return",
    ),
    Story(
        code="C-106", display_name="Robin & Kai",
        partners=(PartnerPlan("A", "Robin", "mixed", "mixed", 0.85),
                  PartnerPlan("B", "Kai", "unknown", "withdrawer", 0.8)),
        first_days_ago=11,
        sessions=(),
        tension=((0.55, 0.55),),
        practice=(0.0,),
    ),
)

# Reflections: short first-person notes; {partner} is the other partner's name.
EXERCISE_NOTES = {
    "calm-before-reaching-out": (
        "I noticed I wanted to text {partner} five times and waited instead.",
        "Took ten slow breaths before calling. The call was much nicer.",
        "Went for a walk first, then asked how the day was. Felt less frantic.",
    ),
    "notice-the-exit": (
        "Caught myself reaching for my phone the moment things got heavy.",
        "I named it: I was about to go quiet. Stayed two more minutes.",
        "Noticed I started tidying the kitchen right when {partner} wanted to talk.",
    ),
    "name-the-cycle": (
        "We both said 'there it is' and actually laughed.",
        "I called it the merry-go-round out loud and we stopped.",
    ),
    "i-feel-statements": (
        "Said 'I feel lonely when dinner is silent' instead of 'you never talk'.",
        "Hard to say 'I feel' without adding a 'because you'. Got there.",
    ),
    "small-daily-moment": (
        "Brought {partner} a coffee and sat for five minutes. Easy enough.",
        "Sent a photo from my lunch walk. Small, but it counted.",
    ),
    "ask-plainly": (
        "Asked for a hug instead of sighing loudly. Got the hug.",
        "I asked {partner} to sit with me for ten minutes tonight. They said yes.",
    ),
    "repair-conversation": (
        "We talked about Tuesday. I understood the silence was overwhelm, not anger.",
        "Repair talk went better than the fight did. Both apologised.",
    ),
    "stay-a-little-longer": (
        "Stayed in the conversation about money longer than I wanted to. It ended okay.",
        "Wanted to leave after a minute, stayed for five. Overwhelm about a 6.",
    ),
    "share-an-appreciation": (
        "Told {partner} I liked how they handled my sister's call.",
        "Thanked {partner} for waiting for me last night.",
    ),
    "daily-check-in": (
        "Ten minutes on the sofa after dinner. Quiet but nice.",
        "Check-in was short tonight, we were both tired.",
    ),
    "name-the-worry": (
        "The worry today: that the late reply meant something. It didn't.",
        "Named it as 'the old fear of being left'. It got a bit smaller.",
    ),
    "one-message-then-wait": (
        "Sent one message at lunch and left it. The reply came an hour later.",
        "Wanted to follow up after ten minutes; went for a run instead.",
    ),
    "stay-with-the-feeling": (
        "Sat with the worry for five minutes. It peaked and dropped.",
        "Set a timer. By the end I didn't need to send the message.",
    ),
    "widen-your-circle": (
        "Called my sister instead of waiting by the phone.",
        "Went to the climbing gym with a friend. Felt steadier after.",
    ),
    "let-support-in": (
        "Let {partner} cook while I was ill. Strange but good.",
        "Told {partner} about the work problem instead of fixing it alone.",
    ),
    "closeness-and-you": (
        "Wrote about what I'm afraid of losing. Mostly my quiet mornings.",
    ),
    "space-and-return": (
        "Said 'I need twenty minutes, then I'll come back'. And I did.",
        "Asked for a break before dinner and came back at eight like I said.",
        "Took space after the phone call, told {partner} when. No chasing this time.",
        "It's easier to leave the room when I say when I'll be back.",
    ),
}
# Free notes by side, for days caught in the cycle ("hard") and for the other days ("calm").
SIDE_NOTES = {
    "pursuer": {
        "hard": (
            "Felt the old panic when {partner} didn't answer at lunch.",
            "I kept asking if we were okay. I know it pushes {partner} away.",
            "Followed {partner} into the other room to finish the argument. It got worse.",
            "Anxious all evening. Sent three messages before I caught myself.",
        ),
        "calm": (
            "Good evening together, felt close.",
            "Waited instead of following {partner} into the other room.",
            "A slow Sunday. I didn't need to check in on us once.",
            "Noticed the worry start and let it pass.",
        ),
    },
    "withdrawer": {
        "hard": (
            "Needed to be alone after work. Didn't say so, just went quiet.",
            "Felt cornered in the kitchen and went for a drive.",
            "I shut down when the questions started. Noticed it later.",
            "Put my headphones on the moment things got tense.",
        ),
        "calm": (
            "Nice walk together, no pressure.",
            "Too tired to talk, told {partner} that at least.",
            "Made dinner together and it was easy.",
            "Sat with {partner} on the balcony for a while. Quiet in a good way.",
        ),
    },
    "mixed": {
        "hard": (
            "Some days I chase, some days I hide. Today I hid.",
            "I pushed for a talk and then wanted out once it started.",
        ),
        "calm": (
            "Calm day. We cooked together.",
            "Talked about the weekend plans without it turning into a thing.",
        ),
    },
}


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
