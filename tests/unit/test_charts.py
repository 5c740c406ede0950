"""Charts: partner encoding, what each chart shows, the data sent to the browser, export."""

from __future__ import annotations

import ast
import inspect
import re
import struct
from datetime import date, datetime, timedelta
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from dashboard import charts
from dashboard.analytics.interval_changes import changes
from dashboard.analytics.metrics import compute_couple_metrics
from dashboard.charts import descriptions
from dashboard.exports import images

NAMES = {"A": "Sam", "B": "Alex"}
TITLES = {"calm-first": "Calm yourself first", "check-in": "Daily check-in"}
BLUE, ORANGE = "#0072B2", "#E69F00"


def d(n: int) -> date:
    """Day n counted from 1 March 2025 (d(1) = 1 Mar)."""
    return date(2025, 3, 1) + timedelta(days=n - 1)


def ci(partner, day, pursue, withdraw, *, practised=()) -> dict:
    """One check-in row with a private reflection the charts must never send."""
    when = d(day)
    return dict(partner=partner, day=when, pursue=pursue, withdraw=withdraw, anxiety=5,
                closeness=5, cycle_noticed=False, repaired=None, practised=tuple(practised),
                reflection="private words", submitted_at=datetime(when.year, when.month,
                                                                  when.day, 20))


def task(exercise, partner, start, per_week=7) -> dict:
    """One open assignment row; start is a day number."""
    return dict(exercise_id=exercise, partner=partner, start=d(start), end=None,
                per_week=per_week, archived=False)


def compute(rows=(), sessions=(), tasks=(), as_of=30):
    """Metrics of small hand-made data."""
    assignments = pd.DataFrame(list(tasks), columns=["exercise_id", "partner", "start", "end",
                                                     "per_week", "archived"])
    assignments.insert(0, "assignment_id", range(1, len(assignments) + 1))
    return compute_couple_metrics(pd.DataFrame(list(rows)), [d(n) for n in sessions],
                                  assignments, as_of=d(as_of))


def story_rows(skip_b=()) -> list[dict]:
    """30 days: far apart in the baseline, close after session 1, apart again after session 2.

    Pursue/withdraw, with A's pursue one lower on odd days so the standard deviations are not 0:
    baseline (days 1-10): A 8/1, B 1/8 -> polarization 6.75, cycle intensity 7.5;
    since session 1 (11-20): A 4/2, B 2/4 -> polarization 1.75, cycle intensity 3.5;
    since session 2 (21-30): A 4/0, B 0/4 -> polarization 3.75, cycle intensity 3.5.
    """
    rows = []
    for day in range(1, 31):
        a, b = (((8, 1), (1, 8)) if day <= 10 else ((4, 2), (2, 4)) if day <= 20
                else ((4, 0), (0, 4)))
        wobble = day % 2
        rows.append(ci("A", day, a[0] - wobble, a[1],
                       practised=("calm-first",) if day % 3 == 0 and day > 10 else ()))
        if day not in skip_b:
            rows.append(ci("B", day, b[0], b[1], practised=("check-in",) if day > 25 else ()))
    return rows


STORY_TASKS = (task("calm-first", "A", 11), task("check-in", None, 21, per_week=3))


@pytest.fixture
def story():
    """Two sessions (days 11 and 21), both partners checking in, exercises from session 1."""
    return compute(story_rows(), sessions=(11, 21), tasks=STORY_TASKS)


def all_charts(found, names=NAMES) -> dict[str, alt.TopLevelMixin]:
    """Every couple chart, by name."""
    return {
        "timeline": charts.cycle_timeline(found, names),
        "dance_map": charts.dance_map(found, names),
        "interval_comparison": charts.interval_comparison(found),
        "practice": charts.practice_chart(found, TITLES, names),
    }


def units(spec: dict, data: str | None = None):
    """(mark type, unit spec, dataset name) of every mark in a spec, data inherited."""
    data = spec.get("data", {}).get("name", data) if isinstance(spec.get("data"), dict) else data
    if "mark" in spec:
        mark = spec["mark"]
        yield (mark if isinstance(mark, str) else mark["type"]), spec, data
    for child in spec.get("layer", []):
        yield from units(child, data)
    if "spec" in spec:
        yield from units(spec["spec"], data)


