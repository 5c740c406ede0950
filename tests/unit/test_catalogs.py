"""The partner's words are translated: every string the code marks is in the template and has a
complete translation in German, Spanish and French, with the same placeholders."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.web import checkin_words

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
TRANSLATED = [language for language in i18n.LANGUAGES if language != "en"]
# {name} or {n} (str.format) and %(n)s or %s (printf style), as Python reads them.
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%(?:\([A-Za-z_]+\))?[sdif]")


def extracted() -> dict[str | tuple[str, str], list[str]]:
    """Every message the code marks now (Babel extraction with babel.cfg), with where it is."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, str(ROOT / "babel.cfg"))
    found: dict = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        found.setdefault(message, []).append(filename)
    return found


def catalog(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def messages():
    return extracted()


def test_the_code_marks_the_partner_pages_words(messages):
    ids = {m if isinstance(m, str) else m[0] for m in messages}
    assert checkin_words.NOT_WORKING in ids and checkin_words.SCORES["pursue"] in ids
    assert "Send my check-in" in ids and "Today, or one of the last {n} day." in ids


def test_the_template_is_up_to_date_with_the_code(messages):
    template = {m.id for m in catalog(ROOT / "dashboard/locales/messages.pot") if m.id}
    fresh = set(messages)
    assert fresh - template == set(), "run pybabel extract (see the README)"
    assert template - fresh == set(), "the template has strings the code no longer marks"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_has_a_complete_translation(messages, language):
    translations = catalog(i18n.catalog_path(language))
    plurals = translations.num_plurals
    problems = []
    for message_id, where in messages.items():
        entry = translations.get(message_id)
        if entry is None:
            problems.append(f"missing: {message_id!r} ({where[0]})")
            continue
        if entry.fuzzy:
            problems.append(f"fuzzy: {message_id!r}")
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(message_id, tuple) and len(forms) != plurals:
            problems.append(f"{len(forms)} of {plurals} plural forms: {message_id!r}")
        sources = message_id if isinstance(message_id, tuple) else (message_id,)
        for form in forms:
            if not form or not form.strip():
                problems.append(f"empty: {message_id!r}")
            elif form in sources:
                problems.append(f"left in English: {message_id!r}")
            elif placeholders(form) != placeholders(sources[-1]):
                problems.append(f"placeholders {placeholders(form)} differ: {message_id!r}")
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_holds_no_stale_entries(messages, language):
    stale = {m.id for m in catalog(i18n.catalog_path(language)) if m.id and m.id not in messages}
    assert stale == set(), "run pybabel update (see the README)"


def test_placeholders_are_read_in_both_styles():
    assert placeholders("Hello {name}, %(n)s days, {n:d} and %s") == [
        "%(n)s", "%s", "{n:d}", "{name}"]


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_language_translates_and_counts(language):
    translations = i18n.translator(language)
    assert translations.gettext("Send my check-in") != "Send my check-in"
    one, many = "Today, or one of the last {n} day.", "Today, or one of the last {n} days."
    assert translations.ngettext(one, many, 1) != translations.ngettext(one, many, 14)
    assert "{n}" in translations.ngettext(one, many, 14)
    assert i18n.translator(language) is translations  # read once


@pytest.mark.parametrize("language", ["en", "xx", ""])
def test_english_and_unknown_languages_give_the_source_strings(language):
    translations = i18n.translator(language)
    assert translations.gettext("Send my check-in") == "Send my check-in"
    assert translations.ngettext("{n} day", "{n} days", 2) == "{n} days"


@pytest.mark.parametrize("language, full, medium", [
    ("en", "Monday, 2 March 2026", "2 Mar 2026"),
    ("de", "Montag, 2. März 2026", "02.03.2026"),
    ("es", "lunes, 2 de marzo de 2026", "2 mar 2026"),
    ("fr", "lundi 2 mars 2026", "2 mars 2026"),
    ("xx", "Monday, 2 March 2026", "2 Mar 2026"),
])
def test_days_are_written_the_way_each_language_writes_them(language, full, medium):
    assert i18n.format_day(date(2026, 3, 2), language) == full
    assert i18n.format_day(date(2026, 3, 2), language, format="medium") == medium
    with pytest.raises(ValueError):
        i18n.format_day(date(2026, 3, 2), language, format="short")


@pytest.mark.parametrize("locale, language", [
    ("de-AT", "de"), ("fr_CA", "fr"), ("es", "es"), ("EN-gb", "en"), ("pt-BR", "en"), (None, "en"),
    ("", "en"),
])
def test_the_browsers_locale_picks_one_of_the_languages(locale, language):
    assert i18n.browser_language(locale) == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_refusal_the_partner_can_get_is_a_translated_sentence(language):
    from dashboard import validation

    translations = i18n.translator(language)
    english = i18n.translator("en")
    problems = {"day": validation.too_old(14), "pursue": validation.NOTHING_ANSWERED,
                "withdraw": validation.SCORE_RANGE, "repaired": validation.REPAIRED_WITHOUT_CYCLE,
                "practised": "unknown exercise 'x'", "reflection": "must be at most 2000",
                "other": "anything"}
    shown = checkin_words.field_errors(problems, translations, back_days=14)
    source = checkin_words.field_errors(problems, english, back_days=14)
    assert set(shown) == set(problems) - {"pursue"} | {"_form"}
    for field, sentence in shown.items():
        assert sentence != source[field] and "{" not in sentence
    assert "14" in shown["day"]
