"""AppTest for the partner's check-in page and the clinician's "Check-in links" tab."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta, timezone

import pytest
from apptest import button, new_app, open_page, open_tab, sign_in, texts
from factories import PASSWORD, add_check_in, robin_and_kim
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from dashboard import escaping, link_throttle
from dashboard.data import links, services
from dashboard.data.database import Database
from models import AuditEvent, CheckIn, Couple, Partner

TODAY = date.today()
NEUTRAL = "This check-in link does not work."
NEUTRAL_IN_FULL = ("This check-in link does not work. Links stop working after a while or when a "
                   "new one is made. Please ask your therapist for a new link.")
LOCKED = "Too many links that do not work"


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    """Bad tokens are slowed down in production; here the delay is recorded, not slept."""
    waits: list[float] = []
    real = link_throttle.slowdown
    monkeypatch.setattr(link_throttle, "slowdown", lambda n: waits.append(real(n)) or 0)
    monkeypatch.setattr(link_throttle, "CLIENTS", link_throttle.ClientLimiter())
    return waits


@pytest.fixture
def practice(app_env):
    """Robin's couple C-001: Sam Rivers (A) and Alex (B), with exercises; Kim's couple K-001."""
    db = robin_and_kim(Database.from_url(app_env))
    for exercise_id, partner in (("ask-plainly", "A"), ("daily-check-in", None),
                                 ("space-and-return", "B")):
        services.assign_exercise(db=db, clinician="robin", code="C-001", exercise_id=exercise_id,
                                 partner=partner, start=TODAY - timedelta(days=3), per_week=7)
    add_check_in(db, "C-001", "B", TODAY - timedelta(days=1), reflection="Alex private words")
    add_check_in(db, "K-001", "A", TODAY - timedelta(days=1), reflection="Kim's client words")
    yield db
    db.dispose()


def issue(db, partner="A", **extra) -> str:
    issued = links.issue_link(db=db, clinician="robin", code="C-001", partner=partner,
                              base_url="http://127.0.0.1:8501", days=60, **extra)
    return issued.url.split("?t=", 1)[1]


def open_checkin(token: str | None, at=None):
    """A browser session (a fresh one unless given) opening the check-in page with the token."""
    at = at or new_app().run()
    at.query_params.clear()
    if token is not None:
        at.query_params["t"] = token
    return at.switch_page("pages/checkin.py").run()


def check_ins(db) -> list[CheckIn]:
    with db.read() as session:
        return list(session.scalars(select(CheckIn).where(CheckIn.source == "link")
                                    .options(joinedload(CheckIn.partner)).order_by(CheckIn.id)))


def send(at):
    return button(at, "Send my check-in").click().run()


def widget(elements, label):
    return next(e for e in elements if e.label == label)


def answer(at, **scores):
    """Tap numbers for some of the four questions (by score name); the others stay unanswered."""
    order = ("pursue", "withdraw", "anxiety", "closeness")
    for score, value in scores.items():
        at.pills[order.index(score)].set_value(value)
    return at


# --- a valid link ------------------------------------------------------------------------------


def test_a_valid_link_shows_the_partners_first_name_exercises_and_form(practice):
    at = open_checkin(issue(practice))
    assert not at.exception
    shown = texts(at)
    assert "Hello Sam" in shown and "Rivers" not in shown
    assert "not monitored in real time and is not for emergencies" in shown
    titles = {e.label.split(" · ")[0] for e in at.expander}
    assert titles == {"Ask for closeness as a plain request", "A short check-in at a fixed time"}
    assert [p.options for p in at.pills] == [[str(n) for n in range(11)]] * 4
    assert [p.value for p in at.pills] == [None] * 4  # each question starts unanswered
    assert "0 means not at all, 10 means very much." in shown
    assert widget(at.text_area, "A few words, if you like (optional)").max_chars == 2000
    assert at.date_input[0].value == TODAY
    # Nothing about the other partner, clinician notes or other couples.
    for secret in ("Alex", "private words", "Kim", "K-001", "C-001", "Say you need space"):
        assert secret not in shown
    assert not at.sidebar.button and not at.sidebar.markdown


def test_the_check_in_form_is_worded_in_the_first_person(practice):
    at = open_checkin(issue(practice))
    assert [p.label for p in at.pills] == [
        "How much I pushed for closeness, reassurance or a response",
        "How much I pulled back, went quiet or needed distance",
        "How anxious or unsettled I felt about us",
        "How connected I felt to my partner",
    ]
    assert [c.label for c in at.checkbox][0] == "We got caught in the push-pull today"
    assert not at.radio  # "came back to each other" only once the cycle was noticed
    widget(at.checkbox, "We got caught in the push-pull today").check().run()
    assert at.radio[0].label == "We came back to each other afterwards"
    assert "What did you hear from your partner" in texts(at)  # prompts as suggestions


def test_submitting_stores_a_check_in_thanks_and_allows_a_correction(practice):
    at = open_checkin(issue(practice))
    answer(at, pursue=8, closeness=3)
    widget(at.checkbox, "We got caught in the push-pull today").check().run()
    at.radio[0].set_value("Yes")
    widget(at.checkbox, "Ask for closeness as a plain request").check()
    at.text_area[0].input("**bold** [link](https://example.org) <b>tag</b>")
    send(at)
    assert not at.exception
    assert "Thank you, Sam." in texts(at)
    [stored] = check_ins(practice)
    assert (stored.day, stored.pursue, stored.closeness, stored.cycle_noticed, stored.repaired,
            stored.practised) == (TODAY, 8, 3, True, True, "ask-plainly")
    assert stored.partner.label == "A" and stored.submitted_at.tzinfo is not None
    assert stored.reflection == "**bold** [link](https://example.org) <b>tag</b>"
    assert all("example.org" not in m.value for m in at.markdown)
    # Correct today's entry: the form comes back filled in; a second check-in for the day.
    button(at, "Correct this check-in").click().run()
    assert at.pills[0].value == 8 and at.radio[0].value == "Yes"
    assert [p.value for p in at.pills[1:3]] == [None, None]  # unanswered stays unanswered
    assert at.text_area[0].value.startswith("**bold**")
    at.pills[0].set_value(4)
    send(at)
    assert "Thank you" in texts(at)
    assert [c.pursue for c in check_ins(practice)] == [8, 4]
    events = [e for e in audit_events(practice) if e.action == "checkin.submit"]
    assert len(events) == 2 and all("bold" not in e.detail for e in events)


def audit_events(db) -> list[AuditEvent]:
    with db.read() as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def test_the_clinician_sees_the_check_in_at_once(practice):
    clinician = open_tab(open_page(sign_in("robin", PASSWORD), "pages/couple.py",
                                   couple="C-001"), "Check-ins")
    before = next(df.value for df in clinician.dataframe if "reflection" in df.value.columns)
    at = answer(open_checkin(issue(practice)), closeness=6)
    at.text_area[0].input("Came back after the walk")
    send(at)
    clinician.run()
    log = next(df.value for df in clinician.dataframe if "reflection" in df.value.columns)
    assert len(log) == len(before) + 1 and "Came back after the walk" in set(log["reflection"])


def test_unticking_the_cycle_clears_the_repair_answer(practice):
    at = open_checkin(issue(practice))
    caught = widget(at.checkbox, "We got caught in the push-pull today")
    caught.check().run()
    at.radio[0].set_value("Yes").run()
    widget(at.checkbox, "We got caught in the push-pull today").uncheck().run()
    send(answer(at, anxiety=2))
    [stored] = check_ins(practice)
    assert stored.cycle_noticed is False and stored.repaired is None


def test_an_untouched_send_is_refused_with_one_sentence_and_stores_nothing(practice):
    at = send(open_checkin(issue(practice)))
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Please answer at least one of the four questions before you send your check-in."]
    assert check_ins(practice) == [] and "Thank you" not in texts(at)
    assert [p.value for p in at.pills] == [None] * 4  # nothing was filled in for them


def test_a_partial_send_stores_only_what_was_answered(practice):
    at = answer(open_checkin(issue(practice)), withdraw=0, closeness=9)
    send(at)
    assert "Thank you, Sam." in texts(at)
    [stored] = check_ins(practice)
    assert (stored.pursue, stored.withdraw, stored.anxiety, stored.closeness) == (None, 0, None, 9)
    button(at, "Correct this check-in").click().run()
    assert [p.value for p in at.pills] == [None, 0, None, 9]


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize("day, message", [
    (TODAY + timedelta(days=1), "The day: must not be in the future."),
    (TODAY - timedelta(days=15), "The day: must be within the last 14 days."),
])
def test_a_day_out_of_range_gets_a_message_next_to_it_and_writes_nothing(practice, day, message):
    at = answer(open_checkin(issue(practice)), pursue=3)
    at.date_input[0].set_value(day)
    send(at)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert message in errors and any("Nothing was saved" in e for e in errors)
    assert check_ins(practice) == []
    assert "Thank you" not in texts(at)


def test_the_allowed_range_follows_the_back_days_setting(practice, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CHECKIN_BACK_DAYS", "3")
    at = answer(open_checkin(issue(practice)), withdraw=7)
    at.date_input[0].set_value(TODAY - timedelta(days=4))
    send(at)
    assert "The day: must be within the last 3 days." in [e.value for e in at.error]
    at.date_input[0].set_value(TODAY - timedelta(days=3))
    send(at)
    assert [c.day for c in check_ins(practice)] == [TODAY - timedelta(days=3)]


@pytest.mark.parametrize("field, value", [
    ("pills", 11), ("pills", -1), ("text_area", "x" * 2001),
])
def test_widgets_never_pass_out_of_range_values_to_the_store(practice, field, value):
    """A crafted value beyond a widget's bounds never reaches the database as such."""
    at = open_checkin(issue(practice))
    getattr(at, field)[0].set_value(value)
    send(at)
    for stored in check_ins(practice):
        assert stored.pursue is None or 0 <= stored.pursue <= 10
        assert len(stored.reflection) <= 2000