def rows_of(chart, mark: str, *, where=lambda unit: True) -> list[dict]:
    """The data rows behind the marks of one type (the first matching unit)."""
    spec = chart.to_dict()
    for kind, unit, name in units(spec):
        if kind == mark and where(unit):
            return spec["datasets"][name]
    raise AssertionError(f"no {mark} mark")


def encodings(chart, channel: str) -> list[dict]:
    """Every encoding of one channel that uses the partner field."""
    return [unit["encoding"][channel] for _, unit, _ in units(chart.to_dict())
            if unit.get("encoding", {}).get(channel, {}).get("field") == "partner"]


def data_columns(chart) -> list[frozenset]:
    """The column sets of the chart's datasets that hold rows (data-less layers hold {})."""
    return sorted({frozenset(row) for rows in chart.to_dict()["datasets"].values()
                   for row in rows if row}, key=sorted)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def svg_size(svg: str) -> tuple[int, int]:
    """Width and height of the root SVG element."""
    found = re.search(r'<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"', svg)
    return round(float(found[1])), round(float(found[2]))


# --- partners: fixed colours, a second encoding, names in the legend ---------------------------

@pytest.mark.parametrize("name", ["timeline", "dance_map", "practice"])
def test_partner_colours_are_the_same_in_every_chart(story, name):
    colours = encodings(all_charts(story)[name], "color")
    assert colours, "the chart has no partner colour"
    for colour in colours:
        assert colour["scale"] == {"domain": ["Sam", "Alex"], "range": [BLUE, ORANGE]}


@pytest.mark.parametrize("name", ["timeline", "dance_map", "practice"])
def test_partners_are_encoded_twice(story, name):
    chart = all_charts(story)[name]
    dashes, shapes = encodings(chart, "strokeDash"), encodings(chart, "shape")
    assert dashes or shapes
    for dash in dashes:
        assert dash["scale"] == {"domain": ["Sam", "Alex"], "range": [[1, 0], [6, 4]]}
    for shape in shapes:
        assert shape["scale"] == {"domain": ["Sam", "Alex"], "range": ["circle", "square"]}


def test_timeline_and_dance_map_use_both_dash_and_shape(story):
    for chart in (charts.cycle_timeline(story, NAMES), charts.dance_map(story, NAMES)):
        assert encodings(chart, "strokeDash") and encodings(chart, "shape")


def test_a_long_timeline_keeps_dashes_and_drops_the_shapes_of_its_specks():
    from dashboard.sample_data import scale

    check_ins, sessions, assignments, names = scale.couple_history(days=400, seed=3,
                                                                    end=date(2026, 11, 1))
    found = compute_couple_metrics(check_ins, sessions, assignments,
                                   as_of=date(2026, 11, 1))
    chart = charts.cycle_timeline(found, names)
    assert encodings(chart, "strokeDash") and not encodings(chart, "shape")
    assert encodings(charts.cycle_timeline(compute(story_rows(), sessions=(11, 21)), NAMES),
                     "shape")


@pytest.mark.parametrize("names, legend", [
    ({"A": "Partner A", "B": "Partner B"}, ["Partner A", "Partner B"]),
    (None, ["Partner A", "Partner B"]),
    ({"A": "Sam", "B": "Sam"}, ["Sam (A)", "Sam (B)"]),
])
def test_legend_shows_the_names_given_in_order_a_then_b(story, names, legend):
    for chart in (charts.cycle_timeline(story, names), charts.dance_map(story, names),
                  charts.practice_chart(story, TITLES, names)):
        assert {tuple(c["scale"]["domain"]) for c in encodings(chart, "color")} == {tuple(legend)}
        assert {row["partner"] for row in rows_of(chart, chart_mark(chart))} <= set(legend)


def chart_mark(chart) -> str:
    """The mark that carries the partner rows of a chart."""
    return "bar" if isinstance(chart, alt.FacetChart) else "point"


# --- what each chart shows ---------------------------------------------------------------------

