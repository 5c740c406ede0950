"""A couple's progress report as a PDF, made offline with fpdf2 from the same metrics and charts.

Sections (each starts a page and is a bookmark): the cover (code, period, intervals), the
interval summary tables, the charts (PNG, rendered by vl-convert), the practice table and the
shift from the first to the last interval of the period in sentences. Never any reflection, any
session note or session focus. The period is rounded out to whole intervals: every interval
that overlaps the chosen days is reported in full, so the numbers match the couple page.

The PDF uses the core Helvetica font (nothing to ship, nothing to fetch); text outside its
Windows-1252 character set is transliterated ("Ł" -> "L") or shown as "?". The layout lives in
dashboard/progress_pdf.py, imported on the first report: fpdf2 stays out of app processes that
never make one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

import pandas as pd

from dashboard import exercise_library
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.data import queries, reports
from dashboard.data.database import Database
from dashboard.data.reports import CoupleReport
from dashboard.data.write import audit
from dashboard.errors import InvalidInput
from dashboard.exports import progress_pdf


def period_metrics(found: CoupleMetrics, start: date | None) -> CoupleMetrics:
    """The metrics of the intervals that end on or after `start` (all of them without a start)."""
    if start is None or found.intervals.empty:
        return found
    keep = set(found.intervals.loc[found.intervals["last_day"] >= pd.Timestamp(start),
                                   "interval"])

    def kept(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["interval"].isin(keep)].reset_index(drop=True)

    return replace(found, intervals=kept(found.intervals), partners=kept(found.partners),
                   couple=kept(found.couple), daily=kept(found.daily), paired=kept(found.paired),
                   practice=kept(found.practice))


def progress_report_pdf(
    report: CoupleReport, *, start: date | None = None, exercise_titles: Mapping[str, str],
    prepared_on: date | None = None,
) -> bytes:
    """The PDF of one couple's report (computed as of the period's last day) from `start` on."""
    return progress_pdf.render(report, period_metrics(report.metrics, start), start=start,
                               exercise_titles=exercise_titles,
                               prepared_on=prepared_on or date.today())


def build_progress_report(
    *, db: Database, clinician: str, code: str, start: date | None = None,
    end: date | None = None,
) -> bytes:
    """The progress report PDF of one of the clinician's couples (NotFound for others); audited."""
    end = end or date.today()
    if start is not None and start > end:
        raise InvalidInput("the period's first day is after its last day", field="from")
    with db.write() as session:
        queries.active_clinician(session, clinician)
        report = reports.couple_report(session=session, clinician=clinician, code=code,
                                       as_of=end, include_reflections=False)
        audit(session, actor=clinician, action="report.pdf", target_type="couple",
              target_id=report.couple.code, start=start, end=end)
    titles = {key: exercise.title for key, exercise in exercise_library.library().items()}
    return progress_report_pdf(report, start=start, exercise_titles=titles)
