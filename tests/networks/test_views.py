import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import OrganisationCoordinator, User
from core.models import AuditEvent
from networks import selectors, services
from networks.audit import AuditAction
from networks.enums import InvitationStatus, MembershipStatus, NetworkStatus, Role
from networks.models import Invitation, Membership, Network, NetworkEmail
from networks.services import invitation_token
from tests.factories import (
    PASSWORD,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    network_form_data,
)
from tests.utils import count_queries, reads_english

pytestmark = pytest.mark.django_db


def _form_data(**overrides):
    return network_form_data(**overrides)


def test_create_form_is_prefilled_with_ground_rules_and_cap(client, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("networks:create"))

    form = response.context["form"]
    assert form.initial["member_cap"] == 15
    assert form.initial["ground_rules"].startswith("Wat in het netwerk gezegd wordt")


def test_create_network_in_browser(client, facilitator):
    client.force_login(facilitator)

    response = client.post(reverse("networks:create"), _form_data())

    network = Network.objects.get(name="Valpreventie")
    assert response.status_code == 302
    assert response["Location"] == network.get_absolute_url()
    assert network.status == NetworkStatus.DRAFT
    assert network.memberships.get().user == facilitator


@pytest.mark.parametrize("cap", ["9", "16", "twaalf"])
def test_create_network_with_bad_cap_shows_message_next_to_field(client, facilitator, cap):
    client.force_login(facilitator)

    response = client.post(reverse("networks:create"), _form_data(member_cap=cap))

    assert response.status_code == 200
    errors = response.context["form"].errors["member_cap"]
    assert len(errors) == 1
    assert errors[0] in {
        "Zorg ervoor dat deze waarde minstens 10 is.",
        "Zorg ervoor dat deze waarde hoogstens 15 is.",
        "Voer een geheel getal in.",
    }
    assert not Network.objects.exists()


def test_create_network_end_before_start(client, facilitator):
    client.force_login(facilitator)

    response = client.post(reverse("networks:create"), _form_data(end_date="2026-01-01"))

    assert response.context["form"].errors["end_date"] == [
        "Het einde kan niet vóór het begin liggen."
    ]


def test_outsider_sees_only_the_public_card(client, network, member, outsider):
    network.ground_rules = "GEHEIME-GROEPSAFSPRAAK"
    network.save()
    client.force_login(outsider)

    response = client.get(network.get_absolute_url())

    content = response.content.decode()
    assert response.templates[0].name == "networks/network_card.html"
    assert network.goal in content
    assert "GEHEIME-GROEPSAFSPRAAK" not in content
    assert member.full_name not in content
    assert "nog 11 plaatsen vrij" in content


def test_member_sees_members_and_ground_rules(client, network, member):
    client.force_login(member)

    response = client.get(network.get_absolute_url())

    content = response.content.decode()
    assert response.templates[0].name == "networks/network_detail.html"
    assert network.ground_rules in content
    assert member.full_name in content


def test_draft_network_is_404_for_outsider(client, facilitator, outsider):
    network = NetworkFactory(created_by=facilitator, status=NetworkStatus.DRAFT)
    client.force_login(outsider)

    assert client.get(network.get_absolute_url()).status_code == 404


def test_waitlisted_person_cannot_see_member_content(client, network):
    waiting = MembershipFactory(network=network, status=MembershipStatus.WAITLISTED)
    client.force_login(waiting.user)

    response = client.get(network.get_absolute_url())

    assert response.templates[0].name == "networks/network_card.html"
    assert "Je staat op de wachtlijst van dit netwerk." in response.content.decode()


def test_invite_several_people_reports_each_outcome(client, network, facilitator, member):
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:invite", kwargs={"pk": network.pk}),
        {
            "emails": f"a@example.org, b@example.org\n{member.email}",
            "role": "member",
            "confirmed": "1",
        },
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Uitnodiging verstuurd naar: a@example.org, b@example.org",
        f"{member.email} is al lid van dit netwerk.",
    ]
    assert set(network.invitations.values_list("email", flat=True)) == {
        "a@example.org",
        "b@example.org",
    }


