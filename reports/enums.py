from django.db import models
from django.utils.translation import gettext_lazy as _


class PdfState(models.TextChoices):
    PENDING = "pending", _("Waiting to be rendered")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    # Retention (reports.services.retention_apply): the network closed long ago.
    DELETED = "deleted", _("Deleted after the retention period")


class ActionStatus(models.TextChoices):
    """How a try-out action (uitprobeeractie) went, as its owner reports it."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly done")
    NOT_DONE = "not_done", _("Not done")


class ReadVia(models.TextChoices):
    """How a member's reading of the minutes was recorded."""

    PAGE = "page", _("opened the minutes page")
    LINK = "link", _("confirmed with the link in the email")
