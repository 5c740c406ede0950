"""The daily reminder .ics: parsed back with icalendar, and read raw against RFC 5545."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest

from dashboard.reminders import ReminderError, daily_reminder

LINK = "https://practice.example.org/checkin/Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg"
SEED = "couple-17-partner-A"
STAMP = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)


def make(**changes) -> bytes:
    values = dict(timezone="Europe/Berlin", summary="Zeit für deinen Check-in",
                  description="Wie geht es dir heute? Der Check-in dauert nur eine Minute.",
                  alarm="Dein Check-in wartet", start=date(2026, 3, 1), uid_seed=SEED,
                  stamp=STAMP)
    return daily_reminder(**{**values, **changes})


def only_event(raw: bytes) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_calendar_properties():
    calendar = icalendar.Calendar.from_ical(make())
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Berlin"]


def test_event_properties():
    event = only_event(make())
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 3, 1, 20, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DURATION") == timedelta(minutes=5)
    assert event["RRULE"] == {"FREQ": ["DAILY"]}
    assert event.decoded("DTSTAMP") == STAMP
    assert str(event["SUMMARY"]) == "Zeit für deinen Check-in"
    assert str(event["DESCRIPTION"]) == "Wie geht es dir heute? Der Check-in dauert nur eine Minute."
    assert "URL" not in event
    [alarm] = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert str(alarm["DESCRIPTION"]) == "Dein Check-in wartet"
    assert alarm.decoded("TRIGGER") == timedelta(0)


def test_alarm_text_defaults_to_the_summary():
    [alarm] = only_event(make(alarm=None)).walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == "Zeit für deinen Check-in"


def test_uid_is_stable_and_does_not_reveal_the_seed():
    uid = str(only_event(make())["UID"])
    assert uid == str(only_event(make(stamp=None, start=date(2027, 1, 5)))["UID"])
    assert uid != str(only_event(make(uid_seed="couple-17-partner-B"))["UID"])
    assert SEED not in uid and "couple" not in uid
    assert SEED.encode() not in make()


def test_link_only_when_given():
    event = only_event(make(link=LINK))
    assert str(event["URL"]) == LINK
    assert str(event["DESCRIPTION"]).endswith(LINK)
    raw = make()
    assert b"https://" not in raw and b"URL" not in raw
    with pytest.raises(ReminderError, match="https"):
        make(link="javascript:alert(1)")


@pytest.mark.parametrize("link", [None, LINK])
def test_raw_text_follows_rfc_5545(link):
    raw = make(link=link)
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert max(len(line) for line in lines) <= 75
    unfolded = raw.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")[:-1]
    stack = []
    for line in unfolded:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
    assert stack == []
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR"
    assert unfolded.count("BEGIN:VEVENT") == 1 and unfolded.count("BEGIN:VALARM") == 1
    assert [line for line in unfolded if line.startswith("RRULE")] == ["RRULE:FREQ=DAILY"]
    assert "DTSTART;TZID=Europe/Berlin:20260301T200000" in unfolded
    assert ("URL:" + LINK in unfolded) is (link is not None)


def test_long_non_ascii_text_is_folded_without_splitting_characters():
    raw = make(description="Prends un moment pour toi, écoute ce que tu ressens. " * 6)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in two


def test_no_name_appears():
    raw = make(link=LINK).decode("utf-8")
    for word in ("Partner", "partner", "SEED", "Anna"):
        assert word not in raw


@pytest.mark.parametrize(("at", "expected"), [(time(0, 0), "T000000"), (time(23, 59), "T235900")])
def test_boundary_times(at, expected):
    event = only_event(make(at=at))
    assert event.decoded("DTSTART").time() == at
    assert f"DTSTART;TZID=Europe/Berlin:20260301{expected}".encode() in make(at=at)


def test_seconds_are_dropped():
    assert only_event(make(at=time(7, 30, 45))).decoded("DTSTART").time() == time(7, 30)


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "europe/berlin ", "../etc/passwd"])
def test_invalid_time_zone_is_named(zone):
    with pytest.raises(ReminderError) as caught:
        make(timezone=zone)
    assert repr(zone) in str(caught.value)
    assert "time zone" in str(caught.value)


def test_other_time_zone():
    event = only_event(make(timezone="America/Mexico_City"))
    assert event["DTSTART"].params["TZID"] == "America/Mexico_City"


@pytest.mark.parametrize("field", ["summary", "description"])
def test_empty_text_is_refused(field):
    with pytest.raises(ReminderError, match=field):
        make(**{field: "  "})


def test_module_has_no_english_sentences_of_its_own():
    from dashboard import reminders
    source = open(reminders.__file__, encoding="utf-8").read()
    assert "import streamlit" not in source
    assert "check in" not in source.lower().replace("check-in reminder", "")