def test_invite_with_invalid_address_keeps_input_and_says_why(client, network, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:invite", kwargs={"pk": network.pk}),
        {"emails": "a@example.org, geen-adres", "role": "member"},
    )

    assert response.status_code == 200
    form = response.context["invitation_form"]
    assert form.errors["emails"] == ["Dit zijn geen geldige e-mailadressen: geen-adres"]
    assert "geen-adres" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"status": InvitationStatus.ACCEPTED}, 410, "Deze uitnodiging is al gebruikt."),
        ({"status": InvitationStatus.REVOKED}, 410, "Deze uitnodiging is ingetrokken."),
        (
            {"expires_at": timezone.now() - datetime.timedelta(hours=1)},
            410,
            "Deze uitnodiging is verlopen. Vraag de begeleider om een nieuwe.",
        ),
    ],
)
def test_unusable_invitation_link_explains_why(client, network, change, status, message):
    invitation = InvitationFactory(network=network, **change)

    response = client.get(
        reverse("networks:invitation_accept", kwargs={"token": invitation_token(invitation)})
    )

    assert response.status_code == status
    assert message in response.content.decode()


def test_tampered_invitation_link_is_404_with_message(client):
    response = client.get(reverse("networks:invitation_accept", kwargs={"token": "1:forged"}))

    assert response.status_code == 404
    assert "Deze uitnodigingslink is niet geldig." in response.content.decode()


def test_accepting_without_ground_rules_shows_error_and_joins_nobody(client, network, outsider):
    invitation = InvitationFactory(network=network, email=outsider.email)
    client.force_login(outsider)

    response = client.post(
        reverse("networks:invitation_accept", kwargs={"token": invitation_token(invitation)}),
        {},
    )

    assert response.context["form"].errors["accept_ground_rules"] == [
        "Aanvaard de groepsafspraken om lid te worden van het netwerk."
    ]
    assert not Membership.objects.filter(user=outsider).exists()


def test_newcomer_signs_up_from_invitation_and_lands_in_network(client, network, on_commit):
    invitation = InvitationFactory(network=network, email="nieuw@example.org")
    accept_url = reverse(
        "networks:invitation_accept", kwargs={"token": invitation_token(invitation)}
    )

    assert client.get(accept_url).status_code == 200
    with on_commit(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "full_name": "Nina Nieuw",
                "email": "nieuw@example.org",
                "organisation_not_listed": "AZ Sint-Jan",
                "job_function": "Verpleegkundige",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
            },
        )
    # The link proved the invited address: no confirmation email, straight back (issue 24.3;
    # the email count: tests/networks/test_invitation_paths.py).
    assert response["Location"] == accept_url
    assert mail.outbox == []

    response = client.post(accept_url, {"accept_ground_rules": "on"})

    membership = Membership.objects.get(network=network, user__email="nieuw@example.org")
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.user.full_name == "Nina Nieuw"
    assert response["Location"] == network.get_absolute_url()


def _accept_url(invitation):
    """The link of the invitation's email. The token carries a timestamp, so one test keeps one
    link (as one email does) instead of comparing links signed a second apart."""
    if not hasattr(invitation, "_test_link"):
        invitation._test_link = reverse(
            "networks:invitation_accept", kwargs={"token": invitation_token(invitation)}
        )
    return invitation._test_link


@pytest.mark.parametrize("method", ["get", "post"])
def test_invitation_for_another_address_is_refused_with_masked_address(client, network, method):
    invitation = InvitationFactory(
        network=network, email="annelies.peeters@example.org", role=Role.FACILITATOR
    )
    # English, so the test does not depend on when the Dutch catalogue is compiled.
    someone_else = UserFactory(email="bart@example.org", language="en")
    client.force_login(someone_else)

    if method == "post":
        response = client.post(_accept_url(invitation), {"accept_ground_rules": "on"})
    else:
        response = client.get(_accept_url(invitation))

    page = response.content.decode()
    assert response.status_code == 403
    assert (
        "This invitation was sent to another email address (a***@example.org). "
        "Only the account with that address can accept it."
    ) in page
    assert "You are logged in as bart@example.org." in page
    # The full address only in the form that adds it to this account (the signup form from the
    # same link holds it too: issue 24.3), never in the text.
    assert page.count("annelies.peeters") == 1
    assert 'name="email" value="annelies.peeters@example.org"' in page
    assert f'action="{reverse("account_logout")}"' in page
    assert f'name="next" value="{_accept_url(invitation)}"' in page
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Membership.objects.filter(network=network, user=someone_else).exists()


