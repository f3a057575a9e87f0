from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import Language, OrganisationKind, ProposalOutcome
from accounts.organisations import clean_name, name_key
from core.erasure import erased_email
from core.outbox import OutboxMessage


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person using Leernet. Signs in with an email address; there is no username."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # The one organisation the user belongs to for the networks they join (issue 13); chosen at
    # signup or on the profile, or asked for through an OrganisationProposal.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    job_function = models.CharField(_("job function"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_(
            "Facilitators: on Monday morning, one email with your open tasks and the warnings "
            "about your networks (only when there is something to do)."
        ),
    )
    # Consent (issue 13): the coordinators of the user's organisation may see that they take
    # part (network, sessions attended, hours) in the participation report. Off by default;
    # withdrawing it leaves them out of the next report.
    participation_visible_to_organisation = models.BooleanField(
        _("my organisation may see that I take part"),
        default=False,
        help_text=_(
            "The coordinators of your organisation then see, in their participation report, "
            "which networks you take part in, how many sessions you attended and the hours. "
            "Never what you wrote or answered. Off: you only count in the totals."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


ORGANISATION_NAME_MAX = 150


class Organisation(models.Model):
    """An organisation people work for and networks run under: a company, a city, a school.

    Its name is unique after folding case and spaces (``name_key``, kept by ``save``; the unique
    index is the backstop, ``clean`` gives the message). Its coordinators are appointed through
    ``OrganisationCoordinator`` (who appointed whom, and when).
    """

    name = models.CharField(_("name"), max_length=ORGANISATION_NAME_MAX)
    name_key = models.CharField(max_length=ORGANISATION_NAME_MAX, unique=True, editable=False)
    kind = models.CharField(
        _("type"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    sector = models.CharField(
        _("sector"), max_length=100, blank=True, help_text=_("For example: care, metal, retail.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    coordinators = models.ManyToManyField(
        User,
        through="OrganisationCoordinator",
        through_fields=("organisation", "user"),
        related_name="coordinated_organisations",
        blank=True,
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_key"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(name_key=""), name="accounts_organisation_name_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.name = clean_name(self.name)
        self.name_key = name_key(self.name)
        if not self.name:
            raise ValidationError({"name": _("Give the organisation a name.")})
        duplicate = (
            Organisation.objects.filter(name_key=name_key(self.name)).exclude(pk=self.pk).first()
        )
        if duplicate is not None:
            raise ValidationError(
                {
                    "name": _(
                        "“%(name)s” already exists (names are compared without capitals and "
                        "extra spaces). Choose it from the list instead."
                    )
                    % {"name": duplicate.name}
                }
            )


class OrganisationCoordinator(models.Model):
    """``user`` coordinates ``organisation``: appointed by ``appointed_by`` at ``created_at``."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coordinator_appointments"
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="coordinator_appointments"
    )
    appointed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("coordinator")
        verbose_name_plural = _("coordinators")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="accounts_coordinator_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class OrganisationProposal(models.Model):
    """A name someone gave for an organisation that is not in the list yet ("my organisation is
    not listed", or an old free-text profile field). A coordinator or staff member decides:
    accept (the organisation is created and the users linked), merge into an existing one
    (the users are linked to it) or decline. One pending proposal per ``name_key``."""

    name = models.CharField(_("name"), max_length=ORGANISATION_NAME_MAX)
    name_key = models.CharField(max_length=ORGANISATION_NAME_MAX, editable=False)
    users = models.ManyToManyField(User, related_name="organisation_proposals", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(
        max_length=10, choices=ProposalOutcome.choices, default=ProposalOutcome.PENDING, blank=True
    )
    # The organisation created (accepted) or merged into.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals"
    )

    class Meta:
        verbose_name = _("organisation proposal")
        verbose_name_plural = _("organisation proposals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                condition=models.Q(decided_at__isnull=True),
                name="accounts_proposal_one_pending_per_name",
            ),
            models.CheckConstraint(
                condition=models.Q(decided_at__isnull=True, outcome="")
                | (models.Q(decided_at__isnull=False) & ~models.Q(outcome="")),
                name="accounts_proposal_decided_with_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = clean_name(self.name)
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.decided_at is None


# The email that confirms a deleted account, to the address it had.
ACCOUNT_DELETED_TEMPLATE = "accounts/email/account_deleted"

ACCOUNT_EMAIL_LABELS = {
    "account/email/email_confirmation": _("Email to confirm an address"),
    "account/email/email_confirmation_signup": _("Email to confirm an address"),
    "account/email/password_reset_key": _("Email to reset the password"),
    "account/email/password_reset_code": _("Email to reset the password"),
    ACCOUNT_DELETED_TEMPLATE: _("Account deleted"),
}


class RenderedEmail(OutboxMessage):
    """An outbox row stored already rendered (subject, text, HTML): what was decided and
    rendered at the moment of queueing is what is sent."""

    to_email = models.EmailField()
    text_body = models.TextField()
    html_body = models.TextField(blank=True)

    class Meta(OutboxMessage.Meta):
        abstract = True

    @property
    def recipient_email(self) -> str:
        return self.to_email

    def build_message(self) -> EmailMultiAlternatives:
        message = EmailMultiAlternatives(
            subject=self.subject, body=self.text_body, to=[self.to_email]
        )
        if self.html_body:
            message.attach_alternative(self.html_body, "text/html")
        return message


class AccountEmail(RenderedEmail):
    """One of allauth's emails (address confirmation, password reset, ...) to one address, sent
    by core/outbox.py.

    It is stored already rendered (subject, text, HTML): allauth renders it from a request and a
    fresh key that cannot be rebuilt later. So the text of a password reset or a confirmation
    holds a secret link until that link expires (see docs/operations.md). There is no unique key
    beyond the row: each call of the adapter's ``send_mail`` is one email allauth decided to send
    (two reset requests are two emails). Not part of any network (``network_path`` is empty).
    """

    template_prefix = models.CharField(max_length=100)
    # The account it is for; none for an address without an account (an "unknown account" email).
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    network_path = ""
    # Password-reset and confirmation links: not for operators' eyes in the admin.
    private_fields = ("text_body", "html_body")

    class Meta(OutboxMessage.Meta):
        verbose_name = _("account email")
        verbose_name_plural = _("account emails")

    @property
    def kind_label(self) -> str:
        return str(ACCOUNT_EMAIL_LABELS.get(self.template_prefix, _("Other account email")))

    def values_when_done(self) -> dict:
        """The goodbye email of a deleted account forgets the old address once it is sent (or
        gave up): afterwards no row holds it (accounts.services.user_delete_account)."""
        if self.template_prefix == ACCOUNT_DELETED_TEMPLATE and self.user_id:
            return {"to_email": erased_email(self.user_id)}
        return {}


class DigestEmail(RenderedEmail):
    """The weekly digest of one facilitator: their open tasks and their networks' warnings, one
    row per user and ISO week (``week_start``, that week's Monday), so a second run of the beat
    task in the same week sends nothing. Rendered when queued, in the user's language
    (networks.digest builds it: accounts knows nothing of networks)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    week_start = models.DateField()

    network_path = ""

    class Meta(RenderedEmail.Meta):
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            *RenderedEmail.Meta.constraints,
            models.UniqueConstraint(
                fields=["user", "week_start"],
                condition=models.Q(resend_of__isnull=True),
                name="accounts_digest_once_a_week",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="accounts_digest_due_idx")
        ]

    @property
    def kind_label(self) -> str:
        return str(_("Weekly digest"))


class ThemeInterest(models.Model):
    """Someone of an organisation would like a network on ``theme``: the coordinators see how
    many people asked for each theme (counts, no names) when they decide what to start next."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="theme_interests"
    )
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="theme_interests")
    theme = models.CharField(_("theme"), max_length=100)
    theme_key = models.CharField(max_length=100, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("interest in a theme")
        verbose_name_plural = _("interests in a theme")
        ordering = ["theme_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "theme_key"], name="accounts_interest_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(theme_key=""), name="accounts_interest_theme_not_blank"
            ),
        ]

    def __str__(self) -> str:
        return self.theme

    def save(self, *args, **kwargs):
        self.theme = clean_name(self.theme)
        self.theme_key = name_key(self.theme)
        super().save(*args, **kwargs)


class IdentityProvider(models.Model):
    """An organisation's own sign-in (issue 26): its OpenID Connect provider (Entra ID, ACM/IDM,
    ...), the email domains it answers for, whether its email claim is trusted and whether its
    people must sign in through it. The client secret is stored sealed (``core.crypto``); allauth
    reads the provider as a ``SocialApp`` built from this row (``accounts.sso.social_app``)."""

    class Protocol(models.TextChoices):
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol.choices, default=Protocol.OIDC
    )
    issuer_url = models.URLField(
        _("issuer or discovery URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "For example https://login.microsoftonline.com/TENANT-ID/v2.0 (Entra ID). "
            "Leernet reads /.well-known/openid-configuration under it."
        ),
    )
    client_id = models.CharField(_("client id"), max_length=255, blank=True)
    saml_metadata_url = models.URLField(
        _("SAML metadata URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "The identity provider's metadata, for example "
            "https://login.microsoftonline.com/TENANT-ID/federationmetadata/2007-06/"
            "federationmetadata.xml. Or paste the metadata below."
        ),
    )
    saml_metadata_xml = models.TextField(
        _("SAML metadata (pasted)"),
        blank=True,
        help_text=_("Only when the provider has no metadata URL: paste its metadata XML."),
    )
    saml_entity_id = models.CharField(
        _("SAML entity id of the identity provider"),
        max_length=500,
        blank=True,
        help_text=_("Needed only when the metadata describes more than one identity provider."),
    )
    client_secret_sealed = models.BinaryField(editable=False, default=b"")
    scopes = models.CharField(_("scopes"), max_length=255, default="openid profile email")
    trusted = models.BooleanField(
        _("trust the email address it gives"),
        default=False,
        help_text=_(
            "Only when this provider is your organisation's own: an address in your domains "
            "then needs no confirmation email. Otherwise people confirm their address once."
        ),
    )
    sso_required = models.BooleanField(
        _("people of these domains must sign in here"),
        default=False,
        help_text=_(
            "Password sign-in, password reset and signup are refused for these addresses, "
            "and their open sessions end when you switch this on."
        ),
    )
    mfa_acr_values = models.CharField(
        _("acr values that mean two-factor"),
        max_length=255,
        blank=True,
        help_text=_(
            "Separated by spaces. An amr claim that contains “mfa” always counts. For SAML: "
            "the AuthnContextClassRef values that mean two-factor."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.issuer_url or self.saml_metadata_url or 'SAML'})"

    @property
    def provider_id(self) -> str:
        """The id allauth knows it by (in its URLs and ``SocialAccount.provider``)."""
        return f"org-{self.organisation_id}"


class SignInDomain(models.Model):
    """An email domain that signs in through ``provider``. A domain belongs to one organisation
    only (the unique index; the form says which one has it)."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("email domain"), max_length=253, unique=True)

    class Meta:
        verbose_name = _("sign-in domain")
        verbose_name_plural = _("sign-in domains")
        ordering = ["domain"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")) & ~models.Q(domain=""),
                name="accounts_signin_domain_lower",
            ),
        ]

    def __str__(self) -> str:
        return self.domain


class ApiClient(models.Model):
    """An organisation's integration (issue 27): an OAuth client of Leernet's own provider
    (allauth.idp.oidc's ``Client``) with the client-credentials grant, acting for
    ``organisation`` and for nobody else. Its coordinators create, name, rotate and revoke it
    (``accounts.oauth``); the secret is stored hashed by allauth and shown once."""

    client = models.OneToOneField(
        "allauth_idp_oidc.Client", on_delete=models.CASCADE, related_name="leernet_integration"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_clients"
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")

    def __str__(self) -> str:
        return f"{self.client.name} ({self.organisation})"


class OAuthGrant(models.Model):
    """What the browser session that granted an app its tokens had given (issue 27): allauth's
    provider issues every token of one consent (authorization code) or device confirmation under
    one ``grant_id`` (``Token.data["grant_id"]``, carried over when a refresh token rotates), and
    this row says whether the session of ``user`` that allowed it had passed the second factor
    (``accounts.rules.session_passed_second_factor``). A network that requires two-factor
    sign-in of its facilitators lets a token through the API's door only then
    (``accounts.rules.token_passed_second_factor``). Rows whose tokens are all gone are cleared
    daily (``accounts.oauth.clear_expired_tokens``)."""

    grant_id = models.CharField(max_length=64)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    second_factor = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("app grant")
        verbose_name_plural = _("app grants")
        constraints = [
            models.UniqueConstraint(fields=["grant_id", "user"], name="oauth_grant_once_per_user")
        ]

    def __str__(self) -> str:
        return self.grant_id
