"""The Sessions tab: recording a session (a new interval starts that day) and the notes so far."""

from __future__ import annotations

import streamlit as st

from dashboard import escaping
from dashboard.data import services
from dashboard.errors import InvalidInput
from dashboard.web import forms, resources, widgets
from dashboard.web.couple_tabs import CoupleView


def sessions_tab(view: CoupleView) -> None:
    """The record-a-session form, then each session's focus and private notes."""
    as_of, form = view.as_of, "record_session"
    forms.form_error_banner(form)
    with st.form(form, clear_on_submit=False):
        st.subheader("Record a session")
        day = st.date_input("Session date", value=as_of, max_value=as_of)
        forms.field_error(form, "day")
        focus = st.text_input("Focus", max_chars=services.FOCUS_MAX,
                              placeholder="e.g. naming the cycle together")
        forms.field_error(form, "focus")
        notes = st.text_area("Private notes", max_chars=services.NOTES_MAX,
                             help="Seen only by you; never shown in presentation mode.")
        forms.field_error(form, "notes")
        if st.form_submit_button("Record session", type="primary"):
            try:
                services.add_session(db=resources.database(), clinician=view.user.username,
                                     code=view.couple.code, day=day, focus=focus, notes=notes,
                                     today=as_of)
            except InvalidInput as error:
                forms.refuse(form, error)
            else:
                forms.accepted(form, f"Recorded the session of {day:%d %b %Y}; a new interval "
                                     "starts that day.")
    if view.report.sessions.empty:
        st.caption("No sessions recorded yet: every check-in so far is baseline.")
    for row in view.report.sessions.itertuples():
        focus = escaping.markdown_escaped(row.focus) or "no focus noted"
        with st.expander(f"{row.day:%d %b %Y} · {focus}"):
            widgets.plain_text(row.notes or "(no notes)")