def test_anonymous_invitation_page_names_the_masked_address(client, network):
    invitation = InvitationFactory(network=network, email="annelies.peeters@example.org")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get(_accept_url(invitation)).content.decode()

    assert "This invitation was sent to a***@example.org: use that email address" in page
    assert "annelies.peeters" not in page


def test_wrong_account_logs_out_and_accepts_with_the_invited_address(client, network):
    invitee = UserFactory(email="annelies@example.org")
    invitation = InvitationFactory(network=network, email="annelies@example.org")
    client.force_login(UserFactory(email="bart@example.org"))
    assert client.get(_accept_url(invitation)).status_code == 403

    response = client.post(reverse("account_logout"), {"next": _accept_url(invitation)})
    assert response["Location"] == _accept_url(invitation)
    assert client.get(_accept_url(invitation)).status_code == 200
    response = client.post(reverse("account_login"), {"login": invitee.email, "password": PASSWORD})
    assert response["Location"] == _accept_url(invitation)
    response = client.post(_accept_url(invitation), {"accept_ground_rules": "on"})

    assert response["Location"] == network.get_absolute_url()
    assert Membership.objects.get(network=network, user=invitee).status == MembershipStatus.ACTIVE


def test_newcomer_who_signs_up_with_another_address_is_not_let_in(client, network, on_commit):
    invitation = InvitationFactory(network=network, email="nieuw@example.org")
    client.get(_accept_url(invitation))
    with on_commit(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Iemand Anders",
                "email": "anders@example.org",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
            },
        )
    confirm_link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    response = client.post(confirm_link.group(0).replace("http://testserver", ""))
    assert response["Location"] == _accept_url(invitation)

    response = client.post(_accept_url(invitation), {"accept_ground_rules": "on"})

    assert response.status_code == 403
    assert not Membership.objects.filter(network=network, user__email="anders@example.org")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_join_request_in_browser_and_second_request_is_refused(client, network, outsider):
    client.force_login(outsider)
    url = reverse("networks:join", kwargs={"pk": network.pk})

    first = client.post(url, {"motivation": "Graag", "accept_ground_rules": "on"})
    second = client.get(url)

    assert first.status_code == 302
    assert network.join_requests.get().user == outsider
    # Once asked, the join page is no longer offered; the card says the request waits.
    assert second.status_code == 200
    again = client.post(url, {"motivation": "Nog eens", "accept_ground_rules": "on"})
    assert again.context["form"].non_field_errors() == [
        "Je hebt al gevraagd om lid te worden van dit netwerk."
    ]
    assert network.join_requests.count() == 1


def test_facilitator_approves_request(client, network, facilitator):
    join_request = JoinRequestFactory(network=network)
    client.force_login(facilitator)

    response = client.post(
        reverse(
            "networks:request_approve", kwargs={"pk": network.pk, "request_id": join_request.pk}
        ),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        f"{join_request.user.full_name} is goedgekeurd."
    ]
    assert Membership.objects.get(user=join_request.user).status == MembershipStatus.ACTIVE


def test_request_of_another_network_is_404(client, network, facilitator):
    elsewhere = JoinRequestFactory()
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:request_approve", kwargs={"pk": network.pk, "request_id": elsewhere.pk})
    )

    assert response.status_code == 404
    assert not Membership.objects.filter(user=elsewhere.user).exists()


def test_member_leaves_and_waitlist_moves_up(client, network, member):
    for _ in range(network.member_cap - 1):
        MembershipFactory(network=network)
    waiting = MembershipFactory(network=network, status=MembershipStatus.WAITLISTED)
    client.force_login(member)

    response = client.post(reverse("networks:leave", kwargs={"pk": network.pk}))

    waiting.refresh_from_db()
    assert response["Location"] == reverse("networks:dashboard")
    assert waiting.status == MembershipStatus.ACTIVE


