from django.db import models
from django.utils.translation import gettext_lazy as _


class PdfState(models.TextChoices):
    PENDING = "pending", _("Waiting to be rendered")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    # Retention (reports.services.retention_apply): the network closed long ago.
    DELETED = "deleted", _("Deleted after the retention period")