@pytest.mark.parametrize("sessions, as_of, expected", [
    ((11, 21), 30, 2),
    ((), 30, 0),
    ((11, 21, 40), 30, 2),  # a session after as_of is not drawn
    ((1, 11), 30, 2),  # a session on the first check-in's day: no baseline, still a session
])
def test_one_rule_per_session(sessions, as_of, expected):
    found = compute(story_rows(), sessions=sessions, as_of=as_of)
    rules = rows_of(charts.cycle_timeline(found, NAMES), "rule")
    assert len(rules) == expected
    assert [row["day"][:10] for row in rules] == [
        d(n).isoformat() for n in sorted(sessions) if n <= as_of][:expected]


def test_timeline_bands_alternate_over_every_interval(story):
    bands = rows_of(charts.cycle_timeline(story, NAMES), "rect")
    assert [row["label"] for row in bands] == list(story.intervals["label"])
    assert [row["shade"] for row in bands] == [0, 1, 0]
    assert bands[-1]["end"][:10] == d(31).isoformat()  # the open interval runs through as_of


def test_timeline_axis_speaks_plain_words(story):
    spec = charts.cycle_timeline(story, NAMES).to_dict()
    y = next(unit["encoding"]["y"] for kind, unit, _ in units(spec) if kind == "line")
    assert y["scale"]["domain"] == [-10, 10]
    assert y["axis"]["title"] == "← pulling back · reaching out →"
    assert y["axis"]["values"] == [-10, 0, 10]
    for word in ("pulling back", "balanced", "reaching out"):
        assert word in y["axis"]["labelExpr"]
    tooltip = {t["field"] for t in
               next(u for k, u, _ in units(spec) if k == "point")["encoding"]["tooltip"]}
    assert {"day", "stance"} <= tooltip


def test_timeline_holds_one_point_per_check_in_day(story):
    points = rows_of(charts.cycle_timeline(story, NAMES), "point")
    assert len(points) == len(story.daily) == 60
    assert {row["stance"] for row in points if row["partner"] == "Alex"} == {-7, -2, -4}


@pytest.mark.parametrize("skip_b, expected", [
    ((), 6),
    (tuple(range(21, 31)), 5),  # B silent since session 2: no point for B there
])
def test_dance_map_has_one_point_per_interval_and_partner_in_time_order(skip_b, expected):
    found = compute(story_rows(skip_b), sessions=(11, 21))
    chart = charts.dance_map(found, NAMES)
    points = rows_of(chart, "point")
    assert len(points) == expected
    for name in NAMES.values():
        own = [row["interval"] for row in points if row["partner"] == name]
        assert own == sorted(own)
    line = next(u for k, u, _ in units(chart.to_dict()) if k == "line")
    assert line["encoding"]["order"]["field"] == "interval"
    sam = [(row["label"], row["withdraw"], row["pursue"]) for row in points
           if row["partner"] == "Sam"]
    assert sam == [("Baseline", 1.0, 7.5), ("Since session 1 (11 Mar)", 2.0, 3.5),
                   ("Since session 2 (21 Mar)", 0.0, 3.5)]


def test_dance_map_marks_the_calm_corner(story):
    spec = charts.dance_map(story, NAMES).to_dict()
    rect = next(u for k, u, _ in units(spec) if k == "rect")["encoding"]
    assert (rect["x"]["datum"], rect["x2"]["datum"], rect["y"]["datum"], rect["y2"]["datum"]) == (
        0, 3, 0, 3)
    assert any(u["mark"].get("text") == "calm corner" for k, u, _ in units(spec) if k == "text")


def test_reliable_change_marks_are_exactly_where_changes_says(story):
    chart = charts.interval_comparison(story)
    ringed = {(row["label"], row["measure"], row["note"]) for row in
              rows_of(chart, "point", where=lambda unit: not unit["mark"].get("filled", True))}
    words = {"polarization": "Polarization", "cycle_intensity": "Cycle intensity"}
    numbers = story.interval_numbers
    expected = {(story.label(to), words[c.metric], "reliable ↑" if c.change > 0 else "reliable ↓")
                for frm, to in zip(numbers, numbers[1:]) for c in changes(story, frm, to)
                if c.partner is None and c.reliable}
    assert ringed == expected
    # Worked out by hand from story_rows: both fall after session 1, polarization rises again
    # after session 2 while cycle intensity stays at 3.5 (no mark).
    assert ringed == {("Since session 1 (11 Mar)", "Polarization", "reliable ↓"),
                      ("Since session 1 (11 Mar)", "Cycle intensity", "reliable ↓"),
                      ("Since session 2 (21 Mar)", "Polarization", "reliable ↑")}