def test_get_never_changes_state(client, network, facilitator):
    join_request = JoinRequestFactory(network=network)
    client.force_login(facilitator)

    response = client.get(
        reverse(
            "networks:request_approve", kwargs={"pk": network.pk, "request_id": join_request.pk}
        )
    )

    assert response.status_code == 405
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_directory_filters_by_theme_and_hides_drafts(client, outsider):
    NetworkFactory(name="Zorgnetwerk", theme="Zorg")
    NetworkFactory(name="Metaalnetwerk", theme="Industrie")
    NetworkFactory(name="Conceptnetwerk", theme="Zorg", status=NetworkStatus.DRAFT)
    client.force_login(outsider)

    response = client.get(reverse("networks:directory"), {"theme": "zorg"})

    assert [n.name for n in response.context["networks"]] == ["Zorgnetwerk"]
    assert response.context["themes"] == ["Industrie", "Zorg"]


# Query guards: the same number of queries for one item and for many.


def test_dashboard_queries_do_not_grow(client):
    user = UserFactory()
    client.force_login(user)
    NetworkFactory(created_by=user)
    MembershipFactory(user=user)
    MembershipFactory(user=user, status=MembershipStatus.WAITLISTED)
    JoinRequestFactory(user=user)
    one = count_queries(client, reverse("networks:dashboard"))
    for _ in range(5):
        NetworkFactory(created_by=user)
        MembershipFactory(user=user)
        MembershipFactory(user=user, status=MembershipStatus.WAITLISTED)
        JoinRequestFactory(user=user)

    assert count_queries(client, reverse("networks:dashboard")) == one


def test_directory_queries_do_not_grow(client, outsider):
    client.force_login(outsider)
    NetworkFactory()
    one = count_queries(client, reverse("networks:directory"))
    for _ in range(8):
        NetworkFactory(theme=f"Thema {_}")

    assert count_queries(client, reverse("networks:directory")) == one


def test_detail_and_manage_queries_do_not_grow(client, network, facilitator):
    client.force_login(facilitator)
    MembershipFactory(network=network)
    MembershipFactory(network=network, status=MembershipStatus.WAITLISTED)
    InvitationFactory(network=network)
    JoinRequestFactory(network=network)
    detail_url = network.get_absolute_url()
    manage_url = reverse("networks:manage_members", kwargs={"pk": network.pk})
    detail_one, manage_one = count_queries(client, detail_url), count_queries(client, manage_url)
    for _ in range(10):
        MembershipFactory(network=network)
        MembershipFactory(network=network, status=MembershipStatus.WAITLISTED)
        InvitationFactory(network=network)
        JoinRequestFactory(network=network)

    assert count_queries(client, detail_url) == detail_one
    assert count_queries(client, manage_url) == manage_one


def test_facilitator_lets_note_takers_publish_on_the_settings_form(client, network, facilitator):
    facilitator.language = "en"  # English, so the test does not wait for the Dutch catalogue
    facilitator.save(update_fields=["language"])
    client.force_login(facilitator)
    url = reverse("networks:update", kwargs={"pk": network.pk})

    page = client.get(url).content.decode()
    response = client.post(url, _form_data(note_takers_may_publish="on"))

    assert 'name="note_takers_may_publish"' in page
    assert "Off: a member named note-taker writes the minutes and proposes them" in page
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.note_takers_may_publish is True


def test_note_takers_may_not_publish_by_default(client, facilitator):
    client.force_login(facilitator)

    client.post(reverse("networks:create"), _form_data())

    assert Network.objects.get(name="Valpreventie").note_takers_may_publish is False


def test_network_create_double_click_makes_one_network(client, facilitator):
    client.force_login(facilitator)
    data = _form_data(name="Dubbelklik")

    first = client.post(reverse("networks:create"), data)
    second = client.post(reverse("networks:create"), data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Network.objects.filter(name="Dubbelklik").count() == 1


# The view asks the service; the page asks the model and the form -------------------------------


def test_facilitator_removing_themselves_is_refused_by_the_service(client, network, facilitator):
    MembershipFactory(network=network, role=Role.FACILITATOR)  # not the last facilitator
    own = Membership.objects.get(network=network, user=facilitator)
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:member_remove", kwargs={"pk": network.pk, "membership_id": own.pk}),
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Je kunt jezelf niet verwijderen; verlaat het netwerk in de plaats."
    ]
    own.refresh_from_db()
    assert own.status == MembershipStatus.ACTIVE
    remove_own = reverse(
        "networks:member_remove", kwargs={"pk": network.pk, "membership_id": own.pk}
    )
    assert remove_own not in response.content.decode()  # no button for oneself
    rows = {m.user_id: m.can_remove for m in response.context["members"]}
    assert rows[facilitator.pk] is False
    assert list(rows.values()).count(True) == 1


