"""Couple page: partners, the pattern charts, the shift since the last session, check-ins,
exercises, sessions, and the couple's details. Deep link: `couple?couple=CODE`."""

import pandas as pd
import streamlit as st

from dashboard import charts, content, metrics, reports, services, ui
from dashboard.errors import InvalidInput, NotFound

user = ui.require_user()
db_url = ui.app_settings().db_url
as_of = ui.today()

code = st.query_params.get("couple", "")
if not code:
    caseload = ui.load_caseload(user.username, as_of, False, db_url)
    st.title("Couple")
    if caseload.couples.empty:
        st.info("No couples yet. Add one on the caseload page.")
        st.stop()
    picked = st.selectbox("Choose a couple", caseload.couples["code"], index=None,
                          placeholder="Couple code")
    if picked:
        st.query_params["couple"] = picked
        st.rerun()
    st.stop()

try:
    if not ui.couple_visible(user.username, code):
        raise NotFound("couple not found")
    report = ui.load_couple(user.username, code, as_of, db_url)
except NotFound:
    st.title("Couple not found")
    st.error(f"No couple {code!r} in your caseload.")
    st.page_link("pages/caseload.py", label="Back to the caseload", icon=":material/arrow_back:")
    st.stop()

couple = report.couple
found = report.metrics
names = couple.names
library = content.library()
titles = {exercise_id: exercise.title for exercise_id, exercise in library.items()}

st.title(f"{couple.code} · {couple.display_name}")
if couple.archived:
    st.warning("This couple is archived.")
ui.flash()
st.caption(" · ".join(f"{p.label}: {p.name} ({p.leaning})" for p in couple.partners))

for alert in report.alerts:
    st.warning(alert.reason, icon=":material/notifications:")

latest, first = found.latest_interval, found.first_interval
if latest is None:
    st.info("No check-ins or sessions yet. Create check-in links for the partners, or import "
            "check-ins, to see the pattern.")
else:
    previous = found.previous_interval(latest)
    st.subheader("Since the last session" if previous is not None else "So far")
    if previous is None:
        st.write("Only one interval so far: the shift appears after the next session.")
    else:
        for sentence in metrics.shift_sentences(found, previous, latest, names):
            ui.plain_text(sentence)
        if first != previous:
            with st.expander("Compared with the baseline"):
                for sentence in metrics.shift_sentences(found, first, latest, names):
                    ui.plain_text(sentence)

pattern, log, exercises, sessions_tab, details = st.tabs(
    ["Pattern", "Check-ins", "Exercises", "Sessions", "Couple details"]
)

with pattern:
    st.altair_chart(charts.cycle_timeline(found, names),
                    alt=charts.describe_timeline(found, names), width="stretch")
    left, right = st.columns(2)
    with left:
        st.altair_chart(charts.dance_map(found, names),
                        alt=charts.describe_dance_map(found, names), width="stretch")
    with right:
        st.altair_chart(charts.interval_comparison(found),
                        alt=charts.describe_interval_comparison(found), width="stretch")
    st.altair_chart(charts.practice_chart(found, titles, names),
                    alt=charts.describe_practice(found, titles, names), width="stretch")
    with st.expander("Numbers per interval"):
        summary = found.partners.assign(partner=found.partners["partner"].map(names))
        st.dataframe(
            summary[["label", "partner", "days", "pursue", "withdraw", "anxiety", "closeness",
                     "stance", "cycle_days", "repair_rate", "practice_rate"]],
            hide_index=True, width="stretch",
            column_config={"label": "Interval", "partner": "Partner"},
        )
        st.dataframe(
            found.couple[["label", "paired_days", "polarization", "cycle_intensity", "coverage"]],
            hide_index=True, width="stretch", column_config={"label": "Interval"},
        )

