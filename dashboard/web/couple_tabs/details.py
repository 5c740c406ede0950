"""The Couple details tab: names and leanings, and archiving or restoring the couple."""

from __future__ import annotations

import streamlit as st

from dashboard.data import services
from dashboard.errors import InvalidInput
from dashboard.vocabulary import LEANINGS
from dashboard.web import forms, resources
from dashboard.web.couple_tabs import CoupleView


def details_tab(view: CoupleView) -> None:
    """Edit the display name and each partner's name and leaning; archive or restore."""
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
                edited[partner.label] = services.NewPartner(name, leaning)
        if st.form_submit_button("Save changes"):
            try:
                services.update_couple(db=resources.database(), clinician=view.user.username,
                                       code=couple.code, display_name=display_name,
                                       partners=edited)
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