def test_status_buttons_come_from_the_form_of_allowed_moves(client, network, facilitator):
    client.force_login(facilitator)

    response = client.get(reverse("networks:manage_members", kwargs={"pk": network.pk}))

    html = response.content.decode()
    form = response.context["status_form"]
    assert [value for value, _label in form.fields["status"].choices] == [NetworkStatus.RUNNING]
    assert re.findall(r'name="status" value="(\w+)"', html) == ["running"]
    # closing is not a button: it is a link to its confirmation page
    close = reverse("networks:close", kwargs={"pk": network.pk})
    assert f'href="{close}">Sluit het netwerk…</a>' in html


def test_a_status_move_the_form_does_not_offer_is_refused(client, network, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("networks:set_status", kwargs={"pk": network.pk}),
        {"status": NetworkStatus.DRAFT},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Kies een geldige status."]
    network.refresh_from_db()
    assert network.status == NetworkStatus.OPEN


def test_directory_filter_is_the_forms_select_and_ignores_case(client, outsider):
    NetworkFactory(name="Zorgnetwerk", theme="Zorg")
    NetworkFactory(name="Metaalnetwerk", theme="Industrie")
    client.force_login(outsider)

    response = client.get(reverse("networks:directory"), {"theme": "zorg"})

    html = response.content.decode()
    assert response.context["filter_form"].cleaned_data["theme"] == "Zorg"
    assert '<option value="Zorg" selected>Zorg</option>' in html
    assert [n.name for n in response.context["networks"]] == ["Zorgnetwerk"]


def test_directory_filter_with_an_unknown_theme_finds_nothing(client, outsider):
    NetworkFactory(name="Zorgnetwerk", theme="Zorg")
    client.force_login(outsider)

    response = client.get(reverse("networks:directory"), {"theme": "Onbestaand"})

    assert list(response.context["networks"]) == []
    assert 'class="directory-empty"' in response.content.decode()


# The language of an invitation -----------------------------------------------------------------


def test_invitation_opens_in_the_networks_language_and_signup_keeps_it(client, network, on_commit):
    invitation = InvitationFactory(network=reads_english(network), email="nieuw@example.org")

    page = client.get(_accept_url(invitation))
    signup = client.get(reverse("account_signup"))
    with on_commit(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "full_name": "Nina Nieuw",
                "email": "nieuw@example.org",
                "password1": "Een-sterk-wachtw00rd",
                "password2": "Een-sterk-wachtw00rd",
            },
        )

    assert page["Content-Language"] == "en"
    assert f"You are invited to join {network.name}" in page.content.decode()
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert signup["Content-Language"] == "en"
    assert "Full name" in signup.content.decode()
    assert User.objects.get(email="nieuw@example.org").language == "en"


def test_a_signed_in_users_own_language_wins_over_the_networks(client, network):
    invitee = UserFactory(email="annelies@example.org", language="nl")
    invitation = InvitationFactory(network=reads_english(network), email=invitee.email)
    client.force_login(invitee)

    page = client.get(_accept_url(invitation))

    assert page.status_code == 200
    assert page["Content-Language"] == "nl"
    assert settings.LANGUAGE_COOKIE_NAME not in page.cookies


def test_a_language_chosen_with_the_switch_wins_over_the_networks(client, network):
    invitation = InvitationFactory(network=reads_english(network), email="nieuw@example.org")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    page = client.get(_accept_url(invitation))

    assert page["Content-Language"] == "nl"
    assert settings.LANGUAGE_COOKIE_NAME not in page.cookies


def test_an_expired_invitation_explains_itself_in_the_networks_language(client, network):
    invitation = InvitationFactory(
        network=reads_english(network),
        email="nieuw@example.org",
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )

    page = client.get(_accept_url(invitation))

    assert page.status_code == 410
    assert "This invitation has expired. Ask the facilitator for a new one." in (
        page.content.decode()
    )


