"""Under the partner's check-in form: their own last four weeks, and a daily reminder to add to
their calendar. Both speak the partner's language (the caller passes its gettext)."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from dashboard import reminders
from dashboard.charts import partner_progress
from dashboard.data import links, partner_view
from dashboard.web import resources, widgets

EVENING = time(20, 0)


def own_progress(*, token: str, today: date, language: str, gettext, ngettext) -> None:
    """The partner's own chart and sentence; nothing when the clinician turned it off."""
    days = partner_view.own_recent_days(db=resources.database(), token=token, as_of=today)
    if days is None:
        return
    _ = gettext
    spec, sentence = partner_progress.own_progress(days, as_of=today, gettext=gettext,
                                                   ngettext=ngettext, language=language)
    st.subheader(_("Your last four weeks"), anchor=False)
    # The sentence below says what the chart shows; screen readers get it as the chart's name,
    # and the marks stay out of their way.
    spec = {**_without_mark_aria(spec), "description": sentence}
    st.vega_lite_chart(spec, width="stretch")
    widgets.plain_text(sentence)


def _without_mark_aria(spec):
    """The spec with every mark (and axis) left out of the accessibility tree."""
    if isinstance(spec, list):
        return [_without_mark_aria(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    found = {key: _without_mark_aria(value) for key, value in spec.items()}
    if "mark" in found:
        mark = found["mark"]
        found["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "aria": False}
    return found


def daily_reminder(*, token: str, access, today: date, gettext) -> None:
    """"Remind me every day": a time (evening by default) and an .ics file to download."""
    _ = gettext
    st.subheader(_("Remind me every day"), anchor=False)
    at = st.time_input(_("At what time?"), value=EVENING, key="reminder:time", step=900)
    url = links.checkin_url(resources.app_settings().base_url, token)
    with_link = False
    if url.startswith("https://"):
        st.caption(_("Calendars are often synced to other services (such as Google or iCloud), "
                     "so anyone who can see your calendar could open your check-in link."))
        with_link = st.checkbox(_("Put my check-in link in the reminder"), value=False,
                                key="reminder:link")
    data = reminders.daily_reminder(
        at=at, timezone=partner_time_zone(), summary=_("Your daily check-in"),
        description=_("A minute to notice how you are today."),
        alarm=_("Time for your check-in"), link=url if with_link else None, start=today,
        uid_seed=f"check-in-reminder:{access.link_id}")
    st.download_button(_("Add the reminder to my calendar"), data=data,
                       file_name="check-in-reminder.ics", mime="text/calendar",
                       icon=":material/alarm:", on_click="ignore", width="stretch")


def partner_time_zone() -> str:
    """The phone's time zone as the browser reports it; UTC when it reports none we know."""
    name = st.context.timezone or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return name
