from django.db import models
from django.utils.translation import gettext_lazy as _


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
