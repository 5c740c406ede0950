"""The Check-in links tab: each partner's phone link, made, renewed or revoked here."""

from __future__ import annotations

import streamlit as st

from dashboard import escaping
from dashboard.data import links
from dashboard.web import forms, resources, widgets
from dashboard.web.couple_tabs import CoupleView


def check_in_links_tab(view: CoupleView) -> None:
    """One box per partner: the link's state, the new link and its QR code once made."""
    couple, clinician = view.couple, view.user.username
    st.caption("Each partner checks in from their phone with their own link, no account "
               "needed. A link is shown only when it is made; renewing it stops the old one.")
    for status in links.link_statuses(db=resources.database(), clinician=clinician,
                                      code=couple.code):
        shown_name = escaping.markdown_escaped(status.name)
        shown_key = f"checkin-link:{couple.code}:{status.label}"
        with st.container(border=True):
            widgets.plain_text(f"{status.label}: {status.name} · {links.describe(status)}")
            shown = st.session_state.get(shown_key)
            if shown and status.state == "active" and shown.expires_at == status.expires_at:
                st.code(shown.url, language=None, wrap_lines=True)
                st.image(links.qr_png(shown.url), width=220,
                         caption="Scan with the phone's camera")
            left, right = st.columns(2)
            if left.button("Renew link" if status.state == "active" else "Create link",
                           key=f"link-{status.label}"):
                st.session_state[shown_key] = links.issue_link(
                    db=resources.database(), clinician=clinician, code=couple.code,
                    partner=status.label, base_url=resources.app_settings().base_url,
                    days=resources.app_settings().link_days)
                forms.accepted("checkin-link", f"New check-in link for {shown_name}.")
            if status.state == "active" and right.button("Revoke link",
                                                         key=f"revoke-{status.label}"):
                links.revoke_link(db=resources.database(), clinician=clinician,
                                  code=couple.code, partner=status.label)
                forms.accepted("checkin-link", f"{shown_name}'s check-in link no longer works.")
