"""The insight library (issue 14.3): cards from the latest published minutes, full-text search
in Dutch, sharing without names with networks of the same theme."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from core.errors import ApplicationError
from core.models import AuditEvent
from evaluations.models import LearningGoal
from minutes import services
from portfolio import library_services, selectors
from portfolio.library import split_cards
from portfolio.models import InsightCard
from sessions.models import AgendaItem, WorkForm
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL"
)


def _publish(minutes, facilitator, *, insights="", agreements="", note=""):
    services.minutes_save_draft(
        minutes=minutes,
        data={"summary": "Samenvatting", "insights": insights, "agreements": agreements},
        item_notes={},
        actions=[],
        acting_user=facilitator,
    )
    minutes.refresh_from_db()
    return services.minutes_publish(minutes=minutes, acting_user=facilitator, change_note=note)


def _texts(network):
    return sorted(InsightCard.objects.filter(network=network).values_list("text", flat=True))


def test_split_cards_gives_one_card_per_paragraph_and_list_item():
    text = "Eerste alinea\nloopt door.\n\n- punt een\n  vervolg\n* punt twee\n\n1. genummerd"
    assert split_cards(text) == [
        "Eerste alinea loopt door.",
        "punt een vervolg",
        "punt twee",
        "genummerd",
    ]


def test_cards_come_only_from_the_latest_version(minutes, facilitator, network):
    _publish(minutes, facilitator, insights="- Oud inzicht\n- Nog een oud inzicht")
    assert _texts(network) == ["Nog een oud inzicht", "Oud inzicht"]
    version = _publish(
        minutes, facilitator, insights="Nieuw inzicht", agreements="- Afspraak", note="Herzien"
    )
    assert _texts(network) == ["Afspraak", "Nieuw inzicht"]
    assert set(InsightCard.objects.values_list("version", flat=True)) == {version.pk}
    # Idempotent: building again gives the same cards.
    library_services.library_rebuild(session=minutes.session)
    assert _texts(network) == ["Afspraak", "Nieuw inzicht"]


def test_cards_carry_goals_and_work_forms(minutes, facilitator, network):
    session = minutes.session
    goal = LearningGoal.objects.create(network=network, title="Valrisico inschatten")
    goal.sessions.add(session)
    work_form = WorkForm.objects.filter(network__isnull=True).first()
    AgendaItem.objects.create(
        session=session, title="Casus", work_form=work_form, duration_minutes=30
    )
    _publish(minutes, facilitator, insights="Een inzicht")
    card = InsightCard.objects.get()
    assert list(card.goals.all()) == [goal]
    assert list(card.work_forms.all()) == [work_form]
    assert selectors.library_cards(network=network, goal_id=goal.pk) == [card]
    assert selectors.library_cards(network=network, session_id=session.pk + 999) == []


@postgres_only
def test_a_dutch_query_finds_inflected_forms(client, minutes, facilitator, network, member):
    network.language = "nl"
    network.save()
    _publish(minutes, facilitator, insights="Elke vrijwilliger krijgt een vast aanspreekpunt.")
    client.force_login(member)
    url = reverse("reports:library", kwargs={"pk": network.pk})
    response = client.get(url, {"q": "vrijwilligers"})
    assert response.status_code == 200
    assert "vast aanspreekpunt" in response.content.decode()
    assert client.get(url, {"q": "brandweer"}).context["cards"] == []


def test_non_members_get_404_on_the_library(client, minutes, network, outsider, other_facilitator):
    for user in (outsider, other_facilitator):
        client.force_login(user)
        assert client.get(reverse("reports:library", kwargs={"pk": network.pk})).status_code == 404
        assert (
            client.get(reverse("reports:theme_library", kwargs={"pk": network.pk})).status_code
            == 404
        )


def test_a_shared_card_contains_no_member_name(client, minutes, facilitator, network, member, held):
    _session, excused, _absent = held
    _publish(
        minutes,
        facilitator,
        insights=f"{member.full_name} vertelde dat {excused.full_name.split()[0]} valmatten test.",
    )
    card = InsightCard.objects.get()
    client.force_login(facilitator)
    response = client.post(reverse("reports:insight_share", kwargs={"card_id": card.pk}))
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.shared
    assert AuditEvent.objects.filter(action="insight_shared", network_id=network.pk).exists()

    other = NetworkFactory(theme=network.theme.upper(), created_by=UserFactory())
    reader = MembershipFactory(network=other).user
    client.force_login(reader)
    response = client.get(reverse("reports:theme_library", kwargs={"pk": other.pk}))
    html = response.content.decode()
    assert "valmatten test" in html
    for name in (member.full_name, "Mona", "Els", excused.full_name):
        assert name not in html
    assert minutes.session.title not in html
    # A network of another theme sees nothing of it.
    elsewhere = NetworkFactory(theme="Iets anders", created_by=UserFactory())
    assert selectors.theme_library_cards(network=elsewhere) == []


def test_a_shared_card_stays_shared_when_its_text_is_republished(minutes, facilitator):
    _publish(minutes, facilitator, insights="Blijft\n\nVerandert")
    card = InsightCard.objects.get(text="Blijft")
    library_services.insight_card_share(card=card, shared=True, acting_user=facilitator)
    _publish(minutes, facilitator, insights="Blijft\n\nAnders", note="Aangepast")
    assert list(InsightCard.objects.filter(shared=True).values_list("text", flat=True)) == [
        "Blijft"
    ]


def test_a_facilitator_cannot_share_a_card_of_another_network(
    client, minutes, facilitator, other_facilitator
):
    _publish(minutes, facilitator, insights="Een inzicht")
    card = InsightCard.objects.get()
    client.force_login(other_facilitator)
    response = client.post(reverse("reports:insight_share", kwargs={"card_id": card.pk}))
    assert response.status_code == 404
    # the service refuses too, with a message saying why, and writes nothing
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        library_services.insight_card_share(card=card, shared=True, acting_user=other_facilitator)
    assert refused.value.message == "Only a facilitator of the network can share its insights."
    with translation.override("nl"), pytest.raises(ApplicationError) as refused:
        library_services.insight_card_share(card=card, shared=True, acting_user=other_facilitator)
    assert refused.value.message == (
        "Alleen een begeleider van het netwerk kan de inzichten ervan delen."
    )
    card.refresh_from_db()
    assert (card.shared, card.shared_text) == (False, "")
    assert not AuditEvent.objects.filter(action="insight_shared").exists()


@pytest.mark.parametrize("query", ["?!... ,;", "a" * 10000])
def test_bad_searches_get_a_clear_message(client, minutes, facilitator, network, member, query):
    _publish(minutes, facilitator, insights="Een inzicht")
    client.force_login(member)
    for name in ("reports:library", "reports:theme_library"):
        response = client.get(reverse(name, kwargs={"pk": network.pk}), {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Search with" in html or "Zoek met" in html
        assert response.context["cards"] == []


def test_library_queries_equal_for_a_small_and_a_full_network(
    client, minutes, facilitator, network
):
    network.member_cap = 15
    network.save()
    _publish(minutes, facilitator, insights="Een inzicht")
    client.force_login(facilitator)
    url = reverse("reports:library", kwargs={"pk": network.pk})
    one = count_queries(client, url)
    while network.memberships.count() < 16:
        MembershipFactory(network=network)
    session = minutes.session
    for title in ("Valrisico", "Medicatie", "Bewegen"):
        LearningGoal.objects.create(network=network, title=title).sessions.add(session)
    for work_form in WorkForm.objects.filter(network__isnull=True)[:3]:
        AgendaItem.objects.create(
            session=session, title=work_form.slug, work_form=work_form, duration_minutes=20
        )
    _publish(
        minutes,
        facilitator,
        insights="\n".join(f"- Inzicht {n}" for n in range(12)),
        agreements="- Afspraak een\n- Afspraak twee",
        note="Meer",
    )
    assert InsightCard.objects.count() == 14
    assert count_queries(client, url) == one


def test_an_erased_member_leaves_the_cards(minutes, facilitator, member):
    from core.erasure import ERASED_NAME, erase_user

    _publish(minutes, facilitator, insights=f"{member.full_name} had een goed idee.")
    # Every app's eraser, as deleting the account runs them: the library's own (portfolio) too.
    erase_user(user=member, old_email=member.email, old_name=member.full_name)
    assert InsightCard.objects.get().text == f"{ERASED_NAME} had een goed idee."


def test_the_network_page_links_the_library_for_members(client, network, member):
    client.force_login(member)
    response = client.get(reverse("networks:detail", kwargs={"pk": network.pk}))
    assert reverse("reports:library", kwargs={"pk": network.pk}) in response.content.decode()


def test_a_card_of_an_organisation_is_shared_within_it_only(minutes, facilitator, network):
    from accounts.models import Organisation

    own, other = (
        Organisation.objects.create(name="Eigen"),
        Organisation.objects.create(name="Ander"),
    )
    network.organisation = own
    network.save()
    _publish(minutes, facilitator, insights="Een inzicht")
    library_services.insight_card_share(
        card=InsightCard.objects.get(), shared=True, acting_user=facilitator
    )
    same = NetworkFactory(theme=network.theme, organisation=own, created_by=UserFactory())
    outside = NetworkFactory(theme=network.theme, organisation=other, created_by=UserFactory())
    assert len(selectors.theme_library_cards(network=same)) == 1
    assert selectors.theme_library_cards(network=outside) == []
