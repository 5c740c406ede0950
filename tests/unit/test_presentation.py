"""Presentation mode: captions from the metrics, the slide list, chart exports and the page."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from apptest import open_page, sign_in
from PIL import Image
from sqlalchemy import select

from dashboard import escaping
from dashboard.analytics.metrics import compute_couple_metrics
from dashboard.charts import slides
from dashboard.exports import images
from dashboard.sample_data import demo
from models import CheckIn, Couple, Partner, TherapySession

NAMES = {"A": "Sam Rivers", "B": "Alex Moor"}


FIRST = {"A": "Sam", "B": "Alex"}


DEMO = (demo.DEMO_USERNAME, demo.DEMO_PASSWORD)


MARKERS = ("REFLECTION-MARKER-7", "NOTE-MARKER-7", "FOCUS-MARKER-7")


def d(n: int) -> date:
    """Day n counted from 1 March 2025."""
    return date(2025, 3, 1) + timedelta(days=n - 1)


def ci(partner, day, pursue=5, withdraw=5, *, cycle=False, repaired=None, practised=()) -> dict:
    when = d(day)
    return dict(partner=partner, day=when, pursue=pursue, withdraw=withdraw, anxiety=5,
                closeness=5, cycle_noticed=cycle, repaired=repaired, practised=tuple(practised),
                submitted_at=datetime(when.year, when.month, when.day, 20))


def compute(rows, sessions=(), tasks=(), as_of=8):
    assignments = pd.DataFrame(
        [dict(assignment_id=i, exercise_id=e, partner=p, start=d(s), end=None, per_week=7,
              archived=False) for i, (e, p, s) in enumerate(tasks, start=1)],
        columns=["assignment_id", "exercise_id", "partner", "start", "end", "per_week",
                 "archived"])
    return compute_couple_metrics(pd.DataFrame(rows), [d(n) for n in sessions], assignments,
                                  as_of=d(as_of))


BASELINE = [ci("A", 1, cycle=True, repaired=False), ci("B", 1), ci("B", 2, cycle=True,
            repaired=True), ci("A", 3), ci("B", 3), ci("A", 4)]


@pytest.mark.parametrize("rows, sessions, expected", [
    (BASELINE + [ci("A", 5, cycle=True, repaired=True), ci("B", 5, cycle=True, repaired=False),
                 ci("A", 6), ci("B", 7)], [5],
     "The push-pull showed up on 1 of the 3 days you checked in since our last session, down "
     "from 2 of 4."),
    (BASELINE, [], "The push-pull showed up on 2 of the 4 days you checked in so far."),
    (BASELINE + [ci("A", 5), ci("A", 6), ci("B", 7)], [5],
     "The push-pull did not show up on any of the 3 days you checked in since our last "
     "session, down from 2 of 4."),
    (BASELINE + [ci("A", 5, cycle=True), ci("B", 6)], [5],
     "The push-pull showed up on 1 of the 2 days you checked in since our last session, about "
     "the same share as before, 2 of 4."),
    (BASELINE + [ci("A", 5, cycle=True), ci("B", 5, cycle=True), ci("A", 6, cycle=True)], [5],
     "The push-pull showed up on 2 of the 2 days you checked in since our last session, up "
     "from 2 of 4."),
    (BASELINE, [6], "No check-ins since our last session yet."),
])
def test_cycle_days_caption(rows, sessions, expected):
    assert slides.cycle_days_caption(compute(rows, sessions)) == expected


@pytest.mark.parametrize("rows, expected", [
    ([ci("A", 5, cycle=True, repaired=True), ci("B", 5, cycle=True, repaired=False)],
     "When it showed up, you found your way back to each other afterwards."),
    ([ci("A", 5, cycle=True, repaired=True), ci("B", 6, cycle=True), ci("A", 7, cycle=True,
                                                                          repaired=True)],
     "When it showed up, you found your way back to each other on 2 of those 3 days."),
    ([ci("A", 5, cycle=True), ci("A", 6, cycle=True, repaired=False)],
     "Coming back to each other afterwards is the next step: no repair was noted on those 2 "
     "days."),
    ([ci("A", 5)], None),
])
def test_repair_caption(rows, expected):
    assert slides.repair_caption(compute(BASELINE + rows, [5])) == expected


# Baseline (days 1-3): Sam pushes hard while Alex pulls away; after the session (day 4) both
# stand near the middle. Polarization 8.3 -> 1.0, cycle intensity 8.7 -> 2.3 (hand-computed).
CALMING = [ci("A", 1, 9, 0), ci("B", 1, 0, 9), ci("A", 2, 8, 0), ci("B", 2, 0, 8),
           ci("A", 3, 9, 1), ci("B", 3, 1, 9), ci("A", 4, 2, 1), ci("B", 4, 1, 2),
           ci("A", 5, 3, 1), ci("B", 5, 1, 3), ci("A", 6, 2, 2), ci("B", 6, 2, 2)]


def escalating() -> list[dict]:
    """CALMING with the two intervals' days swapped: calm first, then the cycle takes hold."""
    swap = {1: 4, 2: 5, 3: 6, 4: 1, 5: 2, 6: 3}
    return [{**row, "day": d(swap[(row["day"] - d(1)).days + 1])} for row in CALMING]