def test_a_link_revoked_while_the_form_is_open_writes_nothing(practice):
    token = issue(practice)
    at = open_checkin(token)
    links.revoke_link(db=practice, clinician="robin", code="C-001", partner="A")
    send(at)
    assert NEUTRAL in texts(at) and check_ins(practice) == []


# --- wrong, expired and revoked links ----------------------------------------------------------


def expired(db) -> str:
    return issue(db, now=datetime.now(timezone.utc) - timedelta(days=61))


def revoked(db) -> str:
    token = issue(db)
    links.revoke_link(db=db, clinician="robin", code="C-001", partner="A")
    return token


def renewed_away(db) -> str:
    token = issue(db)
    issue(db)
    return token


@pytest.mark.parametrize("make_token", [
    pytest.param(lambda db: links.new_token(), id="made-up"),
    pytest.param(lambda db: "not a token <b>", id="malformed"),
    pytest.param(expired, id="expired"),
    pytest.param(revoked, id="revoked"),
    pytest.param(renewed_away, id="renewed"),
    pytest.param(lambda db: None, id="missing"),
])
def test_every_bad_link_gets_the_same_neutral_message(practice, make_token):
    at = open_checkin(make_token(practice))
    assert not at.exception
    assert texts(at) == "Check-in\n" + NEUTRAL_IN_FULL
    assert not at.pills and not at.button and not at.sidebar.button


