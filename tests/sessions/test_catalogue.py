"""The work form catalogue lives in a data file (sessions/data/work_forms.json) read by a small
builder (sessions/catalogue.py); the data migration and the sync load it."""

import pytest

from sessions import catalogue, services
from sessions.models import WorkForm


def test_catalogue_entries_have_the_work_form_fields_with_steps_as_one_text():
    assert len(catalogue.CATALOGUE) == 17
    assert [tuple(entry) for entry in catalogue.CATALOGUE] == [catalogue.FIELDS] * 17
    first = catalogue.CATALOGUE[0]
    assert first["slug"] == "kennismakingsronde"
    assert first["steps_en"] == (
        "1. Everyone gets two minutes: name, organisation, job.\n"
        "2. Share one thing you are good at and one question you carry.\n"
        "3. The facilitator writes expertise and questions on a flip chart."
    )
    assert first["duration_minutes"] == 30
    slugs = [entry["slug"] for entry in catalogue.CATALOGUE]
    assert len(set(slugs)) == len(slugs)


def test_catalogue_kickoff_agenda_names_work_forms_of_the_catalogue():
    assert catalogue.KICKOFF_AGENDA[0] == (
        "Welkom en doel van het netwerk",
        "Welcome and goal of the network",
        15,
        None,
    )
    slugs = {entry["slug"] for entry in catalogue.CATALOGUE}
    named = {slug for _nl, _en, _minutes, slug in catalogue.KICKOFF_AGENDA if slug}
    assert named == {
        "kennismakingsronde",
        "verwachtingenronde",
        "leerdoelen-bepalen",
        "afspraken-maken",
    }
    assert named <= slugs


def test_catalogue_entry_with_a_missing_or_unknown_key_is_refused():
    entry = {field: "x" for field in catalogue.FIELDS if field != "materials_en"}
    entry["material_en"] = "x"

    with pytest.raises(ValueError, match="work form") as refused:
        catalogue._work_form(entry)

    assert str(refused.value) == (
        "work_forms.json: work form 'x' has keys ['material_en', 'materials_en'] wrong"
    )


@pytest.mark.django_db
def test_catalogue_sync_puts_the_data_file_in_the_database():
    WorkForm.objects.filter(network=None, slug="kennismakingsronde").update(name_en="Changed")

    assert services.work_form_sync_catalogue() == 17

    rows = {
        form.slug: {field: getattr(form, field) for field in catalogue.FIELDS}
        for form in WorkForm.objects.filter(network=None)
    }
    assert rows == {entry["slug"]: entry for entry in catalogue.CATALOGUE}