def test_distance_captions_for_a_clear_calming():
    assert slides.distance_captions(compute(CALMING, [4], as_of=6)) == [
        "On the days you both checked in, you stood closer together since our last session: "
        "1.0 apart on a scale from 0 to 10, down from 8.3.",
        "That is a clear change, bigger than the ordinary ups and downs.",
        "How strongly the push-pull gripped you on those days since our last session: 2.3 out "
        "of 10, down from 8.7.",
        "That is a clear change, bigger than the ordinary ups and downs.",
    ]


def test_distance_captions_blame_the_cycle_when_it_gets_worse():
    found = slides.distance_captions(compute(escalating(), [4], as_of=6))
    assert found[0] == ("On the days you both checked in, the cycle pushed you further apart "
                        "since our last session: 8.3 apart on a scale from 0 to 10, up from 1.0.")
    assert found[2].endswith("8.7 out of 10, up from 2.3.")


@pytest.mark.parametrize("rows, sessions, expected", [
    (CALMING[:6], [], ["On the days you both checked in so far, you stood 8.3 apart on a scale "
                       "from 0 to 10.",
                       "How strongly the push-pull gripped you on those days so far: 8.7 out of "
                       "10."]),
    (CALMING[:6] + [ci("A", 4), ci("A", 5), ci("A", 6)], [4],
     ["There are no days since our last session on which you both checked in, so the "
      "distance between you cannot be shown yet."]),
    (CALMING[:4] + CALMING[6:10], [4],
     ["On the days you both checked in, you stood closer together since our last session: "
      "1.5 apart on a scale from 0 to 10, down from 8.5.",
      "There are too few shared days yet to say whether that is a real change.",
      "How strongly the push-pull gripped you on those days since our last session: 2.5 out "
      "of 10, down from 8.5.",
      "There are too few shared days yet to say whether that is a real change."]),
])
def test_distance_captions_without_a_comparison_or_a_verdict(rows, sessions, expected):
    assert slides.distance_captions(compute(rows, sessions, as_of=6)) == expected


def test_dance_captions_name_who_moved_and_let_the_cycle_do_the_pulling():
    assert slides.dance_captions(compute(CALMING, [4], as_of=6), FIRST) == [
        "Sam moved closer to the calm corner since our last session.",
        "Alex moved closer to the calm corner since our last session.",
    ]
    assert slides.dance_captions(compute(escalating(), [4], as_of=6), FIRST) == [
        "The cycle pulled Sam a little further from the calm corner since our last session.",
        "The cycle pulled Alex a little further from the calm corner since our last session.",
    ]
    quiet_alex = [row for row in CALMING if not (row["partner"] == "B" and row["day"] >= d(4))]
    assert slides.dance_captions(compute(quiet_alex, [4], as_of=6), FIRST)[1] == (
        "There are no check-ins from Alex since our last session to show yet.")


