"""The partner's words in the partner's language: gettext catalogs read with Babel.

The clinician's screens stay English; what a partner reads (the check-in page, and later their
reminder and progress chart) is written in English in the code, marked with ``_``,
``gettext``, ``ngettext`` or ``N_``, and translated through the catalogs in
``dashboard/locales/<lang>/LC_MESSAGES/messages.po`` (template ``dashboard/locales/messages.pot``,
extraction settings in ``babel.cfg``; the README says how to extract, update and check them).

No compiled ``.mo`` file is built or kept in git: :func:`translator` reads the ``.po`` file with
``babel.messages.pofile.read_po`` the first time a language is asked for, compiles it in memory
(``babel.messages.mofile.write_mo``) into a ``babel.support.Translations`` and keeps it for the
life of the process. So a clean clone shows every language under ``make run`` and ``make test``
with no build step, and a changed ``.po`` takes effect on the next start. Fuzzy and empty
entries are left out, so they fall back to the English source string, never to a blank.

API (other modules call these):

- ``translator(language) -> gettext.NullTranslations``: ``.gettext`` / ``.ngettext`` of the
  language; "en" and unknown languages give the English source strings.
- ``format_day(day, language, format="full" | "medium") -> str``: a date as people of that
  language write it (``babel.dates.format_date``; English in British order, as the app is).
- ``browser_language(locale) -> str``: one of LANGUAGES for a browser's locale ("de-AT" ->
  "de"), "en" for anything else; for pages that have no partner to ask (a bad link).
- ``N_(message)``: marks a string for extraction without translating it (for constants).
- ``LANGUAGES``, ``LANGUAGE_NAMES``: from `dashboard.vocabulary`.
"""

from __future__ import annotations

import gettext
import io
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from dashboard.vocabulary import LANGUAGE_NAMES, LANGUAGES

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "N_", "browser_language", "catalog_path",
           "format_day", "translator"]

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"
# The Babel locale each language's dates are written in.
DATE_LOCALES = {"en": "en_GB", "de": "de_DE", "es": "es_ES", "fr": "fr_FR"}
DAY_FORMATS = ("full", "medium")


def N_(message: str) -> str:
    """Mark a string for translation without translating it (translate it where it is shown)."""
    return message


def catalog_path(language: str) -> Path:
    """The .po file of a language (not there for English, the source language)."""
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=None)
def translator(language: str) -> gettext.NullTranslations:
    """The translations of one language, read once per process; English (the strings as
    written in the code) for "en" and for any language that is not one of LANGUAGES."""
    if language == SOURCE_LANGUAGE or language not in LANGUAGES:
        return gettext.NullTranslations()
    with catalog_path(language).open("rb") as po_file:
        catalog = read_po(po_file, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def format_day(day: date, language: str, format: str = "full") -> str:  # noqa: A002
    """The day written out in the language, e.g. 'Montag, 2. März 2026' ("full") or
    '02.03.2026' ("medium", German); English for an unknown language."""
    if format not in DAY_FORMATS:
        raise ValueError(f"format must be one of {', '.join(DAY_FORMATS)}")
    locale = DATE_LOCALES.get(language, DATE_LOCALES[SOURCE_LANGUAGE])
    return format_date(day, format=format, locale=locale)


def browser_language(locale: str | None) -> str:
    """The one of LANGUAGES a browser's locale ("fr-CA", "de_DE", "es") asks for, else "en"."""
    prefix = (locale or "").replace("_", "-").split("-", 1)[0].strip().lower()
    return prefix if prefix in LANGUAGES else SOURCE_LANGUAGE
