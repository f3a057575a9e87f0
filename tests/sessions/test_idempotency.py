"""A double submit of a create form makes one object (core.idempotency)."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.idempotency import new_token
from sessions.models import LearningSession, PracticeQuestion, SessionNotification
from tests.factories import MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _session_form(token):
    return {
        "title": "Valrisico",
        "kind": "regular",
        "date": "2027-05-04",
        "start_time": "13:00",
        "end_time": "16:00",
        "location": "Brugge",
        "online_url": "",
        "description": "",
        "idempotency_token": token,
        "confirmed": "1",  # as the confirmation page posts it (issue 24)
    }


def test_create_form_renders_a_fresh_token_each_time(client, network, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:create", kwargs={"pk": network.pk})

    first = client.get(url).context["form"]["idempotency_token"].value()
    second = client.get(url).context["form"]["idempotency_token"].value()

    assert len(first) == 32
    assert first != second


def test_double_post_of_a_session_plans_one_and_mails_once(
    client, network, facilitator, members, on_commit
):
    client.force_login(facilitator)
    url = reverse("sessions:create", kwargs={"pk": network.pk})
    data = _session_form(new_token())

    with on_commit(execute=True):
        first = client.post(url, data)
        second = client.post(url, data, follow=True)

    session = LearningSession.objects.get()
    assert first.url == session.get_absolute_url()
    assert second.redirect_chain == [(session.get_absolute_url(), 302)]
    assert _messages(second) == [
        "De bijeenkomst is gepland; de leden krijgen een e-mail.",
        "Dit formulier was al verstuurd; hier zie je het resultaat.",
    ]
    assert SessionNotification.objects.count() == len(members)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)


def test_two_tokens_plan_two_sessions(client, network, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:create", kwargs={"pk": network.pk})

    client.post(url, _session_form(new_token()))
    client.post(url, _session_form(new_token()))

    assert LearningSession.objects.count() == 2


def test_token_of_another_user_is_not_theirs(client, network, facilitator):
    co = MembershipFactory(network=network, user=UserFactory(), role="facilitator").user
    url = reverse("sessions:create", kwargs={"pk": network.pk})
    data = _session_form(new_token())

    client.force_login(facilitator)
    client.post(url, data)
    client.force_login(co)
    client.post(url, data)

    assert LearningSession.objects.count() == 2


def test_post_without_token_is_refused_with_a_fresh_one(client, network, facilitator):
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)
    data = _session_form("")

    response = client.post(reverse("sessions:create", kwargs={"pk": network.pk}), data)

    form = response.context["form"]
    assert form.non_field_errors() == [
        "This form has expired. Please check it and submit it again."
    ]
    assert len(form["idempotency_token"].value()) == 32
    assert not LearningSession.objects.exists()


def test_invalid_first_post_does_not_use_up_the_token(client, network, facilitator):
    client.force_login(facilitator)
    url = reverse("sessions:create", kwargs={"pk": network.pk})
    token = new_token()

    client.post(url, {**_session_form(token), "title": ""})
    client.post(url, _session_form(token))

    assert LearningSession.objects.count() == 1


def test_double_post_of_a_practice_question_adds_one(client, network, member):
    client.force_login(member)
    url = reverse("sessions:questions", kwargs={"pk": network.pk})
    data = {"title": "Hoe val je minder?", "context": "", "idempotency_token": new_token()}

    first = client.post(url, data)
    second = client.post(url, data)

    assert PracticeQuestion.objects.filter(title="Hoe val je minder?").count() == 1
    assert first.url == second.url == url


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_double_click_at_once_plans_one_session(require_postgres, require_redis):
    facilitator = UserFactory()
    network = NetworkFactory(created_by=facilitator)
    for _ in range(3):
        MembershipFactory(network=network, user=UserFactory())
    data = _session_form(new_token())
    url = reverse("sessions:create", kwargs={"pk": network.pk})
    answers, errors = [], []
    barrier = threading.Barrier(2)

    def click():
        browser = Client()
        browser.force_login(facilitator)
        try:
            barrier.wait(timeout=30)
            answers.append(browser.post(url, data))
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    session = LearningSession.objects.get()
    assert errors == []
    assert [answer.url for answer in answers] == [session.get_absolute_url()] * 2
    assert SessionNotification.objects.count() == 3
    assert len(mail.outbox) == 3
