"""Who is in a network and how they got there: memberships, the seats per organisation,
invitations and requests to join."""

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MembershipStatus,
    Role,
    WaitlistReason,
)
from networks.models.network import Network, _length_at_most

# The limit of a join request's motivation (the form says so, the database check is the backstop).
MOTIVATION_MAX = 2000

INVITATION_SALT = "networks.invitation"


class Membership(models.Model):
    """A person's place in a network: facilitator or member, active or waiting for a seat."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    ground_rules_accepted_at = models.DateTimeField(_("ground rules accepted"), null=True)
    joined_at = models.DateTimeField(_("joined"), null=True)
    waitlisted_at = models.DateTimeField(_("on the waitlist since"), null=True)
    # Why a waitlisted member waits (shown to them): the network is full, or their
    # organisation already has the network's maximum of seats.
    waitlist_reason = models.CharField(
        _("why on the waitlist"),
        max_length=12,
        choices=WaitlistReason.choices,
        default=WaitlistReason.NONE,
        blank=True,
    )
    # The member's organisation when they joined (or joined the waitlist): the seats per
    # organisation count this, so changing employer later does not change the count.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        editable=False,
    )
    ended_at = models.DateTimeField(_("ended"), null=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The facilitators' announcements by email (sessions.Announcement): off, the member still
    # reads them on the network's page. Never affects the minutes or session emails.
    announcement_emails = models.BooleanField(
        _("email me the facilitators' messages"), default=True
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="networks_membership_unique"),
            models.CheckConstraint(
                condition=~models.Q(role=Role.FACILITATOR, status=MembershipStatus.WAITLISTED),
                name="networks_membership_facilitator_never_waitlisted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["network", "status", "waitlisted_at"], name="networks_waitlist_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.network}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_waitlisted(self) -> bool:
        return self.status == MembershipStatus.WAITLISTED

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR

    @property
    def waits_for_organisation_seat(self) -> bool:
        """On the waitlist because their organisation has the network's maximum of seats."""
        return self.is_waitlisted and self.waitlist_reason == WaitlistReason.ORGANISATION

    @property
    def holds_a_seat(self) -> bool:
        """Active members take a seat under the cap; facilitators never do."""
        return self.role == Role.MEMBER and self.status == MembershipStatus.ACTIVE


class OrganisationSeats(models.Model):
    """How many seats of a network members of one organisation hold, and the network's maximum
    per organisation at this moment (``seat_limit``, null for none).

    Kept by networks.services in the same transaction as the membership change (like
    ``Network.member_count``). The check constraint ``taken <= seat_limit`` is the backstop:
    an increment that would break the maximum fails, also without the network's row lock
    (the counter row serialises concurrent increments).
    """

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="organisation_seats"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    taken = models.PositiveSmallIntegerField(default=0)
    seat_limit = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("seats per organisation")
        verbose_name_plural = _("seats per organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"], name="networks_orgseats_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(seat_limit__isnull=True)
                | models.Q(taken__lte=models.F("seat_limit")),
                name="networks_orgseats_within_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.network}: {self.taken}"


INVITATION_NOTE_MAX = 1000


class Invitation(models.Model):
    """An emailed, single-use link to join a network (the token is the signed id)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("invite as"), max_length=12, choices=Role.choices, default=Role.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The facilitator's own words, in the email under the invitation (plain text, escaped).
    note = models.TextField(_("personal note"), blank=True, max_length=INVITATION_NOTE_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "email"],
                condition=models.Q(status=InvitationStatus.PENDING),
                name="networks_invitation_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.network}"

    @property
    def is_pending(self) -> bool:
        return self.status == InvitationStatus.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.status == InvitationStatus.ACCEPTED

    @property
    def is_revoked(self) -> bool:
        return self.status == InvitationStatus.REVOKED

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def token(self) -> str:
        """The link token: the invitation's id signed with the secret key (nothing to store)."""
        return signing.dumps(self.pk, salt=INVITATION_SALT)


class JoinRequest(models.Model):
    """A signed-in user's request to join an open network, decided by a facilitator."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    motivation = models.TextField(_("why I want to join"), blank=True, max_length=MOTIVATION_MAX)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=JoinRequestStatus.choices,
        default=JoinRequestStatus.PENDING,
    )
    ground_rules_accepted_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"],
                condition=models.Q(status=JoinRequestStatus.PENDING),
                name="networks_joinrequest_one_pending_per_user",
            ),
            _length_at_most("motivation", MOTIVATION_MAX, "networks_joinrequest"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.network}"

    @property
    def is_pending(self) -> bool:
        return self.status == JoinRequestStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == JoinRequestStatus.APPROVED
