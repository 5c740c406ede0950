"""Admin: the practice's accounts."""

import streamlit as st

from dashboard.data import accounts, audit_log
from dashboard.errors import InvalidInput
from dashboard.web import forms, login, resources

user = login.require_user(admin=True)
st.title("Admin")
forms.flash()

with resources.database().read() as session:
    practice_accounts = accounts.accounts(session=session, admin=user.username)
st.subheader("Accounts")
st.dataframe(practice_accounts, hide_index=True, width="stretch",
             column_config={"username": "Username", "name": "Name", "role": "Role",
                            "active": "Active", "couples": "Couples"})

form = "add_clinician"
forms.form_error_banner(form)
with st.form(form, clear_on_submit=False):
    st.subheader("Add a clinician")
    username = st.text_input("Username")
    forms.field_error(form, "username")
    name = st.text_input("Full name")
    forms.field_error(form, "name")
    password = st.text_input("First password", type="password",
                             help="At least 12 characters; they can change it on their Account page.")
    forms.field_error(form, "password")
    role = st.radio("Role", ["clinician", "admin"], horizontal=True)
    if st.form_submit_button("Add account", type="primary"):
        try:
            accounts.add_account(db=resources.database(), admin=user.username, username=username,
                              name=name, password=password, role=role)
        except InvalidInput as error:
            forms.refuse(form, error)
        else:
            forms.accepted(form, f"Added {role} {username.strip().lower()}.")

others = practice_accounts[practice_accounts["username"] != user.username]
if not others.empty:
    form = "set_active"
    with st.form(form):
        st.subheader("Disable or enable an account")
        target = st.selectbox("Account", others["username"])
        enable = st.radio("Set to", ["disabled", "active"], horizontal=True) == "active"
        if st.form_submit_button("Apply"):
            try:
                accounts.set_active(db=resources.database(), admin=user.username, username=target,
                                 active=enable)
            except InvalidInput as error:
                forms.refuse(form, error)
            else:
                forms.accepted(form, f"{target} is now {'active' if enable else 'disabled'}.")

if not others.empty:
    form = "reset_password"
    with st.form(form):
        st.subheader("Reset a password")
        st.caption("Creates a one-time temporary password, shown once here; the clinician must "
                   "choose a new one at their next sign-in. Their open sessions end now.")
        target = st.selectbox("Account", others["username"], key="reset_target")
        if st.form_submit_button("Reset password"):
            try:
                temporary = accounts.reset_password(db=resources.database(), admin=user.username,
                                                 username=target)
            except InvalidInput as error:
                forms.refuse(form, error)
            else:
                st.session_state["temporary_password"] = (target, temporary)
                forms.accepted(form, f"Reset the password of {target}.")
    shown = st.session_state.pop("temporary_password", None)
    if shown:
        st.warning(f"Temporary password for {shown[0]} (shown once; hand it over in person):")
        st.code(shown[1], language=None)

st.subheader("Audit log")
filters = st.columns(4)
actor = filters[0].text_input("Who (username)")
action = filters[1].selectbox("What", ["", "login", "couple.", "session.", "assignment.",
                                       "link.", "checkin.", "import", "export", "clinician.",
                                       "audit."],
                              format_func=lambda a: a or "everything")
since = filters[2].date_input("From", value=None)
until = filters[3].date_input("Until (inclusive)", value=None)
with resources.database().read() as session:
    log = audit_log.events(session=session, admin=user.username, actor=actor, action=action,
                           since=resources.day_start(since),
                           until=resources.day_start(until, next_day=True))
st.dataframe(log, hide_index=True, width="stretch",
             column_config={"at": st.column_config.DatetimeColumn("When (UTC)")})
if st.download_button("Export the shown events as CSV", log.to_csv(index=False).encode(),
                      file_name="audit-log.csv", mime="text/csv", on_click="rerun"):
    accounts.record_audit_export(db=resources.database(), admin=user.username, rows=len(log))
