"""The Check-ins tab: every counted check-in, filtered by partner, interval and cycle days."""

from __future__ import annotations

import streamlit as st

from dashboard.web import cached
from dashboard.web.couple_tabs import CoupleView


def check_ins_tab(view: CoupleView) -> None:
    """The check-in log; reflections shown exactly as written, never as Markdown."""
    couple, found = view.couple, view.metrics
    filters = st.columns(3)
    who = filters[0].selectbox(
        "Partner", ["Both", *(f"{p.label}: {p.name}" for p in couple.partners)])
    which = filters[1].selectbox("Interval", ["All", *found.intervals["label"]])
    cycle_only = filters[2].toggle("Cycle days only")
    shown, _ = cached.load_couple_tables(view.user.username, couple.code, view.as_of, view.db_url)
    if who != "Both":
        shown = shown[shown["label"] == who[0]]
    if which != "All":
        shown = shown[shown["interval"] == which]
    if cycle_only:
        shown = shown[shown["cycle_noticed"]]
    st.caption(f"{len(shown)} check-ins. Reflections are shown exactly as written.")
    st.dataframe(
        shown[["day", "partner", "pursue", "withdraw", "anxiety", "closeness", "cycle_noticed",
               "repaired", "practised", "reflection"]],
        hide_index=True, width="stretch",
        column_config={
            "day": st.column_config.DateColumn("Day"),
            "partner": "Partner", "pursue": "Pursue", "withdraw": "Withdraw",
            "anxiety": "Anxiety", "closeness": "Closeness",
            "cycle_noticed": st.column_config.CheckboxColumn("Caught in the cycle"),
            "repaired": st.column_config.CheckboxColumn("Repaired"),
            "practised": "Practised",
            "reflection": st.column_config.TextColumn("Reflection", width="large"),
        },
    )
