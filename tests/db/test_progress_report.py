"""The progress report PDF: pages, bookmarks and text as a reader sees them, nothing private."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pypdf
import pytest
from factories import create_clinician, create_couple
from PIL import Image
from sqlalchemy import select

from dashboard.analytics import wording
from dashboard.cli import main
from dashboard.data import check_in_import, reports, services
from dashboard.errors import InvalidInput, NotFound
from dashboard.exports import pdf_text, progress_pdf, progress_report
from models import AuditEvent

STORY = Path(__file__).parents[1] / "fixtures" / "csv" / "story.csv"
AS_OF = date(2025, 4, 30)
SECRETS = ("SECRET REFLECTION TEXT", "SECRET SESSION NOTE", "SECRET FOCUS")


def load_story(db, clinician: str = "robin", code: str = "C-001") -> str:
    """A couple with a baseline and two sessions (1 Mar to 29 Apr 2025), calmer each interval;
    reflections, session notes and focus all say SECRET."""
    create_couple(db, create_clinician(db, clinician), code)
    check_in_import.import_check_ins(db=db, clinician=clinician, data=STORY.read_bytes(),
                                 today=AS_OF)
    for day in (date(2025, 3, 15), date(2025, 4, 1)):
        services.add_session(db=db, clinician=clinician, code=code, day=day,
                             focus="SECRET FOCUS", notes="SECRET SESSION NOTE", today=AS_OF)
    for exercise, partner in (("calm-before-reaching-out", "A"), ("notice-the-exit", "B")):
        services.assign_exercise(db=db, clinician=clinician, code=code, exercise_id=exercise,
                                 partner=partner, start=date(2025, 3, 15), per_week=7)
    return code


@pytest.fixture
def story(db) -> str:
    return load_story(db)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Extracted text with line breaks as spaces (table cells and paragraphs wrap)."""
    return " ".join(text.split())


@pytest.fixture
def whole_report(db, story) -> bytes:
    return progress_report.build_progress_report(db=db, clinician="robin", code=story, end=AS_OF)


def test_report_has_six_pages_with_a_bookmark_per_section(whole_report):
    reader = pypdf.PdfReader(io.BytesIO(whole_report))
    assert len(reader.pages) == 6
    assert [item.title for item in reader.outline] == list(progress_pdf.SECTIONS)
    assert [reader.get_destination_page_number(item) for item in reader.outline] == [
        0, 1, 2, 4, 5]
    assert reader.metadata.title == "Progress report C-001"


def test_cover_names_the_code_the_period_and_the_intervals(whole_report):
    cover = flat(pages_text(whole_report)[0])
    assert "Progress report" in cover and "Couple C-001" in cover
    assert "Period: 1 Mar 2025 to 30 Apr 2025" in cover
    assert "Baseline; Since session 1 (15 Mar); Since session 2 (1 Apr)" in cover


def test_summary_tables_hold_the_metrics_of_every_interval(db, story, whole_report):
    with db.read() as session:
        found = reports.couple_report(session=session, clinician="robin", code=story,
                                      as_of=AS_OF).metrics
    summary = flat(pages_text(whole_report)[1])
    assert summary.startswith("Interval summary")
    for row in found.couple.itertuples():
        assert f"{row.polarization:.1f} {row.cycle_intensity:.1f} {row.coverage:.0%}" in summary
    for row in found.partners.itertuples():
        assert f"{row.pursue:.1f} {row.withdraw:.1f} {row.anxiety:.1f}" in summary
    assert "Sam" in summary and "Alex" in summary


def test_charts_are_embedded_as_images_at_twice_their_size(whole_report):
    reader = pypdf.PdfReader(io.BytesIO(whole_report))
    images = [image for page in reader.pages[2:4] for image in page.images]
    assert len(images) == 4
    sizes = [Image.open(io.BytesIO(image.data)).size for image in images]
    assert all(width >= 1600 for width, _ in sizes[:3])  # 800-pixel-wide charts, at 2x


def test_practice_table_lists_each_assignment_per_interval(whole_report):
    practice = flat(pages_text(whole_report)[4])
    assert practice.startswith("Practice")
    assert "Calm yourself before you reach out Sam Since session 1 (15 Mar)" in practice
    assert "Notice the urge to pull away Alex Since session 2 (1 Apr)" in practice


