from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from networks.models import Network
from sessions import links
from sessions.models.constraints import bounded_text


class WorkForm(models.Model):
    """A method for a session (werkvorm). Catalogue entries have no network; a facilitator's own
    methods belong to one network and are visible only there. Texts exist in Dutch and English."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="work_forms"
    )
    slug = models.SlugField(max_length=60)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    purpose_nl = models.TextField(_("purpose (Dutch)"), max_length=2000)
    purpose_en = models.TextField(_("purpose (English)"), max_length=2000)
    steps_nl = models.TextField(_("steps (Dutch)"), max_length=6000)
    steps_en = models.TextField(_("steps (English)"), max_length=6000)
    roles_nl = models.TextField(_("roles (Dutch)"), blank=True, max_length=1000)
    roles_en = models.TextField(_("roles (English)"), blank=True, max_length=1000)
    materials_nl = models.TextField(_("materials (Dutch)"), blank=True, max_length=1000)
    materials_en = models.TextField(_("materials (English)"), blank=True, max_length=1000)
    min_group = models.PositiveSmallIntegerField(_("minimum group size"), default=3)
    max_group = models.PositiveSmallIntegerField(_("maximum group size"), default=15)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("work form")
        verbose_name_plural = _("work forms")
        ordering = ["name_nl"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(network__isnull=True),
                name="sessions_workform_catalogue_slug_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(min_group__lte=models.F("max_group")),
                name="sessions_workform_group_range",
            ),
            bounded_text("sessions_workform", "purpose_nl", 2000),
            bounded_text("sessions_workform", "purpose_en", 2000),
            bounded_text("sessions_workform", "steps_nl", 6000),
            bounded_text("sessions_workform", "steps_en", 6000),
            bounded_text("sessions_workform", "roles_nl", 1000),
            bounded_text("sessions_workform", "roles_en", 1000),
            bounded_text("sessions_workform", "materials_nl", 1000),
            bounded_text("sessions_workform", "materials_en", 1000),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return links.work_form_path(self.pk)

    def _text(self, field: str) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"{field}_{'en' if language == 'en' else 'nl'}")

    @property
    def name(self) -> str:
        return self._text("name")

    @property
    def purpose(self) -> str:
        return self._text("purpose")

    @property
    def steps(self) -> str:
        return self._text("steps")

    @property
    def roles(self) -> str:
        return self._text("roles")

    @property
    def materials(self) -> str:
        return self._text("materials")