DRAFT_NOTE = (
    "The network is still being prepared and is not open yet. You can already accept the "
    "invitation; the facilitator lets you know when it starts."
)


def test_an_invitation_into_a_draft_network_says_it_is_not_open_yet(
    client, network, facilitator, on_commit
):
    reads_english(network)
    network.status = NetworkStatus.DRAFT
    network.save(update_fields=["status"])

    with on_commit(execute=True):
        invitation = services.invitation_create(
            network=network, email="nieuw@example.org", role=Role.MEMBER, acting_user=facilitator
        )
    [message] = mail.outbox
    page = client.get(_accept_url(invitation)).content.decode()

    assert DRAFT_NOTE in message.body
    assert DRAFT_NOTE in message.alternatives[0][0]
    assert DRAFT_NOTE in page
    for text in (message.subject, message.body, message.alternatives[0][0], page):
        assert "Draft" not in text


def test_an_invitation_into_an_open_network_has_no_draft_note(client, network):
    invitation = InvitationFactory(network=reads_english(network), email="nieuw@example.org")

    page = client.get(_accept_url(invitation)).content.decode()

    assert network.is_open
    assert DRAFT_NOTE not in page


# Leaving the waitlist ---------------------------------------------------------------------------


@pytest.fixture
def full_running_network(network):
    network.status = NetworkStatus.RUNNING  # no longer in the directory: only the waiting see it
    network.save(update_fields=["status"])
    for _ in range(network.member_cap):
        MembershipFactory(network=network)
    network.refresh_from_db()
    return network


def _waiting(network, name, minutes_ago):
    return MembershipFactory(
        network=network,
        user=UserFactory(full_name=name, language="en"),
        status=MembershipStatus.WAITLISTED,
        waitlisted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_a_waitlisted_person_leaves_the_waitlist_and_the_others_move_up(
    client, full_running_network
):
    network = full_running_network
    first = _waiting(network, "Wout Eerst", 30)
    second = _waiting(network, "Wanda Later", 20)
    third = _waiting(network, "Wim Laatst", 10)
    client.force_login(first.user)
    emails = NetworkEmail.objects.count()

    card = client.get(network.get_absolute_url()).content.decode()
    page = client.get(reverse("networks:leave", kwargs={"pk": network.pk})).content.decode()
    response = client.post(reverse("networks:leave", kwargs={"pk": network.pk}), follow=True)

    assert "You are number 1; you get an email as soon as a seat frees up." in card
    assert f'href="{reverse("networks:leave", kwargs={"pk": network.pk})}"' in card
    assert f"Leave the waitlist of {network.name}?" in page
    assert "the people after you move up one place" in page
    assert [str(m) for m in response.context["messages"]] == [
        f"You have left the waitlist of {network.name}."
    ]
    first.refresh_from_db()
    assert first.status == MembershipStatus.LEFT
    assert [selectors.waitlist_position(membership=m) for m in (second, third)] == [1, 2]
    network.refresh_from_db()
    assert network.member_count == network.member_cap  # nobody was promoted
    assert NetworkEmail.objects.count() == emails
    client.force_login(second.user)
    assert "You are number 1;" in client.get(network.get_absolute_url()).content.decode()


def test_leaving_the_waitlist_twice_is_a_404_the_second_time(client, full_running_network):
    waiting = _waiting(full_running_network, "Wout Eerst", 30)
    client.force_login(waiting.user)
    url = reverse("networks:leave", kwargs={"pk": full_running_network.pk})

    client.post(url)
    again = client.post(url)

    assert again.status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == MembershipStatus.LEFT


def test_someone_not_on_the_waitlist_cannot_see_a_running_network_or_leave_it(
    client, full_running_network, outsider
):
    client.force_login(outsider)

    assert client.get(full_running_network.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("networks:leave", kwargs={"pk": full_running_network.pk})).status_code
        == 404
    )


# Issue 22: a coordinator who appoints themselves facilitator is announced to the members -------


@pytest.fixture
def coordinated(network):
    """The network runs under an organisation with a coordinator, Cora, not in the network."""
    organisation = OrganisationFactory(name="Zorgbedrijf Rivierenland")
    network.organisation = organisation
    network.save(update_fields=["organisation"])
    coordinator = UserFactory(full_name="Cora Coördinator", language="en")
    OrganisationCoordinator.objects.create(organisation=organisation, user=coordinator)
    return organisation, coordinator