def test_last_page_states_the_shift_since_the_baseline_in_sentences(db, story, whole_report):
    with db.read() as session:
        report = reports.couple_report(session=session, clinician="robin", code=story,
                                       as_of=AS_OF)
    sentences = wording.shift_sentences(report.metrics, 0, 2, report.couple.names)
    shift = flat(pages_text(whole_report)[5])
    assert shift.startswith("What changed From the baseline to Since session 2 (1 Apr)")
    assert "Polarization fell from" in shift
    for sentence in sentences:
        assert sentence in shift


def test_report_holds_no_reflection_no_note_and_no_focus(whole_report):
    text = "\n".join(pages_text(whole_report))
    for secret in SECRETS:
        assert secret not in text
    assert b"SECRET" not in whole_report


def test_a_later_start_drops_the_intervals_before_it(db, story):
    pdf = progress_report.build_progress_report(db=db, clinician="robin", code=story,
                                                start=date(2025, 3, 20), end=AS_OF)
    pages = [flat(page) for page in pages_text(pdf)]
    assert "Period: 20 Mar 2025 to 30 Apr 2025" in pages[0]
    assert "Intervals: Since session 1 (15 Mar); Since session 2 (1 Apr)" in pages[0]
    assert "Baseline" not in pages[1]
    assert pages[-1].startswith("What changed From Since session 1 (15 Mar) to Since session 2")


def test_an_earlier_end_reports_as_of_that_day(db, story):
    pdf = progress_report.build_progress_report(db=db, clinician="robin", code=story,
                                                end=date(2025, 3, 20))
    pages = [flat(page) for page in pages_text(pdf)]
    assert "Period: 1 Mar 2025 to 20 Mar 2025" in pages[0]
    assert "Since session 2" not in " ".join(pages)


def test_a_couple_without_check_ins_still_gets_a_report(db):
    create_couple(db, create_clinician(db), "C-002")
    pages = [flat(page) for page in pages_text(progress_report.build_progress_report(
        db=db, clinician="robin", code="C-002", end=AS_OF))]
    assert "none - no check-ins or sessions in this period" in pages[0]
    assert "No check-ins or sessions in this period." in pages[1]
    assert "nothing to compare yet" in pages[-1]


def test_names_outside_latin_1_do_not_break_the_report(db, story):
    services.update_couple(db=db, clinician="robin", code=story, display_name="x", partners={
        "A": services.NewPartner("Łucja", "pursuer"), "B": services.NewPartner("美玲", "mixed")})
    text = flat(" ".join(pages_text(progress_report.build_progress_report(
        db=db, clinician="robin", code=story, end=AS_OF))))
    assert "Lucja" in text and "??" in text


@pytest.mark.parametrize("text, shown", [
    ("Zoë – “quoted” …", "Zoë – “quoted” …"),  # all in Windows-1252
    ("Łucja → Żaneta", "Lucja -> Zaneta"),
    ("美玲", "??"),
    ("a\u00a0b ≥ 3", "a b >= 3"),
])
def test_pdf_text_keeps_what_the_core_font_can_show(text, shown):
    assert pdf_text.pdf_text(text) == shown


def test_report_refuses_a_backwards_period_and_other_clinicians_couples(db, story):
    with pytest.raises(InvalidInput, match="after its last day"):
        progress_report.build_progress_report(db=db, clinician="robin", code=story,
                                              start=date(2025, 4, 2), end=date(2025, 4, 1))
    create_clinician(db, "kim")
    with pytest.raises(NotFound):
        progress_report.build_progress_report(db=db, clinician="kim", code=story)


def test_making_a_report_is_audited(db, story, whole_report):
    with db.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "report.pdf")).one()
    assert (event.actor, event.target_id) == ("robin", "C-001")


def test_report_command_writes_the_pdf(db, story, capsys, tmp_path):
    out = tmp_path / "report.pdf"
    code = main(["report", "--clinician", "robin", "--couple", "c-001", "--out", str(out),
                 "--from", "2025-03-20", "--to", "2025-04-30"])
    assert code == 0 and "Wrote the progress report of C-001" in capsys.readouterr().out
    assert "Period: 20 Mar 2025 to 30 Apr 2025" in flat(pages_text(out.read_bytes())[0])


@pytest.mark.parametrize("argv, reason", [
    (["--from", "2025-04-02", "--to", "2025-04-01"], "after its last day"),
    (["--from", "yesterday"], "not a date"),
    (["--couple", "C-404"], "not found"),
])
def test_report_command_refuses_bad_input_in_one_line(db, story, capsys, tmp_path, argv, reason):
    out = tmp_path / "report.pdf"
    base = ["report", "--clinician", "robin", "--couple", "C-001", "--out", str(out)]
    try:
        code = main(base + argv)
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2 and reason in err and err.count("\n") == 1 and not out.exists()
