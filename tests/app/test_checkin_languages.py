"""AppTest: the partner's check-in page in German, Spanish and French shows no English sentence
of its own, and the clinician sets each partner's language and the own-progress switch on the
Couple details tab (which stays English)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from apptest import button, new_app, open_page, open_tab, sign_in, texts
from babel.messages.pofile import read_po
from factories import PASSWORD, robin_and_kim
from sqlalchemy import select

from dashboard import i18n, link_throttle
from dashboard.data import links, services
from dashboard.data.database import Database
from dashboard.web import checkin_words
from models import CheckIn, Couple, Partner

TODAY = date.today()
TRANSLATED = ("de", "es", "fr")


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    monkeypatch.setattr(link_throttle, "slowdown", lambda n: 0)
    monkeypatch.setattr(link_throttle, "CLIENTS", link_throttle.ClientLimiter())


@pytest.fixture
def practice(app_env):
    """Robin's couple C-001 (Sam = A, Alex = B) with an exercise for both; Kim's K-001."""
    db = robin_and_kim(Database.from_url(app_env))
    services.assign_exercise(db=db, clinician="robin", code="C-001", exercise_id="daily-check-in",
                             partner=None, start=TODAY - timedelta(days=3), per_week=7)
    yield db
    db.dispose()


def english_sentences() -> list[tuple[re.Pattern, bool]]:
    """Every English msgid of the partner's words as a pattern ({name} matches anything), and
    whether it counts anywhere in a text (three words or more) or only as the whole text (a
    word like "Check-in" may well stand inside another language's sentence)."""
    with (i18n.LOCALES / "messages.pot").open("rb") as template:
        ids = [m.id for m in read_po(template) if m.id]
    patterns = []
    for message_id in ids:
        for text in (message_id if isinstance(message_id, tuple) else (message_id,)):
            parts = re.split(r"\{[a-z_]+\}", text)
            patterns.append((re.compile(".+?".join(map(re.escape, parts))),
                             len(text.split()) >= 3))
    return patterns


def rendered(at) -> list[str]:
    """Every text the partner reads: elements, labels, help texts, options, expander titles."""
    found = texts(at).splitlines()
    for kind in ("button", "checkbox", "radio", "pills", "date_input", "text_area"):
        for element in getattr(at, kind):
            found += [str(element.label), str(getattr(element.proto, "help", "") or "")]
            found += [str(option) for option in getattr(element, "options", [])]
    found += [str(e.label) for e in at.expander]
    return [text for text in found if text]


def english_on(at) -> list[str]:
    """The rendered texts in which an English sentence of the page appears."""
    patterns = english_sentences()
    return [text for text in rendered(at)
            if any(p.search(text) if anywhere else p.fullmatch(text) for p, anywhere in patterns)]


def set_language(db, label: str, language: str) -> None:
    services.set_partner_language(db=db, clinician="robin", code="C-001", partner=label,
                                  language=language)


def open_checkin(db, language: str, label: str = "A"):
    set_language(db, label, language)
    issued = links.issue_link(db=db, clinician="robin", code="C-001", partner=label,
                              base_url="http://127.0.0.1:8501", days=60)
    at = new_app()
    at.query_params["t"] = issued.url.split("?t=", 1)[1]
    return at.run().switch_page("pages/checkin.py").run()


def test_the_english_patterns_catch_the_english_page(practice):
    """The check below has teeth: on the English page it finds every kind of text."""
    at = open_checkin(practice, "en")
    found = "\n".join(english_on(at))
    for sentence in ("Hello Sam", "not monitored in real time", "How connected I felt",
                     "Send my check-in", "Today, or one of the last 14 days.",
                     "· about 10 minutes"):
        assert sentence in found


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_form_in_the_partners_language_has_no_english_sentence(practice, language):
    at = open_checkin(practice, language)
    assert not at.exception
    assert english_on(at) == []
    translations = i18n.translator(language)
    assert at.title[0].value == translations.gettext("Hello {name}").format(name="Sam")
    assert [p.label for p in at.pills] == [translations.gettext(label)
                                           for label in checkin_words.SCORES.values()]
    caught = translations.gettext("We got caught in the push-pull today")
    next(c for c in at.checkbox if c.label == caught).check().run()
    assert english_on(at) == []
    assert at.radio[0].options == [translations.gettext("Yes"), translations.gettext("Not yet")]


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_refusal_and_the_confirmation_are_in_the_partners_language(practice, language):
    translations = i18n.translator(language)
    _ = translations.gettext
    at = open_checkin(practice, language)
    button(at, _("Send my check-in")).click().run()
    assert [e.value for e in at.error] == [_(checkin_words.NOTHING_ANSWERED)]
    assert english_on(at) == []
    at.date_input[0].set_value(TODAY + timedelta(days=1))
    at.pills[2].set_value(4)
    button(at, _("Send my check-in")).click().run()
    errors = [e.value for e in at.error]
    assert _(checkin_words.NOTHING_SAVED) in errors and len(errors) == 2
    assert english_on(at) == []
    with practice.read() as session:
        assert session.scalars(select(CheckIn)).all() == []
    at.date_input[0].set_value(TODAY)
    button(at, _("Send my check-in")).click().run()
    [success] = at.success
    assert i18n.format_day(TODAY, language) in success.value and "Sam" in success.value
    assert english_on(at) == []
    button(at, _("Correct this check-in")).click().run()
    assert [p.value for p in at.pills] == [None, None, 4, None]
    assert english_on(at) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_a_bad_link_speaks_the_browsers_language(practice, language):
    at = new_app()
    at.context["locale"] = {"de": "de-DE", "es": "es-MX", "fr": "fr-CA"}[language]
    at.query_params["t"] = links.new_token()
    at = at.run().switch_page("pages/checkin.py").run()
    translations = i18n.translator(language)
    assert at.info[0].value == translations.gettext(checkin_words.NOT_WORKING)
    assert at.title[0].value == translations.gettext(checkin_words.PAGE_TITLE)
    assert english_on(at) == []


def test_a_link_that_stops_working_keeps_the_partners_language(practice):
    at = open_checkin(practice, "fr")
    links.revoke_link(db=practice, clinician="robin", code="C-001", partner="A")
    at.pills[0].set_value(3)
    button(at, "Envoyer mon bilan").click().run()
    assert at.info[0].value == i18n.translator("fr").gettext(checkin_words.NOT_WORKING)


def test_each_partner_reads_their_own_language(practice):
    set_language(practice, "B", "es")
    at = open_checkin(practice, "de")
    assert at.title[0].value == "Hallo Sam"
    assert open_checkin(practice, "es", "B").title[0].value == "Hola, Alex"


# --- the clinician's side ----------------------------------------------------------------------


def details(db):
    return open_tab(open_page(sign_in("robin", PASSWORD), "pages/couple.py", couple="C-001"),
                    "Couple details")


def stored(db):
    with db.read() as session:
        couple = session.scalars(select(Couple).where(Couple.code == "C-001")).one()
        languages = dict(session.execute(select(Partner.label, Partner.language)
                                         .where(Partner.couple_id == couple.id)).all())
        return languages, couple.partner_progress


def test_the_clinician_sets_each_partners_language_on_the_couple_page(practice):
    at = details(practice)
    assert not at.exception
    select_a, select_b = (next(s for s in at.selectbox
                               if s.label == f"Partner {label} check-in language")
                          for label in "AB")
    assert select_a.options == ["English", "Deutsch", "Español", "Français"]
    assert select_a.value == "en" and select_b.value == "en"
    select_a.set_value("de")
    select_b.set_value("fr")
    button(at, "Save changes").click().run()
    assert not at.exception and "Saved the couple's details." in texts(at)
    assert stored(practice) == ({"A": "de", "B": "fr"}, True)
    at = details(practice)  # shown as saved, in English words on an English screen
    assert next(s for s in at.selectbox if s.label == "Partner A check-in language").value == "de"


def test_the_clinician_switches_the_partners_own_progress_off_and_on(practice):
    at = details(practice)
    toggle = next(t for t in at.toggle
                  if t.label == "Partners see their own progress under the check-in form")
    assert toggle.value is True
    toggle.set_value(False)
    button(at, "Save changes").click().run()
    assert stored(practice) == ({"A": "en", "B": "en"}, False)
    token = links.issue_link(db=practice, clinician="robin", code="C-001", partner="A",
                             base_url="http://x", days=60).url.split("t=")[1]
    assert links.open_link(db=practice, token=token).partner_progress is False
    at = details(practice)
    toggle = next(t for t in at.toggle if t.label.startswith("Partners see their own progress"))
    assert toggle.value is False
    toggle.set_value(True)
    button(at, "Save changes").click().run()
    assert stored(practice)[1] is True
