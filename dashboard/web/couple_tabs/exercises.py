"""The Exercises tab: the couple's assignments with their practice, and ending one."""

from __future__ import annotations

import streamlit as st

from dashboard.data import services
from dashboard.errors import InvalidInput
from dashboard.web import cached, forms, resources
from dashboard.web.couple_tabs import CoupleView


def exercises_tab(view: CoupleView) -> None:
    """Assignments and their practice rate; an active one can be ended on a day."""
    couple, as_of = view.couple, view.as_of
    assignments = view.report.assignments[~view.report.assignments["archived"]]
    if assignments.empty:
        st.info("No exercises assigned yet. Assign one on the Exercises page.")
    else:
        _, table = cached.load_couple_tables(view.user.username, couple.code, as_of, view.db_url)
        st.dataframe(
            table[["exercise", "assigned_to", "start", "frequency", "due", "practised",
                   "practice_rate", "status"]],
            hide_index=True, width="stretch",
            column_config={
                "exercise": "Exercise", "assigned_to": "For", "start": "Start",
                "frequency": "Frequency",
                "due": st.column_config.NumberColumn("Days due", format="%.1f"),
                "practised": "Days practised",
                "practice_rate": st.column_config.ProgressColumn("Practice rate", min_value=0,
                                                                 max_value=1, format="percent"),
                "status": "Status",
            },
        )
        active = table[table["status"] == "active"]
        if not active.empty:
            _end_assignment_form(view, active)
    st.page_link("pages/exercises.py", label="Assign an exercise",
                 icon=":material/add_task:", query_params={"couple": couple.code})


def _end_assignment_form(view: CoupleView, active) -> None:
    """Choose an active assignment and its last day."""
    form = "end_assignment"
    forms.form_error_banner(form)
    choices = {row.assignment_id: f"{row.exercise} ({row.assigned_to})"
               for row in active.itertuples()}
    with st.form(form):
        choice = st.selectbox("End an assignment", choices, format_func=choices.get)
        last_day = st.date_input("Last day", value=view.as_of, max_value=view.as_of)
        forms.field_error(form, "day")
        if st.form_submit_button("End assignment"):
            try:
                services.end_assignment(db=resources.database(), clinician=view.user.username,
                                        code=view.couple.code, assignment_id=int(choice),
                                        day=last_day)
            except InvalidInput as error:
                forms.refuse(form, error)
            else:
                forms.accepted(form, "The assignment was ended.")
