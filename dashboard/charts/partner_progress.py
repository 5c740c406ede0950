"""A partner's own last four weeks, for their phone: worry and closeness, and one kind sentence.

Never imports Streamlit. The caller passes only this partner's own counted check-ins; the
frame may hold no other columns (no partner, no names), so the other partner's numbers cannot
reach this chart. Every visible string goes through `gettext` / `ngettext` with literal
msgids, so Babel's extraction finds them.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from dashboard.charts import INK, PARTNER_COLOURS, PARTNER_DASHES, spec

COLUMNS = ("day", "pursue", "withdraw", "anxiety", "closeness")
WINDOW_DAYS = 28
HALF = WINDOW_DAYS // 2
PHONE_HEIGHT = 200  # with title and legend, the whole chart fits a 390 px wide phone screen
# A half of the window is compared with the other only with this many answers in each, and a
# difference is mentioned only from this many points (on 0-10).
MIN_ANSWERS, MIN_CHANGE = 3, 1.0


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def own_progress(
    days: pd.DataFrame, *, as_of: date, gettext=lambda s: s, ngettext=None, language: str = "en",
) -> tuple[dict, str]:
    """The chart spec of the 28 days up to `as_of` and one plain, kind sentence about them."""
    ngettext = ngettext or _english_plural
    if set(days.columns) != set(COLUMNS):
        raise ValueError(f"days must have exactly the columns {', '.join(COLUMNS)} "
                         f"(got {', '.join(map(str, days.columns))})")
    window = last_days(days, as_of)
    return spec(chart(window, gettext, language)), sentence(window, gettext, ngettext)


def last_days(days: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per day of the window (oldest first), NaN where a score was not answered."""
    first = pd.Timestamp(as_of) - pd.Timedelta(days=WINDOW_DAYS - 1)
    calendar = pd.date_range(first, pd.Timestamp(as_of), freq="D")
    frame = days.assign(day=pd.to_datetime(days["day"]).dt.normalize())
    frame = frame[frame["day"].between(calendar[0], calendar[-1])]
    scores = frame.groupby("day")[["anxiety", "closeness"]].mean()
    return scores.reindex(calendar).rename_axis("day").reset_index()


def chart(window: pd.DataFrame, gettext, language: str) -> alt.LayerChart:
    """Worry and closeness as two lines (colour and dash), gaps where unanswered."""
    names = {"closeness": gettext("Closeness"), "anxiety": gettext("Worry")}
    long = (window.melt(id_vars=["day"], value_vars=list(names), var_name="measure")
            .assign(measure=lambda f: f["measure"].map(names)))
    domain = [names["closeness"], names["anxiety"]]
    colour = alt.Color("measure:N", title=None, legend=alt.Legend(orient="top"),
                       scale=alt.Scale(domain=domain, range=list(PARTNER_COLOURS)))
    dash = alt.StrokeDash("measure:N", title=None, legend=alt.Legend(orient="top"),
                          scale=alt.Scale(domain=domain, range=[list(d) for d in PARTNER_DASHES]))
    x = alt.X("day:T", title=None, axis=alt.Axis(format="%-d %b", tickCount=4),
              scale=alt.Scale(domain=[_iso(window["day"].iloc[0]), _iso(window["day"].iloc[-1])]))
    y = alt.Y("value:Q", title=gettext("0 = not at all · 10 = very much"),
              scale=alt.Scale(domain=[0, 10], nice=False), axis=alt.Axis(values=[0, 5, 10]))
    tooltip = [alt.Tooltip("day:T", title=gettext("Day"), format="%-d %b"),
               alt.Tooltip("measure:N", title=gettext("Score")),
               alt.Tooltip("value:Q", title=gettext("Answer"), format=".0f")]
    base = alt.Chart(long).encode(x=x, y=y, color=colour)
    layered = alt.layer(
        # A day without an answer breaks the line: a gap, never a zero.
        base.mark_line(strokeWidth=2, invalid="break-paths-show-domains").encode(strokeDash=dash),
        base.mark_point(filled=True, size=28, opacity=1).encode(tooltip=tooltip),
    ).properties(width="container", height=PHONE_HEIGHT,
                 title=alt.TitleParams(gettext("Your last four weeks"), anchor="start",
                                       fontSize=16, fontWeight="normal", color=INK))
    return (layered.configure_axis(labelFontSize=12, titleFontSize=12, labelColor=INK,
                                   titleColor=INK, titleFontWeight="normal", gridColor="#e9ecef")
            .configure_legend(labelFontSize=13, symbolStrokeWidth=2)
            .configure_view(stroke=None)
            .configure(locale=alt.Locale(time=TIME_LOCALES.get(language, TIME_LOCALES["en"]))))


def sentence(window: pd.DataFrame, gettext, ngettext) -> str:
    """How many days they checked in, and gently, what moved between the two fortnights."""
    answered = window[["anxiety", "closeness"]].notna().any(axis=1)
    count = int(answered.sum())
    if count == 0:
        return gettext("There are no check-ins here yet. Your first one will start this picture.")
    said = ngettext("You checked in on %(count)d day of the last 28.",
                    "You checked in on %(count)d days of the last 28.", count) % {"count": count}
    note = what_moved(window, gettext)
    return f"{said} {note}" if note else said


def what_moved(window: pd.DataFrame, gettext) -> str | None:
    """The larger change from the first fortnight to the second, in neutral words, if any."""
    earlier, later = window.iloc[:HALF], window.iloc[HALF:]
    changes = {}
    for score in ("closeness", "anxiety"):
        if earlier[score].count() >= MIN_ANSWERS and later[score].count() >= MIN_ANSWERS:
            changes[score] = later[score].mean() - earlier[score].mean()
    if not changes:
        return None
    score = max(changes, key=lambda s: abs(changes[s]))
    change = changes[score]
    if abs(change) < MIN_CHANGE:
        return gettext("Your answers stayed about the same over these four weeks.")
    if score == "closeness":
        return (gettext("Your closeness was a little higher in the last two weeks than in the "
                        "two before.") if change > 0 else
                gettext("Your closeness was a little lower in the last two weeks than in the two "
                        "before."))
    return (gettext("Your worry was a little higher in the last two weeks than in the two "
                    "before.") if change > 0 else
            gettext("Your worry was a little lower in the last two weeks than in the two before."))


def _iso(day) -> str:
    return pd.Timestamp(day).date().isoformat()


def _time_locale(months, short_months, days, short_days, date_time="%x, %X", day_first=True):
    return {"dateTime": date_time, "date": "%d.%m.%Y" if day_first else "%m/%d/%Y",
            "time": "%H:%M:%S", "periods": ["AM", "PM"], "days": days, "shortDays": short_days,
            "months": months, "shortMonths": short_months}


# Month and day names for the date axis, so "3 Mar" reads "3 Mär" on a German phone.
TIME_LOCALES = {
    "en": _time_locale(
        ["January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"],
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
        ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], day_first=False),
    "de": _time_locale(
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
         "Oktober", "November", "Dezember"],
        ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
        ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"]),
    "es": _time_locale(
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"],
        ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"],
        ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
        ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"]),
    "fr": _time_locale(
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"],
        ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
         "nov.", "déc."],
        ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
        ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."]),
}
