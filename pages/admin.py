"""Admin: the practice's accounts."""

import streamlit as st

from dashboard import admin, ui
from dashboard.errors import InvalidInput

user = ui.require_user(admin=True)
st.title("Admin")
ui.flash()

with ui.database().read() as session:
    accounts = admin.accounts(session=session, admin=user.username)
st.subheader("Accounts")
st.dataframe(accounts, hide_index=True, width="stretch",
             column_config={"username": "Username", "name": "Name", "role": "Role",
                            "active": "Active", "couples": "Couples"})

form = "add_clinician"
ui.form_error_banner(form)
with st.form(form, clear_on_submit=False):
    st.subheader("Add a clinician")
    username = st.text_input("Username")
    ui.field_error(form, "username")
    name = st.text_input("Full name")
    ui.field_error(form, "name")
    password = st.text_input("First password", type="password",
                             help="At least 12 characters; they can change it on their Account page.")
    ui.field_error(form, "password")
    role = st.radio("Role", ["clinician", "admin"], horizontal=True)
    if st.form_submit_button("Add account", type="primary"):
        try:
            admin.add_account(db=ui.database(), admin=user.username, username=username,
                              name=name, password=password, role=role)
        except InvalidInput as error:
            ui.refuse(form, error)
        else:
            ui.accepted(form, f"Added {role} {username.strip().lower()}.")

others = accounts[accounts["username"] != user.username]
if not others.empty:
    form = "set_active"
    with st.form(form):
        st.subheader("Disable or enable an account")
        target = st.selectbox("Account", others["username"])
        enable = st.radio("Set to", ["disabled", "active"], horizontal=True) == "active"
        if st.form_submit_button("Apply"):
            try:
                admin.set_active(db=ui.database(), admin=user.username, username=target,
                                 active=enable)
            except InvalidInput as error:
                ui.refuse(form, error)
            else:
                ui.accepted(form, f"{target} is now {'active' if enable else 'disabled'}.")
