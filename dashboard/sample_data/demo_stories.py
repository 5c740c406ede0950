"""The six demo couples' stories: who pursues, how tense each stretch is, sessions and exercises.

Score means follow the couple's tension t (0 calm .. 1 caught in the cycle)."""

from __future__ import annotations

from dataclasses import dataclass

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
