"""What every entry point (the app, the commands, the tests) sets up once when it starts."""

from __future__ import annotations

from dashboard import settings
from models import crypto


def configure() -> None:
    """Point the encrypted columns at the keys of the configured secrets file.

    The keys are read through `settings.current_encryption_keys`, so a rotation is seen
    without a restart.
    """
    crypto.configure(settings.current_encryption_keys)
