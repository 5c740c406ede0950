"""AppTest for every page on the demo practice: renders, shows what matters, forms save or refuse."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from apptest import button, new_app, open_page, open_tab, sign_in, texts
from factories import PASSWORD, create_clinician, create_couple
from sqlalchemy import func, select

from dashboard.data import services
from dashboard.sample_data import demo
from models import Assignment, AuditEvent, Couple, TherapySession

DEMO = (demo.DEMO_USERNAME, demo.DEMO_PASSWORD)
CODES = ["C-101", "C-102", "C-103", "C-104", "C-105", "C-106"]


def count(db, model, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_anonymous_visitor_sees_only_the_sign_in_page(demo_db):
    at = new_app().run()
    assert not at.exception
    assert "Sign in" in texts(at)
    assert "C-101" not in texts(at)
    with pytest.raises(ValueError):
        at.switch_page("pages/caseload.py")


def test_wrong_password_is_refused_and_audited(demo_db):
    at = sign_in(demo.DEMO_USERNAME, "not-the-password-at-all")
    assert "do not match an active account" in texts(at)
    assert "Caseload" not in [t.value for t in at.title]
    assert count(demo_db, AuditEvent, AuditEvent.action == "login",
                 AuditEvent.outcome == "failed") == 1


def test_sign_in_opens_the_caseload_with_all_six_stories(demo_db):
    at = sign_in(*DEMO)
    assert not at.exception
    assert [t.value for t in at.title] == ["Caseload"]
    table = at.dataframe[0].value
    assert list(table["code"]) == CODES
    shown = texts(at)
    assert "Partner B" not in shown  # alerts use the partners' names
    escalating = table.set_index("code").at["C-102", "alerts"]
    assert "cycle" in escalating.lower()
    assert "Elena" in table.set_index("code").at["C-104", "alerts"]


def test_caseload_filter_narrows_the_table(demo_db):
    at = sign_in(*DEMO)
    at.text_input[0].input("C-10").run()
    at.selectbox[0].select("Couples without alerts").run()
    codes = set(at.dataframe[0].value["code"])
    assert "C-102" not in codes and "C-101" in codes


def test_clinician_cannot_reach_the_admin_page(demo_db):
    at = sign_in(*DEMO)
    with pytest.raises(ValueError):
        at.switch_page("pages/admin.py")


@pytest.mark.parametrize("code", CODES)
def test_every_demo_couple_page_renders(demo_db, code):
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple=code)
    assert not at.exception
    assert at.title[0].value.startswith(code)
    assert len(at.get("vega_lite_chart")) >= 4


def test_couple_page_states_the_shift_in_sentences(demo_db):
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-102")
    shown = texts(at)
    assert "Since the last session" in shown
    assert "Polarization rose from" in shown and "reliable" in shown


def test_new_couple_has_baseline_only(demo_db):
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-106")
    assert "the shift appears after the next session" in texts(at)


def test_another_clinicians_couple_is_not_found(demo_db):
    create_couple(demo_db, create_clinician(demo_db, "kim"), "K-001")
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="K-001")
    assert "Couple not found" in texts(at)
    assert "Sam" not in texts(at)
    assert count(demo_db, AuditEvent, AuditEvent.action == "couple.view",
                 AuditEvent.target_id == "K-001", AuditEvent.outcome == "denied") == 1


def test_reflections_are_shown_as_plain_text(demo_db):
    with demo_db.write() as session:
        from models import CheckIn

        row = session.scalars(select(CheckIn).join(Couple).where(Couple.code == "C-101")
                              .order_by(CheckIn.day.desc())).first()
        row.reflection = "**bold** [link](https://example.org) <b>tag</b>"
    at = open_tab(open_page(sign_in(*DEMO), "pages/couple.py", couple="C-101"), "Check-ins")
    log = next(df.value for df in at.dataframe if "reflection" in df.value.columns)
    assert "**bold** [link](https://example.org) <b>tag</b>" in set(log["reflection"])
    assert all("example.org" not in m.value for m in at.markdown)


def test_the_log_is_drawn_when_its_tab_opens_and_the_forms_always_are(demo_db):
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-101")
    assert not [df for df in at.dataframe if "reflection" in df.value.columns]
    # Where something is typed, the form stays on the page behind the open tab.
    assert {"Focus", "Display name"} <= {t.label for t in at.text_input}
    at = open_tab(at, "Check-ins")
    assert [df for df in at.dataframe if "reflection" in df.value.columns]
    assert {"Focus", "Display name"} <= {t.label for t in at.text_input}


def test_record_a_session_starts_a_new_interval(demo_db):
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-106")
    focus = next(t for t in at.text_input if t.label == "Focus")
    focus.input("first session")
    button(at, "Record session").click().run()
    assert not at.exception
    assert "a new interval starts that day" in texts(at)
    assert count(demo_db, TherapySession, TherapySession.day == date.today()) == 1


def test_recording_a_second_session_on_the_same_day_is_refused(demo_db):
    services.add_session(db=demo_db, clinician="demo", code="C-106", day=date.today())
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-106")
    button(at, "Record session").click().run()
    assert "already recorded" in texts(at) and "Nothing was saved" in texts(at)
    assert count(demo_db, TherapySession, TherapySession.day == date.today()) == 1


def test_add_a_couple_and_refuse_a_duplicate_code(demo_db):
    at = sign_in(*DEMO)
    fields = {t.label: t for t in at.text_input}
    fields["Code"].input("c-200")
    fields["Partner A name"].input("Ana")
    fields["Partner B name"].input("Ben")
    button(at, "Add couple").click().run()
    assert "Added couple C-200" in texts(at)
    assert "C-200" in set(at.dataframe[0].value["code"])
    fields = {t.label: t for t in at.text_input}
    fields["Code"].input("C-101")
    button(at, "Add couple").click().run()
    assert "already in use" in texts(at)
    assert count(demo_db, Couple) == 7


def test_exercises_search_filters_the_library(demo_db):
    at = open_page(sign_in(*DEMO), "pages/exercises.py")
    assert not at.exception
    at.multiselect[0].select("withdrawer").run()
    assert "6 of 18 exercises" in texts(at)
    at.text_input[0].input("come back").run()
    assert 0 < len(at.radio[0].options) < 6
    at.text_input[0].input("no such words here").run()
    assert "No exercise matches" in texts(at)


def test_assign_an_exercise_and_see_it_on_the_couple_page(demo_db):
    before = count(demo_db, Assignment)
    at = open_page(sign_in(*DEMO), "pages/exercises.py", couple="C-106")
    at.text_input[0].input("come back").run()
    at.radio[0].set_value("space-and-return").run()
    assert "Say you need space, and when you will come back" in texts(at)
    button(at, "Assign exercise").click().run()
    assert "Assigned" in texts(at) and "C-106" in texts(at)
    assert count(demo_db, Assignment) == before + 1
    at = open_tab(open_page(at, "pages/couple.py", couple="C-106"), "Exercises")
    exercises = next(df.value for df in at.dataframe if "exercise" in df.value.columns)
    assert "Say you need space, and when you will come back" in set(exercises["exercise"])


def test_assignment_due_before_start_is_refused(demo_db):
    before = count(demo_db, Assignment)
    at = open_page(sign_in(*DEMO), "pages/exercises.py", couple="C-106")
    at.date_input[1].set_value(date.today() - timedelta(days=3))
    button(at, "Assign exercise").click().run()
    assert "due date must not be before the start date" in texts(at).lower()
    assert count(demo_db, Assignment) == before


def test_change_password_checks_the_current_one(demo_db):
    at = open_page(sign_in(*DEMO), "pages/account.py")
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input("wrong-current-password")
    fields["New password"].input("another-long-passphrase")
    fields["Repeat new password"].input("another-long-passphrase")
    button(at, "Change password").click().run()
    assert "current password is not right" in texts(at)
    fields = {t.label: t for t in at.text_input}
    fields["Current password"].input(demo.DEMO_PASSWORD)
    fields["New password"].input("another-long-passphrase")
    fields["Repeat new password"].input("another-long-passphrase")
    button(at, "Change password").click().run()
    assert "Your password was changed" in texts(at)
    assert "Caseload" in [t.value for t in sign_in("demo", "another-long-passphrase").title]


def test_admin_adds_an_account_and_a_bad_one_is_refused(demo_db):
    create_clinician(demo_db, "ada", role="admin")
    at = open_page(sign_in("ada", PASSWORD), "pages/admin.py")
    assert not at.exception
    assert "demo" in set(at.dataframe[0].value["username"])
    fields = {t.label: t for t in at.text_input}
    fields["Username"].input("lee")
    fields["Full name"].input("Lee Park")
    fields["First password"].input("short")
    button(at, "Add account").click().run()
    assert "at least 12 characters" in texts(at)
    fields = {t.label: t for t in at.text_input}
    fields["First password"].input("a-fine-long-passphrase")
    button(at, "Add account").click().run()
    assert "Added clinician lee" in texts(at)


def test_disabled_account_is_signed_out_on_its_next_action(demo_db):
    create_clinician(demo_db, "ada", role="admin")
    at = sign_in(*DEMO)
    from dashboard.data import accounts

    accounts.set_active(db=demo_db, admin="ada", username="demo", active=False)
    at.run()
    assert "Sign in" in texts(at) and "Caseload" not in [t.value for t in at.title]


def test_sign_out_ends_the_session(demo_db):
    at = sign_in(*DEMO)
    next(b for b in at.sidebar.button if b.label == "Sign out").click().run()
    assert "Sign in" in texts(at)
    assert count(demo_db, AuditEvent, AuditEvent.action == "logout") == 1


@pytest.mark.parametrize("path", ["pages/caseload.py", "pages/couple.py", "pages/exercises.py",
                                  "pages/account.py"])
def test_every_page_works_on_an_empty_practice(app_env, path):
    from dashboard.data.database import Database

    database = Database.from_url(app_env)
    create_clinician(database, "new")
    at = sign_in("new", PASSWORD)
    if path != "pages/caseload.py":
        at = open_page(at, path)
    assert not at.exception
    assert "Add your first couple" in texts(at) or "Add a couple" in texts(at) \
        or "No couples yet" in texts(at) or "Your account" in texts(at)
    database.dispose()


def test_couple_page_for_a_couple_without_check_ins(demo_db):
    create_couple(demo_db, "demo", "C-300")
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-300")
    assert not at.exception
    assert "No check-ins or sessions yet" in texts(at)
