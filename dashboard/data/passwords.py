"""Password hashing (bcrypt) and the password rules: long enough, not common, no composition rules."""

from __future__ import annotations

import functools
import re

import bcrypt

MIN_LENGTH = 12
# bcrypt reads at most 72 bytes; longer input is refused rather than silently cut.
MAX_BYTES = 72

# Service words that make an obvious password here.
LOCAL_WORDS = frozenset({"therapy", "therapist", "counselling", "counseling", "clinician",
                         "dashboard", "couples", "streamlit", "password", "letmein"})
TRAILING_NOISE = re.compile(r"[\d\W_]+$")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The leaked-password list (30,000 entries) shipped with zxcvbn; no network lookup.

    Loaded on the first password check: zxcvbn's lists take about 14 MB that an app process
    which only signs people in never needs.
    """
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


class PasswordRejected(ValueError):
    """The password breaks a rule; the message says which."""


def check_password(password: str, *, username: str = "") -> None:
    """Raise PasswordRejected when the password is too short, too long or common."""
    if len(password) < MIN_LENGTH:
        raise PasswordRejected(f"password must be at least {MIN_LENGTH} characters long")
    if len(password.encode("utf-8")) > MAX_BYTES:
        raise PasswordRejected(f"password must be at most {MAX_BYTES} bytes long")
    if password != password.strip():
        raise PasswordRejected("password must not begin or end with a space")
    lowered = password.lower()
    # "password1234!" is as guessable as "password": compare without trailing digits/symbols.
    stem = TRAILING_NOISE.sub("", lowered)
    common = common_passwords()
    if (lowered in common or stem in common or stem in LOCAL_WORDS
            or len(set(lowered)) <= 3):
        raise PasswordRejected("password is too common; choose a longer phrase of your own")
    if username and username.lower() in lowered:
        raise PasswordRejected("password must not contain the username")


def hash_password(password: str) -> str:
    """A bcrypt hash of the password (the format streamlit-authenticator checks)."""
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    """True when the password matches the stored hash."""
    encoded = password.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        return False
    try:
        return bcrypt.checkpw(encoded, password_hash.encode("ascii"))
    except ValueError:
        return False
