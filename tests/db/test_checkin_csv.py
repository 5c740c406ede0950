"""Check-in CSV: export escaping, validation of every row, all-or-nothing import, round trips. (against a real database)."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from factories import add_check_in, create_clinician, create_couple
from factories import run_command as run
from sqlalchemy import Text, select, type_coerce

from dashboard import csv_format
from dashboard.data import check_in_import
from dashboard.data.check_in_rows import ImportLimits, ImportRefused
from dashboard.errors import InvalidInput, NotFound
from dashboard.exports import check_ins_csv
from dashboard.sample_data import demo
from models import AuditEvent, CheckIn, Couple, Partner
from tests.unit.test_checkin_csv import (  # noqa: F401
    FIXTURES,
    HEADER,
    TODAY,
    count,
    couple,
    csv_file,
    do_import,
    other_db,
)


def test_export_has_the_product_columns_and_escapes_formulas(db, couple):
    add_check_in(db, couple, "A", date(2025, 5, 1), pursue=7, cycle_noticed=True, repaired=True,
                 practised=("ask-plainly", "name-the-cycle"), reflection="=HYPERLINK(\"x\")")
    add_check_in(db, couple, "B", date(2025, 5, 1), withdraw=8, reflection="-3 felt low, \"ok\"")
    text = check_ins_csv.export_check_ins(db=db, clinician="robin", code=couple,
                                        include_reflections=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(csv_format.COLUMNS)
    assert rows[1] == ["C-001", "A", "2025-05-01", "7", "5", "5", "5", "yes", "yes",
                       "ask-plainly;name-the-cycle", "'=HYPERLINK(\"x\")"]
    assert rows[2] == ["C-001", "B", "2025-05-01", "5", "8", "5", "5", "no", "",
                       "", "'-3 felt low, \"ok\""]


def test_export_leaves_reflections_out_unless_asked(db, couple):
    add_check_in(db, couple, "A", date(2025, 5, 1), reflection="private words")
    text = check_ins_csv.export_check_ins(db=db, clinician="robin", code=couple)
    assert "private words" not in text
    assert list(csv.DictReader(io.StringIO(text)))[0]["reflection"] == ""


def test_export_of_a_couple_without_check_ins_is_the_header_alone(db, couple):
    assert check_ins_csv.export_check_ins(db=db, clinician="robin", code=couple) == HEADER + "\n"


def test_export_refuses_another_clinicians_couple_and_is_audited(db, couple):
    create_clinician(db, "kim")
    with pytest.raises(NotFound):
        check_ins_csv.export_check_ins(db=db, clinician="kim", code=couple)
    check_ins_csv.export_check_ins(db=db, clinician="robin", code=couple, include_reflections=True)
    with db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "checkins.export")).one()
    assert event.actor == "robin" and event.target_id == "C-001"
    assert '"reflections": true' in event.detail


def test_malformed_file_writes_nothing_and_reports_every_bad_row(db, couple):
    data = (FIXTURES / "malformed.csv").read_bytes()
    with pytest.raises(ImportRefused) as refused:
        do_import(db, data)
    found = [(e.line, e.column) for e in refused.value.errors]
    assert found == [
        (4, "couple"), (5, "partner"), (6, "day"), (7, "day"), (8, "pursue"), (9, "withdraw"),
        (10, "anxiety"), (11, "cycle_noticed"), (12, "repaired"), (13, "practised"),
        (14, "reflection"), (15, "repaired"), (18, "pursue"),
    ]
    assert "13 rows have problems" in str(refused.value)
    assert count(db) == 0


@pytest.mark.parametrize("line, reason", [
    (4, "unknown couple 'C-999'"), (6, "YYYY-MM-DD"), (7, "must not be in the future"),
    (8, "whole number from 0 to 10"), (11, "must be yes or no"),
    (12, "must be empty when cycle_noticed is no"), (13, "unknown exercise 'no-such-exercise'"),
    (14, "at most 2000 characters (has 2001)"), (15, "the row has 8 values; the header has 11"),
    (18, "at least one of pursue, withdraw, anxiety and closeness must be answered"),
])
def test_each_problem_says_why(db, couple, line, reason):
    with pytest.raises(ImportRefused) as refused:
        do_import(db, (FIXTURES / "malformed.csv").read_bytes())
    assert reason in next(str(e) for e in refused.value.errors if e.line == line)


def test_a_valid_file_is_imported_with_source_and_noon_timestamps(db, couple):
    result = do_import(db, (FIXTURES / "valid.csv").read_bytes())
    assert (result.added, result.skipped, result.per_couple) == (6, 0, {"C-001": 6})
    with db.read() as session:
        rows = session.execute(select(CheckIn, Partner.label).join(Partner)
                               .order_by(CheckIn.day, CheckIn.submitted_at)).all()
    labels = [label for _, label in rows]
    rows = [row for row, _ in rows]
    assert {row.source for row in rows} == {"import"}
    assert rows[0].submitted_at == datetime(2025, 5, 1, 12, tzinfo=timezone.utc)
    # Two check-ins of Sam on 2 May keep their file order: one second apart.
    sam = [r for r, p in zip(rows, labels) if r.day == date(2025, 5, 2) and p == "A"]
    assert [r.submitted_at.second for r in sam] == [0, 1]
    assert sam[0].practised == "ask-plainly;name-the-cycle"
    assert sam[0].reflection == 'Two lines,\nwith a comma and "quotes"'
    alex = [r for r, p in zip(rows, labels) if r.day == date(2025, 5, 2) and p == "B"][0]
    assert alex.reflection == "=1+1 was a joke"  # the export's escape taken off
    assert rows[-1].reflection == "Zoë and Łukasz say hi → 美玲"
    assert (rows[0].cycle_noticed, rows[0].repaired, rows[1].repaired) == (True, True, False)


def test_imported_reflections_are_encrypted_at_rest_like_any_other(db, couple):
    do_import(db, (FIXTURES / "valid.csv").read_bytes())
    raw = type_coerce(CheckIn.__table__.c.reflection, Text())
    with db.read() as session:
        stored = [text for text in session.scalars(select(raw)) if text]
    assert len(stored) == 5 and all(text.startswith("enc1:") for text in stored)
    assert not any("Talked it through" in text for text in stored)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(db, couple):
    data = (FIXTURES / "valid.csv").read_bytes()
    do_import(db, data)
    again = do_import(db, data)
    assert (again.added, again.skipped) == (0, 6)
    assert "skipped 6 rows already stored" in again.summary()
    assert count(db) == 6


def test_a_row_differing_in_any_value_is_not_a_duplicate(db, couple):
    row = "C-001,A,2025-05-01,7,2,6,4,yes,yes,ask-plainly,Talked."
    do_import(db, csv_file(row))
    changed = [row.replace("Talked.", "Talked!"), row.replace(",7,2,", ",7,3,"),
               row.replace("yes,yes", "yes,no"), row.replace("ask-plainly", ""), row]
    result = do_import(db, csv_file(*changed))
    assert (result.added, result.skipped) == (4, 1)


@pytest.mark.parametrize("prefix", [b"", codecs.BOM_UTF8])
def test_utf8_with_or_without_bom_is_accepted(db, couple, prefix):
    data = prefix + csv_file("C-001,A,2025-05-01,1,1,1,1,no,,,Zoë")
    assert do_import(db, data).added == 1


@pytest.mark.parametrize("data, reason", [
    (csv_file("C-001,A,2025-05-01,1,1,1,1,no,,,Zoë").decode().encode("latin-1"),
     r"not UTF-8 text \(line 2"),
    (csv_file("C-001,A,2025-05-01,1,1,1,1,no,,,x").decode().encode("utf-16"), "UTF-16"),
    (b"", "no check-in rows"),
    (HEADER.encode() + b"\n\n", "no check-in rows"),
])
def test_other_encodings_and_empty_files_are_refused_clearly(db, couple, data, reason):
    with pytest.raises(InvalidInput, match=reason):
        do_import(db, data)
    assert count(db) == 0


def test_size_and_row_limits_are_refused_clearly(db, couple):
    data = csv_file(*[f"C-001,A,2025-05-{d:02d},1,1,1,1,no,,," for d in range(1, 6)])
    with pytest.raises(InvalidInput, match="the limit is"):
        do_import(db, data, limits=ImportLimits(max_bytes=100))
    with pytest.raises(InvalidInput, match="more than 3 rows"):
        do_import(db, data, limits=ImportLimits(max_rows=3))
    assert count(db) == 0


@pytest.mark.parametrize("header, problems", [
    ("couple,partner,day,pursue,withdraw,anxiety,closeness", [(1, "cycle_noticed")]),
    (HEADER + ",mood", [(1, "mood")]),
    (HEADER.replace("withdraw", "pursue"), [(1, "pursue"), (1, "withdraw")]),
])
def test_header_problems_are_reported_on_line_1(db, couple, header, problems):
    with pytest.raises(ImportRefused) as refused:
        do_import(db, csv_file("C-001,A,2025-05-01,1,1,1,1,no,,,", header=header))
    assert [(e.line, e.column) for e in refused.value.errors] == problems


def test_optional_columns_may_be_left_out_and_headers_are_case_blind(db, couple):
    header = "Couple, Partner,DAY,pursue,withdraw,anxiety,closeness,cycle_noticed"
    assert do_import(db, csv_file("C-001,A,2025-05-01,1,1,1,1,yes", header=header)).added == 1


@pytest.mark.parametrize("word, expected", [
    ("yes", True), ("YES", True), ("True", True), ("1", True),
    ("no", False), ("No", False), ("FALSE", False), ("0", False), ("", False),
])
def test_booleans_accept_the_usual_words_in_any_case(db, couple, word, expected):
    do_import(db, csv_file(f"C-001,A,2025-05-01,1,1,1,1,{word},,,"))
    with db.read() as session:
        assert session.scalars(select(CheckIn.cycle_noticed)).one() is expected


def test_another_clinicians_couple_is_reported_like_an_unknown_one(db, couple):
    create_couple(db, create_clinician(db, "kim"), "K-001")
    with pytest.raises(ImportRefused) as refused:
        do_import(db, csv_file("K-001,A,2025-05-01,1,1,1,1,no,,,",
                               "K-404,A,2025-05-01,1,1,1,1,no,,,"))
    assert [str(e) for e in refused.value.errors] == [
        "line 2, column couple: unknown couple 'K-001' (not one of your couples)",
        "line 3, column couple: unknown couple 'K-404' (not one of your couples)",
    ]
    assert count(db) == 0


def test_an_import_for_one_couple_refuses_rows_of_another(db, couple):
    create_couple(db, "robin", "C-002")
    with pytest.raises(ImportRefused, match="1 row has problems") as refused:
        do_import(db, csv_file("C-001,A,2025-05-01,1,1,1,1,no,,,",
                               "C-002,A,2025-05-01,1,1,1,1,no,,,"), only_couple="c-001")
    assert refused.value.errors[0].line == 3 and "for C-001 only" in refused.value.errors[0].reason


def test_a_failure_while_writing_leaves_no_rows_behind(db, couple, monkeypatch):
    monkeypatch.setattr(check_in_import, "INSERT_BATCH", 2)
    calls = []

    def fail_on_third_batch(fraction, text):
        calls.append(text)
        if text.startswith("Saved 6"):
            raise RuntimeError("disk full")

    rows = [f"C-001,{p},2025-05-{d:02d},1,1,1,1,no,,," for d in range(1, 6) for p in "AB"]
    with pytest.raises(RuntimeError):
        do_import(db, csv_file(*rows), progress=fail_on_third_batch)
    assert "Saved 4 of 10" in calls
    assert count(db) == 0


def test_preview_says_what_would_happen_and_writes_nothing(db, couple):
    do_import(db, csv_file("C-001,A,2025-05-01,1,1,1,1,no,,,"))
    plan = check_in_import.preview_import(db=db, clinician="robin", today=TODAY, data=csv_file(
        "C-001,A,2025-05-01,1,1,1,1,no,,,", "C-001,B,2025-05-02,2,2,2,2,no,,,"))
    assert (plan.added, plan.skipped) == (1, 1)
    assert plan.summary() == ("1 new check-in for C-001 (1), from 02 May 2025 to 02 May 2025; "
                              "1 row already stored is skipped.")
    assert list(plan.preview().columns) == list(csv_format.COLUMNS)
    assert count(db) == 1


def test_each_imported_couple_is_audited(db, couple):
    do_import(db, (FIXTURES / "valid.csv").read_bytes())
    with db.read() as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "checkins.import")).one()
    assert (event.actor, event.target_id) == ("robin", "C-001") and '"added": 6' in event.detail


def test_export_then_import_into_an_empty_database_reproduces_the_check_ins(db, other_db):
    demo.load_demo(db=db, today=TODAY)
    create_clinician(other_db, demo.DEMO_USERNAME)
    with db.read() as session:
        codes = list(session.scalars(select(Couple.code).order_by(Couple.code)))
    exported = {}
    for code in codes:
        create_couple(other_db, demo.DEMO_USERNAME, code)
        exported[code] = check_ins_csv.export_check_ins(db=db, clinician="demo", code=code,
                                                      include_reflections=True)
        check_in_import.import_check_ins(db=other_db, clinician="demo", today=TODAY,
                                     data=exported[code].encode())
    for code in codes:
        assert check_ins_csv.export_check_ins(db=other_db, clinician="demo", code=code,
                                            include_reflections=True) == exported[code]
    assert count(other_db) == count(db) > 500


def test_round_trip_keeps_awkward_text_exactly(db, couple, other_db):
    awkward = ["=SUM(A1:A9)", "+1", "-", "@mention", "'=quoted", "''+", "'tis", "a,b;\"c\"",
               "line one\r\nline two", "  spaces  ", "Zoë → 美玲", "tab\tinside"]
    for number, text in enumerate(awkward, start=1):
        add_check_in(db, couple, "A" if number % 2 else "B", date(2025, 4, number),
                     reflection=text)
    exported = check_ins_csv.export_check_ins(db=db, clinician="robin", code=couple,
                                            include_reflections=True)
    create_couple(other_db, create_clinician(other_db), "C-001")
    check_in_import.import_check_ins(db=other_db, clinician="robin", data=exported.encode(),
                                 today=TODAY)
    with other_db.read() as session:
        stored = list(session.scalars(select(CheckIn.reflection).order_by(CheckIn.day)))
    assert stored == awkward


def test_a_large_file_imports_in_one_go(db, couple):
    start = TODAY - timedelta(days=10_000)
    rows = [f"C-001,{'AB'[n % 2]},{start + timedelta(days=n // 2)},{n % 11},{(n * 7) % 11},5,5,"
            f"{'yes' if n % 3 == 0 else 'no'},,," for n in range(20_000)]
    result = do_import(db, csv_file(*rows))
    assert result.added == 20_000 and count(db) == 20_000


def test_import_command_imports_and_reports_skips(db, couple, capsys):
    path = str(FIXTURES / "valid.csv")
    code, out, _ = run(capsys, "import-checkins", path, "--clinician", "robin")
    assert code == 0 and "Imported 6 check-ins." in out
    code, out, _ = run(capsys, "import-checkins", path, "--clinician", "robin")
    assert code == 0 and "Imported 0 check-ins; skipped 6 rows already stored." in out


def test_import_command_lists_every_bad_row_and_writes_nothing(db, couple, capsys):
    code, out, err = run(capsys, "import-checkins", str(FIXTURES / "malformed.csv"),
                         "--clinician", "robin")
    lines = err.splitlines()
    assert code == 2 and lines[0].startswith("error: 13 rows have problems")
    assert len(lines) == 14 and lines[1].strip().startswith("line 4, column couple:")
    assert count(db) == 0


def test_import_command_dry_run_writes_nothing(db, couple, capsys):
    code, out, _ = run(capsys, "import-checkins", str(FIXTURES / "valid.csv"), "--clinician",
                       "robin", "--dry-run")
    assert code == 0 and "Nothing was written" in out and count(db) == 0


def test_import_command_refuses_a_missing_file_in_one_line(db, couple, capsys):
    code, _, err = run(capsys, "import-checkins", "no/such.csv", "--clinician", "robin")
    assert code == 2 and err.count("\n") == 1 and "cannot read" in err


def test_export_command_writes_a_file_or_standard_output(db, couple, capsys, tmp_path):
    add_check_in(db, couple, "A", date(2025, 5, 1), reflection="words")
    out_file = tmp_path / "c.csv"
    code, out, _ = run(capsys, "export-checkins", "--clinician", "robin", "--couple", "c-001",
                       "--out", str(out_file))
    assert code == 0 and "Wrote 1 check-ins of C-001" in out and "words" not in out_file.read_text()
    code, out, _ = run(capsys, "export-checkins", "--clinician", "robin", "--couple", "C-001",
                       "--with-reflections")
    assert code == 0 and out.splitlines()[0] == HEADER and out.splitlines()[1].endswith(",words")


def test_export_command_refuses_another_clinicians_couple(db, couple, capsys):
    create_clinician(db, "kim")
    code, out, err = run(capsys, "export-checkins", "--clinician", "kim", "--couple", "C-001")
    assert code == 2 and out == "" and "not found" in err


def test_unanswered_scores_import_empty_and_export_empty(db, couple):
    header = ("couple,partner,day,pursue,withdraw,anxiety,closeness,cycle_noticed,repaired,"
              "practised,reflection\n")
    data = (header + "C-001,A,2025-05-01,7,,,3,no,,,\n"
            "C-001,B,2025-05-01,,2,,,no,,,\n").encode()
    do_import(db, data)
    with db.read() as session:
        stored = session.execute(select(CheckIn.pursue, CheckIn.withdraw, CheckIn.anxiety,
                                        CheckIn.closeness).order_by(CheckIn.partner_id)).all()
    assert [tuple(row) for row in stored] == [(7, None, None, 3), (None, 2, None, None)]
    exported = check_ins_csv.export_check_ins(db=db, clinician="robin", code="C-001",
                                              include_reflections=False).splitlines()
    assert exported[1:] == ["C-001,A,2025-05-01,7,,,3,no,,,", "C-001,B,2025-05-01,,2,,,no,,,"]
    do_import(db, data)  # the same file again: both rows are already stored
    assert count(db) == 2
