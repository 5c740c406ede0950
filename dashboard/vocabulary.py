"""The check-in's words, defined once: partners, scores, stance, leanings and couple codes.

Everything here is plain data or a pure function; the models, the analytics, the charts, the
pages and the commands all read it from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PARTNERS = ("A", "B")
SCORES = ("pursue", "withdraw", "anxiety", "closeness")
LEANINGS = ("pursuer", "withdrawer", "mixed", "unknown")
SIDES = ("pursuer", "withdrawer", "both")
# The partner's page speaks these (the clinician's screens stay English); English first.
LANGUAGES = ("en", "de", "es", "fr")
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "es": "Español", "fr": "Français"}

# What each number means, in the words the pages, sentences and reports use.
SCORE_WORDS = {
    "pursue": "pushing for closeness",
    "withdraw": "pulling back",
    "anxiety": "anxiety about the relationship",
    "closeness": "sense of closeness",
    "stance": "stance",
    "polarization": "polarization",
    "cycle_intensity": "cycle intensity",
    "repair_rate": "repair rate",
    "practice_rate": "practice rate",
}
# Stance = pursue - withdraw, from -10 (fully pulling back) through 0 to +10 (fully reaching out).
STANCE_LOW, STANCE_MIDDLE, STANCE_HIGH = "pulling back", "balanced", "reaching out"

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


def partner_name(label: str, names: Mapping[str, str] | None = None) -> str:
    """The partner's display name, or "Partner A" / "Partner B" when there is none."""
    return str((names or {}).get(label) or f"Partner {label}")


def first_name(display_name: str) -> str:
    """The first word of a partner's display name (what a partner's own page shows)."""
    return (display_name.split() or ["there"])[0]


def couple_code(text: str) -> str:
    """A couple code as stored: without surrounding spaces, in capitals ("c-014 " -> "C-014")."""
    return text.strip().upper()
