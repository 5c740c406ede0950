"""Router: page config, sign-in gate, the pages each role may run, and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from dashboard import escaping
from dashboard.web import login

st.set_page_config(page_title="Couples practice dashboard", page_icon="🫶", layout="wide")

user = login.signed_in_user()
# A partner's check-in page (opened with their link, no account) for everyone, never in the menu.
checkin = st.Page("pages/checkin.py", title="Check-in", url_path="checkin", visibility="hidden")

if user is None:
    pages = [st.Page("pages/login.py", title="Sign in", url_path="login", default=True)]
elif user.must_change_password:
    pages = [st.Page("pages/account.py", title="Change your password", url_path="account",
                     default=True)]
else:
    pages = [
        st.Page("pages/caseload.py", title="Caseload", icon=":material/groups:",
                url_path="caseload", default=True),
        st.Page("pages/couple.py", title="Couple", icon=":material/favorite:", url_path="couple"),
        # Reached from a couple's page; never in the menu.
        st.Page("pages/present.py", title="Present", icon=":material/co_present:",
                url_path="present", visibility="hidden"),
        st.Page("pages/exercises.py", title="Exercises", icon=":material/menu_book:",
                url_path="exercises"),
        st.Page("pages/account.py", title="Account", icon=":material/person:",
                url_path="account"),
    ]
    if user.is_admin:
        pages.append(st.Page("pages/admin.py", title="Admin", icon=":material/shield_person:",
                             url_path="admin"))

pages.append(checkin)
# No clinician menu or sidebar on the check-in page, even for a signed-in clinician.
on_checkin = (st.context.url or "").rstrip("/").endswith("/checkin")
page = st.navigation(pages, position="sidebar" if user and not on_checkin else "hidden")
if page.url_path == "present":
    # Presentation mode shows the couple's charts only: the same pages again, the menu hidden.
    page = st.navigation(pages, position="hidden")
st.session_state["user"] = user

if user is not None and page.url_path not in ("checkin", "present"):
    login.open_requested_couple()
    st.sidebar.caption(f"Signed in as **{escaping.markdown_escaped(user.name)}**")
    login.logout_button()

page.run()
