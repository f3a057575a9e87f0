"""A word to the group through the real stack: the service writes one outbox row per member who
wants these emails, a Celery worker process sends each over SMTP in the member's language, with
Reply-To: the facilitator who wrote it."""

import pytest

from networks import services as network_services
from sessions import services
from sessions.models import AnnouncementEmail
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.utils import plain_text, wait_until_sent

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def test_an_announcement_reaches_each_member_once_in_their_language(
    celery_worker_process, smtp_server
):
    facilitator = UserFactory(full_name="Fien Facilitator", email="fien@example.org")
    network = NetworkFactory(created_by=facilitator, name="Valpreventie")
    nel, emma, olaf = (
        MembershipFactory(
            network=network, user=UserFactory(email=f"{name}@example.org", language=language)
        ).user
        for name, language in (("nel", "nl"), ("emma", "en"), ("olaf", "nl"))
    )
    network_services.membership_set_announcement_emails(
        network=network, enabled=False, acting_user=olaf
    )

    announcement = services.announcement_send(
        network=network,
        subject="Andere zaal",
        body="We zitten dinsdag in **zaal 2**.",
        acting_user=facilitator,
    )

    messages = smtp_server.wait_for(2)
    assert len(smtp_server.wait_for(3, timeout=2)) == 2  # nothing for olaf
    by_recipient = {tos[0]: message for tos, message in messages}
    assert set(by_recipient) == {nel.email, emma.email}
    assert by_recipient[nel.email]["Subject"] == "Bericht van Valpreventie: Andere zaal"
    assert by_recipient[emma.email]["Subject"] == "Message from Valpreventie: Andere zaal"
    assert {m["Reply-To"] for m in by_recipient.values()} == {"fien@example.org"}
    assert "zaal 2" in plain_text(by_recipient[nel.email])
    rows = AnnouncementEmail.objects.filter(announcement=announcement)
    assert wait_until_sent(rows)
    assert {m["Message-ID"] for m in by_recipient.values()} == {row.message_id for row in rows}
