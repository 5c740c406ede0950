"""The Import & export tab: check-ins as CSV (out and in) and the progress report as PDF."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import csv_format
from dashboard.data import check_in_import, check_in_rows
from dashboard.errors import InvalidInput
from dashboard.exports import check_ins_csv, progress_report
from dashboard.web import forms, resources
from dashboard.web.couple_tabs import CoupleView


def import_export_tab(view: CoupleView) -> None:
    """Export check-ins, download the progress report, import check-ins."""
    database, clinician, code = resources.database(), view.user.username, view.couple.code
    st.subheader("Export check-ins")
    with_reflections = st.toggle("Include reflections", help="Reflections are private: leave "
                                 "them out of files that leave the practice.")
    st.download_button(
        "Download check-ins (CSV)", icon=":material/download:", on_click="ignore",
        data=functools.partial(check_ins_csv.export_check_ins, db=database,
                               clinician=clinician, code=code,
                               include_reflections=with_reflections),
        file_name=f"{code}-check-ins.csv", mime="text/csv")
    _progress_report(view)
    _import_check_ins(view)


def _progress_report(view: CoupleView) -> None:
    """The PDF of whole intervals between two days."""
    as_of, found = view.as_of, view.metrics
    st.subheader("Progress report (PDF)")
    first_day = (found.intervals["start"].min().date() if found.latest_interval is not None
                 else as_of)
    left, right = st.columns(2)
    report_from = left.date_input("From", value=first_day, max_value=as_of, key="report-from")
    report_to = right.date_input("To", value=as_of, max_value=as_of, key="report-to")
    st.caption("Whole intervals: every interval that overlaps these days is reported in full. "
               "No reflections and no session notes.")
    if report_from > report_to:
        st.error("“From” must not be after “To”.")
        return
    st.download_button(
        "Download progress report (PDF)", icon=":material/picture_as_pdf:",
        on_click="ignore", mime="application/pdf",
        data=functools.partial(progress_report.build_progress_report, db=resources.database(),
                               clinician=view.user.username, code=view.couple.code,
                               start=report_from, end=report_to),
        file_name=f"{view.couple.code}-progress-report-{report_to.isoformat()}.pdf")


def _import_check_ins(view: CoupleView) -> None:
    """Upload, check every row, show what would be added, import all or nothing."""
    database, clinician, code = resources.database(), view.user.username, view.couple.code
    st.subheader("Import check-ins")
    st.caption(f"A CSV file (UTF-8) with the columns {', '.join(csv_format.COLUMNS)}, every row "
               f"for {code}. Nothing is saved unless every row is right; rows already "
               f"stored are skipped.")
    round_ = st.session_state.get("import:round", 0)
    upload = st.file_uploader("Check-ins CSV", type=["csv"], key=f"import:{round_}")
    if upload is None:
        return
    arguments = dict(db=database, clinician=clinician, data=upload.getvalue(), today=view.as_of,
                     limits=check_in_rows.import_limits(), only_couple=code)
    previews = st.session_state.setdefault("import:previews", {})
    if upload.file_id not in previews:
        with st.spinner("Checking every row…"):
            try:
                previews[upload.file_id] = check_in_import.preview_import(**arguments)
            except InvalidInput as error:
                previews[upload.file_id] = error
    preview = previews[upload.file_id]
    if isinstance(preview, check_in_rows.ImportRefused):
        st.error(f"Nothing can be imported: {preview}. Correct these and upload the file "
                 f"again.", icon=":material/error:")
        st.dataframe(check_in_rows.errors_table(preview.errors), hide_index=True,
                     width="stretch")
    elif isinstance(preview, InvalidInput):
        forms.show_error(preview)
    else:
        st.info(preview.summary())
        st.dataframe(preview.preview(), hide_index=True, width="stretch")
        if preview.added and st.button(f"Import {preview.added} check-ins", type="primary"):
            bar = st.progress(0.0, text="Importing…")
            try:
                result = check_in_import.import_check_ins(
                    **arguments,
                    progress=lambda done, text: bar.progress(done, text=text))
            except InvalidInput as error:
                previews[upload.file_id] = error
                st.rerun()
            st.session_state["import:round"] = round_ + 1
            previews.clear()
            forms.accepted("import", result.summary())