def test_bad_tokens_are_slowed_then_refused_for_the_session(practice, _no_waiting):
    at = new_app().run()
    for attempt in range(4):
        at = open_checkin(links.new_token(), at)
        assert NEUTRAL in texts(at)
    at = open_checkin(links.new_token(), at)
    assert LOCKED in texts(at)
    assert _no_waiting == [0, 0.5, 1.0, 1.5, 0]
    # Even a valid link is refused in that session for a while...
    at = open_checkin(issue(practice), at)
    assert LOCKED in texts(at) and "Hello" not in texts(at)
    # ...but works from another browser.
    assert "Hello Sam" in texts(open_checkin(issue(practice)))


def test_bad_tokens_from_one_address_are_refused_across_reloads(practice, monkeypatch):
    monkeypatch.setattr(link_throttle, "CLIENTS", link_throttle.ClientLimiter(limit=3))
    monkeypatch.setattr(link_throttle, "client_key", lambda ip, headers=None: "one-address")
    for _ in range(2):
        assert NEUTRAL in texts(open_checkin(links.new_token()))  # each a new session
    assert LOCKED in texts(open_checkin(links.new_token()))
    assert LOCKED in texts(open_checkin(issue(practice)))


# --- the clinician's side ----------------------------------------------------------------------


def links_tab_buttons(at):
    return [b.label for b in at.button if "link" in b.label.lower()]


def test_the_clinician_creates_renews_and_revokes_links_on_the_couple_page(practice):
    at = open_tab(open_page(sign_in("robin", PASSWORD), "pages/couple.py", couple="C-001"),
                  "Check-in links")
    assert links_tab_buttons(at) == ["Create link", "Create link"]
    button(at, "Create link").click().run()
    assert not at.exception and "New check-in link for Sam." in texts(at)
    url = at.code[0].value
    assert url.startswith("http://127.0.0.1:8501/checkin?t=")
    assert len(at.get("image")) == 1  # the QR code
    first = url.split("t=")[1]
    assert "Hello Sam" in texts(open_checkin(first))
    assert links_tab_buttons(at) == ["Renew link", "Revoke link", "Create link"]
    button(at, "Renew link").click().run()
    second = at.code[0].value.split("t=")[1]
    assert second != first
    assert NEUTRAL in texts(open_checkin(first))
    button(at, "Revoke link").click().run()
    assert not at.code and "no longer works" in texts(at)
    assert NEUTRAL in texts(open_checkin(second))
    actions = [e.action for e in audit_events(practice) if e.action.startswith("link.")]
    assert actions == ["link.create", "link.renew", "link.revoke"]
    for event in audit_events(practice):
        assert first not in event.detail and second not in event.detail