def test_interval_comparison_runs_in_time_order_with_two_distinct_series(story):
    spec = charts.interval_comparison(story).to_dict()
    point = next(u for k, u, _ in units(spec) if k == "point" and u["mark"].get("filled"))
    assert point["encoding"]["x"]["sort"] == list(story.intervals["label"])
    assert point["encoding"]["color"]["scale"]["range"] == ["#009E73", "#CC79A7"]
    assert not {BLUE, ORANGE} & set(point["encoding"]["color"]["scale"]["range"])
    assert point["encoding"]["shape"]["field"] == "measure"
    assert len(rows_of(charts.interval_comparison(story), "line")) == 6


def test_practice_chart_shows_practised_against_due_per_partner(story):
    chart = charts.practice_chart(story, TITLES, NAMES)
    spec = chart.to_dict()
    assert spec["facet"]["column"]["field"] == "partner"
    bars = {(row["partner"], row["label"], row["exercise"]): (row["practised_days"],
                                                             row["due_days"])
            for row in rows_of(chart, "bar")}
    assert bars[("Sam", "Since session 1 (11 Mar)", "Calm yourself first")] == (3, 10)
    assert bars[("Alex", "Since session 2 (21 Mar)", "Daily check-in")] == (5, round(30 / 7, 2))
    assert ("Alex", "Since session 1 (11 Mar)", "Calm yourself first") not in bars
    marks = [(unit["mark"], unit["encoding"]["y"]["field"]) for k, unit, _ in units(spec)]
    assert ({"type": "bar", "filled": False, "strokeWidth": 2}, "due_days") in marks


def test_practice_chart_falls_back_to_the_exercise_id_without_a_title(story):
    rows = rows_of(charts.practice_chart(story, {}, NAMES), "bar")
    assert {row["exercise"] for row in rows} == {"calm-first", "check-in"}


# --- only the columns a chart needs reach the browser -------------------------------------------

@pytest.mark.parametrize("name, columns", [
    ("timeline", [{"day"}, {"day", "partner", "stance"}, {"end", "label", "shade", "start"}]),
    ("dance_map", [{"interval", "label", "partner", "pursue", "withdraw"}]),
    ("interval_comparison", [{"label", "measure", "note", "value"},
                             {"label", "measure", "value"}]),
    ("practice", [{"due_days", "exercise", "label", "partner", "practised_days"}]),
])
def test_charts_send_only_the_columns_they_encode(story, name, columns):
    chart = all_charts(story)[name]
    assert data_columns(chart) == sorted((frozenset(c) for c in columns), key=sorted)
    assert "private words" not in str(chart.to_dict())


def test_sparklines_send_only_code_interval_and_cycle_intensity():
    frame = caseload_frame().assign(display_name="Rivera", polarization=1.0)
    assert data_columns(charts.caseload_sparkline(frame)) == [
        frozenset({"code", "interval", "cycle_intensity"})]
    one = frame[frame["code"] == "C-001"]
    assert data_columns(charts.sparkline(one)) == [frozenset({"interval", "cycle_intensity"})]


# --- sparklines ----------------------------------------------------------------------------------

def caseload_frame() -> pd.DataFrame:
    """Cycle intensity per interval for two couples, one interval without paired days."""
    return pd.DataFrame({"code": ["C-001"] * 3 + ["C-002"] * 2, "interval": [0, 1, 2, 0, 1],
                         "cycle_intensity": [6.0, float("nan"), 3.25, 2.0, 4.0]})


def test_caseload_sparkline_is_one_tiny_line_per_couple():
    spec = charts.caseload_sparkline(caseload_frame()).to_dict()
    assert spec["facet"]["row"]["field"] == "code"
    assert (spec["spec"]["width"], spec["spec"]["height"]) == (160, 40)
    assert {row["code"] for rows in spec["datasets"].values() for row in rows} == {"C-001",
                                                                                   "C-002"}
    for kind, unit, _ in units(spec):
        assert unit["encoding"]["x"]["axis"] is None and unit["encoding"]["y"]["axis"] is None


