"""Check-in links: tokens, their use cases, the submit rules, throttling and the command."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from factories import robin_and_kim
from sqlalchemy import func, select

from dashboard import link_throttle, validation
from dashboard.data import links, services
from models import AuditEvent

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


TODAY = NOW.date()


BASE = "https://practice.example"


def token_of(issued: links.IssuedLink) -> str:
    return issued.url.split("?t=", 1)[1]


def count(db, model, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def audit_rows(db) -> list[AuditEvent]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


@pytest.fixture
def practice(db):
    """Clinician robin with couple C-001 (Sam Rivers = A, Alex = B); kim owns K-001."""
    return robin_and_kim(db)


def issue(db, partner="A", *, code="C-001", clinician="robin", now=NOW, days=60):
    return links.issue_link(db=db, clinician=clinician, code=code, partner=partner,
                            base_url=BASE, days=days, now=now)


def entry(**changes) -> validation.CheckInInput:
    values = dict(day=TODAY, pursue=6, withdraw=2, anxiety=4, closeness=7, cycle_noticed=True,
                  repaired=True, practised=(), reflection="I asked plainly this time.")
    values.update(changes)
    return validation.CheckInInput(**values)


def submit(db, token, now=NOW, **changes) -> int:
    return links.submit_check_in(db=db, token=token, entry=entry(**changes), today=TODAY,
                                 back_days=14, now=now)


def test_qr_code_is_a_png_drawn_in_memory():
    image = links.qr_png(f"{BASE}/checkin?t={links.new_token()}")
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 200


def assign(db, exercise_id, partner, start=TODAY - timedelta(days=7), **extra):
    return services.assign_exercise(db=db, clinician="robin", code="C-001",
                                    exercise_id=exercise_id, partner=partner, start=start,
                                    per_week=7, **extra)


def test_a_session_is_refused_for_15_minutes_after_five_bad_tokens():
    attempts = link_throttle.Attempts()
    for second in range(4):
        attempts = attempts.after_failure(100.0 + second, link_throttle.BAD_TOKEN_LIMIT)
        assert not attempts.locked(100.0 + second)
    attempts = attempts.after_failure(104.0, link_throttle.BAD_TOKEN_LIMIT)
    assert attempts.locked(104.0) and attempts.locked(104.0 + 15 * 60 - 1)
    assert not attempts.locked(104.0 + 15 * 60)


def test_old_bad_tokens_are_forgotten_after_the_window():
    attempts = link_throttle.Attempts()
    for second in range(4):
        attempts = attempts.after_failure(float(second), link_throttle.BAD_TOKEN_LIMIT)
    attempts = attempts.after_failure(link_throttle.LOCK_SECONDS + 10.0, link_throttle.BAD_TOKEN_LIMIT)
    assert attempts.failures == 1 and not attempts.locked(link_throttle.LOCK_SECONDS + 10.0)


def test_bad_tokens_are_answered_more_slowly_up_to_a_cap():
    delays = [link_throttle.slowdown(n) for n in range(1, 8)]
    assert delays[0] == 0 and delays == sorted(delays) and delays[1] > 0
    assert max(delays) == link_throttle.SLOWDOWN_MAX_SECONDS


def test_the_client_limiter_counts_per_client_and_forgets_the_oldest():
    limiter = link_throttle.ClientLimiter(limit=3, max_clients=2)
    for _ in range(3):
        limiter.failure("one", 10.0)
    assert limiter.locked("one", 11.0) and not limiter.locked("two", 11.0)
    assert not limiter.locked(None, 11.0) and not limiter.failure(None, 11.0).locked(11.0)
    limiter.failure("two", 12.0)
    limiter.failure("three", 12.0)
    assert not limiter.locked("one", 13.0)  # forgotten: the table stays bounded


def test_client_keys_hash_the_address_and_trust_only_the_nearest_proxy():
    key = link_throttle.client_key("203.0.113.9")
    assert key == link_throttle.client_key("203.0.113.9") != link_throttle.client_key("203.0.113.10")
    assert "203.0.113.9" not in key and len(key) == 64
    forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}
    assert link_throttle.client_key(None, forwarded) == key
    assert link_throttle.client_key(None, {"X-Real-IP": "203.0.113.9"}) == key
    assert link_throttle.client_key(None, {}) is None and link_throttle.client_key(None) is None
