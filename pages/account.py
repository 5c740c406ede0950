"""Account page: the signed-in clinician changes their own password."""

import streamlit as st

from dashboard import escaping
from dashboard.data import credentials
from dashboard.errors import InvalidInput
from dashboard.web import forms, resources

user = st.session_state["user"]
st.title("Your account")
name, username = (escaping.markdown_escaped(text) for text in (user.name, user.username))
st.write(f"Signed in as **{name}** ({username}), "
         f"role: {user.role}.")
if user.must_change_password:
    st.warning("Please choose a new password before you continue.")

with st.form("change_password", clear_on_submit=True):
    st.subheader("Change password")
    current = st.text_input("Current password", type="password")
    new = st.text_input("New password", type="password",
                        help="At least 12 characters; a phrase of several words works well.")
    repeat = st.text_input("Repeat new password", type="password")
    submitted = st.form_submit_button("Change password")

if submitted:
    try:
        credentials.change_password(db=resources.database(), username=user.username,
                                    current=current, new=new, repeat=repeat)
    except InvalidInput as error:
        forms.show_error(error)
    else:
        st.success("Your password was changed.")
        if user.must_change_password:
            st.rerun()
