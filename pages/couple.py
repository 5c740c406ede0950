"""Couple page: partners, the pattern charts, the shift since the last session, check-ins,
exercises, sessions, and the couple's details. Deep link: `couple?couple=CODE`."""

import functools

import streamlit as st

from dashboard import charts, csv_format, escaping
from dashboard.analytics import wording
from dashboard.charts import slides
from dashboard.data import check_in_import, links, services
from dashboard.errors import InvalidInput, NotFound
from dashboard.exports import check_ins_csv, progress_report
from dashboard.web import ui

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
    st.error(f"No couple {escaping.markdown_escaped(code)!s} in your caseload.")
    st.page_link("pages/caseload.py", label="Back to the caseload", icon=":material/arrow_back:")
    st.stop()

couple = report.couple
found = report.metrics
names = couple.names

st.title(f"{couple.code} · {escaping.markdown_escaped(couple.display_name)}")
if couple.archived:
    st.warning("This couple is archived.")
ui.flash()
st.caption(" · ".join(f"{p.label}: {escaping.markdown_escaped(p.name)} ({p.leaning})"
                      for p in couple.partners))
# A new tab: a fresh page load shows no sidebar at all, and this view stays open here.
st.link_button("Present to the couple", f"present?couple={couple.code}",
               icon=":material/co_present:",
               help="Opens presentation mode in a new tab: charts and plain words only.")

for alert in report.alerts:
    st.warning(escaping.markdown_escaped(alert.reason), icon=":material/notifications:")

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
        # The couple's two measures lead; each partner's scores follow on request.
        shift = wording.shift_sentences(found, previous, latest, names)
        for sentence in shift[:2]:
            ui.plain_text(sentence)
        with st.expander("Each partner's scores since the last session"):
            for sentence in shift[2:]:
                ui.plain_text(sentence)
        if first != previous:
            with st.expander("Compared with the baseline"):
                for sentence in wording.shift_sentences(found, first, latest, names):
                    ui.plain_text(sentence)

pattern, log, exercises, sessions_tab, details, link_tab, transfer = st.tabs(
    ["Pattern", "Check-ins", "Exercises", "Sessions", "Couple details", "Check-in links",
     "Import & export"],
    # The open tab stays open across reruns (a saved form's message shifts the page). A switch
    # reruns the page, so hidden tabs that show data or take one click are not drawn; tabs where
    # something is typed or a file chosen are always drawn and keep it during a look elsewhere.
    key="couple_tabs", on_change="rerun",
)
exported = {slide.chart.key: slide.chart for slide in
            ui.load_slides(user.username, code, as_of, db_url, tuple(names.items()))}


def chart_downloads(key: str) -> None:
    """PNG (twice the size) and SVG of one chart, rendered offline when clicked."""
    chart = exported[key]
    with st.container(horizontal=True):
        for kind, render, mime in (("PNG", charts.to_png, "image/png"),
                                   ("SVG", charts.to_svg, "image/svg+xml")):
            st.download_button(f"{kind}", data=lambda render=render: render(chart.spec),
                               file_name=slides.file_name(couple.code, key, kind.lower()),
                               mime=mime, key=f"download-{key}-{kind}", on_click="ignore",
                               icon=":material/download:", help=f"Save “{chart.title}” as {kind}")


with pattern:
    ui.draw_chart(exported["timeline"])
    chart_downloads("timeline")
    left, right = st.columns(2)
    with left:
        ui.draw_chart(exported["dance"])
        chart_downloads("dance")
    with right:
        ui.draw_chart(exported["comparison"])
        chart_downloads("comparison")
    ui.draw_chart(exported["practice"])
    chart_downloads("practice")
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
    if log.open:  # drawn only while open
        filters = st.columns(3)
        who = filters[0].selectbox(
            "Partner", ["Both", *(f"{p.label}: {p.name}" for p in couple.partners)])
        which = filters[1].selectbox("Interval", ["All", *found.intervals["label"]])
        cycle_only = filters[2].toggle("Cycle days only")
        shown, _ = ui.load_couple_tables(user.username, code, as_of, db_url)
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

with exercises:
    if exercises.open:  # drawn only while open
        assignments = report.assignments[~report.assignments["archived"]]
        if assignments.empty:
            st.info("No exercises assigned yet. Assign one on the Exercises page.")
        else:
            _, table = ui.load_couple_tables(user.username, code, as_of, db_url)
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
                form = "end_assignment"
                ui.form_error_banner(form)
                choices = {row.assignment_id: f"{row.exercise} ({row.assigned_to})"
                           for row in active.itertuples()}
                with st.form(form):
                    choice = st.selectbox("End an assignment", choices, format_func=choices.get)
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
        focus = escaping.markdown_escaped(row.focus) or "no focus noted"
        with st.expander(f"{row.day:%d %b %Y} · {focus}"):
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
        done = "restored" if couple.archived else "archived"
        ui.accepted("archive", f"{couple.code} was {done}.")

