from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

PENDING_INVITATION_SESSION_KEY = "leernet_pending_invitation"


class AccountAdapter(DefaultAccountAdapter):
    """Brings someone who signed up or logged in from an invitation link back to that invitation.

    The token is kept in the session by the invitation page, so it survives signup and the
    email confirmation that happens in the same browser.
    """

    def _pending_invitation_url(self, request) -> str | None:
        token = request.session.get(PENDING_INVITATION_SESSION_KEY)
        if token:
            return reverse("networks:invitation_accept", kwargs={"token": token})
        return None

    def get_login_redirect_url(self, request):
        return self._pending_invitation_url(request) or super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        return self._pending_invitation_url(request) or super().get_signup_redirect_url(request)
