"""The network form's layout: the essentials first, then how it runs, then the optional
sections, every field in exactly one of them (pages/networks/forms.py)."""

from crispy_forms.layout import HTML, Fieldset
from django.utils import translation

from pages.networks.forms import NetworkForm


def _sections(form):
    return [item for item in form.helper.layout.fields if isinstance(item, Fieldset)]


def test_network_form_layout_has_the_essentials_first_then_the_optional_sections():
    with translation.override("en"):
        legends = [str(section.legend) for section in _sections(NetworkForm())]

    assert legends == [
        "The essentials",
        "How the trajectory runs",
        "Optional: more about the network",
        "Optional: group size and ground rules",
        "Optional: reminders, minutes and evaluations",
        "Optional: sign-in security",
    ]


def test_network_form_layout_places_every_field_once():
    placed = [
        name
        for section in _sections(NetworkForm())
        for name in section.fields
        if not isinstance(name, HTML)
    ]

    assert sorted(placed) == sorted(NetworkForm.Meta.fields)
    assert placed[:6] == ["name", "goal", "participant_role", "start_date", "end_date", "language"]
