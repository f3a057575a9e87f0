"""What Leernet does when allauth changes how someone signs in (connected in apps.py).

A changed password and a new authenticator end the account's other sessions, through the one
service (``accounts.services.user_sessions_end``): a session opened with a stolen password does
not outlive the change. The session that adds an authenticator has just proved it, so it counts
as having given the second factor (networks that require it of their facilitators open there).
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import (
    password_changed,
    password_reset,
    password_set,
    user_logged_in,
)
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.conf import settings
from django.contrib.auth.signals import user_logged_in as auth_user_logged_in
from django.utils import translation

from accounts import sso, sso_saml
from accounts.enums import SessionEndReason
from accounts.middleware import LANGUAGE_CHOSEN_SESSION_KEY
from accounts.services import user_sessions_end, user_set_language

SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def _current_session_key(request, user) -> str | None:
    """The request's session, when it is signed in as ``user`` (then it is kept)."""
    if request is None or getattr(request, "user", None) is None:
        return None
    return request.session.session_key if request.user.pk == user.pk else None


def on_password_changed(sender, request, user, **kwargs) -> None:
    """A changed (or first set) password: every other session of the account ends."""
    user_sessions_end(
        user=user,
        reason=SessionEndReason.PASSWORD_CHANGED,
        keep_session_key=_current_session_key(request, user),
    )


def on_password_reset(sender, request, user, **kwargs) -> None:
    """A password reset from the emailed link: every session of the account ends (the browser
    that reset it is not signed in; it signs in with the new password)."""
    user_sessions_end(user=user, reason=SessionEndReason.PASSWORD_RESET)


def on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    """An authenticator app or a passkey (not recovery codes) was added: this session counts as
    having given the second factor, and the account's other sessions that did not give it end.

    allauth has no public call to add to a session's authentication records; its own one is
    used, and tests/accounts/test_session_second_factor.py fails if it changes."""
    if authenticator.type not in SECOND_FACTORS:
        return
    if request is not None:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )
        # allauth sends this signal after commit for an app, which can come after the response
        # saved the session: keep the record.
        request.session.save()
    user_sessions_end(
        user=user,
        reason=SessionEndReason.SECOND_FACTOR_ADDED,
        keep_session_key=_current_session_key(request, user),
        spare_second_factor=True,
    )


def on_logged_in_sso(sender, request, user, sociallogin=None, **kwargs) -> None:
    """Signed in through an organisation's provider: the session lasts
    ``LEERNET_SSO_SESSION_HOURS``, and a provider's assertion of a second factor (``amr`` with
    "mfa", or an ``acr`` or SAML AuthnContextClassRef the organisation named) counts as this
    session's second factor."""
    if sociallogin is None or request is None:
        return
    request.session.set_expiry(settings.LEERNET_SSO_SESSION_HOURS * 3600)
    provider = sso.provider_by_id(sociallogin.account.provider)
    extra_data = sociallogin.account.extra_data or {}
    id_token = extra_data.get("id_token") or {}
    if provider is not None and (
        sso.mfa_asserted(provider, id_token) or sso_saml.mfa_asserted(provider, extra_data)
    ):
        record_authentication(
            request, user, "mfa", type="identity_provider", provider=provider.provider_id
        )


def on_logged_in_language(sender, request, user, **kwargs) -> None:
    """A language chosen with the switch before signing in is kept on the account (issue 24.9):
    the pages after the sign-in, and its emails, speak it. Only a choice made in this session
    counts, not a cookie the invitation page set for the network's language. Without a choice
    the rest of the sign-in's request speaks the account's language (issue 26: the "signed in"
    message after an organisation's sign-in was in the language of the page before)."""
    if request is None or not hasattr(request, "session"):
        return
    chosen = request.session.pop(LANGUAGE_CHOSEN_SESSION_KEY, None)
    if chosen in dict(settings.LANGUAGES):
        user_set_language(acting_user=user, language=chosen)
    else:
        chosen = user.language
    if chosen in dict(settings.LANGUAGES):
        # the rest of this request (allauth's "signed in" message) speaks the account's language
        translation.activate(chosen)
        request.LANGUAGE_CODE = chosen


def connect() -> None:
    auth_user_logged_in.connect(on_logged_in_language, dispatch_uid="leernet-language-at-sign-in")
    password_changed.connect(on_password_changed, dispatch_uid="leernet-password-changed")
    password_set.connect(on_password_changed, dispatch_uid="leernet-password-set")
    password_reset.connect(on_password_reset, dispatch_uid="leernet-password-reset")
    user_logged_in.connect(on_logged_in_sso, dispatch_uid="leernet-sso-logged-in")
    authenticator_added.connect(on_authenticator_added, dispatch_uid="leernet-authenticator")
