import base64
import secrets
from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.idp.oidc.adapter import DefaultOIDCAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext_lazy as _

from accounts import sso
from accounts.links import invitation_accept_path
from accounts.models import User
from accounts.services import account_email_queue
from core import crypto
from core.mail import render_mail_parts
from core.ops.proxies import client_ip

PENDING_INVITATION_SESSION_KEY = "leernet_pending_invitation"
# Set by the invitation page for a signed-in account that has not proven the invited address:
# confirming that address, once added, brings it back to the invitation (once).
PENDING_INVITATION_AFTER_EMAIL_KEY = "leernet_invitation_after_email"
# The invited address, set by the invitation page for a visitor: the link reached it, so a signup
# in this session with exactly that address needs no confirmation email (is_email_verified).
INVITED_EMAIL_SESSION_KEY = "leernet_invited_email"


def configured_site() -> Site:
    """Leernet at ``settings.SITE_URL`` (an unsaved Site: the setting, not the sites table,
    is the one configured address)."""
    return Site(id=settings.SITE_ID, domain=urlsplit(settings.SITE_URL).netloc, name="Leernet")


def on_site_url(url: str) -> str:
    """``url`` (absolute, built from whatever host the request came in on) moved onto
    ``settings.SITE_URL``: the same path, query and fragment."""
    bits = urlsplit(url)
    base = urlsplit(settings.SITE_URL)
    path = base.path.rstrip("/") + bits.path
    return urlunsplit((base.scheme, base.netloc, path, bits.query, bits.fragment))


class AccountAdapter(DefaultAccountAdapter):
    """Leernet's allauth adapter.

    Brings someone who signed up or logged in from an invitation link back to that invitation:
    the token is kept in the session by the invitation page, so it survives signup and the
    email confirmation that happens in the same browser.

    allauth's emails are rendered by ``core.mail.render_mail_parts``, like every other email of
    the project, so their subjects and text parts are never HTML-escaped, and sent through the
    outbox like every other email: ``send_mail`` stores the rendered message as an
    ``AccountEmail`` row and core/outbox.py sends it after commit. Their site is Leernet at
    ``settings.SITE_URL`` and every link in them starts with it, whatever host the request used.
    """

    def get_client_ip(self, request) -> str:
        """The address the rate limits and active sessions key on; a short or missing
        X-Forwarded-For means REMOTE_ADDR, never a server error (core/ops/proxies.py)."""
        ip = client_ip(request)
        if not ip:  # no address at all: what allauth answers (403)
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def _pending_invitation_url(self, request) -> str | None:
        token = request.session.get(PENDING_INVITATION_SESSION_KEY)
        if token:
            return invitation_accept_path(token)
        return None

    def get_login_redirect_url(self, request):
        return self._pending_invitation_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self._pending_invitation_url(request) or super().get_signup_redirect_url(request)

    def clean_email(self, email: str) -> str:
        """Signup with a password is refused for an address whose organisation requires its own
        sign-in (issue 26); signing up through that sign-in goes through allauth's social
        signup, which is not refused."""
        email = super().clean_email(email)
        request = allauth_context.request
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "account_signup":
            provider = sso.sso_required_for(email)
            if provider is not None:
                raise ValidationError(
                    _(
                        "%(organisation)s signs its people in through its own account: use "
                        "“Sign in with your organisation” on the sign-in page, which makes your "
                        "Leernet account the first time."
                    )
                    % {"organisation": provider.organisation.name}
                )
        return email

    def stash_invited_email(self, request, email: str) -> None:
        """The invitation page: prefill the signup form with ``email`` (allauth's stash) and
        count it as proven if the visitor signs up with it."""
        self.stash_verified_email(request, email)
        request.session[INVITED_EMAIL_SESSION_KEY] = email

    def unstash_verified_email(self, request):
        """allauth would attach the stashed address, verified and primary, to whatever account
        signs up in this session, even one made with another address; Leernet lets the stash
        only prefill the form and verifies the invited address only when it is the one typed
        (``is_email_verified``)."""
        super().unstash_verified_email(request)
        return None

    def is_email_verified(self, request, email: str) -> bool:
        invited = request.session.get(INVITED_EMAIL_SESSION_KEY) or ""
        return invited.lower() == email.lower() or super().is_email_verified(request, email)

    def get_email_verification_redirect_url(self, email_address):
        """After confirming an address added from an invitation page, back to that invitation."""
        request = self.request
        token = request.session.pop(PENDING_INVITATION_AFTER_EMAIL_KEY, None)
        if token and request.user.is_authenticated:
            return invitation_accept_path(token)
        return super().get_email_verification_redirect_url(email_address)

    def render_mail(self, template_prefix, email, context, headers=None):
        html_template = f"{template_prefix}_message.html"
        try:
            get_template(html_template)
        except TemplateDoesNotExist:  # allauth ships text-only emails
            html_template = None
        subject, text, html = render_mail_parts(
            subject_template=f"{template_prefix}_subject.txt",
            text_template=f"{template_prefix}_message.txt",
            html_template=html_template,
            context=context,
            request=context.get("request"),
        )
        message = EmailMultiAlternatives(
            subject=self.format_email_subject(subject),
            body=text.strip(),
            from_email=self.get_from_email(),
            to=[email] if isinstance(email, str) else email,
            headers=headers,
        )
        if html is not None:
            message.attach_alternative(html.strip(), "text/html")
        return message

    def send_mail(self, template_prefix, email, context):
        """allauth's ``send_mail``, with the message stored as an outbox row instead of sent."""
        request = allauth_context.request
        for address in [email] if isinstance(email, str) else email:
            ctx = {"request": request, "email": address}
            ctx.update(context)
            ctx["current_site"] = configured_site()
            for key, value in ctx.items():
                if isinstance(value, str) and value.startswith(("http://", "https://")):
                    ctx[key] = on_site_url(value)
            message = self.render_mail(template_prefix, address, ctx)
            user = ctx.get("user")
            if not (isinstance(user, User) and user.pk):
                user = User.objects.filter(email__iexact=address).first()
            account_email_queue(template_prefix=template_prefix, message=message, user=user)


