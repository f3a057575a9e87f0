"""Scopes: each API view names the scope every method needs (``scopes``), and who it acts for
(``acts_for``: a person, an organisation's integration, or either). The object itself is then
found through the doors (api/doors.py): "not allowed" is a 404 there, as on the pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

PERSON, INTEGRATION, EITHER, ANYONE = "person", "integration", "either", "anyone"


class InsufficientScope(exceptions.PermissionDenied):
    default_detail = _("This token does not have the permission (scope) this request needs.")
    default_code = "insufficient_scope"


class PersonRequired(exceptions.PermissionDenied):
    default_detail = _(
        "This request acts for a person: use a token a person gave, not an integration's."
    )
    default_code = "person_required"


class IntegrationNotAllowed(exceptions.PermissionDenied):
    default_detail = _("An organisation's integration cannot use this request.")
    default_code = "integration_not_allowed"


def required_scope(view, method: str) -> str | None:
    scopes = getattr(view, "scopes", {})
    if method == "HEAD":
        method = "GET"
    return scopes.get(method)


class TokenHasScope(BasePermission):
    def has_permission(self, request, view) -> bool:
        acts_for = getattr(view, "acts_for", PERSON)
        if acts_for == ANYONE:
            return True
        if request.auth is None:
            raise exceptions.NotAuthenticated(
                _("Send an access token: Authorization: Bearer <token>.")
            )
        integration = getattr(request, "integration", None)
        if integration is not None and acts_for == PERSON:
            raise PersonRequired
        if integration is None and acts_for == INTEGRATION:
            raise IntegrationNotAllowed
        scope = required_scope(view, request.method)
        if scope is not None and scope not in request.auth.get_scopes():
            raise InsufficientScope
        return True
