"""The words of the partner's check-in page, written once in English and marked for translation
(`dashboard.i18n`); `pages/checkin.py` shows them in the partner's language.

Every sentence a partner can read is here or in the page, marked with ``_``/``ngettext``/``N_``
so that Babel extracts it into the catalogs. The validation reasons of `dashboard.validation`
are English and written for clinicians and imports; :func:`field_errors` turns each refused
field into a sentence for the partner, in their language, so a German page never shows English.
"""

from __future__ import annotations

import gettext

from dashboard import validation
from dashboard.i18n import N_

# The four questions, in the first person; each is answered 0..10 or left out.
SCORES = {
    "pursue": N_("How much I pushed for closeness, reassurance or a response"),
    "withdraw": N_("How much I pulled back, went quiet or needed distance"),
    "anxiety": N_("How anxious or unsettled I felt about us"),
    "closeness": N_("How connected I felt to my partner"),
}
SCORE_OPTIONS = tuple(range(11))
# Stored in the session in English (the radio's values); shown translated.
REPAIRED = {N_("Yes"): True, N_("Not yet"): False}

PAGE_TITLE = N_("Check-in")
NOT_WORKING = N_("This check-in link does not work. Links stop working after a while or when a "
                 "new one is made. Please ask your therapist for a new link.")
LOCKED = N_("Too many links that do not work were opened here. Please wait 15 minutes, then "
            "open the link from your therapist again.")
NOT_MONITORED = N_("This form is not monitored in real time and is not for emergencies. If you "
                   "or someone else is in danger, call your local emergency number.")
NOTHING_ANSWERED = N_("Please answer at least one of the four questions before you send your "
                      "check-in.")
NOTHING_SAVED = N_("Nothing was saved: please correct the field marked below.")
NO_DAY = N_("Please choose the day this check-in is about.")


def field_errors(problems: dict[str, str], translations: gettext.NullTranslations, *,
                 back_days: int) -> dict[str, str]:
    """The refused fields of a check-in (field -> validation reason) as sentences for the
    partner, in their language; "nothing answered" goes to the form's banner ("_form")."""
    _ = translations.gettext
    ngettext = translations.ngettext
    found: dict[str, str] = {}
    for field, reason in problems.items():
        if field == "pursue" and reason == validation.NOTHING_ANSWERED:
            found["_form"] = _(NOTHING_ANSWERED)
        elif field == "day" and reason == validation.FUTURE_DAY:
            found[field] = _("The day: must not be in the future.")
        elif field == "day":
            found[field] = ngettext("The day: must be within the last {n} day.",
                                    "The day: must be within the last {n} days.",
                                    back_days).format(n=back_days)
        elif field in SCORES:
            found[field] = _("Please choose a number from 0 to 10, or leave this question out.")
        elif field == "repaired":
            found[field] = _("This answer is only for a day when you got caught in the "
                             "push-pull.")
        elif field == "practised":
            found[field] = _("One of the exercises ticked is not assigned to you for that day. "
                             "Please untick it.")
        elif field == "reflection":
            limit = validation.REFLECTION_MAX
            found[field] = ngettext("Your note can be at most {n} character long.",
                                    "Your note can be at most {n} characters long.",
                                    limit).format(n=limit)
        else:
            found[field] = _("This answer could not be saved. Please check it and send again.")
    return found
