"""The Couple details tab: names, leanings and the language of each partner's check-in page,
what partners see under the check-in form, and archiving or restoring the couple."""

from __future__ import annotations

import streamlit as st

from dashboard.data import services
from dashboard.errors import InvalidInput
from dashboard.vocabulary import LANGUAGE_NAMES, LANGUAGES, LEANINGS
from dashboard.web import forms, resources
from dashboard.web.couple_tabs import CoupleView


def details_tab(view: CoupleView) -> None:
    """Edit the display name, each partner's name, leaning and page language, and whether the
    partners see their own progress; archive or restore."""
    couple, form = view.couple, "edit_couple"
    forms.form_error_banner(form)
    with st.form(form):
        display_name = st.text_input("Display name", value=couple.display_name)
        forms.field_error(form, "display_name")
        edited = {}
        for column, partner in zip(st.columns(2), couple.partners):
            with column:
                name = st.text_input(f"Partner {partner.label} name", value=partner.name)
                forms.field_error(form, f"partner_{partner.label.lower()}")
                leaning = st.selectbox(f"Partner {partner.label} leaning", LEANINGS,
                                       index=LEANINGS.index(partner.leaning))
                forms.field_error(form, f"partner_{partner.label.lower()}_leaning")
                language = st.selectbox(
                    f"Partner {partner.label} check-in language", LANGUAGES,
                    index=LANGUAGES.index(partner.language), format_func=LANGUAGE_NAMES.get,
                    help="The language of this partner's check-in page. These screens stay "
                         "English.")
                forms.field_error(form, f"partner_{partner.label.lower()}_language")
                edited[partner.label] = services.NewPartner(name, leaning, language)
        progress = st.toggle("Partners see their own progress under the check-in form",
                             value=couple.partner_progress,
                             help="Each partner sees only their own answers, never the other's.")
        if st.form_submit_button("Save changes"):
            try:
                services.update_couple(db=resources.database(), clinician=view.user.username,
                                       code=couple.code, display_name=display_name,
                                       partners=edited, partner_progress=progress)
            except InvalidInput as error:
                forms.refuse(form, error)
            else:
                forms.accepted(form, "Saved the couple's details.")
    label = "Restore couple" if couple.archived else "Archive couple"
    if st.button(label, help="Archived couples leave the caseload; nothing is deleted."):
        services.set_couple_archived(db=resources.database(), clinician=view.user.username,
                                     code=couple.code, archived=not couple.archived)
        done = "restored" if couple.archived else "archived"
        forms.accepted("archive", f"{couple.code} was {done}.")
