"""The API's doors: the same permission layer as the pages (networks/rules.py, the apps'
``rules.has_perm``), the object found by primary key and then asked about, "not allowed" and
"does not exist" the same 404 (pages/core/mixins.py does the same for the pages).

Two-factor sign-in: a network may require it of its facilitators. A page asks it per browser
session; a token has no session, so a facilitator of such a network passes with a token only
when their account has an authenticator (the token was given while signed in to that account;
docs/api.md says so)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from accounts import rules as account_rules
from accounts.models import Organisation
from evaluations import rules as evaluation_rules
from evaluations.selectors import questionnaire_by_pk
from networks import rules as network_rules
from networks.selectors import network_by_pk
from sessions import rules as session_rules
from sessions.selectors import session_by_pk


class SecondFactorRequired(exceptions.PermissionDenied):
    default_detail = _(
        "This network asks its facilitators to use two-factor sign-in: set up an authenticator "
        "app or a passkey on Leernet first."
    )
    default_code = "second_factor_required"


def _check_network(user, network, permission: str) -> None:
    if not network_rules.has_perm(user, "networks.view_network", network):
        raise exceptions.NotFound
    if not network_rules.has_perm(user, permission, network):
        raise exceptions.NotFound
    if network_rules.requires_second_factor(user, network) and not account_rules.has_second_factor(
        user
    ):
        raise SecondFactorRequired


def network_door(request, pk: int, permission: str = "networks.view_network"):
    network = network_by_pk(pk=pk)
    if network is None:
        raise exceptions.NotFound
    network.viewer_role = network_rules.viewer_role(request.user, network)
    _check_network(request.user, network, permission)
    return network


def session_door(request, pk: int, permission: str = "sessions.view_session"):
    session = session_by_pk(pk=pk)
    if session is None:
        raise exceptions.NotFound
    session.network.viewer_role = network_rules.viewer_role(request.user, session.network)
    _check_network(request.user, session.network, "networks.view_network")
    if not session_rules.has_perm(request.user, permission, session):
        raise exceptions.NotFound
    return session


def questionnaire_door(request, pk: int, permission: str = "evaluations.see_results"):
    questionnaire = questionnaire_by_pk(pk=pk)
    if questionnaire is None:
        raise exceptions.NotFound
    network = questionnaire.network
    network.viewer_role = network_rules.viewer_role(request.user, network)
    _check_network(request.user, network, "networks.view_network")
    if not evaluation_rules.has_perm(request.user, permission, questionnaire):
        raise exceptions.NotFound
    return questionnaire


def organisation_door(request, pk: int) -> Organisation:
    """An organisation, for its coordinators (``accounts.coordinate``) and for its own
    integrations; a 404 for everyone else."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None:
        raise exceptions.NotFound
    integration = getattr(request, "integration", None)
    if integration is not None:
        if integration.organisation_id != organisation.pk:
            raise exceptions.NotFound
        return organisation
    if not account_rules.has_perm(request.user, "accounts.coordinate", organisation):
        raise exceptions.NotFound
    return organisation
