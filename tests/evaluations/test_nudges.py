"""Nudges by email: the intake and a vote, once per member, and one reminder before a vote
closes to those who have not voted (evaluations/services.py, sent by core/outbox.py)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.errors import ApplicationError
from core.outbox import OutboxState
from evaluations import services
from evaluations.enums import VoteKind
from evaluations.models import EvaluationEmail, Vote
from evaluations.tasks import send_evaluation_reminders
from networks.enums import MembershipStatus
from tests.factories import MembershipFactory, NetworkFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


@pytest.fixture
def crew(facilitator):
    """A network with two Dutch members, one English member and one who left."""
    network = NetworkFactory(created_by=facilitator, member_cap=10, name="Zorg & Welzijn")
    members = [
        MembershipFactory(network=network, user=UserFactory(language=language)).user
        for language in ("nl", "nl", "en")
    ]
    MembershipFactory(network=network, status=MembershipStatus.LEFT)
    return network, members


def _vote(network, facilitator, *, days=5):
    return services.vote_create(
        acting_user=facilitator,
        network=network,
        kind=VoteKind.TOPICS,
        title="Welke onderwerpen?",
        points=3,
        closes_at=timezone.now() + datetime.timedelta(days=days),
        options=["Valmatten", "Medicatie"],
    )


def test_opening_the_intake_mails_every_active_member_once(crew, facilitator, on_commit):
    network, members = crew
    deadline = timezone.now() + datetime.timedelta(days=10)

    with on_commit(execute=True):
        intake = services.intake_open(network=network, deadline=deadline, acting_user=facilitator)
    with on_commit(execute=True):  # moving the deadline sends nothing again
        services.intake_open(
            network=network, deadline=deadline + datetime.timedelta(days=1), acting_user=facilitator
        )

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    english = by_recipient[members[2].email]
    assert english.subject == "Zorg & Welzijn: the intake is open"
    assert english.reply_to == [facilitator.email]
    url = settings.SITE_URL + reverse("evaluations:intake", kwargs={"pk": network.pk})
    assert url in english.body
    rows = EvaluationEmail.objects.filter(intake=intake)
    assert {(r.kind, r.kind_label, r.state) for r in rows} == {
        ("invitation", "Intake opened", OutboxState.SENT)
    }
    assert rows.count() == 3


def test_the_intake_email_is_in_dutch_for_a_dutch_member(crew, facilitator, on_commit):
    """Needs the Dutch catalogue (the new msgids are in /work/i18n/mail.po)."""
    network, members = crew
    with on_commit(execute=True):
        services.intake_open(
            network=network,
            deadline=timezone.now() + datetime.timedelta(days=10),
            acting_user=facilitator,
        )

    dutch = next(m for m in mail.outbox if m.to == [members[0].email])
    assert dutch.subject == "Zorg & Welzijn: de intake staat open"


def test_opening_a_vote_mails_each_member_once_with_its_link(crew, facilitator, on_commit):
    network, members = crew

    with on_commit(execute=True):
        vote = _vote(network, facilitator)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in members)
    english = next(m for m in mail.outbox if m.to == [members[2].email])
    assert english.subject == "Zorg & Welzijn: cast your vote on “Welke onderwerpen?”"
    assert settings.SITE_URL + vote.get_absolute_url() in english.body
    assert english.reply_to == [facilitator.email]
    rows = EvaluationEmail.objects.filter(vote=vote)
    assert sorted(rows.values_list("kind", flat=True)) == ["invitation"] * 3
    assert {r.kind_label for r in rows} == {"Vote opened"}


def test_a_vote_that_fails_sends_nothing(crew, facilitator, on_commit):
    network, _members = crew
    with pytest.raises(ApplicationError, match="at least two options"), on_commit(execute=True):
        services.vote_create(
            acting_user=facilitator,
            network=network,
            kind=VoteKind.TOPICS,
            title="Eén optie",
            points=3,
            closes_at=timezone.now() + datetime.timedelta(days=5),
            options=["Alleen deze"],
        )
    assert (mail.outbox, EvaluationEmail.objects.count()) == ([], 0)


def test_one_reminder_before_the_vote_closes_to_those_who_did_not_vote(
    crew, facilitator, on_commit
):
    network, members = crew
    vote = _vote(network, facilitator, days=5)
    first_option = vote.options.first()
    services.vote_cast(vote=vote, allocation={first_option.pk: 3}, acting_user=members[0])
    early = vote.closes_at - datetime.timedelta(days=3)
    due = vote.closes_at - datetime.timedelta(days=1)

    with on_commit(execute=True):
        assert services.reminders_send_due(now=early) == 0  # not yet within two days
    with on_commit(execute=True):
        first = services.reminders_send_due(now=due)
    with on_commit(execute=True):
        again = services.reminders_send_due(now=due + datetime.timedelta(hours=1))

    assert (first, again) == (2, 0)
    reminders = [m for m in mail.outbox if "Reminder" in m.subject or "Herinnering" in m.subject]
    assert sorted(m.to[0] for m in reminders) == sorted(u.email for u in members[1:])
    english = next(m for m in reminders if m.to == [members[2].email])
    assert english.subject == "Reminder: Zorg & Welzijn votes on “Welke onderwerpen?”"
    assert settings.SITE_URL + vote.get_absolute_url() in english.body
    vote.refresh_from_db()
    assert vote.reminder_sent_at == due
    assert EvaluationEmail.objects.filter(vote=vote, kind="reminder").count() == 2


def test_the_beat_task_reminds_and_a_closed_vote_gets_no_reminder(crew, facilitator, on_commit):
    network, members = crew
    open_vote = _vote(network, facilitator, days=1)
    closed_vote = _vote(network, facilitator, days=1)
    services.vote_close(vote=closed_vote, acting_user=facilitator)

    with on_commit(execute=True):
        send_evaluation_reminders.delay()

    assert EvaluationEmail.objects.filter(vote=open_vote, kind="reminder").count() == len(members)
    assert not EvaluationEmail.objects.filter(vote=closed_vote, kind="reminder").exists()
    assert Vote.objects.get(pk=closed_vote.pk).reminder_sent_at is None


def test_an_email_is_about_exactly_one_thing_and_once_per_vote(crew, facilitator):
    network, members = crew
    vote = _vote(network, facilitator)
    intake = services.intake_open(
        network=network,
        deadline=timezone.now() + datetime.timedelta(days=10),
        acting_user=facilitator,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationEmail.objects.create(
            network=network, vote=vote, intake=intake, user=members[0], kind="reminder"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationEmail.objects.create(
            network=network, vote=vote, user=members[0], kind="invitation"
        )