def test_practice_caption_counts_practised_days_against_days_due():
    rows = CALMING[:6] + [ci("A", 4, practised=["ask-plainly"]), ci("A", 5, practised=[
        "ask-plainly"]), ci("B", 5)]
    found = compute(rows, [4], tasks=[("ask-plainly", "A", 4)], as_of=6)
    assert slides.practice_caption(found) == (
        "Between you, you practised on 2 of the 3 days an exercise was due since our last "
        "session.")
    assert slides.practice_caption(compute(CALMING, [4], as_of=6)) == (
        "No exercises were due since our last session.")


@pytest.mark.parametrize("rows, sessions, expected", [
    ([], [], "Our pattern"),
    (CALMING[:6], [], "Our pattern so far"),
    (CALMING, [4], "Our pattern since the last session"),
])
def test_heading_names_no_one(rows, sessions, expected):
    found = compute_couple_metrics(pd.DataFrame(rows) if rows else None,
                                   [d(n) for n in sessions], None, as_of=d(6))
    assert slides.heading(found) == expected


def test_slides_follow_the_chosen_charts_and_skip_practice_without_exercises():
    found = compute(CALMING, [4], as_of=6)
    assert slides.default_keys(found) == ["timeline", "dance", "comparison"]
    chosen = slides.slides(found, FIRST, {}, ["comparison", "timeline"])
    assert [slide.chart.key for slide in chosen] == ["comparison", "timeline"]
    assert chosen[1].captions[0] == slides.TIMELINE_INTRO
    assert all(slide.chart.description for slide in chosen)


@pytest.mark.parametrize("first_names, expected", [
    (True, {"A": "Sam", "B": "Alex"}),
    (False, {"A": "Partner A", "B": "Partner B"}),
])
def test_partners_by_first_name_or_neutral_label(first_names, expected):
    assert slides.shown_names(NAMES, first_names=first_names) == expected


def test_markdown_is_escaped_so_names_cannot_make_links_or_images():
    escaped = escaping.markdown_escaped("![x](https://example.org/a.png) [y](http://e.org)")
    assert "](" not in escaped.replace("\\]\\(", "")
    assert re.sub(r"\\(.)", r"\1", escaped) == "![x](https://example.org/a.png) [y](http://e.org)"


def png_size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        return image.size


def svg_size(svg: str) -> tuple[float, float]:
    head = re.search(r"<svg[^>]*>", svg).group(0)
    return tuple(float(re.search(rf'{side}="([\d.]+)"', head).group(1))
                 for side in ("width", "height"))


@pytest.mark.parametrize("key", slides.CHART_KEYS)
def test_every_chart_downloads_as_png_at_twice_the_svg_size_made_offline(key):
    found = compute(CALMING, [4], tasks=[("ask-plainly", "A", 4)], as_of=6)
    chart = slides.couple_charts(found, FIRST, {"ask-plainly": "Ask plainly"}, [key])[0]
    svg = images.to_svg(chart.spec)
    width, height = svg_size(svg)
    assert png_size(images.to_png(chart.spec)) == (round(width * 2), round(height * 2))
    assert not re.search(r"(href|src)=\"https?:", svg)
    assert slides.file_name("C-001", key, "png") == f"C-001-{key}.png"


def everything(at) -> str:
    """Every element the page sent, chart specs and data included, as text."""
    parts = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None:
            parts.append(str(node.proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


@pytest.fixture
def marked_demo(demo_db):
    """The demo practice with a reflection, a session note and a focus to look for on C-101."""
    with demo_db.write() as session:
        couple_id = session.scalar(select(Couple.id).where(Couple.code == "C-101"))
        for row in session.scalars(select(CheckIn).where(CheckIn.couple_id == couple_id)
                                   .order_by(CheckIn.day.desc()).limit(6)):
            row.reflection = MARKERS[0]
        for row in session.scalars(select(TherapySession).where(
                TherapySession.couple_id == couple_id)):
            row.notes, row.focus = MARKERS[1], MARKERS[2]
        others = session.execute(select(Couple.code, Couple.display_name, Partner.display_name)
                                 .join(Partner).where(Couple.id != couple_id)).all()
    yield demo_db, {text for row in others for text in row}


def present(code: str = "C-101"):
    return open_page(sign_in(*DEMO), "pages/present.py", couple=code)
