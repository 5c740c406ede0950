"""Every public function of the query and service layers, called as the wrong clinician,
treats another clinician's couple exactly like one that does not exist."""

from __future__ import annotations

import importlib
import inspect
from datetime import date

import pytest
from factories import add_check_in, create_clinician, create_couple
from sqlalchemy import func, select

from dashboard import validation
from dashboard.data import services
from dashboard.errors import InvalidInput, NotFound
from models import Assignment, CheckIn, CheckInLink, TherapySession

LAYERS = ["data.queries", "data.caseload_queries", "data.services", "data.write", "data.reports",
          "data.links", "data.partner_view", "data.check_in_rows", "data.check_in_import", "exports.check_ins_csv",
          "exports.progress_report"]
DAY = date(2026, 3, 10)

# Public functions that take no acting clinician, and why that is safe.
WITHOUT_CLINICIAN = {
    "queries.active_clinician": "looks up the acting clinician itself",
    "queries.check_ins_select": "a query's columns; every caller adds its clinician's couples",
    "queries.check_ins_frame_of": "pure, on rows a clinician's query returned",
    "queries.last_active_day": "pure",
    "services.add_clinician": "account creation (command line, admin page)",
    "services.new_check_in": "builds a row for a partner the caller already resolved",
    "write.audit": "appends to the audit trail inside the caller's checked transaction",
    "write.record_change": "raises the version of a clinician the caller resolved, in its "
                           "checked transaction",
    "reports.interval_labels": "pure, on metrics already loaded",
    "reports.assignment_table": "pure, on a report already loaded for the clinician",
    "reports.check_in_log": "pure, on a report already loaded for the clinician",
    "links.checkin_url": "pure", "links.describe": "pure", "links.new_token": "pure",
    "links.qr_png": "pure", "links.token_hash": "pure",
    "links.open_link": "the token itself is the partner's credential",
    "links.submit_check_in": "the token itself is the partner's credential",
    "partner_view.own_recent_days": "the token itself is the partner's credential",
    "check_ins_csv.check_ins_csv": "pure, on rows already loaded",
    "check_in_rows.decode_csv": "pure", "check_in_rows.errors_table": "pure",
    "check_in_rows.import_limits": "settings", "check_in_rows.read_rows": "pure",
    "check_in_rows.validate_rows": "pure, against the clinician's couples passed in",
    "check_in_import.stored_duplicates": "compares rows already limited to the clinician's "
                                         "couples",
    "progress_report.period_metrics": "pure",
    "progress_report.progress_report_pdf": "pure, on a report already loaded for the clinician",
}
# Functions that list the clinician's own couples: the victim's couple must simply be absent.
LISTINGS = {"queries.list_couples", "caseload_queries.caseload_frames",
            "caseload_queries.caseload_facts",
            "reports.caseload", "check_in_import.clinician_couples"}
# The clinician's own data version: the victim's writes do not show in the intruder's.
OWN_VERSION = {"queries.data_version"}
# Answers whether the couple is visible (and audits a denied view).
ANSWERS_NO = {"services.audit_couple_view"}
# Couple codes are unique in the practice, so creating one reports a taken code.
SKIPPED = {"services.add_couple": "codes are unique across the practice"}


def public_functions():
    """(qualified name, function) for every public function of the layers."""
    found = []
    for layer in LAYERS:
        module = importlib.import_module(f"dashboard.{layer}")
        short = layer.rsplit(".", 1)[-1]
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_"):
                found.append((f"{short}.{name}", function))
    return found


def test_every_function_without_a_clinician_is_known_and_justified():
    missing = [name for name, function in public_functions()
               if "clinician" not in inspect.signature(function).parameters]
    assert sorted(missing) == sorted(WITHOUT_CLINICIAN)


