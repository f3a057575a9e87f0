from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")
    SOCIAL_PROFIT = "social_profit", _("Social-profit organisation")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")


class ProposalOutcome(models.TextChoices):
    PENDING = "", _("Waiting for a coordinator")
    ACCEPTED = "accepted", _("Added as a new organisation")
    MERGED = "merged", _("Linked to an existing organisation")
    DECLINED = "declined", _("Declined")


class SessionEndReason(models.TextChoices):
    """Why ``accounts.services.user_sessions_end`` ended someone's sessions (logged, not shown)."""

    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
    PASSWORD_RESET = "password_reset"  # noqa: S105
    SECOND_FACTOR_ADDED = "second_factor_added"
    ACCOUNT_DELETED = "account_deleted"
    SSO_REQUIRED = "sso_required"
