"""The facilitator's page with every email of a network, from every outbox table."""

import pytest
from django.urls import reverse

from core.outbox import OutboxState, outbox_models
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


def _notify(session, users, *, states):
    """One sending: the session's invitation to each of ``users``, in ``states`` (in order)."""
    return [
        SessionNotification.objects.create(
            session=session, user=user, kind="invitation", state=state
        )
        for user, state in zip(users, states, strict=True)
    ]


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

    assert [s.model for s in everything.context["sendings"]] == [SessionNotification, NetworkEmail]
    assert [row.pk for s in only_failed.context["sendings"] for row in s.rows] == [failed.pk]
    assert [row.pk for s in only_sessions.context["sendings"] for row in s.rows] == [
        session_email.pk
    ]
    page = everything.content.decode()
    assert "550 mailbox unknown" in page
    assert "1 e-mail kon niet bezorgd worden" in page or "1 email could not be delivered" in page
    assert failed.to_email in page
    assert member.email in page


def test_one_line_per_sending_counts_sent_failed_and_waiting(client, network, facilitator):
    users = [MembershipFactory(network=network).user for _ in range(4)]
    session = SessionFactory(network=network)
    states = [OutboxState.SENT, OutboxState.SENT, OutboxState.FAILED, OutboxState.PENDING]
    _notify(session, users, states=states)
    client.force_login(facilitator)

    response = client.get(_url(network))

    [sending] = response.context["sendings"]
    assert (sending.recipients_count, sending.sent, sending.failed, sending.waiting) == (4, 2, 1, 1)
    assert [row.state for row in sending.rows] == [
        OutboxState.FAILED,
        OutboxState.PENDING,
        OutboxState.SENT,
        OutboxState.SENT,
    ]
    page = response.content.decode()
    assert page.count('class="list-group-item sending"') == 1
    assert ("2 van 4 verstuurd" in page) or ("2 of 4 sent" in page)
    assert str(session) in page


def test_a_resend_that_went_out_turns_the_failed_email_into_a_sent_one(
    client, network, facilitator
):
    users = [MembershipFactory(network=network).user for _ in range(2)]
    sent, failed = _notify(
        SessionFactory(network=network), users, states=[OutboxState.SENT, OutboxState.FAILED]
    )
    client.force_login(facilitator)
    before = client.get(_url(network)).context["sendings"][0]
    # The failed one sent again, and (not one more recipient) the delivered one sent again.
    for original in (failed, sent):
        SessionNotification.objects.create(
            session=original.session,
            user=original.user,
            kind="invitation",
            state=OutboxState.SENT,
            resend_of=original,
        )

    after = client.get(_url(network)).context["sendings"][0]

    assert (before.recipients_count, before.sent, before.failed) == (2, 1, 1)
    assert (after.recipients_count, after.sent, after.failed, len(after.rows)) == (2, 2, 0, 4)
    assert [s.ident for s in client.get(_url(network, state="failed")).context["sendings"]] == []


def test_sendings_are_paged_ten_at_a_time_and_a_bad_page_is_the_first(
    client, network, facilitator, member
):
    for _ in range(12):
        _notify(SessionFactory(network=network), [member], states=[OutboxState.SENT])
    client.force_login(facilitator)

    first = client.get(_url(network))
    second = client.get(_url(network, page=2))
    nonsense = client.get(_url(network, page="abc", state="nonsense"))

    assert (len(first.context["sendings"]), len(second.context["sendings"])) == (10, 2)
    assert nonsense.status_code == 200
    assert [s.ident for s in nonsense.context["sendings"]] == [
        s.ident for s in first.context["sendings"]
    ]
    assert "page=2" in first.content.decode()


def test_the_page_speaks_a_facilitators_words(client, network, facilitator, member):
    _session_email(network, member)
    _invitation_email(network, state=OutboxState.FAILED, error="550 mailbox unknown")
    client.force_login(facilitator)

    page = client.get(_url(network)).content.decode()
    english = client.get(_url(network), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for text in (page, english):
        for jargon in ("Message-ID", "minstens", "at least once", "attempt", "poging"):
            assert jargon not in text


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

    others = [MembershipFactory(network=network).user for _ in range(3)]
    for _ in range(15):  # more sendings than a page holds, each with more recipients
        _invitation_email(network, state=OutboxState.FAILED)
        _notify(
            SessionFactory(network=network),
            others,
            states=[OutboxState.SENT, OutboxState.FAILED, OutboxState.PENDING],
        )

    assert count_queries(client, _url(network)) == one
    assert count_queries(client, _url(network, page=2)) <= one  # fewer tables on it


def test_every_network_outbox_table_says_what_makes_one_sending():
    tables = [model for model in outbox_models() if model.network_path]
    undeclared = [model._meta.label for model in tables if not model.sending_fields]

    assert len(tables) >= 7
    assert undeclared == []