def test_a_signed_in_clinician_opening_a_link_gets_no_clinician_sidebar(practice):
    at = sign_in("robin", PASSWORD)
    assert at.sidebar.button  # the clinician's sidebar on their own pages
    at = open_checkin(issue(practice), at)
    assert "Hello Sam" in texts(at)
    assert not at.sidebar.button and "Signed in as" not in texts(at)


def test_no_token_reaches_the_logs_at_debug_level(practice, caplog, capfd):
    """The AppTest flow at DEBUG (Streamlit, SQLAlchemy and ours): the token is never logged."""
    caplog.set_level(logging.DEBUG)
    for name in ("streamlit", "sqlalchemy.engine", "dashboard"):
        caplog.set_level(logging.DEBUG, logger=name)
    clinician = open_tab(open_page(sign_in("robin", PASSWORD), "pages/couple.py",
                                   couple="C-001"), "Check-in links")
    button(clinician, "Create link").click().run()
    token = clinician.code[0].value.split("t=")[1]
    at = answer(open_checkin(token), pursue=1)
    at.text_area[0].input("a reflection")
    send(at)
    for _ in range(5):
        open_checkin(token[:-1] + ("A" if token[-1] != "A" else "B"), at)
    button(clinician, "Revoke link").click().run()
    out, err = capfd.readouterr()
    assert len(check_ins(practice)) == 1 and caplog.records
    assert token not in caplog.text and token not in out and token not in err


def test_the_partners_name_is_shown_literally_never_as_markdown(practice):
    with practice.write() as session:
        sam = session.scalars(select(Partner).join(Couple).where(
            Couple.code == "C-001", Partner.label == "A")).one()
        sam.display_name = "[Sam](https://evil.example/x) Rivers"
    at = open_checkin(issue(practice))
    title = at.title[0].value
    assert "](" not in title  # no Markdown link survives
    assert title == "Hello " + escaping.markdown_escaped("[Sam](https://evil.example/x)")


def test_the_partner_sees_their_own_last_four_weeks_and_a_daily_reminder(practice):
    add_check_in(practice, "C-001", "A", TODAY - timedelta(days=2), anxiety=6, closeness=4)
    at = open_checkin(issue(practice))
    assert "Your last four weeks" in [s.value for s in at.subheader]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    # Only this partner's days are in the chart (Alex checked in yesterday, Sam two days ago).
    assert "You checked in on 1 day of the last 28." in texts(at)
    assert "Remind me every day" in [s.value for s in at.subheader]
    assert widget(at.time_input, "At what time?").value == time(20, 0)
    assert [b.label for b in at.get("download_button")] == ["Add the reminder to my calendar"]
    # Over plain http the link is never offered for the calendar.
    assert "Put my check-in link in the reminder" not in [c.label for c in at.checkbox]


def test_the_clinician_can_turn_the_partners_progress_off(practice):
    with practice.write() as session:
        session.scalars(select(Couple).where(Couple.code == "C-001")).one().partner_progress = False
    at = open_checkin(issue(practice))
    assert "Your last four weeks" not in [s.value for s in at.subheader]
    assert "Remind me every day" in [s.value for s in at.subheader]


def test_the_link_goes_into_the_reminder_only_when_asked_and_after_the_warning(practice,
                                                                              monkeypatch):
    import dataclasses

    from dashboard.web import resources

    settings = resources.app_settings()
    monkeypatch.setattr(resources, "app_settings", lambda: dataclasses.replace(
        settings, base_url="https://practice.example"))
    at = open_checkin(issue(practice))
    warning = ("Calendars are often synced to other services (such as Google or iCloud), so "
               "anyone who can see your calendar could open your check-in link.")
    assert warning in [c.value for c in at.caption]
    assert widget(at.checkbox, "Put my check-in link in the reminder").value is False


def test_a_german_partner_reads_their_exercises_and_reminder_in_german(practice):
    from dashboard import exercise_library

    services.set_partner_language(db=practice, clinician="robin", code="C-001", partner="A",
                                  language="de")
    at = open_checkin(issue(practice))
    german = exercise_library.exercise_in("ask-plainly", "de")
    assert german.title != exercise_library.exercise_in("ask-plainly").title
    assert any(e.label.startswith(german.title) for e in at.expander)
    assert "Erinnere mich jeden Tag" in [s.value for s in at.subheader]
    assert "Deine letzten vier Wochen" in [s.value for s in at.subheader]