def test_sparkline_of_one_couple_drops_missing_values():
    chart = charts.sparkline(caseload_frame().iloc[:3])
    spec = chart.to_dict()
    assert (spec["width"], spec["height"]) == (160, 40)
    assert rows_of(chart, "line") == [{"interval": 0, "cycle_intensity": 6.0},
                                      {"interval": 2, "cycle_intensity": 3.25}]


# --- empty inputs --------------------------------------------------------------------------------

ONE_PARTNER = [ci("A", day, 6, 2) for day in range(1, 15)]


@pytest.mark.parametrize("case, found", [
    ("no check-ins", lambda: compute()),
    ("sessions but no check-ins", lambda: compute(sessions=(5,))),
    ("only one partner", lambda: compute(ONE_PARTNER, sessions=(8,), tasks=STORY_TASKS)),
    ("no assignments", lambda: compute(story_rows(), sessions=(11, 21))),
])
def test_empty_inputs_still_render(case, found):
    found = found()
    built = {**all_charts(found), "sparkline": charts.sparkline(found.couple),
             "caseload": charts.caseload_sparkline(found.couple.assign(code="C-001"))}
    for name, chart in built.items():
        svg = images.to_svg(chart)
        assert svg.startswith("<svg"), name
    describe = [descriptions.describe_timeline(found, NAMES), descriptions.describe_dance_map(found, NAMES),
                descriptions.describe_interval_comparison(found),
                descriptions.describe_practice(found, TITLES, NAMES),
                descriptions.describe_sparkline(found.couple)]
    assert all(text.endswith(".") for text in describe)


def test_no_check_ins_give_charts_without_data():
    found = compute()
    for name, chart in all_charts(found).items():
        rows = [row for rows in chart.to_dict()["datasets"].values() for row in rows if row]
        assert rows == [], name
    empty = pd.DataFrame(columns=["code", "interval", "cycle_intensity"])
    for chart in (charts.caseload_sparkline(empty), charts.sparkline(empty)):
        assert images.to_svg(chart).startswith("<svg")


def test_one_partner_only_shows_that_partner(story):
    found = compute(ONE_PARTNER, sessions=(8,))
    assert {row["partner"] for row in rows_of(charts.dance_map(found, NAMES), "point")} == {"Sam"}
    assert rows_of(charts.interval_comparison(found), "line") == []
    assert "Alex has not checked in yet." in descriptions.describe_timeline(found, NAMES)


# --- export --------------------------------------------------------------------------------------

def test_png_export_is_twice_the_chart_size(story):
    chart = charts.cycle_timeline(story, NAMES)
    width, height = svg_size(images.to_svg(chart))
    assert width >= images.EXPORT_WIDTH  # the page's "container" width became a fixed one
    assert png_size(images.to_png(chart, scale=2)) == (2 * width, 2 * height)
    assert png_size(images.to_png(chart, scale=1)) == (width, height)


@pytest.mark.parametrize("name", ["timeline", "dance_map", "interval_comparison", "practice",
                                  "caseload"])
def test_svg_export_references_no_outside_server(story, name):
    built = {**all_charts(story),
             "caseload": charts.caseload_sparkline(caseload_frame())}
    svg = images.to_svg(built[name])
    outside = [url for url in re.findall(r"https?://[^\s\"'<>)]+", svg)
               if not url.startswith("http://www.w3.org/")]
    assert outside == []
    assert "<image" not in svg and "@import" not in svg and "@font-face" not in svg


def test_export_refuses_data_from_outside_servers():
    chart = alt.Chart(alt.UrlData("https://example.com/couples.csv")).mark_point().encode(x="a:Q")
    with pytest.raises(Exception, match="not allowed"):
        images.to_svg(chart)


def test_export_keeps_the_chart_unchanged(story):
    chart = charts.cycle_timeline(story, NAMES)
    images.to_png(chart)
    assert chart.to_dict()["width"] == "container"


# --- descriptions --------------------------------------------------------------------------------