with log:
    filters = st.columns(3)
    who = filters[0].selectbox("Partner", ["Both", *(f"{p.label}: {p.name}" for p in couple.partners)])
    which = filters[1].selectbox("Interval", ["All", *found.intervals["label"]])
    cycle_only = filters[2].toggle("Cycle days only")
    shown = report.check_ins.copy()
    shown["interval"] = reports.interval_labels(found, shown["day"])
    if who != "Both":
        shown = shown[shown["partner"] == who[0]]
    if which != "All":
        shown = shown[shown["interval"] == which]
    if cycle_only:
        shown = shown[shown["cycle_noticed"]]
    shown = shown.sort_values(["day", "submitted_at"], ascending=False)
    st.caption(f"{len(shown)} check-ins. Reflections are shown exactly as written.")
    st.dataframe(
        shown.assign(
            partner=shown["partner"].map(names),
            practised=shown["practised"].map(lambda ids: ", ".join(titles.get(i, i) for i in ids)),
        )[["day", "partner", "pursue", "withdraw", "anxiety", "closeness", "cycle_noticed",
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

with exercises:
    assignments = report.assignments[~report.assignments["archived"]]
    if assignments.empty:
        st.info("No exercises assigned yet. Assign one on the Exercises page.")
    else:
        practice = found.practice.groupby("assignment_id")[["practised_days", "due_days"]].sum()
        table = assignments.assign(
            exercise=assignments["exercise_id"].map(lambda i: titles.get(i, i)),
            assigned_to=assignments["partner"].map(lambda p: names.get(p, "Both") if p else "Both"),
            frequency=assignments["per_week"].map(content.format_frequency),
            practised=assignments["assignment_id"].map(practice["practised_days"]).fillna(0),
            due=assignments["assignment_id"].map(practice["due_days"]).fillna(0),
            status=[
                "ended" if end is not None and not pd.isna(end) and end < as_of else "active"
                for end in assignments["end"]
            ],
        )
        table["practice_rate"] = (table["practised"] / table["due"]).where(table["due"] > 0)
        st.dataframe(
            table[["exercise", "assigned_to", "start", "frequency", "due", "practised",
                   "practice_rate", "status"]],
            hide_index=True, width="stretch",
            column_config={
                "exercise": "Exercise", "assigned_to": "For", "start": "Start",
                "frequency": "Frequency", "due": st.column_config.NumberColumn("Days due", format="%.1f"),
                "practised": "Days practised",
                "practice_rate": st.column_config.ProgressColumn("Practice rate", min_value=0,
                                                                 max_value=1, format="percent"),
                "status": "Status",
            },
        )
        active = table[table["status"] == "active"]
        if not active.empty:
            form = "end_assignment"
            ui.form_error_banner(form)
            with st.form(form):
                choice = st.selectbox(
                    "End an assignment", active["assignment_id"],
                    format_func=lambda i: f"{active.set_index('assignment_id').at[i, 'exercise']}"
                                          f" ({active.set_index('assignment_id').at[i, 'assigned_to']})",
                )
                last_day = st.date_input("Last day", value=as_of, max_value=as_of)
                ui.field_error(form, "day")
                if st.form_submit_button("End assignment"):
                    try:
                        services.end_assignment(db=ui.database(), clinician=user.username,
                                                code=couple.code, assignment_id=int(choice),
                                                day=last_day)
                    except InvalidInput as error:
                        ui.refuse(form, error)
                    else:
                        ui.accepted(form, "The assignment was ended.")
    st.page_link("pages/exercises.py", label="Assign an exercise",
                 icon=":material/add_task:", query_params={"couple": couple.code})

with sessions_tab:
    form = "record_session"
    ui.form_error_banner(form)
    with st.form(form, clear_on_submit=False):
        st.subheader("Record a session")
        day = st.date_input("Session date", value=as_of, max_value=as_of)
        ui.field_error(form, "day")
        focus = st.text_input("Focus", max_chars=services.FOCUS_MAX,
                              placeholder="e.g. naming the cycle together")
        ui.field_error(form, "focus")
        notes = st.text_area("Private notes", max_chars=services.NOTES_MAX,
                             help="Seen only by you; never shown in presentation mode.")
        ui.field_error(form, "notes")
        if st.form_submit_button("Record session", type="primary"):
            try:
                services.add_session(db=ui.database(), clinician=user.username, code=couple.code,
                                     day=day, focus=focus, notes=notes, today=as_of)
            except InvalidInput as error:
                ui.refuse(form, error)
            else:
                ui.accepted(form, f"Recorded the session of {day:%d %b %Y}; a new interval "
                                  "starts that day.")
    if report.sessions.empty:
        st.caption("No sessions recorded yet: every check-in so far is baseline.")
    for row in report.sessions.itertuples():
        with st.expander(f"{row.day:%d %b %Y} · {row.focus or 'no focus noted'}"):
            ui.plain_text(row.notes or "(no notes)")

with details:
    form = "edit_couple"
    ui.form_error_banner(form)
    with st.form(form):
        display_name = st.text_input("Display name", value=couple.display_name)
        ui.field_error(form, "display_name")
        leanings = ["pursuer", "withdrawer", "mixed", "unknown"]
        edited = {}
        for column, partner in zip(st.columns(2), couple.partners):
            with column:
                name = st.text_input(f"Partner {partner.label} name", value=partner.name)
                ui.field_error(form, f"partner_{partner.label.lower()}")
                leaning = st.selectbox(f"Partner {partner.label} leaning", leanings,
                                       index=leanings.index(partner.leaning))
                edited[partner.label] = services.NewPartner(name, leaning)
        if st.form_submit_button("Save changes"):
            try:
                services.update_couple(db=ui.database(), clinician=user.username,
                                       code=couple.code, display_name=display_name,
                                       partners=edited)
            except InvalidInput as error:
                ui.refuse(form, error)
            else:
                ui.accepted(form, "Saved the couple's details.")
    label = "Restore couple" if couple.archived else "Archive couple"
    if st.button(label, help="Archived couples leave the caseload; nothing is deleted."):
        services.set_couple_archived(db=ui.database(), clinician=user.username, code=couple.code,
                                     archived=not couple.archived)
        ui.accepted("archive", f"{couple.code} was {'restored' if couple.archived else 'archived'}.")
