"""Encryption at rest for free text (reflections, session notes): Fernet, keys from the secrets file.

The column type encrypts on write and decrypts on read, so every query and service sees plain
text while the database file, its WAL and its backups hold only ciphertext. The first key in
`encryption_keys` encrypts; every key decrypts (MultiFernet), so keys rotate without downtime.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

# Ciphertext starts with this marker so plain legacy values are told apart from tokens.
PREFIX = "enc1:"

_lock = threading.Lock()
_keys_source: Callable[[], Sequence[str]] | None = None
_cache: dict[tuple[str, ...], MultiFernet] = {}


class EncryptionNotConfigured(RuntimeError):
    """No encryption keys are configured; run `python -m dashboard init`."""


def configure(keys_source: Callable[[], Sequence[str]]) -> None:
    """Tell the column type where to read the current keys (called once at start-up)."""
    global _keys_source
    with _lock:
        _keys_source = keys_source


def cipher() -> MultiFernet:
    """The MultiFernet for the configured keys (first key encrypts, all decrypt)."""
    if _keys_source is None:
        raise EncryptionNotConfigured("encryption keys are not configured")
    keys = tuple(_keys_source())
    if not keys:
        raise EncryptionNotConfigured(
            "no encryption_keys in the secrets file; run `python -m dashboard init`"
        )
    found = _cache.get(keys)
    if found is None:
        found = MultiFernet([Fernet(key.encode("ascii")) for key in keys])
        _cache[keys] = found
    return found


def encrypt(text: str) -> str:
    """Ciphertext for non-empty text; empty text stays empty."""
    if not text:
        return ""
    return PREFIX + cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(stored: str) -> str:
    """Plain text from stored ciphertext (values written before encryption pass through)."""
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return cipher().decrypt(stored[len(PREFIX):].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise EncryptionNotConfigured(
            "a stored text cannot be decrypted with the configured keys"
        ) from None


def rotate(stored: str) -> str:
    """The stored value re-encrypted under the first key."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    token = cipher().rotate(stored[len(PREFIX):].encode("ascii"))
    return PREFIX + token.decode("ascii")


class EncryptedText(TypeDecorator):
    """Text encrypted at rest with the configured Fernet keys."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        """Encrypt on the way in."""
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        """Decrypt on the way out."""
        return None if value is None else decrypt(value)
