"""Goals (issue 24, item 6): personal goals from the intake become draft goals in the members'
words; a vote shows its turnout while open (a count, never who or what); a closed goals vote
says it closed and offers "adopt" with the points in view; the adopt list shows the points; a
vote closed while a member chooses answers with a message, never a 500."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from evaluations import services
from evaluations.enums import GoalStatus, VoteKind
from evaluations.models import Intake, IntakeResponse, LearningGoal, VoteBallot

pytestmark = pytest.mark.django_db


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _intake(network, answers):
    intake = Intake.objects.create(
        network=network, deadline=timezone.now() + datetime.timedelta(days=3)
    )
    for user, goals in answers:
        IntakeResponse.objects.create(
            intake=intake, user=user, expectations="Leren", personal_goals=goals
        )
    return intake


def _goals_vote(network, facilitator, titles):
    for title in titles:
        services.goal_create(acting_user=facilitator, network=network, title=title)
    return services.vote_create(
        acting_user=facilitator,
        network=network,
        kind=VoteKind.GOALS,
        title="Welke leerdoelen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=2),
        options=[],
    )


def _cast(vote, member, points_by_title):
    options = {option.title: option.pk for option in vote.options.all()}
    services.vote_cast(
        vote=vote,
        allocation={options[title]: points for title, points in points_by_title.items()},
        acting_user=member,
    )


def test_personal_goals_become_draft_goals_in_the_members_words(client, group, facilitator):
    network, _session, members = group
    services.goal_create(acting_user=facilitator, network=network, title="Familie betrekken")
    _intake(
        network,
        [
            (members[0], "Valrisico beter inschatten bij nieuwe bewoners\nfamilie betrekken"),
            (members[1], "Valrisico beter inschatten bij nieuwe bewoners"),
        ],
    )
    client.force_login(facilitator)
    url = reverse("evaluations:goals", kwargs={"pk": network.pk})
    page = client.get(url)
    suggestions = page.context["suggestions"]
    assert [(row["text"], row["names"], row["is_goal"]) for row in suggestions] == [
        ("Valrisico beter inschatten bij nieuwe bewoners", ["Lid 0", "Lid 1"], False),
        ("familie betrekken", ["Lid 0"], True),
    ]

    response = client.post(
        reverse("evaluations:goals_from_intake", kwargs={"pk": network.pk}),
        {"texts": ["Valrisico beter inschatten bij nieuwe bewoners", "familie betrekken"]},
        follow=True,
    )

    assert _messages(response) == [
        "1 leerdoel voorgesteld in de woorden van de leden. 1 was al een leerdoel."
    ]
    assert list(network.learning_goals.values_list("title", "status")) == [
        ("Familie betrekken", GoalStatus.PROPOSED),
        ("Valrisico beter inschatten bij nieuwe bewoners", GoalStatus.PROPOSED),
    ]
    again = client.get(url).context["suggestions"]
    assert [row["is_goal"] for row in again] == [True, True]


def test_a_long_personal_goal_keeps_its_words_in_the_description(group, facilitator):
    network, _session, members = group
    text = "Leren " + "en nog meer leren " * 15  # 276 characters
    _intake(network, [(members[0], text)])

    made, skipped = services.goals_from_intake(
        network=network, texts=[text.strip()], acting_user=facilitator
    )

    goal = LearningGoal.objects.get(network=network)
    assert (made, skipped) == (1, 0)
    assert len(goal.title) == 200
    assert goal.title.endswith("…")
    assert goal.description == text.strip()


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ([], "Vink minstens één persoonlijk doel aan om het als leerdoel voor te stellen."),
        (
            ["Iets wat niemand schreef"],
            "Kies uit de persoonlijke doelen die de leden in de intake schreven.",
        ),
    ],
)
def test_turning_nothing_or_a_forged_goal_is_refused_with_a_message(
    client, group, facilitator, texts, message
):
    network, _session, members = group
    _intake(network, [(members[0], "Valrisico inschatten")])
    client.force_login(facilitator)

    response = client.post(
        reverse("evaluations:goals_from_intake", kwargs={"pk": network.pk}),
        {"texts": texts},
        follow=True,
    )

    assert response.status_code == 200
    assert _messages(response) == [message]
    assert not LearningGoal.objects.exists()


def test_an_open_vote_shows_its_turnout_and_nothing_about_who_or_what(client, group, facilitator):
    network, _session, members = group
    vote = _goals_vote(network, facilitator, ["Valrisico", "Familie"])
    _cast(vote, members[0], {"Valrisico": 3})
    _cast(vote, members[3], {"Valrisico": 1, "Familie": 2})
    _cast(vote, members[3], {"Familie": 3})  # changing one's points is still one voter
    client.force_login(facilitator)

    vote_page = client.get(vote.get_absolute_url()).content.decode()
    goals_page = client.get(reverse("evaluations:goals", kwargs={"pk": network.pk}))

    assert "2 van 6 leden hebben gestemd" in vote_page
    assert "2 van 6 leden hebben gestemd" in goals_page.content.decode()
    assert "punt" not in vote_page.split("<h1")[1].split("Mijn punten opslaan")[0].replace(
        "punten te verdelen", ""
    )  # no option's points while open
    for member in members:
        assert member.full_name not in vote_page


def test_a_closed_goals_vote_says_so_and_adopts_with_the_points_in_view(client, group, facilitator):
    network, _session, members = group
    vote = _goals_vote(network, facilitator, ["Valrisico", "Familie", "Medicatie"])
    _cast(vote, members[0], {"Valrisico": 2, "Medicatie": 1})
    _cast(vote, members[1], {"Valrisico": 3})
    client.force_login(facilitator)
    client.post(reverse("evaluations:vote_close", kwargs={"pk": network.pk, "vote_id": vote.pk}))

    page = client.get(vote.get_absolute_url())
    html = page.content.decode()
    goals_page = client.get(reverse("evaluations:goals", kwargs={"pk": network.pk}))

    assert "gesloten op" in html
    assert "sluit " not in html  # not its closing date as if it were still open
    assert "2 van 6 leden hebben gestemd" in html
    assert [(row["option"].title, row["points"]) for row in page.context["adoptable"]] == [
        ("Valrisico", 5),
        ("Medicatie", 1),
        ("Familie", 0),
    ]
    assert (
        'action="{}"'.format(reverse("evaluations:goals_adopt", kwargs={"pk": network.pk})) in html
    )
    # The goals page's adopt list: the points of that vote with each draft goal, most first.
    labels = [label for _pk, label in goals_page.context["adopt_form"].fields["goals"].choices]
    assert labels == [
        "Valrisico (Voorgesteld) · 5 punten",
        "Medicatie (Voorgesteld) · 1 punt",
        "Familie (Voorgesteld) · 0 punten",
    ]

    valrisico = LearningGoal.objects.get(title="Valrisico")
    adopted = client.post(
        reverse("evaluations:goals_adopt", kwargs={"pk": network.pk}),
        {"goals": [valrisico.pk]},
        follow=True,
    )
    assert _messages(adopted) == ["1 leerdoel aangenomen."]
    after = client.get(vote.get_absolute_url()).content.decode()
    assert "aangenomen" in after


def test_a_vote_closed_while_a_member_chooses_gives_a_message_not_a_500(client, group, facilitator):
    network, _session, members = group
    vote = _goals_vote(network, facilitator, ["Valrisico", "Familie"])
    option = vote.options.first()
    client.force_login(members[0])
    client.get(vote.get_absolute_url())  # the member opens the vote ...
    services.vote_close(vote=vote, acting_user=facilitator)  # ... the facilitator closes it

    response = client.post(vote.get_absolute_url(), {f"option_{option.pk}": "3"}, follow=True)

    assert response.redirect_chain == [(vote.get_absolute_url(), 302)]
    assert _messages(response) == [
        "Deze stemming sloot voor je punten bewaard werden. De resultaten staan hieronder."
    ]
    assert not VoteBallot.objects.exists()


def test_a_ballot_on_a_vote_closed_since_it_was_read_is_refused_under_the_lock(group, facilitator):
    network, _session, members = group
    vote = _goals_vote(network, facilitator, ["Valrisico", "Familie"])
    stale = type(vote).objects.get(pk=vote.pk)  # read while still open
    services.vote_close(vote=vote, acting_user=facilitator)
    option = vote.options.first()

    with pytest.raises(ApplicationError, match="sloot voor je punten bewaard werden"):
        services.vote_cast(vote=stale, allocation={option.pk: 2}, acting_user=members[0])

    assert not VoteBallot.objects.exists()
