"""A learning network: what it is for, when and how it meets, its limits and settings."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from accounts.models import Organisation
from networks import links
from networks.enums import MeetingFormat, NetworkStatus, Province, Scope

MIN_CAP = 10
MAX_CAP = 15

# Text limits: the form says so next to the field, the database check is the backstop (a 1 MB
# goal once made the report PDF take 21 s inside a request).
DESCRIPTION_MAX = 4000
GOAL_MAX = 4000
PARTICIPANT_ROLE_MAX = 4000
ORGANISATIONS_MAX = 2000
GROUND_RULES_MAX = 8000

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
        return links.network_path(self.pk)

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
        return links.public_path(self.pk)

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
    def seats_open(self) -> int:
        """The free seats a newcomer can count on: ``seats_left`` less the member invitations
        still outstanding (``invited_count``, annotated by the directory's selectors; none
        elsewhere)."""
        return max(self.seats_left - getattr(self, "invited_count", 0), 0)

    @property
    def is_full(self) -> bool:
        return self.member_count >= self.member_cap

    @property
    def organisation_list(self) -> list[str]:
        return [line.strip() for line in self.organisations.splitlines() if line.strip()]