def _appoint_themselves(client, network, organisation, coordinator):
    """Cora invites her own address as facilitator (the organisation's overview), then
    accepts the invitation: the only way a coordinator becomes one of its facilitators."""
    client.force_login(coordinator)
    url = reverse(
        "reports:organisation_appoint_facilitator",
        kwargs={"pk": organisation.pk, "network_pk": network.pk},
    )
    assert client.post(url, {"email": coordinator.email}).status_code == 302
    invitation = Invitation.objects.get(network=network, email=coordinator.email)
    accept = reverse("networks:invitation_accept", kwargs={"token": invitation.token})
    assert client.post(accept, {"accept_ground_rules": "on"}).status_code == 302
    client.logout()
    return Membership.objects.get(network=network, user=coordinator)


def test_a_coordinator_appointing_themselves_is_announced_to_the_members(
    client, network, facilitator, member, coordinated
):
    organisation, coordinator = coordinated
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(member)
    assert "coordinator of" not in client.get(network.get_absolute_url()).content.decode()
    client.logout()

    membership = _appoint_themselves(client, network, organisation, coordinator)

    assert (membership.role, membership.status) == (Role.FACILITATOR, MembershipStatus.ACTIVE)
    client.force_login(member)
    page = client.get(network.get_absolute_url()).content.decode()
    day = date_format(timezone.localtime(membership.joined_at), "DATE_FORMAT")
    assert (
        f"Cora Coördinator, coordinator of Zorgbedrijf Rivierenland, became facilitator of this "
        f"network on {day}. Like every facilitator, they can read the members' answers to the "
        "intake." in page
    )
    # The list of members marks her, and only her (Fien facilitates, coordinates nothing).
    marks = re.findall(r"<strong>([^<]+)</strong>[^<]*<span[^>]*>Facilitator</span>( <span)?", page)
    assert sorted(marks) == [("Cora Coördinator", " <span"), ("Fien Facilitator", "")]
    assert page.count("coordinator of Zorgbedrijf Rivierenland</span>") == 1
    # The appointment is audited: the invitation she sent and the facilitator she added.
    events = AuditEvent.objects.filter(network_id=network.pk, actor=coordinator)
    assert set(events.values_list("action", "subject")) == {
        (AuditAction.INVITATION_CREATED, None),
        (AuditAction.INVITATION_ACCEPTED, coordinator.pk),
        (AuditAction.FACILITATOR_ADDED, coordinator.pk),
    }


def test_the_notice_ends_after_30_days_the_mark_stays(client, network, member, coordinated):
    organisation, coordinator = coordinated
    membership = _appoint_themselves(client, network, organisation, coordinator)
    Membership.objects.filter(pk=membership.pk).update(
        joined_at=timezone.now() - datetime.timedelta(days=selectors.COORDINATOR_NOTICE_DAYS + 1)
    )
    client.force_login(member)  # reads Dutch

    page = client.get(network.get_absolute_url()).content.decode()

    assert "werd begeleider van dit netwerk" not in page
    assert "coördinator van Zorgbedrijf Rivierenland</span>" in page
    assert "Begeleiders kunnen de antwoorden van de leden op de intake lezen." in page


def test_the_notice_is_in_dutch(client, network, member, coordinated):
    organisation, coordinator = coordinated
    _appoint_themselves(client, network, organisation, coordinator)
    client.force_login(member)  # reads Dutch

    page = client.get(network.get_absolute_url()).content.decode()

    assert "Cora Coördinator, coördinator van Zorgbedrijf Rivierenland, werd begeleider" in page


def test_a_coordinator_of_another_organisation_is_not_marked(client, network, member, coordinated):
    _organisation, _coordinator = coordinated
    elsewhere = UserFactory(full_name="Eli Elders")
    OrganisationCoordinator.objects.create(organisation=OrganisationFactory(), user=elsewhere)
    MembershipFactory(network=network, user=elsewhere, role=Role.FACILITATOR)
    member.language = "en"
    member.save(update_fields=["language"])
    client.force_login(member)

    page = client.get(network.get_absolute_url()).content.decode()

    assert "Eli Elders" in page
    assert "coordinator of" not in page
