"""One date style per language, through the format modules in config/formats/."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from core.datetimes import NonExistentTimeError, local_datetime_error

ROOT = Path(__file__).resolve().parents[1]
NAMED = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "TIME_FORMAT",
}


@pytest.mark.parametrize(
    ("language", "date", "expected"),
    [
        ("nl", datetime.date(2026, 10, 29), "29 okt. 2026"),
        ("nl", datetime.date(2026, 5, 7), "7 mei 2026"),
        ("nl", datetime.date(2026, 3, 1), "1 mrt. 2026"),
        ("nl", datetime.date(2026, 11, 7), "7 nov. 2026"),
        ("en", datetime.date(2026, 10, 29), "29 Oct 2026"),
        ("en", datetime.date(2026, 11, 7), "7 Nov 2026"),
    ],
)
def test_one_date_format_per_language(language, date, expected):
    with translation.override(language):
        assert formats.date_format(date, "DATE_FORMAT") == expected
        assert formats.date_format(date, "SHORT_DATE_FORMAT") == expected
        assert Template("{{ d }}").render(Context({"d": date})) == expected


def test_datetimes_add_the_time_after_a_comma():
    moment = datetime.datetime(2026, 10, 29, 14, 5)  # noqa: DTZ001 - a naive wall-clock time
    with translation.override("nl"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "29 okt. 2026, 14:05"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "29 okt. 2026, 14:05"
    with translation.override("en"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "29 Oct 2026, 14:05"


def test_form_errors_name_the_date_in_the_same_format():
    with translation.override("nl"):
        message = local_datetime_error(
            NonExistentTimeError("x"), date=datetime.date(2027, 3, 28), time=datetime.time(2, 30)
        )
    assert "28 mrt. 2027" in str(message)


def test_templates_use_only_named_date_formats():
    """No ad-hoc ``|date:"j F Y"``: every template names a format (a weekday alone, "l", is
    the one exception: it sits before a named date)."""
    found = []
    templates = [*ROOT.glob("*/templates/**/*"), *ROOT.glob("templates/**/*")]
    assert any(path.parts[-2:] == ("templates", "base.html") for path in templates)
    for path in templates:
        if path.is_file() and ".venv" not in path.parts:
            for match in re.finditer(r'\|(?:cached_)?date:"([^"]*)"', path.read_text()):
                if match.group(1) not in NAMED | {"l"}:
                    found.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert found == []


def test_no_iso_dates_or_strftime_in_what_people_read():
    """Python that writes text for people (messages, CSVs, emails) names a format too: no
    ``isoformat()``, ``strftime`` or f-string date formats outside data and machine formats."""
    allowed = {
        "core/datetimes.py",  # error messages name the date through DATE_FORMAT; repr for logs
        "core/mail.py",  # a file name for the dev mail dump
        "pages/core/forms.py",  # the HTML date input's wire format
        "minutes/services/drafting.py",  # the minutes snapshot stores dates as ISO data
        "minutes/templatetags/minutes.py",  # reads that ISO data back
        "sessions/services/work_forms.py",  # a unique slug
        "reports/export.py",  # the personal data export: dates are ISO data in its JSON
        "bench/run.py",  # the timestamp of bench/results.json, data for tools
        "api/serializers.py",  # the API's wire format: UTC ISO 8601 (docs/api.md)
        "networks/webhooks.py",  # a webhook payload's timestamp: data for the receiver
        "accounts/oauth.py",  # connected apps in the personal data export: ISO data in its JSON
    }
    found = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.split("/")[0] in {".venv", "tests", "node_modules"} or relative in allowed:
            continue
        if "/migrations/" in relative:
            continue
        text = path.read_text()
        for match in re.finditer(r"isoformat\(|strftime\(|:%[YmdHbBjy]", text):
            found.append(f"{relative}: {match.group(0)}")
    assert found == []
