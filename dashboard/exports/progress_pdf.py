"""The progress report's PDF layout (fpdf2): A4 pages, one section per page, core fonts only.

What goes in the report and which period it covers is dashboard/progress_report.py.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard import charts
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.analytics.wording import RELIABLE_HELP, shift_sentences
from dashboard.charts import slides
from dashboard.data.reports import CoupleReport
from dashboard.exports import images
from dashboard.exports.pdf_text import CORE_FONT_ENCODING, pdf_text

PAGE_WIDTH = 180  # mm inside the margins of an A4 page
CHART_SCALE = 2
MM_PER_PIXEL = 25.4 / 96  # a chart pixel at 96 dpi
INK = (51, 51, 51)
MUTED = (110, 110, 110)
HEADINGS = FontFace(emphasis="BOLD", fill_color=(233, 236, 239))


SECTIONS = ("Cover", "Interval summary", "Charts", "Practice", "What changed")


def render(report: CoupleReport, found: CoupleMetrics, *, start: date | None,
           exercise_titles: Mapping[str, str], prepared_on: date) -> bytes:
    """The PDF of the report with the metrics of its period (`found`)."""
    names = report.couple.names
    pdf = _Document(report.couple.code)
    _cover(pdf, report, found, start, prepared_on)
    _summary(pdf, found, names)
    _charts(pdf, found, names, exercise_titles)
    _practice(pdf, found, names, exercise_titles)
    _shift(pdf, found, names)
    return bytes(pdf.output())


class _Document(FPDF):
    """A4 portrait with the couple's code and page numbers in the footer."""

    def __init__(self, code: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.code = code
        self.core_fonts_encoding = CORE_FONT_ENCODING
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(pdf_text(f"Progress report {code}"))
        self.set_creator("Couples practice dashboard")
        self.set_lang("en")
        self.alias_nb_pages()

    def footer(self) -> None:
        """Code and page number on every page."""
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, pdf_text(f"{self.code} · progress report · confidential"), align="L")
        self.cell(0, 5, f"page {self.page_no()} of {{nb}}", align="R")

    def section(self, title: str) -> None:
        """A new page whose heading is also a bookmark."""
        self.add_page()
        self.start_section(title)
        self.heading(title, size=18)

    def heading(self, text: str, *, size: float = 13) -> None:
        """A heading in the report's ink."""
        self.set_font("Helvetica", "B", size)
        self.set_text_color(*INK)
        self.multi_cell(0, size * 0.5, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, *, size: float = 10.5, muted: bool = False) -> None:
        """A paragraph of plain text."""
        self.set_font("Helvetica", size=size)
        self.set_text_color(*(MUTED if muted else INK))
        self.multi_cell(0, size * 0.5, pdf_text(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def grid(self, header: list[str], rows: list[list[str]], widths: tuple[float, ...], *,
             size: float = 9) -> None:
        """A table with a shaded header row, repeated after page breaks."""
        self.set_font("Helvetica", size=size)
        self.set_text_color(*INK)
        with self.table(col_widths=widths, headings_style=HEADINGS, line_height=5,
                        text_align="LEFT", width=PAGE_WIDTH) as table:
            for values in [header, *rows]:
                line = table.row()
                for value in values:
                    line.cell(pdf_text(value))
        self.ln(4)


def _cover(pdf: _Document, report: CoupleReport, found: CoupleMetrics, start, prepared_on) -> None:
    pdf.add_page()
    pdf.start_section(SECTIONS[0])
    pdf.ln(30)
    pdf.heading("Progress report", size=28)
    pdf.heading(f"Couple {report.couple.code}", size=18)
    first = found.intervals["start"].min() if not found.intervals.empty else None
    begin = start if start is not None else (first.date() if first is not None else None)
    period = (f"{_date(begin)} to {_date(report.as_of)}" if begin is not None
              else f"up to {_date(report.as_of)}")
    pdf.paragraph(f"Period: {period}", size=13)
    labels = list(found.intervals["label"])
    pdf.paragraph("Intervals: " + ("; ".join(labels) if labels else
                                   "none - no check-ins or sessions in this period"), size=11)
    pdf.paragraph(f"Prepared on {_date(prepared_on)}.", size=11, muted=True)
    pdf.ln(8)
    pdf.paragraph(
        "Each interval runs from one session up to the next; the baseline is the time before "
        "the first session. Polarization is how far apart the two partners stood on the "
        "pursue/withdraw axis, and cycle intensity how strongly one pushed while the other "
        "pulled away on the same day, both from 0 (calm) to 10 (strong), over the days on "
        "which both checked in. Intervals that overlap the period are reported in full.",
        muted=True)
    pdf.paragraph("Confidential. This report holds no reflections and no session notes.",
                  muted=True)


def _summary(pdf: _Document, found: CoupleMetrics, names: Mapping[str, str]) -> None:
    pdf.section(SECTIONS[1])
    if found.intervals.empty:
        pdf.paragraph("No check-ins or sessions in this period.")
        return
    pdf.heading("The couple")
    rows = [[row.label, _date(row.start.date()), _date(row.last_day.date()), str(row.paired_days),
             _num(row.polarization), _num(row.cycle_intensity), f"{row.coverage:.0%}"]
            for row in found.intervals.merge(found.couple, on=["interval", "label"])
            .itertuples()]
    pdf.grid(["Interval", "From", "To", "Days both checked in", "Polarization",
              "Cycle intensity", "Coverage"], rows, (40, 24, 24, 24, 24, 24, 20))
    pdf.heading("Each partner")
    shown = charts.partner_names(names)
    rows = [[row.label, shown[row.partner], str(row.days), _num(row.pursue), _num(row.withdraw),
             _num(row.anxiety), _num(row.closeness), _num(row.stance), str(row.cycle_days),
             _rate(row.repair_rate), _rate(row.practice_rate)]
            for row in found.partners.itertuples()]
    pdf.grid(["Interval", "Partner", "Days", "Pursue", "Withdraw", "Anxiety", "Closeness",
              "Stance", "Cycle days", "Repair rate", "Practice rate"], rows,
             (33, 20, 10, 14, 16, 14, 17, 14, 13, 14, 15), size=8)
    pdf.paragraph("Means of the daily scores from 0 to 10; stance is pursue minus withdraw "
                  "(-10 pulling back, +10 reaching out). Empty cells: no data.", size=9,
                  muted=True)


def _charts(pdf: _Document, found: CoupleMetrics, names, exercise_titles) -> None:
    pdf.section(SECTIONS[2])
    for chart in slides.couple_charts(found, names, exercise_titles):
        png = images.to_png(chart.spec, scale=CHART_SCALE)
        width, height = _png_size(png)
        shown_width = min(PAGE_WIDTH, width / CHART_SCALE * MM_PER_PIXEL)
        shown_height = shown_width * height / width
        if pdf.will_page_break(shown_height):
            pdf.add_page()
        # The description restates the tables, so it is the image's text alternative only.
        pdf.image(io.BytesIO(png), w=shown_width, alt_text=pdf_text(chart.description))
        pdf.ln(6)


def _practice(pdf: _Document, found: CoupleMetrics, names, exercise_titles) -> None:
    pdf.section(SECTIONS[3])
    if found.practice.empty:
        pdf.paragraph("No exercises were assigned in this period.")
        return
    shown = charts.partner_names(names)
    rows = [[exercise_titles.get(row.exercise_id, row.exercise_id), shown[row.partner],
             row.label, str(row.practised_days), _num(row.due_days)]
            for row in found.practice.itertuples()]
    pdf.grid(["Exercise", "Partner", "Interval", "Days practised", "Days due"], rows,
             (72, 26, 42, 20, 20))
    pdf.paragraph("Days due: the days of the interval on which the exercise was assigned, times "
                  "its times per week divided by 7.", size=9, muted=True)


def _shift(pdf: _Document, found: CoupleMetrics, names) -> None:
    pdf.section(SECTIONS[4])
    numbers = found.interval_numbers
    if len(numbers) < 2:
        pdf.paragraph("Only one interval in this period, so there is nothing to compare yet.")
        return
    first, last = numbers[0], numbers[-1]
    against = "the baseline" if first == 0 else found.label(first)
    pdf.heading(f"From {against} to {found.label(last)}")
    for sentence in shift_sentences(found, first, last, names):
        pdf.paragraph(sentence)
    pdf.paragraph(RELIABLE_HELP + " With fewer than 3 days in either interval there is no "
                  "verdict.", size=9, muted=True)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _date(day: date | None) -> str:
    return "-" if day is None else f"{day.day} {day:%b %Y}"


def _num(value) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.1f}"


def _rate(value) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.0%}"
