"""A network's membership emails (one outbox table, core/outbox.py)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from networks import links
from networks.enums import MembershipStatus, NetworkEmailKind, Role
from networks.models.membership import Invitation, JoinRequest, Membership
from networks.models.network import Network


def facilitator_emails(network_id: int) -> list[str]:
    """Where a reply to a network's email should reach a person: its active facilitators."""
    return list(
        Membership.objects.filter(
            network_id=network_id, role=Role.FACILITATOR, status=MembershipStatus.ACTIVE
        )
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


class NetworkEmail(OutboxMessage):
    """One membership email of a network to one address, sent by core/outbox.py.

    What it is about depends on ``kind``: the invitation (to the invited address, who may have no
    account yet) and its acceptance (to each facilitator, with the new membership), the join
    request (to each facilitator, and the decision to the requester) or the
    membership promoted from the waitlist (``promoted_at`` tells one promotion from a later one).
    A unique key per kind, subject and address makes a second row for the same email impossible;
    a resend is a new row pointing at the row it resends (``resend_of``), outside that key.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=16, choices=NetworkEmailKind.choices)
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    join_request = models.ForeignKey(
        JoinRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    promoted_at = models.DateTimeField(null=True, blank=True)
    # The recipient's account; none for an invitation (the address may have no account yet).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to_email = models.EmailField()

    network_path = "network"
    # Invitations made on one day are one sending; a join request or promotion is its own.
    sending_fields = ("kind", "join_request", "membership", "promoted_at", "created_at__date")
    send_related = (
        "network",
        "invitation__invited_by",
        "join_request__user",
        "membership__user",
        "user",
    )

    class Meta(OutboxMessage.Meta):
        verbose_name = _("membership email")
        verbose_name_plural = _("membership emails")
        constraints = [
            *OutboxMessage.Meta.constraints,
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind=NetworkEmailKind.INVITATION,
                        invitation__isnull=False,
                        join_request__isnull=True,
                        membership__isnull=True,
                    )
                    | models.Q(
                        kind__in=[NetworkEmailKind.JOIN_REQUEST, NetworkEmailKind.JOIN_DECISION],
                        invitation__isnull=True,
                        join_request__isnull=False,
                        membership__isnull=True,
                    )
                    | models.Q(
                        kind=NetworkEmailKind.INVITATION_ACCEPTED,
                        invitation__isnull=False,
                        join_request__isnull=True,
                        membership__isnull=False,
                    )
                    | models.Q(
                        kind=NetworkEmailKind.PROMOTION,
                        invitation__isnull=True,
                        join_request__isnull=True,
                        membership__isnull=False,
                        promoted_at__isnull=False,
                    )
                ),
                name="networks_networkemail_about_its_kind",
            ),
            models.UniqueConstraint(
                fields=["kind", "invitation", "to_email"],
                condition=models.Q(invitation__isnull=False, resend_of__isnull=True),
                name="networks_networkemail_invitation_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "join_request", "to_email"],
                condition=models.Q(join_request__isnull=False, resend_of__isnull=True),
                name="networks_networkemail_join_request_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "membership", "promoted_at", "to_email"],
                condition=models.Q(membership__isnull=False, resend_of__isnull=True),
                name="networks_networkemail_promotion_once",
            ),
        ]
        indexes = [
            *OutboxMessage.Meta.indexes,
            models.Index(fields=["network", "created_at"], name="networks_email_network_idx"),
        ]

    @property
    def kind_label(self) -> str:
        return NetworkEmailKind(self.kind).label

    @property
    def recipient_email(self) -> str:
        return self.to_email

    def build_message(self) -> EmailMultiAlternatives:
        network = self.network
        reply_to = facilitator_emails(network.pk)
        if self.kind == NetworkEmailKind.INVITATION:
            path = links.invitation_accept_path(self.invitation.token)
            return build_templated_mail(
                template="networks/email/invitation",
                context={
                    "invitation": self.invitation,
                    "network": network,
                    "url": links.absolute(path),
                },
                to=self.to_email,
                language=self._invitee_language(),
                reply_to=reply_to,
            )
        if self.kind == NetworkEmailKind.INVITATION_ACCEPTED:
            # To the facilitators themselves, like a join request: no reply-to.
            return build_templated_mail(
                template="networks/email/invitation_accepted",
                context={
                    "membership": self.membership,
                    "network": network,
                    "url": links.absolute(links.manage_members_path(network.pk)),
                },
                to=self.to_email,
                language=self.user.language,
            )
        if self.kind == NetworkEmailKind.JOIN_REQUEST:
            # To the facilitators themselves: a reply goes nowhere useful, so none is set.
            return build_templated_mail(
                template="networks/email/join_request",
                context={
                    "join_request": self.join_request,
                    "network": network,
                    "url": links.absolute(links.manage_members_path(network.pk)),
                },
                to=self.to_email,
                language=self.user.language,
            )
        if self.kind == NetworkEmailKind.JOIN_DECISION:
            join_request = self.join_request
            membership = Membership.objects.filter(
                network_id=network.pk, user_id=join_request.user_id
            ).first()
            return build_templated_mail(
                template="networks/email/join_decision",
                context={
                    "join_request": join_request,
                    "network": network,
                    "approved": join_request.is_approved,
                    "waitlisted": membership is not None and membership.is_waitlisted,
                    "for_organisation": membership is not None
                    and membership.waits_for_organisation_seat,
                    # A new member lands on their next step (the intake, or the network).
                    "url": links.absolute(
                        links.start_path(network.pk)
                        if membership is not None and membership.is_active
                        else links.dashboard_path()
                    ),
                },
                to=self.to_email,
                language=self.user.language,
                reply_to=reply_to,
            )
        return build_templated_mail(
            template="networks/email/promoted",
            context={
                "membership": self.membership,
                "network": network,
                "url": links.absolute(links.start_path(network.pk)),
            },
            to=self.to_email,
            language=self.user.language,
            reply_to=reply_to,
        )

    def _invitee_language(self) -> str:
        """The invitee's own language if the address has an account by now, else the network's."""
        user = User.objects.filter(email__iexact=self.to_email).first()
        return user.language if user else self.network.language
