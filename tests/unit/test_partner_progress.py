"""A partner's own progress chart and sentence, on hand-made check-ins."""

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.charts.partner_progress import COLUMNS, PHONE_HEIGHT, own_progress

AS_OF = date(2026, 3, 28)  # the window is 1 to 28 March
NAN = np.nan


def frame(rows) -> pd.DataFrame:
    """(day of March 2026 or a date, anxiety, closeness) rows; pursue and withdraw fixed."""
    days = [date(2026, 3, d) if isinstance(d, int) else d for d, _, _ in rows]
    return pd.DataFrame({"day": pd.to_datetime(days), "pursue": 4.0, "withdraw": 2.0,
                         "anxiety": [float(a) for _, a, _ in rows],
                         "closeness": [float(c) for _, _, c in rows]})


def data_rows(spec: dict) -> list[dict]:
    [rows] = spec["datasets"].values()
    return rows


def test_window_holds_only_the_last_28_days():
    rows = [(date(2026, 2, 28), 9, 9), (1, 5, 5), (28, 4, 6), (date(2026, 3, 29), 9, 9)]
    spec, text = own_progress(frame(rows), as_of=AS_OF)
    days = sorted({row["day"][:10] for row in data_rows(spec)})
    assert days[0] == "2026-03-01" and days[-1] == "2026-03-28" and len(days) == 28
    answered = {(r["day"][:10], r["measure"]): r["value"] for r in data_rows(spec)
                if r["value"] is not None}
    assert answered == {("2026-03-01", "Worry"): 5.0, ("2026-03-01", "Closeness"): 5.0,
                        ("2026-03-28", "Worry"): 4.0, ("2026-03-28", "Closeness"): 6.0}
    assert text.startswith("You checked in on 2 days of the last 28.")


def test_only_the_partners_own_columns_are_accepted():
    other = frame([(1, 5, 5)]).assign(partner="B")
    with pytest.raises(ValueError, match="exactly the columns"):
        own_progress(other, as_of=AS_OF)
    with pytest.raises(ValueError):
        own_progress(frame([(1, 5, 5)]).drop(columns="pursue"), as_of=AS_OF)
    spec, _ = own_progress(frame([(1, 5, 5)]), as_of=AS_OF)
    assert set(data_rows(spec)[0]) == {"day", "measure", "value"}
    assert set(COLUMNS) == {"day", "pursue", "withdraw", "anxiety", "closeness"}


def test_unanswered_is_a_gap_never_a_zero():
    spec, _ = own_progress(frame([(10, NAN, 7), (11, 3, NAN)]), as_of=AS_OF)
    values = {(r["day"][:10], r["measure"]): r["value"] for r in data_rows(spec)}
    assert values[("2026-03-10", "Worry")] is None
    assert values[("2026-03-11", "Closeness")] is None
    assert values[("2026-03-12", "Worry")] is None  # no check-in at all that day
    assert 0 not in values.values() and 0.0 not in values.values()
    [line] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
    assert line["mark"]["invalid"] == "break-paths-show-domains"


def test_chart_fits_a_phone_and_encodes_twice():
    spec, _ = own_progress(frame([(1, 5, 5)]), as_of=AS_OF)
    assert spec["height"] == PHONE_HEIGHT <= 240 and spec["width"] == "container"
    [line] = [layer for layer in spec["layer"] if layer["mark"]["type"] == "line"]
    assert line["encoding"]["color"]["scale"]["range"] == ["#0072B2", "#E69F00"]
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"] == [0, 10]


def test_sentence_counts_and_notes_by_hand():
    # Closeness: 4 on days 1-4, 7 on days 15-18 (+3). Worry: 5 throughout (0).
    rows = [(d, 5, 4) for d in (1, 2, 3, 4)] + [(d, 5, 7) for d in (15, 16, 17, 18)]
    rows += [(20, NAN, NAN)]  # all unanswered: not a counted check-in
    _, text = own_progress(frame(rows), as_of=AS_OF)
    assert text == ("You checked in on 8 days of the last 28. Your closeness was a little "
                    "higher in the last two weeks than in the two before.")


def test_worry_going_down_and_nothing_moving():
    rows = [(d, 7, 5) for d in (2, 3, 4)] + [(d, 4, 5.5) for d in (20, 21, 22)]
    _, text = own_progress(frame(rows), as_of=AS_OF)
    assert text.endswith("Your worry was a little lower in the last two weeks than in the two before.")
    rows = [(d, 5, 5) for d in (2, 3, 4)] + [(d, 5.5, 5) for d in (20, 21, 22)]
    _, text = own_progress(frame(rows), as_of=AS_OF)
    assert text == ("You checked in on 6 days of the last 28. "
                    "Your answers stayed about the same over these four weeks.")


def test_too_few_answers_give_no_note_and_one_day_is_singular():
    _, text = own_progress(frame([(27, 5, 5)]), as_of=AS_OF)
    assert text == "You checked in on 1 day of the last 28."


def test_empty_case_is_kind():
    for days in (frame([]), frame([(date(2026, 1, 3), 5, 5)])):
        spec, text = own_progress(days, as_of=AS_OF)
        assert text == ("There are no check-ins here yet. "
                        "Your first one will start this picture.")
        assert all(r["value"] is None for r in data_rows(spec))


def test_every_visible_string_goes_through_gettext():
    seen = []

    def fake(message):
        seen.append(message)
        return f"XX:{message}"

    def fake_plural(singular, plural, count):
        return f"XX:{singular if count == 1 else plural}"

    rows = [(d, 5, 4) for d in (1, 2, 3)] + [(d, 5, 7) for d in (15, 16, 17)]
    spec, text = own_progress(frame(rows), as_of=AS_OF, gettext=fake, ngettext=fake_plural)
    assert spec["title"]["text"].startswith("XX:")
    layers = spec["layer"]
    assert layers[0]["encoding"]["y"]["title"].startswith("XX:")
    assert layers[0]["encoding"]["x"]["title"] is None
    assert all(t["title"].startswith("XX:") for t in layers[1]["encoding"]["tooltip"])
    assert {r["measure"] for r in data_rows(spec)} == {"XX:Closeness", "XX:Worry"}
    assert text.startswith("XX:You checked in on 6 days") and ". XX:Your closeness" in text
    _, empty = own_progress(frame([]), as_of=AS_OF, gettext=fake, ngettext=fake_plural)
    assert empty.startswith("XX:")
    # No English words reach the spec except through gettext.
    encoded = json.dumps(spec, ensure_ascii=False)
    for word in ("Closeness", "Worry", "Your last", "not at all", "Day", "Answer"):
        assert f'"{word}' not in encoded


def test_language_sets_month_names():
    spec, _ = own_progress(frame([(1, 5, 5)]), as_of=AS_OF, language="de")
    assert spec["config"]["locale"]["time"]["shortMonths"][2] == "Mär"
    spec, _ = own_progress(frame([(1, 5, 5)]), as_of=AS_OF, language="xx")
    assert spec["config"]["locale"]["time"]["shortMonths"][2] == "Mar"
