"""The API's doors: the same permission layer as the pages (networks/rules.py, the apps'
``rules.has_perm``), the object found by primary key and then asked about, "not allowed" and
"does not exist" the same 404 (pages/core/mixins.py does the same for the pages).

Two-factor sign-in: a network may require it of its facilitators. A page asks it per browser
session (``networks.rules.second_factor_step``); a token counts as the browser session that
granted it (the consent, the device confirmation): a facilitator of such a network passes with
a token only when that session had passed the second factor
(``networks.rules.token_second_factor_step``). Otherwise a 403 ``second_factor_required`` that
says, as the page's message does, what to do: set up an authenticator, or connect the app
again after signing in with its code."""

from django.utils.translation import gettext as _
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
    default_code = "second_factor_required"


def _second_factor_refusal(network, step: str) -> SecondFactorRequired:
    if step == network_rules.SET_UP_SECOND_FACTOR:
        message = _(
            "%(network)s asks its facilitators to use two-factor sign-in. Set up an "
            "authenticator app or a passkey on Leernet, sign in with it, then connect this app "
            "again."
        )
    else:
        message = _(
            "%(network)s asks its facilitators to use two-factor sign-in. This app was connected "
            "in a sign-in without it: sign in to Leernet with the code from your authenticator "
            "app (or your passkey), then connect this app again."
        )
    return SecondFactorRequired(message % {"network": network.name})


def _check_network(request, network, permission: str) -> None:
    user = request.user
    if not network_rules.has_perm(user, "networks.view_network", network):
        raise exceptions.NotFound
    if not network_rules.has_perm(user, permission, network):
        raise exceptions.NotFound
    step = network_rules.token_second_factor_step(user, network, request.auth)
    if step is not None:
        raise _second_factor_refusal(network, step)


def network_door(request, pk: int, permission: str = "networks.view_network"):
    network = network_by_pk(pk=pk)
    if network is None:
        raise exceptions.NotFound
    network.viewer_role = network_rules.viewer_role(request.user, network)
    _check_network(request, network, permission)
    return network


def session_door(request, pk: int, permission: str = "sessions.view_session"):
    session = session_by_pk(pk=pk)
    if session is None:
        raise exceptions.NotFound
    session.network.viewer_role = network_rules.viewer_role(request.user, session.network)
    _check_network(request, session.network, "networks.view_network")
    if not session_rules.has_perm(request.user, permission, session):
        raise exceptions.NotFound
    return session


def questionnaire_door(request, pk: int, permission: str = "evaluations.see_results"):
    questionnaire = questionnaire_by_pk(pk=pk)
    if questionnaire is None:
        raise exceptions.NotFound
    network = questionnaire.network
    network.viewer_role = network_rules.viewer_role(request.user, network)
    _check_network(request, network, "networks.view_network")
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
