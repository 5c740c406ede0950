"""Check-in CSV: export escaping, validation of every row, all-or-nothing import, round trips. (through the app (AppTest))."""

from __future__ import annotations

from dashboard.sample_data import demo
from tests.unit.test_checkin_csv import FIXTURES, count, csv_file, upload  # noqa: F401


def test_page_lists_every_bad_row_and_saves_nothing(demo_db):
    from apptest import open_page, sign_in, texts

    before = count(demo_db)
    at = open_page(sign_in(demo.DEMO_USERNAME, demo.DEMO_PASSWORD), "pages/couple.py",
                   couple="C-106")
    data = (FIXTURES / "malformed.csv").read_bytes().replace(b"C-001", b"C-106")
    upload(at, data)
    assert not at.exception
    assert "Nothing can be imported: 13 rows have problems" in texts(at)
    problems = next(df.value for df in at.dataframe if "problem" in df.value.columns)
    assert list(problems["line"]) == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18]
    assert not [b for b in at.button if b.label.startswith("Import ")]
    assert count(demo_db) == before


def test_page_previews_then_imports_and_then_skips_the_same_file(demo_db):
    from apptest import button, open_page, sign_in, texts

    before = count(demo_db)
    at = open_page(sign_in(demo.DEMO_USERNAME, demo.DEMO_PASSWORD), "pages/couple.py",
                   couple="C-106")
    data = (FIXTURES / "valid.csv").read_bytes().replace(b"C-001", b"C-106").replace(
        b"c-001", b"C-106")
    upload(at, data)
    assert "6 new check-ins for C-106 (6)" in texts(at)
    preview = next(df.value for df in at.dataframe if "cycle_noticed" in df.value.columns
                   and "couple" in df.value.columns)
    assert len(preview) == 6
    assert count(demo_db) == before
    button(at, "Import 6 check-ins").click().run()
    assert not at.exception
    assert "Imported 6 check-ins." in texts(at) and count(demo_db) == before + 6
    upload(at, data, "again.csv")
    assert "No new check-ins; 6 rows already stored are skipped." in texts(at)
    assert count(demo_db) == before + 6


def test_page_refuses_rows_for_another_couple_and_other_encodings(demo_db):
    from apptest import open_page, sign_in, texts

    at = open_page(sign_in(demo.DEMO_USERNAME, demo.DEMO_PASSWORD), "pages/couple.py",
                   couple="C-106")
    upload(at, csv_file("C-101,A,2025-05-01,1,1,1,1,no,,,"))
    assert "this import is for C-106 only" in "\n".join(
        next(df.value for df in at.dataframe if "problem" in df.value.columns)["problem"])
    upload(at, csv_file("C-106,A,2025-05-01,1,1,1,1,no,,,Zoë").decode().encode("latin-1"),
           "latin.csv")
    assert "not UTF-8 text" in texts(at)
