from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from sessions import links
from sessions.enums import AnnouncementAudience
from sessions.models.constraints import bounded_text
from sessions.models.sessions import LearningSession

ANNOUNCEMENT_SUBJECT_MAX = 150
ANNOUNCEMENT_BODY_MAX = 6000


class Announcement(models.Model):
    """A facilitator's message to the group: kept on the network's page for its members and
    facilitators, and emailed (``AnnouncementEmail``) to the audience's members who did not turn
    announcement emails off. The audience is every member, or the members present at (absent
    from) one session by its recorded attendance; it lives here, not in ``networks``, because
    that needs the sessions."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="announcements")
    audience = models.CharField(
        _("to whom"),
        max_length=8,
        choices=AnnouncementAudience.choices,
        default=AnnouncementAudience.ALL,
    )
    session = models.ForeignKey(
        LearningSession,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("session"),
    )
    subject = models.CharField(_("subject"), max_length=ANNOUNCEMENT_SUBJECT_MAX)
    body = models.TextField(_("message"), max_length=ANNOUNCEMENT_BODY_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # How many people the audience had, and how many of them got an email (the others turned
    # announcement emails off): what the facilitator saw on the confirmation.
    audience_size = models.PositiveSmallIntegerField(default=0)
    emailed_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(audience=AnnouncementAudience.ALL, session__isnull=True)
                    | models.Q(
                        audience__in=[AnnouncementAudience.PRESENT, AnnouncementAudience.ABSENT],
                        session__isnull=False,
                    )
                ),
                name="sessions_announcement_audience_session",
            ),
            bounded_text("sessions_announcement", "body", ANNOUNCEMENT_BODY_MAX),
        ]
        indexes = [
            models.Index(fields=["network", "-created_at"], name="sessions_announcement_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return links.announcement_path(network_id=self.network_id, announcement_id=self.pk)
