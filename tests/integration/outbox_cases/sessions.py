"""Outbox cases of the sessions app: a session email to a member, the details to a speaker."""

import datetime

from django.utils import timezone

from sessions import services
from sessions.enums import SessionKind
from sessions.models import AnnouncementEmail, SessionNotification, SpeakerEmail
from tests.factories import MembershipFactory, NetworkFactory, SessionFactory, UserFactory
from tests.integration.outbox_cases import case


@case("learning_sessions.SessionNotification")
def session_invitation():
    """Planning a session in a network of one member: one invitation."""
    network = NetworkFactory(member_cap=10)
    member = MembershipFactory(network=network, user=UserFactory(language="en")).user
    starts_at = (timezone.now() + datetime.timedelta(days=7)).replace(microsecond=0)
    session, _warnings = services.session_create(
        network=network,
        data={
            "title": "Valrisico inschatten",
            "kind": SessionKind.REGULAR,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(hours=3),
            "location": "Brugge",
            "online_url": "",
            "description": "",
        },
        acting_user=network.created_by,
    )
    return SessionNotification.objects.get(session=session), member.email


@case("learning_sessions.SpeakerEmail")
def speaker_details():
    """A speaker added with "email the details": one email to the speaker, none to members."""
    session = SessionFactory(network=NetworkFactory(member_cap=10))
    speaker = services.speaker_add(
        session=session,
        data={
            "name": "Dr. Griet Van Damme",
            "organisation": "Expertisecentrum",
            "email": "griet@example.org",
            "topic": "Valrisico screenen",
            "bio": "",
        },
        send_email=True,
        acting_user=session.network.created_by,
    )
    return SpeakerEmail.objects.get(speaker=speaker), speaker.email


@case("learning_sessions.AnnouncementEmail")
def announcement_to_the_group():
    """A facilitator's message to a network of one member: one email."""
    network = NetworkFactory(member_cap=10)
    member = MembershipFactory(network=network, user=UserFactory(language="en")).user
    announcement = services.announcement_send(
        network=network,
        subject="Andere zaal",
        body="We zitten dinsdag in **zaal 2**.",
        acting_user=network.created_by,
    )
    return AnnouncementEmail.objects.get(announcement=announcement), member.email
