"""One door: every view that loads an object named in its URL goes through the network door
(pages.networks.mixins.NetworkScopedMixin: membership, role, and the network's two-factor
requirement for this session), or is listed in OUTSIDE_THE_DOOR with the reason it needs none.

The URLconf is walked, as the permission matrix does (tests/networks/test_permissions.py): a new
view that takes an id or token and is not behind the door fails here until it is, or until its
reason is written down. The second half tries the door itself: every page and action a
facilitator reaches in a network that requires two-factor sign-in sends a session that did not
give the code to the code step, including the three that used to skip it (sharing an insight
card, adding a work form to an agenda, the work-form page)."""

import importlib
from urllib.parse import urlencode

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.test import Client
from django.urls import (
    URLPattern,
    URLResolver,
    clear_url_caches,
    get_resolver,
    include,
    path,
    reverse,
)
from django.urls.resolvers import RegexPattern
from django.views.generic import TemplateView

from core.audit import AuditEvent
from core.idempotency import new_token
from pages.networks.mixins import NetworkPermissionMixin, NetworkScopedMixin
from portfolio.models import InsightCard
from sessions.models import AgendaItem, WorkForm
from tests.factories import PASSWORD, SessionFactory
from tests.networks import test_permissions as matrix

pytestmark = pytest.mark.django_db

EXPECTED, OK, _reverse = matrix.EXPECTED, matrix.OK, matrix._reverse
matrix_world = matrix.world  # the permission matrix's world: a network with one of everything

OWN_NAMESPACES = {"networks", "accounts", "sessions", "reports", "evaluations"}

_SIGNED_LINK = "a signed link is the permission (no sign-in); it acts for the one person it names"
_ORGANISATION = (
    "the organisation's door (accounts.rules, pages.core.mixins.ScopedPermissionMixin): its "
    "coordinators, who are not members of its networks and see none of their members-only pages"
)
_OWN_RECORD = (
    "a plain member's own record, found through their own membership (reports.portfolio), also "
    "after they left, when the network door no longer opens; no facilitator has one, so the "
    "facilitators' two-factor requirement does not apply"
)
_BLUEPRINT = (
    "a blueprint is its author's copy of a plan (blueprints_for_user), with no members, names "
    "or answers; it belongs to no network"
)

_OPERATORS = (
    "an operator's endpoint (issue 25, pages/ops/views.py): it names no object and shows nothing "
    "of any network or person"
)

# Views that take an object from the URL without the network door, and why; and the root URLconf's
# own public views outside any network (probes, metrics, the front pages).
OUTSIDE_THE_DOOR = {
    "home": "the front page: visitors see what Leernet is, signed-in people go to their networks",
    "privacy": "the privacy statement, public for anyone before they sign up",
    "healthz": _OPERATORS + "; a load balancer's liveness probe, answered before sessions",
    "readyz": _OPERATORS + "; a readiness probe, answering only which dependency is down",
    "metrics": _OPERATORS + "; counts only, behind the LEERNET_METRICS_TOKEN bearer token",
    "oidc_authorize": (
        "the OAuth provider's consent page (allauth, pages/accounts/app_views.py): the signed-in "
        "person allows an app to act for them; the API's doors guard what its tokens reach"
    ),
    "oidc_device_authorization": (
        "the OAuth provider's device confirmation (allauth, pages/accounts/app_views.py): the "
        "signed-in person allows a script to act for them; the API's doors guard its tokens"
    ),
    "accounts:organisation_proposal_accept": "a proposed organisation name; no network's",
    "accounts:organisation_proposal_merge": "a proposed organisation name; no network's",
    "accounts:organisation_proposal_decline": "a proposed organisation name; no network's",
    "networks:public": "the public page of a listed open network: anyone, signed in or not",
    "networks:invitation_accept": "the invitation's token is the permission, for its address",
    "networks:share_link": (
        "the share link's token only marks this session as holding it, then sends on to the "
        "network's card, which the door guards (networks/share_links.py, rules.may_discover)"
    ),
    "sessions:rsvp_link": _SIGNED_LINK,
    "sessions:speaker_confirm": _SIGNED_LINK,
    "sessions:calendar_feed": "the private feed's token is the permission (a calendar app)",
    "reports:read_link": _SIGNED_LINK,
    "reports:statement_verify": "public: anyone holding the statement's unguessable token",
    "reports:action_answer": (
        "the owner's own try-out action, found through request.user among the networks they "
        "are an active member of (reports.selectors.my_action); it says how it went for them"
    ),
    "reports:portfolio": _OWN_RECORD,
    "reports:portfolio_pdf": _OWN_RECORD,
    "reports:reflection_save": _OWN_RECORD,
    "reports:statement_issue": _OWN_RECORD,
    "reports:statement_pdf": _OWN_RECORD,
    "evaluations:blueprint": _BLUEPRINT,
    "evaluations:blueprint_start": _BLUEPRINT,
    "evaluations:blueprint_delete": _BLUEPRINT,
    **dict.fromkeys(
        (
            "reports:organisation_overview",
            "reports:organisation_sign_in",
            "reports:organisation_sign_in_disconnect",
            "reports:organisation_health_refresh",
            "reports:organisation_appoint_facilitator",
            "reports:organisation_network_listing",
            "reports:organisation_participation",
            "reports:organisation_participation_pdf",
            "reports:organisation_participation_csv",
            "reports:organisation_inventory",
            "reports:organisation_interest_withdraw",
            "reports:organisation_integrations",
            "reports:organisation_integration_rotate",
            "reports:organisation_integration_revoke",
            "reports:organisation_webhooks",
            "reports:organisation_webhook_test",
            "reports:organisation_webhook_enable",
            "reports:organisation_webhook_delete",
            "reports:organisation_webhook_resend",
        ),
        _ORGANISATION,
    ),
}