def test_describe_timeline_names_partners_days_sessions_and_averages(story):
    text = descriptions.describe_timeline(story, NAMES)
    assert text.startswith("Stance of Sam and Alex on 30 days from 1 Mar to 30 Mar; 2 sessions.")
    # Sam: baseline stance 7.5 - 1 = 6.5; since session 2: 3.5 - 0 = 3.5.
    assert "Sam's average stance went from 6.5 in the baseline to 3.5 since session 2 (21 Mar)." \
        in text
    assert "Alex's average stance went from -7.0 in the baseline to -4.0 since session 2" in text


def test_describe_dance_map_gives_each_point(story):
    text = descriptions.describe_dance_map(story, NAMES)
    assert "Sam — Baseline: pulling back 1.0, reaching out 7.5;" in text
    assert "Alex — Baseline: pulling back 8.0, reaching out 1.0;" in text
    assert "Sam ended closer to the calm corner than at first." in text


def test_describe_interval_comparison_gives_values_and_reliable_changes(story):
    text = descriptions.describe_interval_comparison(story)
    assert "in 3 intervals" in text
    assert "Polarization: Baseline 6.8; Since session 1 (11 Mar) 1.8 (a reliable fall);" in text
    assert "Cycle intensity: Baseline 7.5; Since session 1 (11 Mar) 3.5 (a reliable fall); " \
           "Since session 2 (21 Mar) 3.5." in text


def test_describe_practice_gives_days_practised_out_of_due(story):
    text = descriptions.describe_practice(story, TITLES, NAMES)
    assert "Sam: Calm yourself first, since session 1 (11 Mar): 3 of 10 days;" in text
    assert "Alex: Daily check-in, since session 2 (21 Mar): 5 of about 4.3 days." in text
    assert descriptions.describe_practice(compute(story_rows()), TITLES, NAMES) == (
        "No exercises were assigned, so there is no practice to show.")


def test_describe_sparkline_for_the_caseload_and_one_couple():
    frame = caseload_frame()
    assert descriptions.describe_sparkline(frame) == (
        "Cycle intensity per interval, from 0 (calm) to 10 (strong), for 2 couples. "
        "C-001: baseline 6.0, after session 1 no day both checked in, after session 2 3.2. "
        "C-002: baseline 2.0, after session 1 4.0.")
    assert descriptions.describe_sparkline(frame.iloc[3:][["interval", "cycle_intensity"]]) == (
        "Cycle intensity per interval, from 0 (calm) to 10 (strong). "
        "Baseline 2.0, after session 1 4.0.")


@pytest.mark.parametrize("names", [NAMES, {"A": "Partner A", "B": "Partner B"}])
def test_descriptions_use_the_names_shown(story, names):
    for text in (descriptions.describe_timeline(story, names), descriptions.describe_dance_map(story, names),
                 descriptions.describe_practice(story, TITLES, names)):
        assert names["A"] in text and names["B"] in text


# --- the module itself ---------------------------------------------------------------------------

def test_charts_never_import_streamlit_and_document_every_function():
    source = Path(inspect.getsourcefile(charts)).read_text()
    tree = ast.parse(source)
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, (ast.Import, ast.ImportFrom))
                for alias in getattr(node, "names", [])}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "streamlit" not in imported
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            docstring = ast.get_docstring(node)
            assert docstring and "\n" not in docstring.strip(), node.name


def test_timeline_takes_more_than_five_thousand_partner_days():
    from datetime import date, timedelta

    import pandas as pd

    from dashboard.analytics.metrics import compute_couple_metrics
    from dashboard.charts import cycle_timeline

    start = date(2010, 1, 1)
    rows = [dict(partner=p, day=start + timedelta(days=n), submitted_at=pd.Timestamp(
        start + timedelta(days=n), tz="UTC"), pursue=5, withdraw=5, anxiety=5, closeness=5,
        cycle_noticed=False, repaired=None, practised=()) for n in range(2600) for p in "AB"]
    found = compute_couple_metrics(pd.DataFrame(rows), [], None, as_of=start + timedelta(2600))
    spec = cycle_timeline(found, {"A": "Sam", "B": "Alex"}).to_dict()
    assert sum(len(v) for v in spec["datasets"].values()) >= 5200
