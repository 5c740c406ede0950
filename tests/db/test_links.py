"""Check-in links: tokens, their use cases, the submit rules, throttling and the command. (against a real database)."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta, timezone

import pytest
from factories import run_command as run
from sqlalchemy import func, select

from dashboard import link_throttle
from dashboard.data import links, services
from dashboard.errors import NotFound
from models import CheckIn, CheckInLink
from tests.unit.test_links import (  # noqa: F401
    BASE,
    NOW,
    TODAY,
    assign,
    audit_rows,
    count,
    issue,
    practice,
    submit,
    token_of,
)


def test_tokens_carry_256_random_bits_and_only_their_sha256_is_stored(practice):
    tokens = {links.new_token() for _ in range(200)}
    assert len(tokens) == 200 and all(links.TOKEN_SHAPE.fullmatch(t) for t in tokens)
    issued = issue(practice)
    token = token_of(issued)
    assert issued.url == f"{BASE}/checkin?t={token}" and len(token) == 43
    with practice.read() as session:
        stored = session.scalars(select(CheckInLink)).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr(issued)
    assert stored.expires_at == NOW + timedelta(days=60) and stored.expires_at.tzinfo


def test_a_token_opens_exactly_one_partner_of_one_couple(practice):
    sam, alex = token_of(issue(practice, "A")), token_of(issue(practice, "B"))
    found = links.open_link(db=practice, token=sam, now=NOW)
    assert (found.code, found.label, found.name) == ("C-001", "A", "Sam")
    assert links.open_link(db=practice, token=alex, now=NOW).label == "B"


@pytest.mark.parametrize("token", [
    "", "x", "A" * 43, links.new_token(), links.new_token() + "=", "../" * 15,
    "a" * 10_000, None,
])
def test_made_up_tokens_open_nothing(practice, token):
    issue(practice)
    assert links.open_link(db=practice, token=token, now=NOW) is None


def test_a_token_expires_after_the_configured_days(practice):
    token = token_of(issue(practice, days=60))
    assert links.open_link(db=practice, token=token, now=NOW + timedelta(days=59, hours=23))
    assert links.open_link(db=practice, token=token, now=NOW + timedelta(days=60)) is None


def test_renewing_revokes_the_previous_link_and_is_audited_as_renew(practice):
    first = token_of(issue(practice))
    renewed = issue(practice, now=NOW + timedelta(minutes=5))
    assert renewed.renewed
    assert links.open_link(db=practice, token=first, now=NOW + timedelta(minutes=6)) is None
    assert links.open_link(db=practice, token=token_of(renewed), now=NOW + timedelta(minutes=6))
    assert [e.action for e in audit_rows(practice) if e.action.startswith("link.")] == [
        "link.create", "link.renew"]
    with practice.read() as session:
        assert session.scalar(select(func.count()).select_from(CheckInLink).where(
            CheckInLink.revoked_at.is_(None))) == 1


def test_revoking_stops_the_link_on_the_next_request(practice):
    token = token_of(issue(practice))
    assert links.revoke_link(db=practice, clinician="robin", code="C-001", partner="A", now=NOW)
    assert links.open_link(db=practice, token=token, now=NOW) is None
    assert not links.revoke_link(db=practice, clinician="robin", code="C-001", partner="A")
    with pytest.raises(links.LinkNotValid):
        submit(practice, token)
    assert count(practice, CheckIn) == 0


def test_links_of_an_archived_couple_stop_working(practice):
    token = token_of(issue(practice))
    services.set_couple_archived(db=practice, clinician="robin", code="C-001", archived=True)
    assert links.open_link(db=practice, token=token, now=NOW) is None


def test_link_statuses_say_what_the_clinician_needs(practice):
    issue(practice, "A")
    statuses = links.link_statuses(db=practice, clinician="robin", code="C-001", now=NOW)
    assert [(s.label, s.name, s.state) for s in statuses] == [("A", "Sam", "active"),
                                                               ("B", "Alex", "none")]
    assert links.describe(statuses[0]) == "active, expires 09 May 2026"
    later = links.link_statuses(db=practice, clinician="robin", code="C-001",
                                now=NOW + timedelta(days=61))
    assert later[0].state == "expired"
    links.revoke_link(db=practice, clinician="robin", code="C-001", partner="A", now=NOW)
    assert links.link_statuses(db=practice, clinician="robin", code="C-001")[0].state == "revoked"


@pytest.mark.parametrize("action", ["issue", "revoke", "status"])
def test_another_clinicians_couple_is_refused_like_a_missing_one(practice, action):
    calls = {
        "issue": lambda code: issue(practice, code=code),
        "revoke": lambda code: links.revoke_link(db=practice, clinician="robin", code=code,
                                                 partner="A"),
        "status": lambda code: links.link_statuses(db=practice, clinician="robin", code=code),
    }
    with pytest.raises(NotFound) as theirs:
        calls[action]("K-001")
    with pytest.raises(NotFound) as missing:
        calls[action]("K-999")
    assert str(theirs.value).replace("K-001", "X") == str(missing.value).replace("K-999", "X")
    assert count(practice, CheckInLink) == 0


@pytest.mark.parametrize("changes, reason", [
    (dict(partner="C"), "partner must be A or B"),
    (dict(days=0), "at least one day"),
    (dict(base_url="javascript:alert(1)"), "base URL must start with http"),
])
def test_bad_link_requests_write_nothing(practice, changes, reason):
    values = dict(db=practice, clinician="robin", code="C-001", partner="A", base_url=BASE,
                  days=60)
    values.update(changes)
    with pytest.raises(services.InvalidInput, match=reason):
        links.issue_link(**values)
    assert count(practice, CheckInLink) == 0


def test_partner_sees_only_their_active_exercises(practice):
    assign(practice, "ask-plainly", "A")
    assign(practice, "daily-check-in", None)
    assign(practice, "space-and-return", "B")
    ended = assign(practice, "name-the-worry", "A")
    services.end_assignment(db=practice, clinician="robin", code="C-001", assignment_id=ended,
                            day=TODAY - timedelta(days=2))
    assign(practice, "widen-your-circle", "A", due=TODAY - timedelta(days=1))
    assign(practice, "stay-with-the-feeling", "A", start=TODAY + timedelta(days=3))
    access = links.open_link(db=practice, token=token_of(issue(practice)), now=NOW)
    assert {e.id for e in access.exercises_on(TODAY)} == {"ask-plainly", "daily-check-in"}
    assert {e.id for e in access.exercises_on(TODAY - timedelta(days=2))} == {
        "ask-plainly", "daily-check-in", "name-the-worry", "widen-your-circle"}


def test_a_check_in_is_stored_for_the_tokens_partner_and_audited_without_text(practice):
    assign(practice, "ask-plainly", "A")
    token = token_of(issue(practice))
    check_in_id = submit(practice, token, practised=("ask-plainly",))
    with practice.read() as session:
        row = session.get(CheckIn, check_in_id)
        assert (row.partner.label, row.source, row.practised, row.repaired) == (
            "A", "link", "ask-plainly", True)
        assert row.submitted_at == NOW and row.submitted_at.tzinfo is not None
    event = audit_rows(practice)[-1]
    assert (event.action, event.actor, event.target_id) == (
        "checkin.submit", "partner A of C-001", "C-001")
    for row in audit_rows(practice):
        text = " ".join(str(v) for v in vars(row).values())
        assert token not in text and links.token_hash(token) not in text
        assert "asked plainly" not in text


def test_a_correction_is_a_new_check_in_and_the_metrics_take_the_latest(practice):
    from dashboard.data import reports

    token = token_of(issue(practice))
    submit(practice, token, pursue=9)
    submit(practice, token, now=NOW + timedelta(minutes=3), pursue=2)
    assert count(practice, CheckIn) == 2
    with practice.read() as session:
        found = reports.couple_metrics_json(session=session, clinician="robin", code="C-001",
                                            as_of=TODAY)
    partner = found["intervals"][-1]["partners"]["A"]
    assert partner["days"] == 1 and partner["pursue"] == 2


@pytest.mark.parametrize("changes, field", [
    (dict(day=TODAY + timedelta(days=1)), "day"),
    (dict(day=TODAY - timedelta(days=15)), "day"),
    (dict(pursue=11), "pursue"),
    (dict(withdraw=-1), "withdraw"),
    (dict(anxiety=True), "anxiety"),
    (dict(closeness=5.5), "closeness"),
    (dict(cycle_noticed=False, repaired=True), "repaired"),
    (dict(reflection="x" * 2001), "reflection"),
    (dict(practised=("no-such-exercise",)), "practised"),
    (dict(practised=("space-and-return",)), "practised"),  # assigned to the other partner
])
def test_invalid_check_ins_are_refused_field_by_field_and_write_nothing(practice, changes, field):
    assign(practice, "space-and-return", "B")
    token = token_of(issue(practice))
    with pytest.raises(links.CheckInRefused) as refused:
        submit(practice, token, **changes)
    assert field in refused.value.problems
    assert count(practice, CheckIn) == 0
    assert not [e for e in audit_rows(practice) if e.action == "checkin.submit"]


def test_the_oldest_allowed_day_and_2000_characters_are_accepted(practice):
    token = token_of(issue(practice))
    submit(practice, token, day=TODAY - timedelta(days=14), reflection="y" * 2000)
    assert count(practice, CheckIn) == 1


def test_checkin_link_command_creates_renews_and_revokes(practice, capsys, monkeypatch):
    monkeypatch.setenv("DASHBOARD_BASE_URL", "https://env.example")
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "c-001",
                         "--partner", "a")
    assert code == 0 and out.startswith("https://env.example/checkin?t=") and "Created" in err
    first = out.strip().split("t=")[1]
    assert links.open_link(db=practice, token=first).label == "A"
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                         "--partner", "A", "--base-url", "https://phones.example/")
    assert code == 0 and out.startswith("https://phones.example/checkin?t=") and "Renewed" in err
    assert links.open_link(db=practice, token=first) is None
    second = out.strip().split("t=")[1]
    code, out, _ = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                       "--partner", "A", "--revoke")
    assert code == 0 and "Revoked" in out
    assert links.open_link(db=practice, token=second) is None


@pytest.mark.parametrize("argv, reason", [
    (["--couple", "K-001", "--partner", "A"], "couple 'K-001' not found"),
    (["--couple", "C-001", "--partner", "C"], "invalid choice"),
    (["--couple", "C-001", "--partner", "A", "--base-url", "ftp://x"], "base URL"),
])
def test_checkin_link_command_refuses_bad_input_in_one_line(practice, capsys, argv, reason):
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", *argv)
    assert code == 2 and reason in err and err.count("\n") == 1 and out == ""
    assert count(practice, CheckInLink) == 0


def test_no_token_reaches_the_logs_even_at_debug_level(practice, capsys, caplog):
    """The whole link life cycle at DEBUG, SQL included: the token is never logged."""
    caplog.set_level(logging.DEBUG)
    for name in ("sqlalchemy.engine", "dashboard", "streamlit"):
        caplog.set_level(logging.DEBUG, logger=name)
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                         "--partner", "A")
    token = out.strip().split("t=")[1]
    assert code == 0 and token not in err
    submit(practice, token, now=datetime.now(timezone.utc))
    link_throttle.ClientLimiter(limit=1).failure(link_throttle.client_key("203.0.113.7"), 0.0)
    run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001", "--partner", "A",
        "--revoke")
    assert any(r.name.startswith("sqlalchemy.engine") for r in caplog.records)  # logging was on
    assert "too many bad tokens" in caplog.text
    assert token not in caplog.text


def language_of(db, label="A") -> str:
    from models import Couple, Partner

    with db.read() as session:
        return session.scalars(select(Partner.language).join(Couple).where(
            Couple.code == "C-001", Partner.label == label)).one()


def test_checkin_link_command_sets_the_partners_language_only_when_asked(practice, capsys):
    assert language_of(practice) == "en"  # a new partner reads English, the practice's language
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                         "--partner", "A", "--language", "de")
    assert code == 0 and "Deutsch" in err
    token = out.strip().split("t=")[1]
    assert language_of(practice) == "de" and language_of(practice, "B") == "en"
    assert links.open_link(db=practice, token=token).language == "de"
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                         "--partner", "A")  # a renewal without --language keeps it
    assert code == 0 and language_of(practice) == "de" and "Deutsch" not in err
    code, _, _ = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                     "--partner", "B", "--language", "FR", "--revoke")
    assert code == 0 and language_of(practice, "B") == "fr"
    assert "partner.language" in [row.action for row in audit_rows(practice)]


@pytest.mark.parametrize("argv, reason", [
    (["--language", "it"], "invalid choice"),
    (["--language", "de", "--base-url", "ftp://x"], "base URL"),
])
def test_a_refused_checkin_link_command_leaves_the_language(practice, capsys, argv, reason):
    code, out, err = run(capsys, "checkin-link", "--clinician", "robin", "--couple", "C-001",
                         "--partner", "A", *argv)
    assert code == 2 and reason in err and err.count("\n") == 1 and out == ""
    assert language_of(practice) == "en" and count(practice, CheckInLink) == 0


def test_a_partners_language_is_checked_against_the_known_ones(practice):
    from dashboard.errors import InvalidInput

    with pytest.raises(InvalidInput, match="must be one of en \\(English\\), de \\(Deutsch\\)"):
        services.set_partner_language(db=practice, clinician="robin", code="C-001", partner="A",
                                      language="it")
    with pytest.raises(InvalidInput, match="language of partner B"):
        services.update_couple(db=practice, clinician="robin", code="C-001", display_name="x",
                               partners={"B": services.NewPartner("Alex", "mixed", "xx")})
    with pytest.raises(NotFound):
        services.set_partner_language(db=practice, clinician="kim", code="C-001", partner="A",
                                      language="de")
    assert language_of(practice) == "en"
