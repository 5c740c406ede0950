"""Altair charts of one couple's pattern and of the caseload.

Never imports Streamlit. A chart reaches the browser with its whole DataFrame, so every builder
keeps only the columns it encodes; partner names appear only as the legend's values. Partners
keep the same colours in every chart and are encoded twice (colour and dash, or colour and
shape). Each chart's text alternative is in :mod:`dashboard.charts.descriptions`; PNG and SVG
exports in :mod:`dashboard.exports.images`.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from dashboard.analytics.interval_changes import changes
from dashboard.analytics.metrics import CoupleMetrics
from dashboard.vocabulary import PARTNERS

# Years of daily check-ins exceed Altair's default 5,000-row guard; builders already send
# only the columns they draw, so the data stays small.
alt.data_transformers.disable_max_rows()

PARTNER_COLOURS = ("#0072B2", "#E69F00")  # Okabe-Ito blue and orange: colour-blind safe
PARTNER_DASHES = ((1, 0), (6, 4))  # A solid, B dashed
PARTNER_SHAPES = ("circle", "square")
SERIES = {"polarization": "Polarization", "cycle_intensity": "Cycle intensity"}
SERIES_COLOURS = ("#009E73", "#CC79A7")  # Okabe-Ito, kept apart from the partner colours
SERIES_SHAPES = ("diamond", "triangle-up")
EXERCISE_COLOURS = ("#4a5663", "#a9b3bd", "#6f7d8c", "#d3d9df", "#2b3138", "#8b97a3")
BAND_SHADES = ("#ffffff", "#f1f3f5")
INK = "#333333"
HEIGHT = 280


STANCE_WORDS = ("datum.value == -10 ? 'pulling back' : datum.value == 0 ? 'balanced' "
                ": datum.value == 10 ? 'reaching out' : ''")
NOTE_WORDS = {"reliable ↑": "a reliable rise", "reliable ↓": "a reliable fall"}
# "Since session 2 (17 Mar)" on two lines: "Since session 2" / "17 Mar".
TWO_LINE_LABEL = "split(replace(datum.value, ')', ''), ' (')"


def partner_names(names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Legend names for A and B ("Partner A" when missing), kept distinct."""
    shown = {p: str((names or {}).get(p) or f"Partner {p}") for p in PARTNERS}
    if shown["A"] == shown["B"]:
        shown = {p: f"{shown[p]} ({p})" for p in PARTNERS}
    return shown


def cycle_timeline(
    metrics: CoupleMetrics, names: Mapping[str, str] | None = None,
) -> alt.LayerChart:
    """Each partner's daily stance, sessions as vertical rules, intervals as alternating bands."""
    shown = partner_names(names)
    daily = _with_names(metrics.daily.loc[:, ["day", "partner", "stance"]], shown)
    intervals = metrics.intervals
    bands = pd.DataFrame({
        "start": intervals["start"], "end": intervals["last_day"] + pd.Timedelta(days=1),
        "label": intervals["label"], "shade": np.arange(len(intervals)) % 2,
    })
    sessions = pd.DataFrame({"day": intervals.loc[intervals["interval"] > 0, "start"]})
    long = not bands.empty and (bands["end"].max() - bands["start"].min()).days > 300
    axis = alt.Axis(format="%b %Y" if long else "%-d %b")
    x = alt.X("day:T", title=None, axis=axis)
    y = alt.Y("stance:Q", scale=alt.Scale(domain=[-10, 10], nice=False),
              axis=alt.Axis(values=[-10, 0, 10], labelExpr=STANCE_WORDS,
                            title="← pulling back · reaching out →"))
    tooltip = [alt.Tooltip("partner:N", title="Partner"),
               alt.Tooltip("day:T", title="Day", format="%a %-d %b %Y"),
               alt.Tooltip("stance:Q", title="Stance")]
    layers = [
        alt.Chart(bands).mark_rect().encode(
            x=alt.X("start:T", title=None, axis=axis), x2="end:T",
            fill=alt.Fill("shade:N", scale=alt.Scale(domain=[0, 1], range=list(BAND_SHADES)),
                          legend=None),
            tooltip=[alt.Tooltip("label:N", title="Interval")]),
        alt.Chart(sessions).mark_rule(color=INK, strokeWidth=1.5, opacity=0.6).encode(
            x=x, tooltip=[alt.Tooltip("day:T", title="Session", format="%-d %b %Y")]),
        alt.Chart(daily).mark_line(strokeWidth=2).encode(
            x=x, y=y, color=_partner_colour(shown), strokeDash=_partner_dash(shown)),
        # Over a long span the points are specks, where a square looks like a circle: the
        # dashes carry the second encoding, and the export draws far faster without shapes.
        alt.Chart(daily).mark_point(filled=True, size=12 if long else 30).encode(
            x=x, y=y, color=_partner_colour(shown), tooltip=tooltip,
            **({} if long else {"shape": _partner_shape(shown)})),
    ]
    chart = alt.layer(*layers).properties(width="container", height=HEIGHT)
    return _style(chart, "Where each partner stood, day by day",
                  ["Above the middle: reaching out. Below: pulling back. "
                   "Vertical lines are sessions."])


