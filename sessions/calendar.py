"""iCalendar output: one session, or a subscription feed of many.

Each session keeps one UID for life; SEQUENCE rises with every change, and a cancelled session is
published with STATUS:CANCELLED so calendars update instead of duplicating."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from core.datetimes import local_timezone
from sessions.enums import SessionStatus
from sessions.models import LearningSession

PRODID = "-//Leernet//Lerende netwerken//NL"


def _event(session: LearningSession) -> Event:
    tz = local_timezone()
    event = Event()
    event.add("uid", f"{session.uid}@leernet")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("summary", f"{session.network.name}: {session.title}")
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
    location = session.location or session.online_url
    if location:
        event.add("location", location)
    event.add("url", settings.SITE_URL + session.get_absolute_url())
    description = session.description
    if session.online_url:
        description = f"{description}\n\n{session.online_url}".strip()
    if description:
        event.add("description", description)
    return event


def calendar_bytes(sessions: Iterable[LearningSession], *, name: str = "Leernet") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for session in sessions:
        calendar.add_component(_event(session))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_ics(session: LearningSession) -> bytes:
    return calendar_bytes([session], name=session.network.name)