_MFA_PURPOSE = b"leernet.mfa-secrets.v1"


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa as Leernet runs it.

    The authenticator app's secret and the recovery codes' seed are stored encrypted
    (core.crypto, a key derived from SECRET_KEY; allauth stores them in the clear by default).
    One clearer message: a code is refused when it is wrong and also when it was already used
    once (allauth says "Incorrect code." for both), so say both and what to do."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "This code is not right or has already been used. Enter the code your app shows "
            "now (a new one appears every 30 seconds), or one of your recovery codes."
        ),
    }

    def encrypt(self, text: str) -> str:
        sealed = crypto.seal(text.encode(), purpose=_MFA_PURPOSE)
        return base64.urlsafe_b64encode(sealed).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        sealed = base64.urlsafe_b64decode(encrypted_text.encode("ascii"))
        return crypto.unseal(sealed, purpose=_MFA_PURPOSE).decode()

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        """Passkeys name the site "Leernet" (not the sites table's name); their id stays the host
        the browser uses, as WebAuthn requires."""
        return {**super().get_public_key_credential_rp_entity(), "name": "Leernet"}


class OIDCAdapter(DefaultOIDCAdapter):
    """Leernet's OAuth 2 / OpenID Connect provider (issue 27): the consent page names every scope
    in plain words (``accounts.oauth.SCOPES``); the ID token's ``profile`` carries the name."""

    @property
    def scope_display(self):
        from accounts.oauth import SCOPES  # noqa: PLC0415 (cycle: oauth imports allauth's models)

        return SCOPES

    def generate_client_secret(self) -> str:
        """Letters, digits, '-' and '_': safe to paste into a script, a URL or a form."""
        return secrets.token_urlsafe(40)

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs):
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        if "profile" in scopes:
            claims.update(name=user.full_name, locale=user.language)
        return claims
