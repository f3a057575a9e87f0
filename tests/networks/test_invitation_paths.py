"""Invitations without dead ends (issue 24.3): a newcomer signs up from the link with the invited
address and gets no second email; someone signed in with another address adds the invited one
(allauth's add-email, confirmed by email) and joins; an invitation used twice and an address
another account holds are refused in plain words, never with a 500."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from networks import services
from networks.enums import InvitationStatus, MembershipStatus, NetworkEmailKind, Role
from networks.models import Membership, NetworkEmail
from tests.factories import InvitationFactory, MembershipFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Een-sterk-wachtw00rd"


def _invite(network, facilitator, on_commit, email):
    """Invite ``email`` as the facilitator does; return the link path from the email itself."""
    with on_commit(execute=True):
        invitation = services.invitation_create(
            network=network, email=email, role=Role.MEMBER, acting_user=facilitator
        )
    [message] = [m for m in mail.outbox if m.to == [email]]
    link = re.search(r"https?://[^/\s]+(/networks/invitations/[^\s\"<>]+/)", message.body)
    return invitation, link.group(1)


def _to(address):
    return [message for message in mail.outbox if address in message.to]


def _confirm_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_invitee_signs_up_from_the_link_and_gets_one_email_before_joining(
    client, network, facilitator, on_commit
):
    invitation, link = _invite(network, facilitator, on_commit, "nieuw@example.org")
    assert client.get(link).status_code == 200

    signup = client.get(reverse("account_signup"))
    with on_commit(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Nina Nieuw",
                "email": "nieuw@example.org",
                "organisation_not_listed": "AZ Sint-Jan",
                "job_function": "Verpleegkundige",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    # Straight back to the invitation, signed in: the link proved the address.
    assert response["Location"] == link
    assert signup.context["form"].fields["email"].initial == "nieuw@example.org"
    assert EmailAddress.objects.get(email="nieuw@example.org").verified is True
    response = client.post(link, {"accept_ground_rules": "on"})

    membership = Membership.objects.get(network=network, user__email="nieuw@example.org")
    assert membership.status == MembershipStatus.ACTIVE
    assert response["Location"] == network.get_absolute_url()
    # Exactly one email reached the invitee before joining: the invitation.
    assert [m.subject for m in _to("nieuw@example.org")] == [
        f"Uitnodiging voor het lerend netwerk {network.name}"
    ]


def test_a_signup_with_another_address_from_the_link_is_still_confirmed_by_email(
    client, network, facilitator, on_commit
):
    _invitation, link = _invite(network, facilitator, on_commit, "nieuw@example.org")
    client.get(link)
    with on_commit(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Iemand Anders",
                "email": "anders@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    assert response["Location"] == reverse("account_email_verification_sent")
    # allauth's stash would have attached the invited address to this account: it does not.
    assert list(
        EmailAddress.objects.values_list("email", "verified").filter(
            user__email="anders@example.org"
        )
    ) == [("anders@example.org", False)]
    assert len(_to("anders@example.org")) == 1  # the usual confirmation


def test_signed_in_with_another_address_adds_the_invited_one_and_joins(
    client, network, facilitator, on_commit
):
    bart = UserFactory(email="bart@example.org")
    invitation, link = _invite(network, facilitator, on_commit, "annelies@example.org")
    client.force_login(bart)

    page = client.get(link)
    assert page.status_code == 403
    html = page.content.decode()
    assert "Voeg het uitgenodigde adres toe aan dit account" in html
    assert "in plaats van bart@example.org" in html
    with on_commit(execute=True):
        response = client.post(
            reverse("account_email"), {"email": "annelies@example.org", "action_add": ""}
        )
    assert response.status_code == 302
    [confirmation] = _to("annelies@example.org")[1:]
    response = client.post(_confirm_link(confirmation))
    assert response["Location"] == link  # back to the invitation, once
    response = client.post(link, {"accept_ground_rules": "on"})

    assert response["Location"] == network.get_absolute_url()
    assert Membership.objects.get(network=network, user=bart).status == MembershipStatus.ACTIVE
    invitation.refresh_from_db()
    assert (invitation.status, invitation.accepted_by) == (InvitationStatus.ACCEPTED, bart)


def test_an_address_another_account_holds_cannot_be_added_to_join(
    client, network, facilitator, on_commit
):
    owner = UserFactory(email="annelies@example.org")
    bart = UserFactory(email="bart@example.org")
    invitation, link = _invite(network, facilitator, on_commit, "annelies@example.org")
    client.force_login(bart)
    client.get(link)

    with on_commit(execute=True):
        response = client.post(
            reverse("account_email"), {"email": "annelies@example.org", "action_add": ""}
        )
    assert response.status_code == 302
    [confirmation] = _to("annelies@example.org")[1:]
    confirm = client.post(_confirm_link(confirmation))
    shown = client.get(confirm["Location"])
    # allauth refuses, in Dutch; the invitation page then still says it is for another address.
    assert (confirm.status_code, shown.status_code) == (302, 403)
    assert [str(m) for m in shown.context["messages"]][-1] == (
        "Het e-mail adres annelies@example.org kon niet worden geverifieerd omdat het gekoppeld "
        "is aan een ander account."
    )
    response = client.post(link, {"accept_ground_rules": "on"})

    assert response.status_code == 403
    assert "Deze uitnodiging werd naar a***@example.org gestuurd." in response.content.decode()
    assert not Membership.objects.filter(network=network, user=bart).exists()
    assert EmailAddress.objects.get(user=owner).verified is True
    assert not EmailAddress.objects.filter(user=bart, email="annelies@example.org", verified=True)


def test_an_invitation_accepted_twice_says_it_was_used(client, network, facilitator, on_commit):
    invitee = UserFactory(email="nieuw@example.org")
    _invitation, link = _invite(network, facilitator, on_commit, "nieuw@example.org")
    client.force_login(invitee)
    first = client.post(link, {"accept_ground_rules": "on"})

    again = client.post(link, {"accept_ground_rules": "on"})

    assert first["Location"] == network.get_absolute_url()
    assert again.status_code == 410
    assert "Deze uitnodiging is al gebruikt." in again.content.decode()
    assert Membership.objects.filter(network=network, user=invitee).count() == 1


# A personal note, the facilitators told of the join, the directory's free seats ---------------


def test_a_personal_note_reaches_the_invitation_email_escaped(
    client, network, facilitator, on_commit
):
    client.force_login(facilitator)
    note = "Tot <b>dinsdag</b> & welkom!\nAn"

    with on_commit(execute=True):
        response = client.post(
            reverse("networks:invite", kwargs={"pk": network.pk}),
            {"emails": "nieuw@example.org", "role": "member", "note": note, "confirmed": "1"},
        )

    assert response.status_code == 302
    [message] = _to("nieuw@example.org")
    html = message.alternatives[0][0]
    assert "Een boodschap van Fien Facilitator:" in message.body
    assert "Tot <b>dinsdag</b> & welkom!\nAn" in message.body  # plain text: as written
    assert "Tot &lt;b&gt;dinsdag&lt;/b&gt; &amp; welkom!<br>An" in html
    assert "<b>dinsdag</b>" not in html


def test_a_note_too_long_is_refused_and_the_addresses_kept(client, network, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:invite", kwargs={"pk": network.pk}),
        {"emails": "nieuw@example.org", "role": "member", "note": "x" * 1001},
    )

    form = response.context["invitation_form"]
    assert form.errors["note"] == [
        "Zorg dat deze waarde niet meer dan 1000 tekens bevat (het zijn er nu 1001)."
    ]
    assert form["emails"].value() == "nieuw@example.org"
    assert not network.invitations.exists()


def test_the_facilitators_hear_when_an_invitee_joins(client, network, facilitator, on_commit):
    co = UserFactory(full_name="Cas Co", email="cas@example.org", language="en")
    MembershipFactory(network=network, user=co, role=Role.FACILITATOR)
    invitee = UserFactory(full_name="Nina Nieuw", email="nieuw@example.org")
    _invitation, link = _invite(network, facilitator, on_commit, "nieuw@example.org")
    client.force_login(invitee)

    with on_commit(execute=True):
        client.post(link, {"accept_ground_rules": "on"})

    [to_facilitator] = _to(facilitator.email)
    [to_co] = _to(co.email)
    assert to_facilitator.subject == f"Nina Nieuw is lid geworden van {network.name}"
    assert f"Nina Nieuw heeft de uitnodiging aanvaard en is nu lid van {network.name}." in (
        to_facilitator.body
    )
    assert reverse("networks:manage_members", kwargs={"pk": network.pk}) in to_facilitator.body
    assert to_co.subject == f"Nina Nieuw joined {network.name}"  # each in their own language
    assert NetworkEmail.objects.filter(kind=NetworkEmailKind.INVITATION_ACCEPTED).count() == 2


def test_a_facilitator_who_joins_by_invitation_is_not_told_of_their_own_join(
    client, network, facilitator, on_commit
):
    newcomer = UserFactory(email="co@example.org")
    with on_commit(execute=True):
        invitation = services.invitation_create(
            network=network, email=newcomer.email, role=Role.FACILITATOR, acting_user=facilitator
        )
        services.invitation_accept(
            invitation=invitation, acting_user=newcomer, accept_ground_rules=True
        )

    told = NetworkEmail.objects.filter(kind=NetworkEmailKind.INVITATION_ACCEPTED)
    assert list(told.values_list("to_email", flat=True)) == [facilitator.email]


def test_the_directory_counts_outstanding_invitations_as_taken_seats(client, facilitator):
    network = NetworkFactory(created_by=facilitator, member_cap=10, listed=True)
    for _ in range(6):
        MembershipFactory(network=network)
    InvitationFactory(network=network, email="a@example.org")
    InvitationFactory(network=network, email="b@example.org")
    # Not counted: an expired one, a withdrawn one, a facilitator's (takes no seat).
    InvitationFactory(
        network=network, email="c@example.org", expires_at=timezone.now() - timedelta(days=1)
    )
    InvitationFactory(network=network, email="d@example.org", status=InvitationStatus.REVOKED)
    InvitationFactory(network=network, email="e@example.org", role=Role.FACILITATOR)

    directory = client.get(reverse("networks:directory"))
    public = client.get(reverse("networks:public", kwargs={"pk": network.pk}))

    [shown] = [n for n in directory.context["networks"] if n.pk == network.pk]
    assert (network.seats_left, shown.seats_open) == (4, 2)
    assert "2 plaatsen vrij" in directory.content.decode()
    assert public.context["network"].seats_open == 2
    assert "2 plaatsen vrij" in public.content.decode()
