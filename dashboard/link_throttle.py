"""Throttling bad check-in link tokens, per browser session and per client address.

A browser session that tries BAD_TOKEN_LIMIT bad tokens is refused for LOCK_SECONDS, and each
bad token after the first is answered more slowly. A reload starts a new session, so the same
counting also runs per client address (an HMAC of it, never the address itself) in this
process, with a higher limit because partners can share an address behind one router.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace

log = logging.getLogger(__name__)

BAD_TOKEN_LIMIT = 5
CLIENT_BAD_TOKEN_LIMIT = 20
LOCK_SECONDS = 15 * 60
SLOWDOWN_SECONDS = 0.5
SLOWDOWN_MAX_SECONDS = 2.0
MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Attempts:
    """Bad tokens counted since `since` (seconds), and the end of a lock-out if one runs."""

    failures: int = 0
    since: float = 0.0
    locked_until: float = 0.0

    def locked(self, now: float) -> bool:
        """Whether tokens are refused at this moment."""
        return now < self.locked_until

    def after_failure(self, now: float, limit: int) -> Attempts:
        """The count after one more bad token; reaching the limit starts a lock-out."""
        fresh = self.failures == 0 or now - self.since > LOCK_SECONDS
        counted = replace(self, failures=1, since=now) if fresh else replace(
            self, failures=self.failures + 1)
        if counted.failures >= limit:
            return Attempts(0, now, now + LOCK_SECONDS)
        return counted


def slowdown(failures: int) -> float:
    """Seconds to wait before answering the n-th bad token in a row (0 for the first)."""
    return min(SLOWDOWN_SECONDS * max(failures - 1, 0), SLOWDOWN_MAX_SECONDS)


class ClientLimiter:
    """Bad-token counts per client key, in this process only (another replica counts its own)."""

    def __init__(self, limit: int = CLIENT_BAD_TOKEN_LIMIT, max_clients: int = MAX_CLIENTS):
        self.limit = limit
        self.max_clients = max_clients
        self._lock = threading.Lock()
        self._clients: OrderedDict[str, Attempts] = OrderedDict()

    def locked(self, key: str | None, now: float) -> bool:
        """Whether this client is refused at this moment."""
        if key is None:
            return False
        with self._lock:
            return self._clients.get(key, Attempts()).locked(now)

    def failure(self, key: str | None, now: float) -> Attempts:
        """Count one bad token for the client; the oldest clients are forgotten past max_clients."""
        if key is None:
            return Attempts()
        with self._lock:
            attempts = self._clients.pop(key, Attempts()).after_failure(now, self.limit)
            self._clients[key] = attempts
            while len(self._clients) > self.max_clients:
                self._clients.popitem(last=False)
        if attempts.locked(now):
            log.warning("check-in links: too many bad tokens from one client; refusing it for "
                        "%d minutes", LOCK_SECONDS // 60)
        return attempts

    def clear(self) -> None:
        """Forget every client (tests)."""
        with self._lock:
            self._clients.clear()


CLIENTS = ClientLimiter()
_CLIENT_KEY_SECRET = secrets.token_bytes(32)


def client_key(ip_address: str | None, headers: Mapping[str, str] | None = None) -> str | None:
    """A keyed hash of the client's address, or None when there is none to go by.

    Streamlit gives no address for local connections, which is also what a reverse proxy on
    the same machine looks like: then the address the proxy appended last to X-Forwarded-For
    (or X-Real-IP) is used; entries further left are the client's own claims and are ignored.
    """
    address = ip_address if isinstance(ip_address, str) else ""
    if not address and headers:
        forwarded, real = headers.get("X-Forwarded-For"), headers.get("X-Real-IP")
        address = (forwarded.split(",")[-1].strip() if isinstance(forwarded, str) else "") or (
            real.strip() if isinstance(real, str) else "")
    if not address:
        return None
    return hmac.new(_CLIENT_KEY_SECRET, address.encode("utf-8"), hashlib.sha256).hexdigest()