def _patterns(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _behind_the_door(pattern: URLPattern) -> bool:
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is not None and issubclass(view_class, NetworkScopedMixin)


def _root_page(name: str, pattern: URLPattern) -> bool:
    """A view of the page layer mounted in the root URLconf without a namespace."""
    return ":" not in name and pattern.callback.__module__.startswith("pages.")


def outside_the_door(resolver) -> set[str]:
    """The names of Leernet's own views that take an object from their URL (any URL parameter:
    an id or a token) but are not behind the network door, and of the root URLconf's own
    pages (public: the front page, the probes, the metrics)."""
    return {
        name
        for name, pattern in _patterns(resolver)
        if (
            name.split(":")[0] in OWN_NAMESPACES
            and pattern.pattern.converters
            and not _behind_the_door(pattern)
        )
        or _root_page(name, pattern)
    }


@pytest.fixture
def every_url_mounted(settings):
    """The root URLconf with its optional URLs (/metrics needs its token)."""
    settings.LEERNET_METRICS_TOKEN = "door-test-token"
    _reload_root_urls()
    yield
    settings.LEERNET_METRICS_TOKEN = ""
    _reload_root_urls()


def _reload_root_urls():
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


def test_every_view_that_takes_an_object_goes_through_the_door_or_says_why(every_url_mounted):
    assert outside_the_door(get_resolver()) - set(OUTSIDE_THE_DOOR) == set()


def test_the_list_of_exceptions_holds_only_views_outside_the_door(every_url_mounted):
    """No stale excuse: an entry whose view moved behind the door (or went) is removed."""
    assert set(OUTSIDE_THE_DOOR) - outside_the_door(get_resolver()) == set()
    assert all(len(reason) > 20 for reason in OUTSIDE_THE_DOOR.values())


class _LoginOnlyView(LoginRequiredMixin, TemplateView):
    """A network's page on LoginRequiredMixin alone: what the walk must catch."""


@login_required
def _login_only(request, network_pk):
    return HttpResponse()


class _BehindTheDoor(NetworkPermissionMixin, TemplateView):
    pass


def test_the_walk_catches_a_view_outside_the_door():
    """The yardstick bites: a class view and a function view that take a network's id without
    the door are reported; one behind the door, and one without URL parameters, are not."""
    fake = (
        [
            path("fake/<int:pk>/", _LoginOnlyView.as_view(), name="fake_class"),
            path("fake/<int:network_pk>/fn/", _login_only, name="fake_function"),
            path("fake/<int:pk>/door/", _BehindTheDoor.as_view(), name="fake_door"),
            path("fake/", _LoginOnlyView.as_view(), name="fake_list"),
        ],
        "networks",
    )
    resolver = URLResolver(RegexPattern(r"^/"), [path("", include(fake))])

    assert outside_the_door(resolver) == {"networks:fake_class", "networks:fake_function"}


# The door itself, for a facilitator in a session that did not give the second factor.


def _facilitator_without_the_code(world, network) -> Client:
    _kwargs, users = world
    facilitator = users["facilitator"]
    facilitator.language = "en"
    facilitator.save(update_fields=["language"])
    browser = Client()
    browser.post(reverse("account_login"), {"login": facilitator.email, "password": PASSWORD})
    assert browser.session.get("_auth_user_id") == str(facilitator.pk)
    TOTP.activate(facilitator, generate_totp_secret())
    network.require_facilitator_mfa = True
    network.save(update_fields=["require_facilitator_mfa"])
    return browser


NOT_ASKED = {
    # a catalogue work form belongs to no network: none asks anything there (the sessions it
    # offers are: see the work-form tests below)
    "sessions:workform_detail",
    "sessions:workform_add_to_agenda",
    # its members are sent on to the network's page, which asks (nothing of it is shown)
    "networks:join",
}


def _door_views():
    """The matrix's URLs behind the network door that the facilitator opens (OK or done)."""
    patterns = dict(_patterns(get_resolver()))
    return sorted(
        name
        for name, (_method, expectations) in EXPECTED.items()
        if _behind_the_door(patterns[name])
        and expectations.get("facilitator", expectations.get("*")) not in (None, 404, 403)
        and name not in NOT_ASKED
    )


def test_every_door_asks_for_the_code_in_a_session_without_it(matrix_world, network):
    browser = _facilitator_without_the_code(matrix_world, network)
    all_kwargs, _users = matrix_world
    data = {"status": "running", "emails": "new@example.org", "session": all_kwargs["pk:session"]}
    step = reverse("mfa_reauthenticate")

    sent_elsewhere = {}
    for name in _door_views():
        method, _expectations = EXPECTED[name]
        url = _reverse(name, all_kwargs)
        response = browser.post(url, data) if method == "post" else browser.get(url)
        if response.status_code != 302 or not response["Location"].startswith(step):
            sent_elsewhere[name] = response.status_code
    assert len(_door_views()) > 80
    assert sent_elsewhere == {}


def test_sharing_an_insight_card_asks_for_the_code_and_shares_nothing(matrix_world, network):
    browser = _facilitator_without_the_code(matrix_world, network)
    card = InsightCard.objects.get(network=network)

    response = browser.post(reverse("reports:insight_share", kwargs={"card_id": card.pk}))

    assert response["Location"] == (
        f"{reverse('mfa_reauthenticate')}?{urlencode({'next': network.get_absolute_url()})}"
    )
    card.refresh_from_db()
    assert card.shared is False
    assert not AuditEvent.objects.filter(action="insight_shared").exists()


SESSIONS_ASK_THE_CODE = (
    "Sessions of networks that ask their facilitators for two-factor sign-in are offered here "
    "once you have given your code in this browser: open the network to do so."
)


def _upcoming(network):
    return SessionFactory(network=network, title="Valpreventie in de praktijk")


def test_the_work_form_page_lists_no_session_of_a_network_asking_the_code(matrix_world, network):
    session = _upcoming(network)
    work_form = WorkForm.objects.filter(network__isnull=True).first()
    url = reverse("sessions:workform_detail", kwargs={"pk": work_form.pk})
    _kwargs, users = matrix_world
    with_code = Client()
    with_code.force_login(users["facilitator"])
    assert session.title in with_code.get(url).content.decode()  # the door is open: listed

    browser = _facilitator_without_the_code(matrix_world, network)
    page = browser.get(url)

    assert page.status_code == OK
    assert session.title not in page.content.decode()
    assert network.name not in page.content.decode()
    assert SESSIONS_ASK_THE_CODE in page.content.decode()


def test_adding_a_work_form_to_such_a_session_asks_the_code_adds_nothing(matrix_world, network):
    session = _upcoming(network)
    work_form = WorkForm.objects.filter(network__isnull=True).first()
    browser = _facilitator_without_the_code(matrix_world, network)
    items = AgendaItem.objects.filter(session=session).count()

    response = browser.post(
        reverse("sessions:workform_add_to_agenda", kwargs={"pk": work_form.pk}),
        {"session": session.pk, "idempotency_token": new_token()},
    )

    assert response["Location"] == (
        f"{reverse('mfa_reauthenticate')}?{urlencode({'next': network.get_absolute_url()})}"
    )
    assert AgendaItem.objects.filter(session=session).count() == items


def test_a_networks_own_work_form_asks_for_the_code_first(matrix_world, network):
    work_form = WorkForm.objects.create(
        network=network,
        name_nl="Eigen werkvorm",
        name_en="Own method",
        purpose_nl="Doel",
        purpose_en="Purpose",
        steps_nl="Stap",
        steps_en="Step",
        min_group=2,
        max_group=12,
        duration_minutes=20,
        slug="eigen-werkvorm",
    )
    _kwargs, users = matrix_world
    with_code = Client()
    with_code.force_login(users["facilitator"])
    listed = with_code.get(reverse("sessions:workforms")).content.decode()
    assert "Eigen werkvorm" in listed or "Own method" in listed
    browser = _facilitator_without_the_code(matrix_world, network)
    url = reverse("sessions:workform_detail", kwargs={"pk": work_form.pk})

    assert browser.get(url)["Location"].startswith(reverse("mfa_reauthenticate"))
    listed = browser.get(reverse("sessions:workforms")).content.decode()
    assert "Eigen werkvorm" not in listed
    assert "Own method" not in listed