with link_tab:
    if link_tab.open:  # drawn only while open
        st.caption("Each partner checks in from their phone with their own link, no account "
                   "needed. A link is shown only when it is made; renewing it stops the old one.")
        for status in links.link_statuses(db=ui.database(), clinician=user.username,
                                          code=couple.code):
            shown_name = escaping.markdown_escaped(status.name)
            shown_key = f"checkin-link:{couple.code}:{status.label}"
            with st.container(border=True):
                ui.plain_text(f"{status.label}: {status.name} · {links.describe(status)}")
                shown = st.session_state.get(shown_key)
                if shown and status.state == "active" and shown.expires_at == status.expires_at:
                    st.code(shown.url, language=None, wrap_lines=True)
                    st.image(links.qr_png(shown.url), width=220,
                             caption="Scan with the phone's camera")
                left, right = st.columns(2)
                if left.button("Renew link" if status.state == "active" else "Create link",
                               key=f"link-{status.label}"):
                    st.session_state[shown_key] = links.issue_link(
                        db=ui.database(), clinician=user.username, code=couple.code,
                        partner=status.label, base_url=ui.app_settings().base_url,
                        days=ui.app_settings().link_days)
                    ui.accepted("checkin-link", f"New check-in link for {shown_name}.")
                if status.state == "active" and right.button("Revoke link",
                                                             key=f"revoke-{status.label}"):
                    links.revoke_link(db=ui.database(), clinician=user.username, code=couple.code,
                                      partner=status.label)
                    ui.accepted("checkin-link", f"{shown_name}'s check-in link no longer works.")

with transfer:
    database = ui.database()
    st.subheader("Export check-ins")
    with_reflections = st.toggle("Include reflections", help="Reflections are private: leave "
                                 "them out of files that leave the practice.")
    st.download_button(
        "Download check-ins (CSV)", icon=":material/download:", on_click="ignore",
        data=functools.partial(check_ins_csv.export_check_ins, db=database,
                               clinician=user.username, code=couple.code,
                               include_reflections=with_reflections),
        file_name=f"{couple.code}-check-ins.csv", mime="text/csv")

    st.subheader("Progress report (PDF)")
    first_day = found.intervals["start"].min().date() if latest is not None else as_of
    left, right = st.columns(2)
    report_from = left.date_input("From", value=first_day, max_value=as_of, key="report-from")
    report_to = right.date_input("To", value=as_of, max_value=as_of, key="report-to")
    st.caption("Whole intervals: every interval that overlaps these days is reported in full. "
               "No reflections and no session notes.")
    if report_from > report_to:
        st.error("“From” must not be after “To”.")
    else:
        st.download_button(
            "Download progress report (PDF)", icon=":material/picture_as_pdf:",
            on_click="ignore", mime="application/pdf",
            data=functools.partial(progress_report.build_progress_report, db=database,
                                   clinician=user.username, code=couple.code,
                                   start=report_from, end=report_to),
            file_name=f"{couple.code}-progress-report-{report_to.isoformat()}.pdf")

    st.subheader("Import check-ins")
    st.caption(f"A CSV file (UTF-8) with the columns {', '.join(csv_format.COLUMNS)}, every row "
               f"for {couple.code}. Nothing is saved unless every row is right; rows already "
               f"stored are skipped.")
    round_ = st.session_state.get("import:round", 0)
    upload = st.file_uploader("Check-ins CSV", type=["csv"], key=f"import:{round_}")
    if upload is not None:
        previews = st.session_state.setdefault("import:previews", {})
        if upload.file_id not in previews:
            with st.spinner("Checking every row…"):
                try:
                    previews[upload.file_id] = check_in_import.preview_import(
                        db=database, clinician=user.username, data=upload.getvalue(),
                        today=as_of, limits=check_in_import.import_limits(),
                        only_couple=couple.code)
                except InvalidInput as error:
                    previews[upload.file_id] = error
        preview = previews[upload.file_id]
        if isinstance(preview, check_in_import.ImportRefused):
            st.error(f"Nothing can be imported: {preview}. Correct these and upload the file "
                     f"again.", icon=":material/error:")
            st.dataframe(check_in_import.errors_table(preview.errors), hide_index=True,
                         width="stretch")
        elif isinstance(preview, InvalidInput):
            ui.show_error(preview)
        else:
            st.info(preview.summary())
            st.dataframe(preview.preview(), hide_index=True, width="stretch")
            if preview.added and st.button(f"Import {preview.added} check-ins", type="primary"):
                bar = st.progress(0.0, text="Importing…")
                try:
                    result = check_in_import.import_check_ins(
                        db=database, clinician=user.username, data=upload.getvalue(),
                        today=as_of, limits=check_in_import.import_limits(),
                        only_couple=couple.code, progress=lambda done, text: bar.progress(
                            done, text=text))
                except InvalidInput as error:
                    previews[upload.file_id] = error
                    st.rerun()
                st.session_state["import:round"] = round_ + 1
                previews.clear()
                ui.accepted("import", result.summary())