def dance_map(metrics: CoupleMetrics, names: Mapping[str, str] | None = None) -> alt.LayerChart:
    """Each partner's interval averages (pulling back vs reaching out) joined in time order."""
    shown = partner_names(names)
    columns = ["interval", "label", "partner", "withdraw", "pursue"]
    means = _with_names(metrics.partners.loc[metrics.partners["days"] > 0, columns], shown)
    ticks = alt.Axis(values=list(range(0, 11, 2)))
    x = alt.X("withdraw:Q", scale=alt.Scale(domain=[0, 10], nice=False), axis=ticks,
              title="Pulling back (average, 0-10)")
    y = alt.Y("pursue:Q", scale=alt.Scale(domain=[0, 10], nice=False), axis=ticks,
              title="Reaching out (average, 0-10)")
    corner = {"x": alt.X(datum=0), "x2": alt.X2(datum=3), "y": alt.Y(datum=0),
              "y2": alt.Y2(datum=3)}
    tooltip = [alt.Tooltip("partner:N", title="Partner"), alt.Tooltip("label:N", title="Interval"),
               alt.Tooltip("withdraw:Q", title="Pulling back", format=".1f"),
               alt.Tooltip("pursue:Q", title="Reaching out", format=".1f")]
    base = alt.Chart(means).encode(x=x, y=y)
    chart = alt.layer(
        alt.Chart().mark_rect(color=SERIES_COLOURS[0], opacity=0.12).encode(**corner),
        alt.Chart().mark_text(text="calm corner", color=INK, fontSize=13).encode(
            x=alt.X(datum=1.5), y=alt.Y(datum=1.5)),
        base.mark_line(strokeWidth=2).encode(
            color=_partner_colour(shown), strokeDash=_partner_dash(shown),
            order=alt.Order("interval:Q")),
        base.mark_point(filled=True, size=120, opacity=1).encode(
            color=_partner_colour(shown), shape=_partner_shape(shown), tooltip=tooltip),
        base.mark_text(align="left", dx=9, dy=-9, fontSize=12, color=INK).encode(text="label:N"),
    ).properties(width="container", height=HEIGHT + 40)
    return _style(chart, "The dance, interval by interval",
                  ["Each point is a partner's average between two sessions. "
                   "Moving toward the calm corner means less push and pull."])


