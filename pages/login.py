"""Sign-in page: the only page an anonymous visitor reaches (besides a partner's check-in link)."""

import streamlit as st

from dashboard.web import login

left, middle, right = st.columns([1, 2, 1])
with middle:
    st.title("Couples practice dashboard")
    st.write(
        "See how each couple's pursue–withdraw cycle shifts between sessions: check-ins, "
        "exercises and the pattern over time."
    )
    login.login_form()
