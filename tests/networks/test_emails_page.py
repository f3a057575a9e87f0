"""The facilitator's page with every email of a network, from every outbox table."""

import pytest
from django.urls import reverse

from core.outbox import OutboxState
from networks.enums import NetworkEmailKind
from networks.models import NetworkEmail
from sessions.models import SessionNotification
from tests.factories import InvitationFactory, MembershipFactory, NetworkFactory, SessionFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


def _invitation_email(network, *, state=OutboxState.SENT, error=""):
    invitation = InvitationFactory(network=network)
    return NetworkEmail.objects.create(
        network=network,
        kind=NetworkEmailKind.INVITATION,
        invitation=invitation,
        to_email=invitation.email,
        state=state,
        attempts=1,
        last_error=error,
    )


def _session_email(network, user, *, state=OutboxState.PENDING):
    return SessionNotification.objects.create(
        session=SessionFactory(network=network), user=user, kind="invitation", state=state
    )


def _url(network, **query):
    return reverse("networks:emails", kwargs={"pk": network.pk}) + (
        "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""
    )


def test_page_lists_every_outbox_table_and_filters_by_kind_and_state(
    client, network, facilitator, member
):
    failed = _invitation_email(network, state=OutboxState.FAILED, error="550 mailbox unknown")
    session_email = _session_email(network, member)
    _invitation_email(NetworkFactory())  # another network's email never shows
    client.force_login(facilitator)

    everything = client.get(_url(network))
    only_failed = client.get(_url(network, state="failed"))
    only_sessions = client.get(_url(network, kind=SessionNotification._meta.label_lower))

    assert {row.pk for row in everything.context["rows"]} == {failed.pk, session_email.pk}
    assert [row.pk for row in only_failed.context["rows"]] == [failed.pk]
    assert [type(row) for row in only_sessions.context["rows"]] == [SessionNotification]
    page = everything.content.decode()
    assert "550 mailbox unknown" in page
    assert "1 e-mail kon niet bezorgd worden" in page or "1 email could not be delivered" in page
    assert failed.to_email in page
    assert member.email in page


def test_resend_makes_a_new_row_that_says_what_it_resends(client, network, facilitator):
    failed = _invitation_email(network, state=OutboxState.FAILED)
    client.force_login(facilitator)
    url = reverse(
        "networks:email_resend",
        kwargs={"pk": network.pk, "kind": failed.kind_key, "email_id": failed.pk},
    )

    first = client.post(url)
    second = client.post(url, follow=True)

    again = NetworkEmail.objects.get(resend_of=failed)
    assert first.status_code == 302
    assert (again.to_email, again.invitation_id, again.state) == (
        failed.to_email,
        failed.invitation_id,
        OutboxState.PENDING,
    )
    assert NetworkEmail.objects.filter(resend_of=failed).count() == 1
    assert [str(m) for m in second.context["messages"]][-1] in (
        "Deze e-mail wordt al opnieuw verstuurd.",
        "This email is already being sent again.",
    )


def test_resending_a_pending_row_is_refused_without_a_second_row(client, network, facilitator):
    member = MembershipFactory(network=network).user
    pending = _session_email(network, member)
    client.force_login(facilitator)

    response = client.post(
        reverse(
            "networks:email_resend",
            kwargs={"pk": network.pk, "kind": pending.kind_key, "email_id": pending.pk},
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert SessionNotification.objects.count() == 1
    assert len([str(m) for m in response.context["messages"]]) == 1


def test_resending_another_networks_email_or_an_unknown_kind_is_404(client, network, facilitator):
    elsewhere = _invitation_email(NetworkFactory(), state=OutboxState.FAILED)
    client.force_login(facilitator)

    other = client.post(
        reverse(
            "networks:email_resend",
            kwargs={"pk": network.pk, "kind": elsewhere.kind_key, "email_id": elsewhere.pk},
        )
    )
    unknown = client.post(
        reverse(
            "networks:email_resend",
            kwargs={"pk": network.pk, "kind": "auth.user", "email_id": facilitator.pk},
        )
    )

    assert (other.status_code, unknown.status_code) == (404, 404)
    assert not NetworkEmail.objects.filter(resend_of=elsewhere).exists()


def test_email_page_queries_do_not_grow(client, network, facilitator):
    member = MembershipFactory(network=network).user
    _invitation_email(network)
    _session_email(network, member)
    client.force_login(facilitator)
    one = count_queries(client, _url(network))

    for _ in range(5):
        _invitation_email(network, state=OutboxState.FAILED)
        _session_email(network, MembershipFactory(network=network).user)

    assert count_queries(client, _url(network)) == one
