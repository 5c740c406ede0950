"""Exercises: browse and search the library, preview an exercise, assign it to a couple."""

import streamlit as st

from dashboard import exercise_library
from dashboard.data import services
from dashboard.errors import InvalidInput
from dashboard.web import cached, forms, login, resources

user = login.require_user()
as_of = resources.today()
library = exercise_library.library()
SIDE_WORDS = {"pursuer": "Pursuing side", "withdrawer": "Withdrawing side", "both": "Both partners"}

st.title("Exercises")
forms.flash()

left, right = st.columns([2, 1])
search = left.text_input("Search", placeholder="e.g. space, repair, reassurance")
sides = right.multiselect("For", list(SIDE_WORDS), format_func=SIDE_WORDS.get)
matches = exercise_library.search(library, search, sides)
st.caption(f"{len(matches)} of {len(library)} exercises")

if not matches:
    st.info("No exercise matches. Try another word or clear the filter.")
    st.stop()

chosen_id = st.radio(
    "Exercise", [e.id for e in matches], format_func=lambda i: f"{library[i].title} · "
    f"{SIDE_WORDS[library[i].side]} · {library[i].minutes} min", label_visibility="collapsed",
)
exercise = library[chosen_id]

with st.container(border=True):
    st.subheader(exercise.title)
    st.caption(f"{SIDE_WORDS[exercise.side]} · {exercise.minutes} minutes · suggested "
               f"{exercise.frequency}")
    st.write(f"**Goal:** {exercise.goal}")
    if exercise.intro:
        st.write(exercise.intro)
    for number, step in enumerate(exercise.steps, start=1):
        st.write(f"{number}. {step}")
    st.write("**Reflection prompts on the check-in page**")
    for prompt in exercise.prompts:
        st.write(f"- {prompt}")

caseload = cached.load_caseload(user.username, as_of, False, resources.app_settings().db_url)
st.subheader("Assign it")
if caseload.couples.empty:
    st.info("Add a couple on the caseload page first.")
    st.stop()

codes = list(caseload.couples["code"])
preselected = st.query_params.get("couple")
form = "assign"
forms.form_error_banner(form)
with st.form(form):
    code = st.selectbox("Couple", codes, index=codes.index(preselected) if preselected in codes else 0,
                        format_func=lambda c: f"{c} · {caseload.couples.set_index('code').at[c, 'display_name']}")
    partner = st.radio("For", ["Both partners", "Partner A", "Partner B"], horizontal=True)
    forms.field_error(form, "partner")
    columns = st.columns(3)
    start = columns[0].date_input("Start", value=as_of)
    per_week = columns[1].number_input("Times a week", min_value=1, max_value=7,
                                       value=exercise.per_week, step=1)
    forms.field_error(form, "frequency")
    due = columns[2].date_input("Due (optional)", value=None)
    forms.field_error(form, "due")
    submitted = st.form_submit_button("Assign exercise", type="primary")
if submitted:
    target = {"Both partners": None, "Partner A": "A", "Partner B": "B"}[partner]
    try:
        services.assign_exercise(db=resources.database(), clinician=user.username, code=code,
                                 exercise_id=exercise.id, partner=target, start=start,
                                 per_week=int(per_week), due=due)
    except InvalidInput as error:
        forms.refuse(form, error)
    else:
        often = exercise_library.format_frequency(int(per_week))
        forms.accepted(form, f"Assigned “{exercise.title}” to {code} ({partner.lower()}), {often}.")
if st.session_state.get("flash") is None and preselected in codes:
    st.page_link("pages/couple.py", label=f"Back to {preselected}", icon=":material/arrow_back:",
                 query_params={"couple": preselected})
