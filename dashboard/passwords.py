"""Password hashing (bcrypt) and the password rules: long enough, not common, no composition rules."""

from __future__ import annotations

import bcrypt

MIN_LENGTH = 12
# bcrypt reads at most 72 bytes; longer input is refused rather than silently cut.
MAX_BYTES = 72

# The most common passwords and patterns of leaked-password lists that pass a length check.
COMMON_PASSWORDS = frozenset(
    """
    123456789012 1234567890123 12345678901234 123456789123 111111111111 000000000000
    password1234 password12345 password123456 passwordpassword password1! qwertyuiop12
    qwertyuiopasdf qwerty123456 qwertyqwerty 1q2w3e4r5t6y 1qaz2wsx3edc abc123456789
    abcdefghijkl iloveyou1234 letmein12345 welcome12345 welcome123456 administrator
    administrator1 changeme1234 trustno1trustno1 football1234 baseball1234 sunshine1234
    princess1234 monkey123456 dragon123456 master123456 superman1234 starwars1234
    whatever1234 therapist123 therapy12345 counselling1 counseling12 clinician123
    dashboard123 dashboard1234 streamlit123 secret123456 mypassword12 passw0rd1234
    p@ssw0rd1234 p@ssword1234 aaaaaaaaaaaa zaq12wsxcde3 asdfghjkl123 asdfasdfasdf
    """.split()
)


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
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
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
