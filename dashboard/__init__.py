"""The couples practice dashboard: everything but the Streamlit pages, importable and testable."""

from dashboard import settings as _settings
from models import crypto as _crypto

# Free text is encrypted at rest with the keys of the secrets file (see models/crypto.py).
_crypto.configure(_settings.current_encryption_keys)
