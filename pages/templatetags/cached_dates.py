"""``|cached_date`` and ``|cached_time``: Django's ``date`` and ``time`` filters, remembered.

Formatting a date runs Django's format parser and looks up translated month and day names on
every call; a list of sessions did that three times per row (about a fifth of the timeline's
time). The result only depends on the language, the format and the moment in the site's zone, so
it is computed once per process and reused; the output is Django's own, character for character.
"""

from functools import lru_cache

from django import template
from django.template import defaultfilters
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=8192)
def _formatted(filter_name, language, wall_clock, offset, zone, value, arg):
    del language, wall_clock, offset, zone  # part of the key only: they decide the text
    return getattr(defaultfilters, filter_name)(value, arg)


def _key(value):
    """What the text depends on besides language and format: the wall-clock time, its offset
    (a repeated hour at the autumn clock change differs only there) and the zone."""
    tzinfo = getattr(value, "tzinfo", None)
    if tzinfo is None:
        return value, None, None
    return value.replace(tzinfo=None), value.utcoffset(), str(tzinfo)


@register.filter(expects_localtime=True, is_safe=False)
def cached_date(value, arg=None):
    if value in (None, ""):
        return ""
    return _formatted("date", get_language(), *_key(value), value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def cached_time(value, arg=None):
    if value in (None, ""):
        return ""
    return _formatted("time", get_language(), *_key(value), value, arg)
