"""Organisations as records (issue 13, part 1): unique names, choosing one at signup and on the
profile, proposals for names not listed, and the move of the old free-text field."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts import rules, services
from accounts.enums import OrganisationKind, ProposalOutcome
from accounts.models import Organisation, OrganisationProposal, User
from accounts.organisations import link_free_text, name_key
from core.errors import ApplicationError
from pages.accounts.forms import OrganisationProposalAcceptForm, ProfileForm
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.utils import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def _coordinator():
    user = UserFactory(language="en")  # pages and messages in English, as asserted
    services.organisation_coordinator_add(
        organisation=OrganisationFactory(), user=user, acting_user=None
    )
    return user


def _decision_url(action, proposal):
    return reverse(f"accounts:organisation_proposal_{action}", kwargs={"proposal_id": proposal.pk})


def test_names_are_the_same_regardless_of_case_and_spaces():
    OrganisationFactory(name="WZC Ter Linde")
    duplicate = Organisation(name="  wzc   TER linde ", kind=OrganisationKind.COMPANY)

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "“WZC Ter Linde” already exists" in error.value.message_dict["name"][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert name_key(" A  b ") == "a b"


def test_adding_a_duplicate_name_gives_a_message_and_writes_nothing():
    OrganisationFactory(name="Stad Gent")
    form = OrganisationProposalAcceptForm(
        data={"name": "stad  gent", "kind": OrganisationKind.PUBLIC_BODY, "sector": ""}
    )

    assert not form.is_valid()
    assert "already exists" in form.errors["name"][0]
    with pytest.raises(ApplicationError):
        services.organisation_create(name="STAD GENT", kind=OrganisationKind.PUBLIC_BODY)
    assert Organisation.objects.count() == 1


def test_free_text_migration_links_exact_matches_and_proposes_the_rest():
    listed = OrganisationFactory(name="AZ Sint-Jan")
    a, b, c, d, e = (UserFactory() for _ in range(5))
    rows = [
        (a.pk, "az  SINT-JAN"),  # the listed one, other case and spaces
        (b.pk, "WZC Ter Linde"),
        (c.pk, "wzc ter linde "),  # the same new name: one proposal for both
        (d.pk, "Thuiszorg Brugge"),
        (e.pk, "   "),  # nothing given
    ]

    counts = link_free_text(
        organisation_model=apps.get_model("accounts", "Organisation"),
        proposal_model=apps.get_model("accounts", "OrganisationProposal"),
        user_model=apps.get_model("accounts", "User"),
        rows=rows,
    )

    assert counts == {"linked": 1, "proposed": 3}
    assert User.objects.get(pk=a.pk).organisation == listed
    assert User.objects.filter(organisation__isnull=True).count() >= 4
    proposals = {p.name: {u.pk for u in p.users.all()} for p in OrganisationProposal.objects.all()}
    assert proposals == {"WZC Ter Linde": {b.pk, c.pk}, "Thuiszorg Brugge": {d.pk}}
    assert all(p.is_pending for p in OrganisationProposal.objects.all())


def _signup(client, **fields):
    data = {
        "full_name": "Nina Nieuw",
        "email": "nina@example.org",
        "job_function": "",
        "password1": "Een-sterk-wachtw00rd",
        "password2": "Een-sterk-wachtw00rd",
        **fields,
    }
    return client.post(reverse("account_signup"), data)


def test_signup_chooses_from_the_list(client):
    acme = OrganisationFactory()

    _signup(client, organisation=acme.pk)

    assert User.objects.get(email="nina@example.org").organisation == acme


def test_signup_with_a_listed_name_typed_links_to_it(client):
    acme = OrganisationFactory(name="Acme Gent")

    _signup(client, organisation_not_listed="acme  gent")

    assert User.objects.get(email="nina@example.org").organisation == acme
    assert not OrganisationProposal.objects.exists()


def test_signup_with_both_a_choice_and_a_name_is_refused(client):
    acme = OrganisationFactory()

    response = _signup(client, organisation=acme.pk, organisation_not_listed="Iets anders")

    assert response.status_code == 200
    assert "organisation_not_listed" in response.context["form"].errors
    assert not User.objects.filter(email="nina@example.org").exists()


def test_profile_proposal_then_choice_from_the_list(client):
    user = UserFactory()
    other = UserFactory()
    client.force_login(user)
    data = {"full_name": user.full_name, "job_function": "", "language": "en"}

    client.post(reverse("accounts:profile"), {**data, "organisation_not_listed": "Nieuw BV"})
    services.user_set_organisation(acting_user=other, organisation=None, proposed_name="nieuw bv")
    page = client.get(reverse("accounts:profile")).content.decode()

    proposal = OrganisationProposal.objects.get()
    assert set(proposal.users.all()) == {user, other}
    assert "You asked to add “Nieuw BV”" in page
    assert 'value="Nieuw BV"' in page  # saving the profile again keeps the request

    acme = OrganisationFactory()
    client.post(reverse("accounts:profile"), {**data, "organisation": acme.pk})

    user.refresh_from_db()
    assert user.organisation == acme
    assert list(proposal.users.all()) == [other]
    services.user_set_organisation(acting_user=other, organisation=acme)
    assert not OrganisationProposal.objects.exists()  # nobody left on it


def test_profile_form_shows_the_list():
    acme = OrganisationFactory(name="Acme")
    form = ProfileForm(instance=UserFactory(organisation=acme))

    assert form.initial["organisation"] == acme.pk
    assert list(form.fields["organisation"].queryset) == [acme]


def test_coordinator_accepts_merges_and_declines():
    coordinator = _coordinator()
    nina, jan, piet = (UserFactory() for _ in range(3))
    for user, name in ((nina, "Nieuw BV"), (jan, "Stad Gent OCMW"), (piet, "Onzin")):
        services.user_set_organisation(acting_user=user, organisation=None, proposed_name=name)
    new, merge, decline = OrganisationProposal.objects.order_by("pk")
    gent = OrganisationFactory(name="Stad Gent")

    created = services.organisation_proposal_accept(
        proposal=new,
        name="Nieuw BV",
        kind=OrganisationKind.COMPANY,
        sector="Bouw",
        acting_user=coordinator,
    )
    services.organisation_proposal_merge(proposal=merge, organisation=gent, acting_user=coordinator)
    services.organisation_proposal_decline(proposal=decline, acting_user=coordinator)

    for user in (nina, jan, piet):
        user.refresh_from_db()
    assert (nina.organisation, jan.organisation, piet.organisation) == (created, gent, None)
    outcomes = list(OrganisationProposal.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [ProposalOutcome.ACCEPTED, ProposalOutcome.MERGED, ProposalOutcome.DECLINED]
    with pytest.raises(ApplicationError):
        services.organisation_proposal_decline(proposal=new, acting_user=coordinator)


def test_only_coordinators_and_staff_decide():
    user = UserFactory()
    services.user_set_organisation(acting_user=user, organisation=None, proposed_name="X BV")
    proposal = OrganisationProposal.objects.get()

    with pytest.raises(ApplicationError):
        services.organisation_proposal_decline(proposal=proposal, acting_user=UserFactory())
    services.organisation_proposal_decline(
        proposal=proposal, acting_user=UserFactory(is_staff=True)
    )


def test_proposals_page_for_coordinators(client):
    coordinator = _coordinator()
    services.user_set_organisation(
        acting_user=UserFactory(), organisation=None, proposed_name="Nieuw BV"
    )
    proposal = OrganisationProposal.objects.get()
    client.force_login(coordinator)

    page = client.get(reverse("accounts:organisation_proposals"))
    assert page.status_code == 200
    assert "Nieuw BV" in page.content.decode()
    assert "Organisations to add" in client.get(reverse("accounts:profile")).content.decode()

    response = client.post(
        _decision_url("accept", proposal),
        {
            f"p{proposal.pk}-name": "Nieuw BV",
            f"p{proposal.pk}-kind": "company",
            f"p{proposal.pk}-sector": "",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Nieuw BV has been added to the list."
    ]
    assert Organisation.objects.filter(name="Nieuw BV").exists()
    decided_already = client.post(_decision_url("decline", proposal))
    assert decided_already.status_code == 404


def test_a_bad_decision_shows_a_message_and_changes_nothing(client):
    OrganisationFactory(name="Acme")
    coordinator = _coordinator()
    services.user_set_organisation(
        acting_user=UserFactory(), organisation=None, proposed_name="Acme BV"
    )
    proposal = OrganisationProposal.objects.get()
    client.force_login(coordinator)

    duplicate = client.post(
        _decision_url("accept", proposal),
        {f"p{proposal.pk}-name": "ACME", f"p{proposal.pk}-kind": "company"},
        follow=True,
    )
    no_choice = client.post(_decision_url("merge", proposal), follow=True)

    messages = [str(m) for r in (duplicate, no_choice) for m in r.context["messages"]]
    assert "already exists" in messages[0]
    assert messages[1] == "Choose the organisation to link the people to."
    proposal.refresh_from_db()
    assert proposal.is_pending
    assert Organisation.objects.count() == 2  # Acme and the coordinator's own


def test_merge_and_decline_each_have_their_own_url(client):
    gent = OrganisationFactory(name="Stad Gent")
    coordinator = _coordinator()
    jan, piet = UserFactory(), UserFactory()
    services.user_set_organisation(acting_user=jan, organisation=None, proposed_name="OCMW Gent")
    services.user_set_organisation(acting_user=piet, organisation=None, proposed_name="Onzin")
    merge, decline = OrganisationProposal.objects.order_by("pk")
    client.force_login(coordinator)

    merged = client.post(_decision_url("merge", merge), {"organisation": gent.pk}, follow=True)
    declined = client.post(_decision_url("decline", decline), follow=True)

    assert [str(m) for m in merged.context["messages"]] == [
        "The people who gave “OCMW Gent” now belong to Stad Gent."
    ]
    assert [str(m) for m in declined.context["messages"]] == ["“Onzin” has not been added."]
    jan.refresh_from_db()
    piet.refresh_from_db()
    assert (jan.organisation, piet.organisation) == (gent, None)
    outcomes = list(OrganisationProposal.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [ProposalOutcome.MERGED, ProposalOutcome.DECLINED]


@pytest.mark.parametrize("action", ["accept", "merge", "decline"])
def test_a_decision_is_post_only_and_a_404_for_anyone_but_deciders(client, action):
    gent = OrganisationFactory(name="Stad Gent")
    member = UserFactory(organisation=gent)
    services.user_set_organisation(
        acting_user=UserFactory(), organisation=None, proposed_name="Nieuw BV"
    )
    proposal = OrganisationProposal.objects.get()
    data = {
        f"p{proposal.pk}-name": "Nieuw BV",
        f"p{proposal.pk}-kind": "company",
        "organisation": gent.pk,
    }
    client.force_login(member)

    refused = client.post(_decision_url(action, proposal), data)
    client.force_login(_coordinator())
    get = client.get(_decision_url(action, proposal))

    assert refused.status_code == 404
    assert get.status_code == 405
    proposal.refresh_from_db()
    assert proposal.is_pending
    assert not Organisation.objects.filter(name="Nieuw BV").exists()


def test_the_permission_layer_lets_any_coordinator_and_staff_decide():
    proposal = OrganisationProposal.objects.create(name="Nieuw BV")

    assert rules.has_perm(_coordinator(), "accounts.decide_proposal", proposal)
    assert rules.has_perm(UserFactory(is_staff=True), "accounts.decide_proposal", proposal)
    assert not rules.has_perm(UserFactory(), "accounts.decide_proposal", proposal)


def test_proposals_page_query_count_does_not_grow(client):
    coordinator = _coordinator()
    client.force_login(coordinator)
    url = reverse("accounts:organisation_proposals")

    def add(n):
        for i in range(n):
            user = UserFactory()
            services.user_set_organisation(
                acting_user=user, organisation=None, proposed_name=f"Naam {i} {user.pk}"
            )
            OrganisationFactory()

    add(1)
    one = count_queries(client, url)
    add(14)
    fifteen = count_queries(client, url)

    assert one == fifteen


def test_deleting_an_account_leaves_proposals_and_coordination(client):
    coordinator = _coordinator()
    services.user_set_organisation(
        acting_user=coordinator, organisation=None, proposed_name="Weg BV"
    )

    services.user_delete_account(acting_user=coordinator, password=PASSWORD)

    assert not OrganisationProposal.objects.exists()
    assert not coordinator.coordinated_organisations.exists()
