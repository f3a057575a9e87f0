"""The network form's layout: the essentials first, then how it runs, then the optional
sections, every field in exactly one of them (pages/networks/forms.py)."""

import re

import pytest
from crispy_forms.layout import HTML, Fieldset
from django.urls import reverse
from django.utils import translation

from pages.networks.forms import FoldedFieldset, NetworkForm


def _sections(form):
    return [item for item in form.helper.layout.fields if isinstance(item, Fieldset)]


def test_network_form_layout_has_the_essentials_first_then_the_optional_sections():
    with translation.override("en"):
        legends = [str(section.legend) for section in _sections(NetworkForm())]

    assert legends == [
        "The essentials",
        "How the trajectory runs",
        "Optional: more about the network",
        "Optional: ground rules and seats per organisation",
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


def test_only_the_optional_sections_are_folded_away():
    folded = [type(section) is FoldedFieldset for section in _sections(NetworkForm())]

    assert folded == [False, False, True, True, True, True]


def _fields_in_view(html: str) -> tuple[int, int]:
    """(fields outside a closed <details>, fields inside one) of the form on ``html``."""
    form = html[html.index('<form method="post" class="col-lg-8"') :]
    form = form[: form.index("</form>")]
    visible, folded, depth = 0, 0, 0
    for token in re.findall(r"<details[^>]*>|</details>|<(?:input|select|textarea)\b[^>]*>", form):
        if token.startswith("<details"):
            depth += 1 if " open" not in token else 0
        elif token == "</details>":
            depth = max(depth - 1, 0)
        elif 'type="hidden"' not in token:
            folded, visible = (folded + 1, visible) if depth else (folded, visible + 1)
    return visible, folded


@pytest.mark.django_db
def test_the_new_network_page_shows_the_essentials_and_folds_the_rest(client, facilitator):
    client.force_login(facilitator)

    blank = client.get(reverse("networks:create")).content.decode()
    wrong = client.post(
        reverse("networks:create"), {"name": "Valpreventie", "anonymity_threshold": "x"}
    )

    assert _fields_in_view(blank) == (16, 13)
    # A mistake in a folded section opens it, with the message next to the field.
    assert wrong.status_code == 200
    assert _fields_in_view(wrong.content.decode())[1] < 13


@pytest.mark.django_db
def test_the_new_network_form_names_the_choice_not_made_yet_in_words(client, facilitator):
    """Issue 24.11: no Django "---------" on the form: "Kies…" for the scope, "Geen: een online
    netwerk" for the province."""
    client.force_login(facilitator)

    page = client.get(reverse("networks:create")).content.decode()

    assert "---------" not in page
    assert '<option value="" selected>Kies…</option>' in page
    assert '<option value="">Geen: een online netwerk</option>' in page or (
        '<option value="" selected>Geen: een online netwerk</option>' in page
    )
