"""The fast paths for lists and forms give exactly what Django and crispy-forms give.

``|bootstrap_field`` against crispy-bootstrap5's ``|as_crispy_field``, ``pages.core.forms.Select``
against Django's select, ``|cached_date``/``|cached_time`` against ``date``/``time`` in both
languages (across a clock change), ``url_for_each`` against ``reverse``."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.template import engines
from django.urls import reverse
from django.utils import translation

from pages.core.forms import DateInput, Select
from pages.core.list_urls import url_for_each

BRUSSELS = ZoneInfo("Europe/Brussels")


class EveryKindForm(forms.Form):
    text = forms.CharField(label="Title", max_length=20, help_text="Short, <em>please</em>.")
    notes = forms.CharField(label="Notes", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = forms.IntegerField(
        label="Owner",
        required=False,
        widget=forms.Select(choices=[("", "— nobody —"), ("1", "Ann & Bo"), ("2", "Cas")]),
    )
    due = forms.DateField(label="Due", required=False, widget=DateInput())
    agree = forms.BooleanField(label="I agree", help_text="You must.")
    row_id = forms.IntegerField(required=False, widget=forms.HiddenInput())


def _normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*([<>])\s*", r"\1", html)


def _render(source: str, form) -> str:
    return engines["django"].from_string(source).render({"form": form})


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"text": "x" * 30, "owner": "7", "due": "soon", "row_id": "1"},
        {"text": "Fine", "notes": "<b>bold</b>", "owner": "1", "due": "2027-03-28", "agree": "on"},
    ],
    ids=["unbound", "errors", "valid"],
)
def test_bootstrap_field_gives_crispys_markup(data):
    crispy, lean = EveryKindForm(data), EveryKindForm(data)
    if data is not None:
        crispy.is_valid()
        lean.is_valid()

    expected = _render(
        "{% load crispy_forms_tags %}{% for f in form %}{{ f|as_crispy_field }}{% endfor %}",
        crispy,
    )
    actual = _render(
        "{% load bootstrap_fields %}{% for f in form %}{{ f|bootstrap_field }}{% endfor %}", lean
    )

    assert _normalised(actual) == _normalised(expected)
    if data and "due" in lean.errors:
        assert 'aria-invalid="true"' in actual
        assert 'class="invalid-feedback"' in actual
    assert re.search(r'aria-describedby="[^"]*id_text_helptext', actual)


def test_select_gives_djangos_markup():
    choices = [("", "— nobody —"), ("1", "Ann & Bo"), ("Team", [("2", "Cas"), ("3", "Dé")])]
    django_select = forms.Select(choices=choices, attrs={"class": "form-select"})
    ours = Select(choices=choices, attrs={"class": "form-select"})

    for value in (None, "1", "3"):
        assert ours.render("owner", value) == django_select.render("owner", value)
    assert 'value="3" selected' in ours.render("owner", "3")


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 10, 29, 13, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC),  # 02:30, first time
        datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC),  # 02:30, second time
        datetime.date(2027, 3, 1),
    ],
)
def test_cached_dates_give_djangos_text(settings, language, moment):
    settings.TIME_ZONE = "Europe/Brussels"
    django_text = '{{ d|date:"l" }} {{ d|date:"DATE_FORMAT" }}'
    cached_text = '{% load cached_dates %}{{ d|cached_date:"l" }} {{ d|cached_date:"DATE_FORMAT" }}'
    if isinstance(moment, datetime.datetime):
        django_text += ' {{ d|date:"DATETIME_FORMAT" }}–{{ d|time:"H:i" }}'
        cached_text += ' {{ d|cached_date:"DATETIME_FORMAT" }}–{{ d|cached_time:"H:i" }}'
    with translation.override(language):
        expected = engines["django"].from_string(django_text).render({"d": moment})
        for _ in range(2):  # computed, then remembered
            assert engines["django"].from_string(cached_text).render({"d": moment}) == expected


def test_cached_dates_tell_the_repeated_hour_apart():
    """The autumn clock change shows 02:30 twice: the remembered text of the first is not
    given for the second (the seconds since the epoch tell them apart)."""
    first = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC).astimezone(BRUSSELS)
    second = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=datetime.UTC).astimezone(BRUSSELS)
    template = engines["django"].from_string('{% load cached_dates %}{{ d|cached_date:"H:i U" }}')

    assert template.render({"d": first}) == "02:30 1792888200"
    assert template.render({"d": second}) == "02:30 1792891800"


@pytest.mark.parametrize("name", ["sessions:detail", "reports:minutes", "networks:detail"])
def test_url_for_each_equals_reverse(name):
    url = url_for_each(name)

    for pk in (1, 42, 9_007_199_254_740_993):
        assert url(pk) == reverse(name, kwargs={"pk": pk})
