"""A network's health signals as last measured, for the coordinators' overview."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language
from networks.models.network import Network


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
