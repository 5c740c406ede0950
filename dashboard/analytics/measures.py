"""The numbers compared between intervals, and which way is better for each."""

from __future__ import annotations

PARTNER_CHANGE_METRICS = ("pursue", "withdraw", "anxiety", "closeness", "stance")
COUPLE_CHANGE_METRICS = ("polarization", "cycle_intensity")
LOWER_IS_BETTER = frozenset({"pursue", "withdraw", "anxiety", "polarization", "cycle_intensity"})
HIGHER_IS_BETTER = frozenset({"closeness", "repair_rate", "practice_rate"})
