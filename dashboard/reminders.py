"""A daily check-in reminder as an iCalendar (.ics) file the partner adds to their phone.

Never imports Streamlit. Every string the partner reads (summary, description, alarm text) is
passed in by the caller, already in the partner's language; this module has no words of its own.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar

PRODID = "-//Couples practice dashboard//Check-in reminder//EN"
DURATION = timedelta(minutes=5)
UID_DOMAIN = "reminder.invalid"
# The VTIMEZONE spells out the zone's changes for this many years after the first reminder.
TIMEZONE_YEARS = 10


class ReminderError(ValueError):
    """A reminder that cannot be made, saying which value is wrong."""


def daily_reminder(
    *, at: time = time(20, 0), timezone: str, summary: str, description: str,
    alarm: str | None = None, link: str | None = None, start: date, uid_seed: str,
    stamp: datetime | None = None,
) -> bytes:
    """One VCALENDAR with one VEVENT that repeats every day at `at` in the partner's time zone.

    The start is a local time with TZID (the IANA name, e.g. Europe/Berlin) and a VTIMEZONE
    component. iOS Calendar and Google Calendar (Android) both read the TZID as the IANA zone,
    so 20:00 stays 20:00 across daylight-saving changes; Outlook and older apps need the
    VTIMEZONE, which is included. A floating time (no zone) was not chosen: some apps import it
    as UTC, which moves the reminder by hours. A time that does not exist on a day (in a
    daylight-saving gap) is shown by the calendar app at the shifted time.

    The UID is a hash of `uid_seed`, so the same partner gets the same UID (re-importing updates
    rather than duplicates) without the seed being readable. The event carries no name; the
    link appears (as URL and at the end of the description) only when `link` is given. The
    alarm shows `alarm` (default: the summary) at the event's start. `stamp` (DTSTAMP) defaults
    to now in UTC.
    """
    zone = _zone(timezone)
    if not isinstance(at, time) or at.tzinfo is not None:
        raise ReminderError(f"at must be a local time of day without a zone (got {at!r})")
    for name, text in (("summary", summary), ("description", description)):
        if not isinstance(text, str) or not text.strip():
            raise ReminderError(f"{name} must be non-empty text (got {text!r})")
    if not uid_seed:
        raise ReminderError("uid_seed must not be empty")
    if link is not None and not link.startswith("https://"):
        raise ReminderError("link must be an https:// address")

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = icalendar.Event()
    event.add("uid", f"{hashlib.sha256(uid_seed.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}")
    event.add("dtstamp", stamp or datetime.now(ZoneInfo("UTC")))
    event.add("dtstart", datetime.combine(start, at.replace(second=0, microsecond=0), zone))
    event.add("duration", DURATION)
    event.add("rrule", {"freq": "daily"})
    event.add("summary", summary)
    event.add("description", description if link is None else f"{description}\n\n{link}")
    if link is not None:
        event.add("url", link)
    event.add("transp", "TRANSPARENT")  # a reminder never makes the partner look busy

    reminder = icalendar.Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", alarm or summary)
    # "-PT0M" (at the start) rather than icalendar's "P0D": the spelling every calendar app knows.
    reminder.add("trigger", icalendar.vText("-PT0M"))
    event.add_component(reminder)
    calendar.add_component(event)

    last = date(start.year + TIMEZONE_YEARS, 1, 1)
    calendar.add_missing_timezones(first_date=start, last_date=last)
    return calendar.to_ical()


def _zone(name: str) -> ZoneInfo:
    """The IANA time zone of that name, or a ReminderError naming it."""
    try:
        if not isinstance(name, str) or not name or name != name.strip():
            raise ValueError
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ReminderError(f"unknown time zone {name!r} (use an IANA name such as "
                            "'Europe/Berlin')") from None