def interval_comparison(metrics: CoupleMetrics) -> alt.LayerChart:
    """Polarization and cycle intensity per interval, reliable changes ringed and labelled."""
    values = (metrics.couple.melt(id_vars=["label"], value_vars=list(SERIES), var_name="measure",
                                  value_name="value")
              .dropna(subset=["value"]).assign(measure=lambda f: f["measure"].map(SERIES)))
    reliable = reliable_marks(metrics)
    x = alt.X("label:N", sort=list(metrics.intervals["label"]), title=None,
              axis=alt.Axis(labelAngle=0, labelExpr=TWO_LINE_LABEL))
    y = alt.Y("value:Q", scale=alt.Scale(domain=[0, 10], nice=False),
              title="0 = calm · 10 = strong")
    colour = alt.Color("measure:N", title=None, legend=alt.Legend(orient="top"),
                       scale=alt.Scale(domain=list(SERIES.values()), range=list(SERIES_COLOURS)))
    shape = alt.Shape("measure:N", title=None, legend=alt.Legend(orient="top"),
                      scale=alt.Scale(domain=list(SERIES.values()), range=list(SERIES_SHAPES)))
    tooltip = [alt.Tooltip("label:N", title="Interval"), alt.Tooltip("measure:N", title="Measure"),
               alt.Tooltip("value:Q", title="Value", format=".1f")]
    notes = [alt.Chart(reliable).transform_filter(alt.datum.measure == measure)
             .mark_text(dy=dy, fontSize=12, fontWeight="bold")
             .encode(x=x, y=y, text="note:N", color=colour)
             for measure, dy in zip(SERIES.values(), (-20, 22))]
    chart = alt.layer(
        alt.Chart(values).mark_line(strokeWidth=2).encode(x=x, y=y, color=colour),
        alt.Chart(values).mark_point(filled=True, size=110, opacity=1).encode(
            x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
        alt.Chart(reliable).mark_point(filled=False, size=420, strokeWidth=2, color=INK).encode(
            x=x, y=y),
        *notes,
    ).properties(width="container", height=HEIGHT)
    return _style(chart, "How far apart, and how strong the push and pull",
                  ["Polarization: how far apart the two stood. Cycle intensity: how strongly one "
                   "pushed while the other pulled away.", "Rings mark reliable changes since the "
                   "interval before."])


def practice_chart(
    metrics: CoupleMetrics, exercise_titles: Mapping[str, str],
    names: Mapping[str, str] | None = None,
) -> alt.FacetChart:
    """Days each exercise was practised per interval (filled) against the days due (outline)."""
    shown = partner_names(names)
    frame = practice_frame(metrics, exercise_titles, shown)
    x = alt.X("label:N", sort=list(metrics.intervals["label"]), title=None,
              axis=alt.Axis(labelAngle=0, labelExpr=TWO_LINE_LABEL))
    y = alt.Y("practised_days:Q", title="Days", scale=alt.Scale(zero=True))
    offset = alt.XOffset("exercise:N", sort=sorted(frame["exercise"].unique()))
    fill = alt.Fill("exercise:N", title="Exercise", legend=alt.Legend(orient="bottom", columns=2),
                    scale=alt.Scale(range=list(EXERCISE_COLOURS)))
    tooltip = [alt.Tooltip("exercise:N", title="Exercise"),
               alt.Tooltip("label:N", title="Interval"),
               alt.Tooltip("practised_days:Q", title="Days practised"),
               alt.Tooltip("due_days:Q", title="Days due", format=".1f")]
    practised = alt.Chart().mark_bar().encode(x=x, xOffset=offset, y=y, fill=fill,
                                              tooltip=tooltip)
    due = alt.Chart().mark_bar(filled=False, strokeWidth=2).encode(
        x=x, xOffset=offset, y="due_days:Q", color=_partner_colour(shown),
        strokeDash=_partner_dash(shown), tooltip=tooltip)
    chart = (alt.layer(practised, due, data=frame).properties(width=320, height=HEIGHT - 60)
             .facet(column=alt.Column("partner:N", sort=list(shown.values()), title=None)))
    return _style(chart, "Exercises practised, out of the days they were due",
                  ["Filled bar: days practised. Outline: days due."])


def caseload_sparkline(frame: pd.DataFrame) -> alt.FacetChart:
    """Cycle intensity per interval, one tiny line per couple (columns code, interval, value)."""
    couples = (frame.loc[:, ["code", "interval", "cycle_intensity"]]
               .dropna(subset=["cycle_intensity"]))
    chart = (_sparkline_layers().properties(width=160, height=40)
             .facet(row=alt.Row("code:N", title=None, sort=list(frame["code"].unique()),
                                header=alt.Header(labelAngle=0, labelAlign="left",
                                                  labelFontSize=13)), data=couples, spacing=6))
    return chart.configure_view(stroke=None)


def sparkline(values: pd.DataFrame) -> alt.LayerChart:
    """Cycle intensity per interval of one couple as a tiny line without axes."""
    couple = values.loc[:, ["interval", "cycle_intensity"]].dropna(subset=["cycle_intensity"])
    return (_sparkline_layers(data=couple).properties(width=160, height=40)
            .configure_view(stroke=None))


def _sparkline_layers(data=alt.Undefined) -> alt.LayerChart:
    """Line and points of cycle intensity on a fixed 0-10 scale, so couples compare."""
    base = alt.Chart().encode(
        x=alt.X("interval:Q", axis=None, scale=alt.Scale(nice=False, zero=False)),
        y=alt.Y("cycle_intensity:Q", axis=None, scale=alt.Scale(domain=[0, 10])))
    tooltip = [alt.Tooltip("interval:Q", title="Interval (0 = baseline)"),
               alt.Tooltip("cycle_intensity:Q", title="Cycle intensity", format=".1f")]
    return alt.layer(base.mark_line(color=INK, strokeWidth=1.5),
                     base.mark_point(filled=True, size=16, color=INK, opacity=1)
                     .encode(tooltip=tooltip), data=data)


# What Altair's default theme adds to every spec; st.altair_chart leaves it out, and every chart
# here sets its own width and height, so it changes nothing drawn.
_DEFAULT_THEME_VIEW = ("continuousWidth", "continuousHeight")


# Building and validating an Altair chart costs far more than drawing it; a spec is plain data,
# so a page can cache it and draw it with `st.vega_lite_chart`, and exports render it.
def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite spec with its data inline, validated once."""
    found = chart.to_dict()
    view = found.get("config", {}).get("view", {})
    for key in _DEFAULT_THEME_VIEW:
        view.pop(key, None)
    return found


def _style(chart, title: str, subtitle: list[str]):
    """The shared calm look: a plain title, type readable on a shared screen, no frame."""
    return (chart.properties(title=alt.TitleParams(title, subtitle=subtitle))
            .configure_title(fontSize=17, subtitleFontSize=13, anchor="start", color=INK,
                             subtitleColor="#555555", fontWeight="normal")
            .configure_axis(labelFontSize=13, titleFontSize=13, labelColor=INK, titleColor=INK,
                            titleFontWeight="normal", gridColor="#e9ecef", domainColor="#adb5bd",
                            tickColor="#adb5bd")
            .configure_legend(labelFontSize=13, titleFontSize=13, symbolSize=140,
                              symbolStrokeWidth=2)
            .configure_header(labelFontSize=14, labelColor=INK)
            .configure_view(stroke=None))


def _partner_scale(shown: Mapping[str, str], values) -> alt.Scale:
    """A scale from the partner names (A then B) to fixed values."""
    return alt.Scale(domain=[shown[p] for p in PARTNERS],
                     range=[list(v) if isinstance(v, tuple) else v for v in values])


def _partner_colour(shown: Mapping[str, str]) -> alt.Color:
    """Blue for A, orange for B, in every chart."""
    return alt.Color("partner:N", title=None, scale=_partner_scale(shown, PARTNER_COLOURS),
                     legend=alt.Legend(orient="top"))


def _partner_dash(shown: Mapping[str, str]) -> alt.StrokeDash:
    """Solid for A, dashed for B: the second encoding, for readers who cannot tell the colours."""
    return alt.StrokeDash("partner:N", title=None, scale=_partner_scale(shown, PARTNER_DASHES),
                          legend=alt.Legend(orient="top"))


def _partner_shape(shown: Mapping[str, str]) -> alt.Shape:
    """Circle for A, square for B."""
    return alt.Shape("partner:N", title=None, scale=_partner_scale(shown, PARTNER_SHAPES),
                     legend=alt.Legend(orient="top"))


def _with_names(frame: pd.DataFrame, shown: Mapping[str, str]) -> pd.DataFrame:
    """The frame with partner labels replaced by the legend names."""
    return frame.assign(partner=frame["partner"].map(shown).astype("str")).reset_index(drop=True)


def reliable_marks(metrics: CoupleMetrics) -> pd.DataFrame:
    """Where polarization or cycle intensity changed reliably from the interval before."""
    numbers = metrics.interval_numbers
    rows = [{"label": metrics.label(to), "measure": SERIES[change.metric],
             "value": change.to_value, "note": "reliable ↑" if change.change > 0 else "reliable ↓"}
            for frm, to in zip(numbers, numbers[1:])
            for change in changes(metrics, frm, to)
            if change.partner is None and change.reliable]
    return pd.DataFrame(rows, columns=["label", "measure", "value", "note"])


def practice_frame(metrics, exercise_titles, shown) -> pd.DataFrame:
    """Days practised and due per interval, partner and exercise title."""
    practice = metrics.practice
    frame = practice.assign(
        partner=practice["partner"].map(shown).astype("str"),
        exercise=practice["exercise_id"].map(lambda i: exercise_titles.get(i, i)).astype("str"))
    # The same exercise assigned twice in one interval (renewed) shows as one bar.
    frame = frame.groupby(["label", "partner", "exercise"], sort=False, as_index=False)[
        ["practised_days", "due_days"]].sum()
    return frame.assign(due_days=frame["due_days"].round(2))


def checked_in(metrics: CoupleMetrics, partner: str) -> pd.DataFrame:
    """A partner's rows of the intervals in which they checked in, in time order."""
    partners = metrics.partners
    return partners[(partners["partner"] == partner) & (partners["days"] > 0)]
