"""The join-request notification through the real stack (PostgreSQL, Redis, a Celery worker
process, aiosmtpd): one outbox row per facilitator, so a failure for one facilitator is retried for
that one alone and nobody gets the email twice."""

import pytest

from networks import services
from networks.enums import NetworkEmailKind, Role
from networks.models import NetworkEmail
from tests.factories import MembershipFactory, NetworkFactory, UserFactory
from tests.stack_fixtures import SmtpServer
from tests.utils import wait_until_sent

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

FACILITATORS = ["eerste@example.org", "tweede@example.org", "derde@example.org"]


class RefusesOneAddressOnce(SmtpServer):
    """Answers ``451`` (try again later) to the first RCPT TO for ``address``, then accepts it;
    every other address is accepted at once."""

    def __init__(self, port, *, address):
        super().__init__(port)
        self.address = address
        self.refused = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address == self.address and not self.refused:
            self.refused += 1
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_join_request_reaches_each_facilitator_once_when_smtp_fails_for_the_second(
    celery_worker_process, smtp_port
):
    smtp = RefusesOneAddressOnce(smtp_port, address=FACILITATORS[1])
    smtp.start()
    try:
        network = NetworkFactory(created_by=UserFactory(email=FACILITATORS[0]), name="Valpreventie")
        for email in FACILITATORS[1:]:
            MembershipFactory(network=network, user=UserFactory(email=email), role=Role.FACILITATOR)

        services.join_request_create(
            network=network,
            acting_user=UserFactory(full_name="Nina Nieuw"),
            motivation="Ik wil leren",
            accept_ground_rules=True,
        )

        rows = NetworkEmail.objects.filter(kind=NetworkEmailKind.JOIN_REQUEST)
        assert wait_until_sent(rows, 3)
        messages = smtp.wait_for(3)
        assert len(smtp.wait_for(4, timeout=2)) == 3  # nothing more arrives
    finally:
        smtp.stop()

    assert sorted(tos[0] for tos, _m in messages) == sorted(FACILITATORS)
    assert all(len(tos) == 1 for tos, _m in messages)
    assert {m["Subject"] for _tos, m in messages} == {
        "Nieuwe aanvraag om lid te worden van Valpreventie"
    }
    assert smtp.refused == 1
    attempts = {row.to_email: (row.attempts, row.last_error) for row in rows}
    assert attempts == {
        FACILITATORS[0]: (1, ""),
        FACILITATORS[1]: (2, ""),
        FACILITATORS[2]: (1, ""),
    }
    by_recipient = {tos[0]: m for tos, m in messages}
    assert by_recipient[FACILITATORS[1]]["Message-ID"] == (
        rows.get(to_email=FACILITATORS[1]).message_id
    )
