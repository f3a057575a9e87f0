"""The reports' three outbox tables share one base (``minutes.models.MemberEmail``): each goes
to one user in that user's language, Reply-To the network's facilitators; the two about a
minutes version also share the link to the minutes and never load the PDF with the version."""

import pytest
from django.conf import settings
from django.urls import reverse

from minutes import services
from minutes.models import (
    ActionCheckIn,
    CatchUpReminder,
    MemberEmail,
    MinutesDelivery,
    MinutesVersionEmail,
)
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(minutes, facilitator, on_commit):
    with on_commit(execute=True):  # the PDF is rendered: the delivery can be built
        return services.minutes_publish(minutes=minutes, acting_user=facilitator)


def _row(table, *, version, recipient):
    if table is ActionCheckIn:
        later = SessionFactory(network=version.minutes.session.network, number=2)
        return ActionCheckIn(session=later, owner=recipient)
    if table is MinutesDelivery:  # publishing wrote it for the absent member
        return MinutesDelivery.objects.get(version=version, recipient=recipient)
    return table(version=version, recipient=recipient)


@pytest.mark.parametrize("table", [MinutesDelivery, CatchUpReminder, ActionCheckIn])
@pytest.mark.parametrize(("language", "word"), [("en", "minutes"), ("nl", "verslag")])
def test_each_row_goes_to_its_user_in_their_language_with_reply_to_facilitators(
    table, language, word, version, held, facilitator
):
    _session, _excused, absent = held
    absent.language = language
    absent.save(update_fields=["language"])
    row = _row(table, version=version, recipient=absent)
    row.save()

    message = row.build_message()

    assert issubclass(table, MemberEmail)
    assert row.recipient_user == absent
    assert row.recipient_email == absent.email
    assert message.to == [absent.email]
    assert message.reply_to == [facilitator.email]
    if table is ActionCheckIn:
        assert row.session.number == 2
        assert ("try-out" if language == "en" else "uitprobeer") in message.subject.lower()
    else:
        assert row.session == version.minutes.session
        assert word in message.subject.lower()
        minutes_url = reverse("reports:minutes", kwargs={"pk": row.session.pk})
        assert settings.SITE_URL + minutes_url in message.body


@pytest.mark.parametrize("table", [MinutesDelivery, CatchUpReminder])
def test_rows_about_a_version_never_load_its_pdf(table, version, held):
    _session, _excused, absent = held
    _row(table, version=version, recipient=absent).save()

    row = table.objects.filter(recipient=absent).select_related("version").get()

    assert issubclass(table, MinutesVersionEmail)
    assert "pdf" in row.version.get_deferred_fields()