@pytest.fixture
def practice(db):
    """A victim clinician's couple with a session, an assignment, a check-in and a link."""
    from dashboard.data import links

    victim = create_clinician(db, "victim")
    create_clinician(db, "intruder")
    create_couple(db, victim, "V-001")
    add_check_in(db, "V-001", "A", date(2026, 3, 2), reflection="private words")
    session_id = services.add_session(db=db, clinician=victim, code="V-001", day=date(2026, 3, 1),
                                      notes="private note", today=DAY)
    exercise = "space-and-return"
    assignment_id = services.assign_exercise(db=db, clinician=victim, code="V-001",
                                             exercise_id=exercise, partner="B",
                                             start=date(2026, 3, 1), per_week=3)
    links.issue_link(db=db, clinician=victim, code="V-001", partner="A",
                     base_url="http://127.0.0.1:8501", days=60)
    return {"session_id": session_id, "assignment_id": assignment_id, "exercise": exercise}


def arguments(function, db, session, practice) -> dict:
    """Plausible arguments by parameter name, all aimed at the victim's couple."""
    values = {
        "db": db, "session": session, "clinician": "intruder", "code": "V-001",
        "as_of": DAY, "today": DAY, "day": DAY, "start": date(2026, 3, 1), "end": DAY,
        "partner": "A", "display_name": "Taken over", "archived": True, "language": "de",
        "partners": {"A": services.NewPartner("X")},
        "entry": validation.CheckInInput(DAY, 5, 5, 5, 5, False),
        "session_id": practice["session_id"], "assignment_id": practice["assignment_id"],
        "exercise_id": practice["exercise"], "per_week": 3, "base_url": "http://x", "days": 60,
        "data": ("couple,partner,day,pursue,withdraw,anxiety,closeness,cycle_noticed,repaired,"
                 "practised,reflection\nV-001,A,2026-03-05,5,5,5,5,no,,,\n").encode(),
    }
    chosen = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name in values:
            chosen[name] = values[name]
        elif parameter.default is inspect.Parameter.empty:
            raise AssertionError(f"no test value for parameter {name!r} of {function.__name__}")
    return chosen


def stored(db) -> tuple:
    with db.read() as session:
        counts = tuple(session.scalar(select(func.count()).select_from(model))
                       for model in (CheckIn, TherapySession, Assignment, CheckInLink))
        archived = session.scalar(select(func.count()).select_from(TherapySession)
                                  .where(TherapySession.archived_at.is_not(None)))
    return counts + (archived,)


CASES = [(name, function) for name, function in public_functions()
         if name not in WITHOUT_CLINICIAN and name not in SKIPPED]


@pytest.mark.parametrize("name, function", CASES, ids=[name for name, _ in CASES])
def test_wrong_clinician_is_treated_like_a_missing_couple(db, practice, name, function):
    before = stored(db)
    with db.read() as session:
        kwargs = arguments(function, db, session, practice)
        positional = [kwargs.pop(p) for p, spec in inspect.signature(function).parameters.items()
                      if spec.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p in kwargs]
        if name in LISTINGS:
            result = function(*positional, **kwargs)
            assert "V-001" not in repr(result)
        elif name in OWN_VERSION:
            assert function(*positional, **kwargs) == 0
        elif name in ANSWERS_NO:
            assert function(*positional, **kwargs) is False
        elif name.startswith("check_in_import.") and "data" in kwargs:
            with pytest.raises(InvalidInput) as refused:
                function(*positional, **kwargs)
            errors = getattr(refused.value, "errors", [])
            assert any("V-001" in str(e) or "couple" in str(e) for e in errors) or \
                "V-001" in str(refused.value)
        else:
            with pytest.raises(NotFound):
                function(*positional, **kwargs)
    assert stored(db) == before


def test_a_missing_couple_gets_the_same_answer_as_anothers(db, practice):
    from dashboard.data import queries

    messages = []
    for code in ("V-001", "NO-SUCH"):
        with db.read() as session, pytest.raises(NotFound) as refused:
            queries.couple_view(session=session, clinician="intruder", code=code)
        messages.append(str(refused.value).replace(code, "CODE"))
    assert messages[0] == messages[1]
