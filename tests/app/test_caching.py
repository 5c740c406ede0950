"""The page caches are shared by every user of a process: keyed by clinician and by the
clinician's data version, which every write raises wherever it is made."""

from __future__ import annotations

from datetime import date

from apptest import new_app, open_page, sign_in, texts
from factories import PASSWORD, add_check_in, create_clinician, create_couple
from sqlalchemy import select, update

from dashboard.data import services, write
from dashboard.web import cached
from models import Clinician, Couple


def practice_of_two(db) -> None:
    """Clinicians robin (R-001, R-002) and kim (K-001), each with check-ins."""
    for clinician, codes in (("robin", ("R-001", "R-002")), ("kim", ("K-001",))):
        create_clinician(db, clinician)
        for code in codes:
            create_couple(db, clinician, code)
            add_check_in(db, code, "A", date.today(), anxiety=9)


def test_one_clinicians_cached_caseload_never_reaches_another(db, app_env):
    practice_of_two(db)
    robin = sign_in("robin", PASSWORD)
    assert list(robin.dataframe[0].value["code"]) == ["R-001", "R-002"]
    # Same process, same caches: kim's first caseload comes after robin's was cached.
    kim = sign_in("kim", PASSWORD)
    assert list(kim.dataframe[0].value["code"]) == ["K-001"]
    assert "R-00" not in texts(kim)
    # And robin's is still robin's after kim's was cached.
    assert list(robin.run().dataframe[0].value["code"]) == ["R-001", "R-002"]


def test_a_couple_cached_for_one_clinician_is_not_found_for_another(db, app_env):
    practice_of_two(db)
    robin = open_page(sign_in("robin", PASSWORD), "pages/couple.py", couple="R-001")
    assert robin.title[0].value.startswith("R-001")
    kim = open_page(sign_in("kim", PASSWORD), "pages/couple.py", couple="R-001")
    assert [t.value for t in kim.title] == ["Couple not found"]


def test_the_loaders_are_keyed_by_clinician(db, app_env):
    practice_of_two(db)
    today = date.today()
    robin = cached.load_caseload("robin", today, False, db_url=app_env)
    kim = cached.load_caseload("kim", today, False, db_url=app_env)
    assert list(robin.couples["code"]) == ["R-001", "R-002"]
    assert list(kim.couples["code"]) == ["K-001"]
    again = cached.load_caseload("robin", today, False, db_url=app_env)
    assert list(again.couples["code"]) == ["R-001", "R-002"]


def test_a_write_made_elsewhere_shows_on_the_next_page_run(db, app_env):
    # Another app process, a command or a partner's phone: nothing clears this process's
    # caches, yet the write raised robin's data version, which the caches are keyed by.
    practice_of_two(db)
    at = sign_in("robin", PASSWORD)
    assert len(at.dataframe[0].value) == 2
    create_couple(db, "robin", "R-003")
    assert list(at.run().dataframe[0].value["code"]) == ["R-001", "R-002", "R-003"]
    at = open_page(at, "pages/couple.py", couple="R-001")
    assert "No sessions recorded yet" in texts(at)
    services.add_session(db=db, clinician="robin", code="R-001", day=date.today())
    assert "No sessions recorded yet" not in texts(at.run())
    assert [e.label for e in at.expander if e.label.startswith(f"{date.today():%d %b %Y}")]


def test_pages_read_from_the_cache_until_a_write_raises_the_version(db, app_env):
    practice_of_two(db)
    at = open_page(sign_in("robin", PASSWORD), "pages/couple.py", couple="R-001")
    with db.write() as session:  # a change no service made: no version raised
        session.execute(update(Couple).where(Couple.code == "R-001")
                        .values(display_name="Renamed quietly"))
    assert "Renamed quietly" not in at.run().title[0].value
    with db.write() as session:
        robin = session.scalars(select(Clinician.id).where(Clinician.username == "robin")).one()
        write.record_change(session, clinician_id=robin, actor="test", action="test.change")
    assert "Renamed quietly" in at.run().title[0].value
    kim = sign_in("kim", PASSWORD, new_app())  # kim's version never moved
    assert list(kim.dataframe[0].value["code"]) == ["K-001"]


def test_adding_a_couple_on_the_page_shows_it_without_waiting(db, app_env):
    practice_of_two(db)
    at = sign_in("robin", PASSWORD)
    form = {t.label: t for t in at.text_input}
    form["Code"].input("R-009")
    form["Partner A name"].input("Ana")
    form["Partner B name"].input("Ben")
    next(b for b in at.button if b.label == "Add couple").click().run()
    assert "R-009" in list(at.dataframe[0].value["code"])
    kim = sign_in("kim", PASSWORD, new_app())
    assert list(kim.dataframe[0].value["code"]) == ["K-001"]
