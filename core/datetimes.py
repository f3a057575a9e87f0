"""Dates and times as people enter them: a sane range of years, and wall-clock times in the
site's time zone (Europe/Brussels) made aware without guessing across a daylight-saving change.

Self-contained (Django and the standard library only), so it can move to a shared app as is.
"""

import calendar
import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 2000
MAX_YEAR = 2100

# The same range as instants, one day wider on each side so that every wall-clock time on a date
# the forms accept fits whatever the time zone (database check constraints use these).
EARLIEST = datetime.datetime(MIN_YEAR, 1, 1, tzinfo=datetime.UTC) - datetime.timedelta(days=1)
LATEST = datetime.datetime(MAX_YEAR + 1, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(days=1)


def validate_sane_date(value: datetime.date) -> None:
    """Refuse dates outside the years 2000–2100 (a typo such as year 1 or 20255)."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            _("Enter a date between the years %(min)d and %(max)d.")
            % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="date_out_of_range",
        )


class SaneDateField(forms.DateField):
    """A DateField that accepts only the years 2000–2100."""

    default_validators = [validate_sane_date]


class NonExistentTimeError(ValueError):
    """The wall-clock time falls in the gap when the clocks go forward."""


class AmbiguousTimeError(ValueError):
    """The wall-clock time happens twice when the clocks go back."""


def local_timezone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def make_local_aware(
    date: datetime.date, time: datetime.time, *, tz: datetime.tzinfo | None = None
) -> datetime.datetime:
    """Combine a date and a wall-clock time in ``tz`` (default: the site's time zone).

    Python silently picks an offset for times that do not exist (02:30 on the night the clocks
    go forward) or exist twice (02:30 on the night they go back). Here both raise, so a form can
    ask for another time instead of storing the wrong instant.
    """
    tz = tz or local_timezone()
    naive = datetime.datetime.combine(date, time.replace(tzinfo=None, fold=0))
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        # A round trip through UTC lands on another wall-clock time only inside the gap.
        back = first.astimezone(datetime.UTC).astimezone(tz).replace(tzinfo=None)
        if back != naive:
            raise NonExistentTimeError(naive.isoformat())
        raise AmbiguousTimeError(naive.isoformat())
    return first


def local_datetime_error(error: ValueError, *, date: datetime.date, time: datetime.time):
    """The translated form error for ``make_local_aware``'s errors."""
    params = {"time": time.strftime("%H:%M"), "date": date_format(date, "DATE_FORMAT")}
    if isinstance(error, NonExistentTimeError):
        message = _(
            "%(time)s does not exist on %(date)s: that night the clocks go forward one hour. "
            "Choose another time."
        )
    else:
        message = _(
            "%(time)s happens twice on %(date)s: that night the clocks go back one hour. "
            "Choose another time."
        )
    return ValidationError(message % params, code="local_time")


def end_of_day(date: datetime.date) -> datetime.datetime:
    """23:59 in the site's time zone on ``date``: when a deadline "at the end of" that day falls."""
    return datetime.datetime.combine(date, datetime.time(23, 59), tzinfo=local_timezone())


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` that many calendar months earlier; the day is clamped to the month's last
    (31 March minus one month is 28 or 29 February)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    days_in_month = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, days_in_month))
