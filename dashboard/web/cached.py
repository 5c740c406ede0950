"""What the pages read, cached per clinician and data version.

Each app process keeps its own caches, keyed by the clinician's data version: every write to
their couples raises it (:func:`dashboard.data.write.record_change`), in whichever process or
command made it, so the next page run anywhere reads afresh."""

from __future__ import annotations

import streamlit as st

from dashboard.web.resources import database

# Each app process keeps its own caches, keyed by the clinician's data version: every write to
# their couples raises it (write.record_change), in whichever process or command made it, so the
# next page run anywhere reads afresh. A write also clears this process's caches at once
# (data_changed); entries of older versions leave after this time or when the cache is full.
CACHE_SECONDS = 600


def data_version(clinician: str) -> int:
    """The clinician's data version: read with the signed-in account on this run (the router
    reads it from the database on every run), or from the database for anyone else."""
    user = st.session_state.get("user")
    if user is not None and user.username == clinician:
        return user.data_version
    from dashboard.data import queries

    with database().read() as session:
        return queries.data_version(session, clinician)


def load_caseload(clinician: str, as_of, include_archived: bool, db_url: str):
    """The clinician's caseload (`reports.caseload`), cached per clinician and data version."""
    return _caseload(clinician, as_of, include_archived, db_url, data_version(clinician))


def load_couple(clinician: str, code: str, as_of, db_url: str):
    """One couple's report for the clinician, cached per clinician and data version."""
    return _couple(clinician, code, as_of, db_url, data_version(clinician))


def load_couple_tables(clinician: str, code: str, as_of, db_url: str):
    """The couple page's check-in log and assignment table (`reports.check_in_log`,
    `reports.assignment_table`), derived once from the cached report."""
    return _couple_tables(clinician, code, as_of, db_url, data_version(clinician))


def load_slides(clinician: str, code: str, as_of, db_url: str,
                names: tuple[tuple[str, str], ...]):
    """The couple's charts and captions under these partner names (`slides.slides`).

    Cached like the report they are drawn from: building and validating the charts costs
    several times more than drawing their specs, whose data are kept as tables for the page.
    """
    return _slides(clinician, code, as_of, db_url, names, data_version(clinician))


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _caseload(clinician: str, as_of, include_archived: bool, db_url: str, version: int):
    from dashboard.data import reports

    with database().read() as session:
        return reports.caseload(session=session, clinician=clinician, as_of=as_of,
                                include_archived=include_archived)


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _couple(clinician: str, code: str, as_of, db_url: str, version: int):
    from dashboard.data import reports

    with database().read() as session:
        return reports.couple_report(session=session, clinician=clinician, code=code, as_of=as_of)


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _couple_tables(clinician: str, code: str, as_of, db_url: str, version: int):
    from dashboard.data import reports

    report = _couple(clinician, code, as_of, db_url, version)
    titles = exercise_titles()
    return reports.check_in_log(report, titles), reports.assignment_table(report, titles)


@st.cache_data(show_spinner=False, max_entries=200, ttl=CACHE_SECONDS)
def _slides(clinician: str, code: str, as_of, db_url: str, names: tuple[tuple[str, str], ...],
            version: int):
    from dataclasses import replace

    import pandas as pd

    from dashboard.charts import slides

    def with_frames(spec: dict) -> dict:
        # Tables, not rows, are what a chart's data becomes on its way to the browser.
        datasets = {name: pd.DataFrame.from_records(rows)
                    for name, rows in spec.get("datasets", {}).items()}
        return {**spec, "datasets": datasets} if datasets else spec

    report = _couple(clinician, code, as_of, db_url, version)
    return [replace(slide, chart=replace(slide.chart, spec=with_frames(slide.chart.spec)))
            for slide in slides.slides(report.metrics, dict(names), exercise_titles())]


def exercise_titles() -> dict[str, str]:
    """Each exercise id's title, from the library (validated and kept once per process)."""
    from dashboard import exercise_library

    library = exercise_library.library()
    return {exercise_id: exercise.title for exercise_id, exercise in library.items()}


def data_changed() -> None:
    """Forget this process's cached practice data after a write (other processes key theirs
    by the data version the write raised)."""
    for cached in (_caseload, _couple, _couple_tables, _slides):
        cached.clear()
