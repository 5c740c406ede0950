"""Presentation mode: captions from the metrics, the slide list, chart exports and the page. (through the app (AppTest))."""

from __future__ import annotations

import re
from datetime import date

import pytest
from apptest import button, open_page, sign_in, texts
from factories import create_clinician, create_couple
from sqlalchemy import select

from dashboard import escaping
from dashboard.charts import slides
from models import Couple
from tests.unit.test_presentation import (  # noqa: F401
    DEMO,
    MARKERS,
    everything,
    marked_demo,
    present,
)


def test_captions_never_cast_a_partner_as_the_problem(demo_db):
    from dashboard import exercise_library
    from dashboard.data import reports

    titles = {key: exercise.title for key, exercise in exercise_library.library().items()}
    blaming = re.compile(r"\b(pursu\w*|withdr\w*|fault|blame|worse|too much)\b", re.I)
    with demo_db.read() as session:
        codes = list(session.scalars(select(Couple.code)))
        for code in codes:
            report = reports.couple_report(session=session, clinician="demo", code=code,
                                           as_of=date.today())
            names = slides.shown_names(report.couple.names, first_names=True)
            for slide in slides.slides(report.metrics, names, titles):
                for caption in slide.captions:
                    assert not blaming.search(caption), caption
                    for name in names.values():
                        if name in caption and "further" in caption:
                            assert caption.startswith("The cycle pulled"), caption


def test_presentation_shows_no_reflection_no_note_and_no_other_couple(marked_demo):
    _, others = marked_demo
    at = present()
    assert not at.exception
    for _ in range(3):
        sent = everything(at)
        for private in (*MARKERS, *others):
            assert not re.search(rf"\b{re.escape(private)}\b", sent), private
        assert "C-101" not in texts(at) and "Priya & Sam" not in sent
        button(at, "Next").click().run()
    assert "Chart 4 of 4" in texts(at)


def test_presentation_has_a_neutral_heading_captions_and_no_sidebar(marked_demo):
    at = present()
    assert [t.value for t in at.title] == ["Our pattern since the last session"]
    assert "Chart 1 of 4" in texts(at)
    assert escaping.markdown_escaped(slides.TIMELINE_INTRO) in texts(at)
    assert escaping.markdown_escaped("push-pull showed up on") in texts(at)
    assert not at.sidebar.children
    assert "Sign out" not in [b.label for b in at.button]
    links = [link.proto for link in at.get("page_link")]
    assert [(link.label, link.query_string) for link in links] == [
        ("Back to the clinician view", "couple=C-101")]


def test_next_and_previous_step_through_the_charts(marked_demo):
    at = present()
    assert button(at, "Previous").disabled
    button(at, "Next").click().run()
    assert "Chart 2 of 4" in texts(at)
    assert escaping.markdown_escaped(slides.DANCE_INTRO) in texts(at)
    button(at, "Previous").click().run()
    assert "Chart 1 of 4" in texts(at)


def test_neutral_labels_replace_the_first_names_everywhere(marked_demo):
    at = present()
    button(at, "Next").click().run()
    assert "Priya" in everything(at)
    at.toggle[0].set_value(False).run()
    sent = everything(at)
    assert "Partner A" in sent and "Partner B" in sent
    assert not re.search(r"\b(Priya|Sam)\b", sent)


def test_choosing_fewer_charts_shortens_the_presentation(marked_demo):
    at = present()
    at.get("button_group")[0].set_value(["comparison"]).run()
    assert "Chart 1 of 1" in texts(at)
    assert "apart on a scale from 0 to 10" in texts(at).replace("\\", "")


@pytest.mark.parametrize("code", ["C-404", "K-001", ""])
def test_presentation_of_an_unknown_or_other_clinicians_couple_shows_nothing(demo_db, code):
    create_couple(demo_db, create_clinician(demo_db, "kim"), "K-001")
    at = present(code)
    assert not at.exception
    assert "Nothing to present" in texts(at) and "Sam" not in everything(at)
    assert not at.get("vega_lite_chart")


def test_couple_page_links_to_presentation_and_offers_every_chart_download(marked_demo):
    at = open_page(sign_in(*DEMO), "pages/couple.py", couple="C-101")
    assert not at.exception
    present_link = next(b.proto for b in at.get("link_button")
                        if b.proto.label == "Present to the couple")
    assert present_link.url == "present?couple=C-101"
    downloads = {button.proto.id.split("download-")[-1] for button in at.get("download_button")
                 if "download-" in button.proto.id}
    assert downloads == {f"{key}-{kind}" for key in slides.CHART_KEYS
                         for kind in ("PNG", "SVG")}
    assert [tab.label for tab in at.tabs][-1] == "Import & export"


@pytest.mark.parametrize("code", ["C-102", "C-104", "C-106", "C-300"])
def test_every_kind_of_couple_can_be_presented_to_the_end(demo_db, code):
    if code == "C-300":
        create_couple(demo_db, "demo", code)  # no check-ins, no sessions
    at = present(code)
    while not button(at, "Next").disabled:
        button(at, "Next").click().run()
        assert not at.exception
    assert re.search(r"Chart (\d) of \1", texts(at))
