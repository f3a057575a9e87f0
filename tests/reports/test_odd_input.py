"""Odd input on the minutes pages: ids that are not numbers, double submits, long text, dates
outside 2000-2100. A clear answer, never a 500."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from core.errors import ApplicationError
from core.idempotency import new_token
from minutes import services
from minutes.models import ActionItem, Minutes, MinutesComment, MinutesDelivery, MinutesItemNote
from sessions import services as session_services
from sessions.models import AgendaItem
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("version", ["abc", "1.5", "-1", "0", "99999999999999999999", ""])
def test_odd_version_in_the_query_string_is_404(client, minutes, facilitator, version):
    services.minutes_publish(minutes=minutes, acting_user=facilitator)
    client.force_login(facilitator)

    response = client.get(
        reverse("reports:minutes", kwargs={"pk": minutes.session_id}), {"version": version}
    )

    assert response.status_code == 404


def test_existing_version_in_the_query_string_is_shown(client, minutes, facilitator):
    services.minutes_publish(minutes=minutes, acting_user=facilitator)
    client.force_login(facilitator)

    response = client.get(
        reverse("reports:minutes", kwargs={"pk": minutes.session_id}), {"version": "1"}
    )

    assert response.context["version"].number == 1


@pytest.mark.parametrize(
    "data",
    [{"delivery": "abc"}, {"delivery": "1.5"}, {"delivery": "-1"}, {"delivery": "9" * 20}, {}],
)
def test_odd_ids_when_sending_again_say_choose_a_recipient(client, minutes, facilitator, data):
    services.minutes_publish(minutes=minutes, acting_user=facilitator)
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:delivery_resend", kwargs={"pk": minutes.session_id}), data, follow=True
    )

    assert _messages(response) == ["Kies een ontvanger."]
    assert MinutesDelivery.objects.count() == 2


def test_unknown_row_when_sending_again_is_404(client, minutes, facilitator):
    services.minutes_publish(minutes=minutes, acting_user=facilitator)
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:delivery_resend", kwargs={"pk": minutes.session_id}),
        {"delivery": str(2**62)},
    )

    assert response.status_code == 404


def test_double_post_of_a_comment_adds_one(client, minutes, member, network):
    network.minutes_review_days = 3
    network.save(update_fields=["minutes_review_days"])
    minutes.session.network.minutes_review_days = 3
    services.minutes_open_review(minutes=minutes, acting_user=network.created_by)
    client.force_login(member)
    url = reverse("reports:minutes_comment", kwargs={"pk": minutes.session_id})
    data = {"text": "Klopt!", "idempotency_token": new_token()}

    client.post(url, data)
    client.post(url, data)

    assert list(MinutesComment.objects.values_list("text", flat=True)) == ["Klopt!"]


def test_too_long_section_and_bad_due_date_are_form_errors(client, held, facilitator):
    session, _excused, _absent = held
    item = AgendaItem.objects.create(session=session, title="Casus", duration_minutes=30)
    client.force_login(facilitator)

    response = client.post(
        reverse("reports:minutes_save", kwargs={"pk": session.pk}),
        {
            "summary": "x" * 10001,
            f"item_{item.pk}": "y" * 5001,
            "action_0_what": "Checklist",
            "action_0_due": "0001-01-01",
        },
    )

    form = response.context["form"]
    assert form.errors["summary"] == [
        "Zorg dat deze waarde niet meer dan 10000 tekens bevat (het zijn er nu 10001)."
    ]
    assert form.errors[f"item_{item.pk}"] == [
        "Zorg dat deze waarde niet meer dan 5000 tekens bevat (het zijn er nu 5001)."
    ]
    (due_error,) = form.errors["action_0_due"]  # "between the years 2000 and 2100", translated
    assert "2000" in due_error
    assert "2100" in due_error
    assert not Minutes.objects.filter(session=session).exclude(summary="").exists()


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [(Minutes, "summary", 10000), (MinutesItemNote, "notes", 5000), (MinutesComment, "text", 4000)],
)
def test_database_refuses_too_long_text(require_postgres, minutes, member, model, field, limit):
    item = AgendaItem.objects.create(session=minutes.session, title="Casus", duration_minutes=30)
    rows = {
        Minutes: lambda: Minutes.objects.filter(pk=minutes.pk),
        MinutesItemNote: lambda: MinutesItemNote.objects.filter(
            pk=MinutesItemNote.objects.create(minutes=minutes, agenda_item=item).pk
        ),
        MinutesComment: lambda: MinutesComment.objects.filter(
            pk=MinutesComment.objects.create(minutes=minutes, author=member, text="ok").pk
        ),
    }[model]()

    with pytest.raises(IntegrityError, match=f"_{field}_length"):
        rows.update(**{field: "x" * (limit + 1)})


def test_database_refuses_a_due_date_in_year_1(require_postgres, minutes):
    with pytest.raises(IntegrityError, match="reports_action_due_sane"):
        ActionItem.objects.create(minutes=minutes, what="Iets", due=datetime.date(1, 1, 1))


# A cancelled session has no minutes -------------------------------------------------------------

CANCELLED = "This session was cancelled, so it has no minutes."


@pytest.fixture
def cancelled(network, facilitator, member):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    session = SessionFactory(network=network)
    return session_services.session_cancel(
        session=session, acting_user=facilitator, reason="De spreker is ziek."
    )


def test_the_minutes_editor_refuses_a_cancelled_session(client, cancelled, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("reports:minutes_edit", kwargs={"pk": cancelled.pk}), follow=True)

    assert response.redirect_chain == [(cancelled.get_absolute_url(), 302)]
    assert _messages(response) == [CANCELLED]
    assert "reports/minutes_edit.html" not in [t.name for t in response.templates]


@pytest.mark.parametrize("button", ["minutes_save", "minutes_preview", "minutes_review"])
def test_the_editors_buttons_write_nothing_for_a_cancelled_session(
    client, cancelled, facilitator, button
):
    client.force_login(facilitator)

    response = client.post(
        reverse(f"reports:{button}", kwargs={"pk": cancelled.pk}),
        {"summary": "Toch een verslag", "idempotency_token": new_token()},
        follow=True,
    )

    assert _messages(response) == [CANCELLED]
    assert not Minutes.objects.exists()


def test_the_minutes_services_refuse_a_cancelled_session(cancelled, facilitator):
    with pytest.raises(ApplicationError) as error:
        services.minutes_get_or_create(session=cancelled, acting_user=facilitator)

    assert error.value.code == "cancelled"
    assert not Minutes.objects.exists()
