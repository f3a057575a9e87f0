import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from accounts.models import Organisation, User
from core.mail import build_templated_mail
from core.outbox import OutboxMessage
from networks.enums import (
    InvitationStatus,
    JoinRequestStatus,
    MeetingFormat,
    MembershipStatus,
    NetworkEmailKind,
    NetworkStatus,
    Province,
    Role,
    Scope,
    WaitlistReason,
)

MIN_CAP = 10
MAX_CAP = 15

# Text limits: the form says so next to the field, the database check is the backstop (a 1 MB
# goal once made the report PDF take 21 s inside a request).
DESCRIPTION_MAX = 4000
GOAL_MAX = 4000
PARTICIPANT_ROLE_MAX = 4000
ORGANISATIONS_MAX = 2000
GROUND_RULES_MAX = 8000
MOTIVATION_MAX = 2000

INVITATION_SALT = "networks.invitation"

ONLINE_PROVINCE_MESSAGE = _("An online network meets nowhere: leave the province empty.")


def new_share_token() -> str:
    """An unguessable token for a network's share link (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def _length_at_most(field: str, limit: int, table: str) -> models.CheckConstraint:
    """A database check that ``field`` holds at most ``limit`` characters."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=f"{table}_{field}_max_length",
    )


class Network(models.Model):
    """A learning network: a small group meeting in a series of sessions around a theme."""

    name = models.CharField(_("name"), max_length=120)
    theme = models.CharField(_("theme"), max_length=80, db_index=True)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX)
    goal = models.TextField(
        _("goal"), help_text=_("What the network wants to achieve."), max_length=GOAL_MAX
    )
    participant_role = models.TextField(
        _("what we expect of participants"),
        max_length=PARTICIPANT_ROLE_MAX,
        help_text=_("The participants' role: preparation, contributions, presence."),
    )
    rhythm = models.CharField(
        _("rhythm"), max_length=120, help_text=_("For example: every six weeks, on a Tuesday.")
    )
    duration = models.CharField(
        _("duration"), max_length=120, help_text=_("For example: six sessions of three hours.")
    )
    meeting_format = models.CharField(
        _("place or online"),
        max_length=10,
        choices=MeetingFormat.choices,
        default=MeetingFormat.IN_PERSON,
    )
    location = models.CharField(_("location or link"), max_length=200, blank=True)
    # The region filter of the public directory; an online network meets nowhere, so has none.
    province = models.CharField(
        _("province"),
        max_length=20,
        choices=Province.choices,
        blank=True,
        help_text=_("Where the network meets. Leave it empty for an online network."),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    # Whether an open, external network shows in the public directory (and has a public page).
    # Internal networks never do, whatever this says.
    # Its facilitators choose this in the network's form, a coordinator of the organisation it
    # runs under on their overview (networks.services.network_set_listed).
    listed = models.BooleanField(
        _("listed in the public directory"),
        default=True,
        help_text=_(
            "While the network is open, anyone can find it in the directory, also without an "
            "account, and ask to join. Internal networks are never listed."
        ),
    )
    # The link a facilitator shares so that people who are not invited may find an unlisted
    # network and ask to join (networks/share_links.py); a new token ends every old link.
    share_token = models.CharField(
        max_length=64, unique=True, default=new_share_token, editable=False
    )
    organisations = models.TextField(
        _("organisations involved"),
        blank=True,
        max_length=ORGANISATIONS_MAX,
        help_text=_("One organisation per line."),
    )
    # The organisation the network runs under (its coordinators see it); none for a network
    # started by people on their own. ``organisations`` above stays a free description.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("runs under the organisation"),
    )
    max_per_organisation = models.PositiveSmallIntegerField(
        _("maximum members per organisation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAP)],
        help_text=_(
            "Keeps a network between organisations balanced, for example 3 of 15. Empty: no "
            "maximum. Someone over it goes on the waitlist."
        ),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    member_cap = models.PositiveSmallIntegerField(
        _("maximum number of members"),
        default=MAX_CAP,
        validators=[MinValueValidator(MIN_CAP), MaxValueValidator(MAX_CAP)],
        help_text=_("A learning network stays small: between 10 and 15 members."),
    )
    # Active members (facilitators excluded). Kept by networks.services under a row lock on
    # the network; the check constraint below is the backstop that makes overfilling impossible.
    member_count = models.PositiveSmallIntegerField(default=0, editable=False)
    ground_rules = models.TextField(
        _("ground rules"),
        max_length=GROUND_RULES_MAX,
        help_text=_("Shown to everyone who joins; they accept them first."),
    )
    # Set by networks.services.network_update when the text changes: members who accepted
    # before this moment are asked to accept again (networks.todo).
    ground_rules_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    language = models.CharField(
        _("language of the network"), max_length=2, choices=Language.choices, default=Language.NL
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#1f6f5c",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour like #1f6f5c."))],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NetworkStatus.choices, default=NetworkStatus.DRAFT
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder before a session (days)"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_("Members get a reminder with the agenda this many days before each session."),
    )
    minutes_review_days = models.PositiveSmallIntegerField(
        _("review of the minutes (days)"),
        default=0,
        validators=[MaxValueValidator(14)],
        help_text=_("0: no review. Otherwise attendees may comment on the draft this many days."),
    )
    note_takers_may_publish = models.BooleanField(
        _("note-takers may publish the minutes"),
        default=False,
        help_text=_(
            "Off: a member named note-taker writes the minutes and proposes them, and a "
            "facilitator publishes them (publishing emails them to the absent members). "
            "On: the note-taker may publish them too."
        ),
    )
    anonymous_evaluations = models.BooleanField(
        _("anonymous evaluations"),
        default=True,
        help_text=_("Answers are stored without any link to the person who gave them."),
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("minimum number of answers before results show"),
        default=3,
        validators=[MinValueValidator(3), MaxValueValidator(15)],
    )
    evaluation_days = models.PositiveSmallIntegerField(
        _("days a session evaluation stays open"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    minutes_due_days = models.PositiveSmallIntegerField(
        _("minutes due (days after a session)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The facilitators are reminded to publish the minutes within this many days."),
    )
    require_facilitator_mfa = models.BooleanField(
        _("facilitators must use two-factor sign-in"),
        default=False,
        help_text=_(
            "On: a facilitator without two-factor sign-in (an authenticator app or a passkey) "
            "is sent to set it up before opening this network's pages. Members are not asked."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the network closes, cleared when it reopens: the retention period counts from it.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the retention task anonymised this network's answers and deleted its PDFs (once).
    retention_applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member_cap__gte=MIN_CAP, member_cap__lte=MAX_CAP),
                name="networks_network_cap_between_10_and_15",
            ),
            models.CheckConstraint(
                condition=models.Q(member_count__lte=models.F("member_cap")),
                name="networks_network_members_within_cap",
            ),
            models.CheckConstraint(
                condition=models.Q(max_per_organisation__isnull=True)
                | models.Q(
                    max_per_organisation__gte=1,
                    max_per_organisation__lte=models.F("member_cap"),
                ),
                name="networks_network_max_per_organisation_within_cap",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="networks_network_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_due_days__gte=1, minutes_due_days__lte=60),
                name="networks_network_minutes_due_days_1_60",
            ),
            models.CheckConstraint(
                condition=~models.Q(meeting_format=MeetingFormat.ONLINE) | models.Q(province=""),
                name="networks_network_online_has_no_province",
                violation_error_message=ONLINE_PROVINCE_MESSAGE,
            ),
            *[
                _length_at_most(field, limit, "networks_network")
                for field, limit in (
                    ("description", DESCRIPTION_MAX),
                    ("goal", GOAL_MAX),
                    ("participant_role", PARTICIPANT_ROLE_MAX),
                    ("organisations", ORGANISATIONS_MAX),
                    ("ground_rules", GROUND_RULES_MAX),
                )
            ],
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("networks:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.meeting_format == MeetingFormat.ONLINE and self.province:
            raise ValidationError({"province": ONLINE_PROVINCE_MESSAGE})
        limit, cap = self.max_per_organisation, self.member_cap
        if limit is not None and cap is not None and not 1 <= limit <= cap:
            raise ValidationError(
                {
                    "max_per_organisation": _(
                        "The maximum per organisation must be between 1 and the maximum "
                        "number of members (%(cap)d)."
                    )
                    % {"cap": cap}
                }
            )

    def get_public_url(self) -> str:
        """The page anyone may read while the network is in the public directory."""
        return reverse("networks:public", kwargs={"pk": self.pk})

    def covers(self, day) -> bool:
        """Whether ``day`` (a date) falls within the network's period."""
        return self.start_date <= day <= self.end_date

    @property
    def is_draft(self) -> bool:
        return self.status == NetworkStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status == NetworkStatus.OPEN

    @property
    def in_directory(self) -> bool:
        """Shown in the public directory: open, external and listed (``selectors.public_networks``
        is the same rule as a query)."""
        return self.is_open and self.scope == Scope.EXTERNAL and self.listed

    @property
    def is_running(self) -> bool:
        return self.status == NetworkStatus.RUNNING

    @property
    def is_closed(self) -> bool:
        return self.status == NetworkStatus.CLOSED

    @property
    def seats_left(self) -> int:
        return max(self.member_cap - self.member_count, 0)

    @property
    def is_full(self) -> bool:
        return self.member_count >= self.member_cap

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]


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
    account yet), the join request (to each facilitator, and the decision to the requester) or the
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
            path = reverse("networks:invitation_accept", kwargs={"token": self.invitation.token})
            return build_templated_mail(
                template="networks/email/invitation",
                context={
                    "invitation": self.invitation,
                    "network": network,
                    "url": settings.SITE_URL + path,
                },
                to=self.to_email,
                language=self._invitee_language(),
                reply_to=reply_to,
            )
        if self.kind == NetworkEmailKind.JOIN_REQUEST:
            # To the facilitators themselves: a reply goes nowhere useful, so none is set.
            return build_templated_mail(
                template="networks/email/join_request",
                context={
                    "join_request": self.join_request,
                    "network": network,
                    "url": settings.SITE_URL
                    + reverse("networks:manage_members", kwargs={"pk": network.pk}),
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
                    "url": settings.SITE_URL
                    + (
                        reverse("networks:start", kwargs={"pk": network.pk})
                        if membership is not None and membership.is_active
                        else reverse("networks:dashboard")
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
                "url": settings.SITE_URL + reverse("networks:start", kwargs={"pk": network.pk}),
            },
            to=self.to_email,
            language=self.user.language,
            reply_to=reply_to,
        )

    def _invitee_language(self) -> str:
        """The invitee's own language if the address has an account by now, else the network's."""
        user = User.objects.filter(email__iexact=self.to_email).first()
        return user.language if user else self.network.language


class HealthSnapshot(models.Model):
    """A network's health signals (core.health) as last measured, for the coordinators'
    overview: reading one stored row per network keeps that page at a fixed number of queries
    however many networks an organisation runs. Refreshed by ``networks.tasks
    .health_snapshots_refresh`` (Celery beat) and whenever a coordinator asks for it. The titles
    of the warnings are kept in each language of the site."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="health_snapshot"
    )
    warning_count = models.PositiveSmallIntegerField(default=0)
    warnings = models.JSONField(default=dict)  # {"nl": [title, ...], "en": [...]}
    measured_at = models.DateTimeField()

    class Meta:
        verbose_name = _("health snapshot")
        verbose_name_plural = _("health snapshots")

    def __str__(self) -> str:
        return f"{self.network}: {self.warning_count}"

    def titles(self, language: str) -> list[str]:
        return self.warnings.get(language) or self.warnings.get(Language.NL) or []
