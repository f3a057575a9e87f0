"""Every URL of Leernet's own apps, tried as each kind of user.

The URL names are found by walking the URLconf: a new URL without an entry in EXPECTED fails
``test_every_url_has_an_expectation``, so no view can escape the matrix. allauth's and the admin's
URLs belong to those projects and are covered by tests/accounts.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import (
    Organisation,
    OrganisationCoordinator,
    OrganisationProposal,
    ThemeInterest,
)
from accounts.oauth import api_client_create
from core.outbox import OutboxState
from core.stored_pdf import PdfState
from evaluations.blueprints import blueprint_save
from evaluations.models import LearningGoal, Question, Questionnaire, Vote
from minutes.models import ActionItem, Minutes, MinutesDelivery, MinutesVersion
from minutes.read_links import read_link_token
from networks.enums import NetworkEmailKind, Role
from networks.models import NetworkEmail, WebhookDelivery
from networks.services import invitation_token
from networks.webhooks import endpoint_create as webhook_endpoint_create
from portfolio.models import InsightCard, ParticipationStatement
from sessions.models import AgendaItem, CalendarFeed, PracticeQuestion, Speaker, WorkForm
from sessions.rsvp_links import rsvp_link_token
from sessions.speaker_links import speaker_confirm_token
from tests.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# A coordinator of the organisation the network runs under sees it in their overview, never its
# members-only pages; a coordinator of another organisation sees nothing of it.
ROLES = [
    "anonymous",
    "outsider",
    "member",
    "other_facilitator",
    "facilitator",
    "coordinator",
    "other_coordinator",
]
OWN_NAMESPACES = {"networks", "accounts", "sessions", "reports", "evaluations"}

LOGIN, OK, FORBIDDEN, NOT_FOUND, DONE = "login", 200, 403, 404, 302
NF = NOT_FOUND

# name: (method, {role: expected})
EXPECTED = {
    "home": ("get", {"anonymous": OK, "*": DONE}),
    "privacy": ("get", {"*": OK}),
    # The operators' probes (issue 25): anyone, no session; /metrics is mounted only with a token
    # (tests/ops/test_ops_endpoints.py tries its bearer token).
    "healthz": ("get", {"*": OK}),
    "readyz": ("get", {"*": OK}),
    "accounts:profile": ("get", {"anonymous": LOGIN, "*": OK}),
    # the login page's first step (issue 26): an address, nothing else; anyone
    "accounts:organisation_sign_in": ("get", {"*": OK}),
    "accounts:set_language": ("post", {"*": DONE}),
    # Only ever one's own account: the page, the password asked on POST.
    "accounts:delete_account": ("get", {"anonymous": LOGIN, "*": OK}),
    # the signed-in person's own connected apps (issue 27); without ?app= nothing to remove
    "accounts:connected_apps": ("get", {"anonymous": LOGIN, "*": OK}),
    "accounts:connected_app_revoke": ("get", {"anonymous": LOGIN, "*": DONE}),
    # Coordinators and staff decide on names of organisations not listed yet; none of these
    # roles coordinates (tests/accounts/test_organisations.py: a coordinator gets the page).
    # coordinators (of any organisation) and staff decide names nobody found in the list
    "accounts:organisation_proposals": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "other_coordinator": OK, "*": NOT_FOUND},
    ),
    # one view per decision, each back to the list (accept and merge find no choice in what
    # is posted here and say so; decline declines)
    **dict.fromkeys(
        (
            "accounts:organisation_proposal_accept",
            "accounts:organisation_proposal_merge",
            "accounts:organisation_proposal_decline",
        ),
        (
            "post",
            {"anonymous": LOGIN, "coordinator": DONE, "other_coordinator": DONE, "*": NOT_FOUND},
        ),
    ),
    "networks:dashboard": ("get", {"anonymous": LOGIN, "*": OK}),
    # The public directory and a network's public page: anyone, signed in or not (the network
    # is open, external and listed; tests/networks/test_directory.py tries every other kind).
    "networks:directory": ("get", {"*": OK}),
    "networks:public": ("get", {"*": OK}),
    "networks:create": ("get", {"anonymous": LOGIN, "*": OK}),
    "networks:detail": ("get", {"anonymous": LOGIN, "*": OK}),
    "networks:update": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:manage_members": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:set_status": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    # confirmation pages: the GET of the action's own URL (tests/core/test_confirmations.py
    # POSTs to each); the network is open, so reopening says so and goes back
    "networks:close": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:reopen": ("get", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    # A valid invitation is asked first: the confirmation page (issue 24).
    "networks:invite": ("post", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:invitation_revoke": (
        "post",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND},
    ),
    "networks:invitation_resend": (
        "post",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND},
    ),
    "networks:request_approve": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:request_decline": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:member_remove": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    # a member who follows "ask to join" (from the public directory) is sent to the network
    "networks:join": (
        "get",
        {"anonymous": LOGIN, "outsider": OK, "other_facilitator": OK, "*": DONE},
    ),
    "networks:leave": ("get", {"anonymous": LOGIN, "member": OK, "*": NOT_FOUND}),
    # a new share link asks first (the old one stops working); the link itself: anyone signed
    # in goes on to the network's card (tests/networks/test_rules.py tries each kind of network)
    "networks:share_link_reset": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "networks:share_link": ("get", {"anonymous": LOGIN, "*": DONE}),
    # a member's own choice of the facilitators' announcement emails (facilitators get none)
    "networks:announcement_emails": ("post", {"anonymous": LOGIN, "member": DONE, "*": NF}),
    # a new member's next step (the intake or the network page): a redirect for its people
    "networks:start": (
        "get",
        {"anonymous": LOGIN, "member": DONE, "facilitator": DONE, "*": NOT_FOUND},
    ),
    "networks:ground_rules": (
        "get",
        {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NOT_FOUND},
    ),
    "networks:emails": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:audit_log": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:email_resend": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    # a network's webhooks (issue 27): its facilitators only; deleting one asks first
    "networks:webhooks": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    "networks:webhook_test": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:webhook_enable": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NOT_FOUND}),
    "networks:webhook_delete": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NOT_FOUND}),
    # The invitation is addressed to none of these accounts: only its own address may accept
    # (tests/networks/test_views.py shows the invitee getting the page).
    "networks:invitation_accept": ("get", {"anonymous": OK, "*": FORBIDDEN}),
    # sessions, per network
    "sessions:timeline": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "sessions:create": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "sessions:attendance_overview": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # the member is not absent in this world: the facilitator is told so and sent back
    "sessions:absence_followup": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:questions": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "sessions:question_schedule": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:question_discussed": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:workform_create": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # a word to the group: everyone of the network reads, its facilitators write
    "sessions:announcements": (
        "get",
        {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF},
    ),
    "sessions:announcement_create": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # sessions, per session
    "sessions:detail": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "sessions:update": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "sessions:cancel": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:ics": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "sessions:rsvp": ("post", {"anonymous": LOGIN, "member": DONE, "*": NF}),
    "sessions:rsvp_answer": ("post", {"anonymous": LOGIN, "member": DONE, "*": NF}),
    # The member's one-click link from an email: the signed link is the permission, so it opens
    # without signing in; anyone else signed in is told it is someone else's link
    # (tests/sessions/test_rsvp_links.py tries every bad link).
    "sessions:rsvp_link": ("get", {"anonymous": OK, "member": OK, "*": FORBIDDEN}),
    "sessions:attendance": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # The posted form is empty, so the facilitator sees the form again with its errors.
    "sessions:attendance_held": ("post", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # the roles page: the fair suggestion and the form (tests/sessions/test_roles.py)
    "sessions:roles": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "sessions:agenda_add": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "sessions:agenda_kickoff": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:agenda_edit": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "sessions:agenda_delete": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:agenda_move": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:speaker_add": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "sessions:speaker_delete": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "sessions:speaker_email": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    # The speaker's signed link from the brief: the token is the permission, no account needed
    # (tests/evaluations/test_speaker_brief.py tries forged and other speakers' tokens).
    "sessions:speaker_confirm": ("get", {"*": OK}),
    # catalogue and calendar
    "sessions:workforms": ("get", {"anonymous": LOGIN, "*": OK}),
    "sessions:workform_detail": ("get", {"anonymous": LOGIN, "*": OK}),
    # Only into one's own upcoming sessions (tests/sessions/test_guided_forms.py); the matrix
    # posts no idempotency token, so every signed-in role gets the page back with the message.
    "sessions:workform_add_to_agenda": ("post", {"anonymous": LOGIN, "*": OK}),
    "sessions:calendar_settings": ("get", {"anonymous": LOGIN, "*": OK}),
    # Each acts on the signed-in user's own feed: signing in is the whole permission.
    "sessions:calendar_feed_create": ("post", {"anonymous": LOGIN, "*": DONE}),
    "sessions:calendar_feed_reset": ("post", {"anonymous": LOGIN, "*": DONE}),
    "sessions:calendar_feed_revoke": ("post", {"anonymous": LOGIN, "*": DONE}),
    "sessions:calendar_feed": ("get", {"*": OK}),
    # minutes and reports
    "reports:minutes": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "reports:minutes_edit": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # one view per button of the minutes editor, tried by POST (publish refuses: not held)
    "reports:minutes_save": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "reports:minutes_preview": ("post", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "reports:minutes_review": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "reports:minutes_publish": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    # an empty comment shows the minutes page again with the error
    "reports:minutes_comment": (
        "post",
        {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF},
    ),
    "reports:deliveries": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # the catch-up pack's "my input" form: writes in the member's name, so signed in; a member
    # who was not absent gets the page saying to use the normal channels
    "reports:catch_up_input": (
        "get",
        {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF},
    ),
    # the pack's signed "I have read it" link: the link is the permission (no sign-in); anyone
    # else signed in gets a 404 (tests/reports/test_catch_up.py tries every bad link)
    "reports:read_link": ("get", {"anonymous": OK, "member": OK, "*": NF}),
    "reports:delivery_resend": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "reports:minutes_pdf": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "reports:report_pdf": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "reports:attendance_csv": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # the insight library (issue 14.3): the network's members; sharing a card: its facilitator
    "reports:library": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "reports:theme_library": (
        "get",
        {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF},
    ),
    "reports:insight_share": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    # organisations: the network runs under the coordinator's organisation, the member works
    # there (so sees its inventory), the interest to withdraw is the member's own
    "reports:organisations": ("get", {"anonymous": LOGIN, "*": OK}),
    "reports:organisation_overview": ("get", {"anonymous": LOGIN, "coordinator": OK, "*": NF}),
    # the organisation's own sign-in (issue 26): its coordinators (and staff); a coordinator of
    # another organisation gets the 404 (tests/accounts/test_sso_pages.py)
    "reports:organisation_sign_in": ("get", {"anonymous": LOGIN, "coordinator": OK, "*": NF}),
    # nothing connected in this matrix: back to the sign-in page with a message
    "reports:organisation_sign_in_disconnect": (
        "get",
        {"anonymous": LOGIN, "coordinator": DONE, "*": NF},
    ),
    "reports:organisation_health_refresh": (
        "post",
        {"anonymous": LOGIN, "coordinator": DONE, "*": NF},
    ),
    # no email posted: the overview again, with the form's message
    "reports:organisation_appoint_facilitator": (
        "post",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_network_listing": (
        "post",
        {"anonymous": LOGIN, "coordinator": DONE, "*": NF},
    ),
    "reports:organisation_participation": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_participation_pdf": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_participation_csv": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    # an organisation's webhooks (issue 27): its coordinators only; deleting one asks first
    "reports:organisation_webhooks": ("get", {"anonymous": LOGIN, "coordinator": OK, "*": NF}),
    "reports:organisation_webhook_test": (
        "post",
        {"anonymous": LOGIN, "coordinator": DONE, "*": NF},
    ),
    "reports:organisation_webhook_enable": (
        "post",
        {"anonymous": LOGIN, "coordinator": DONE, "*": NF},
    ),
    "reports:organisation_webhook_delete": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    # its deliveries of the last 30 days show on that page; sending one again: coordinators only
    "reports:organisation_webhook_resend": (
        "post",
        {"anonymous": LOGIN, "coordinator": DONE, "*": NF},
    ),
    "reports:organisation_integrations": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_integration_rotate": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_integration_revoke": (
        "get",
        {"anonymous": LOGIN, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_inventory": (
        "get",
        {"anonymous": LOGIN, "member": OK, "coordinator": OK, "*": NF},
    ),
    "reports:organisation_interest_withdraw": (
        "post",
        {"anonymous": LOGIN, "member": DONE, "*": NF},
    ),
    # the signed-in user's own data, no id in the URL (tests/reports/test_export.py)
    "reports:my_data": ("get", {"anonymous": LOGIN, "*": OK}),
    "reports:my_data_download": ("post", {"anonymous": LOGIN, "*": OK}),
    # the signed-in owner's own try-out actions; the action in the world is the member's: anyone
    # else answering it gets a 404 (tests/reports/test_actions.py)
    "reports:my_actions": ("get", {"anonymous": LOGIN, "*": OK}),
    "reports:action_answer": ("post", {"anonymous": LOGIN, "member": OK, "*": NF}),
    # The learning portfolio (issue 14): only the signed-in member's own, by the network's id.
    # The network has not ended: a new statement is refused (redirect with a message); the
    # session is not held: saving a reflection on it is refused the same way.
    "reports:portfolio": ("get", {"anonymous": LOGIN, "member": OK, "*": NF}),
    "reports:portfolio_pdf": ("get", {"anonymous": LOGIN, "member": OK, "*": NF}),
    "reports:reflection_save": ("post", {"anonymous": LOGIN, "member": DONE, "*": NF}),
    "reports:statement_issue": ("post", {"anonymous": LOGIN, "member": DONE, "*": NF}),
    # the member's own statement (made in the world below) downloads
    "reports:statement_pdf": ("get", {"anonymous": LOGIN, "member": OK, "*": NF}),
    # public: anyone with the unguessable token
    "reports:statement_verify": ("get", {"*": OK}),
    "reports:statements": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "reports:statement_revoke": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # intake, goals, votes, evaluations
    "evaluations:intake": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "evaluations:goals": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "evaluations:vote_create": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:vote": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "evaluations:list": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "evaluations:answer": ("get", {"anonymous": LOGIN, "member": OK, "facilitator": OK, "*": NF}),
    "evaluations:results": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:results_csv": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:questions": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:share": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:hide": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    # one view per facilitator action, tried by POST
    "evaluations:intake_deadline": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    # Trajectory blueprints: the list for anyone signed in; a private blueprint only for its
    # author (the facilitator here); saving one only for the network's facilitators.
    "evaluations:blueprints": ("get", {"anonymous": LOGIN, "*": OK}),
    "evaluations:blueprint": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:blueprint_start": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:blueprint_delete": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:blueprint_save": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:goal_add": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:goals_adopt": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:goals_from_intake": (
        "post",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NF},
    ),
    "evaluations:goal_link": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:vote_close": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:final_open": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    "evaluations:question_add": ("post", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:question_edit": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:question_delete": ("post", {"anonymous": LOGIN, "facilitator": DONE, "*": NF}),
    # the speaker's brief (per session): the page, and the confirmation page of sending it
    "evaluations:speaker_brief": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # saving posts no text here: the empty brief is refused on the page (200); a fresh draft
    # replaces it and goes back to the page
    "evaluations:speaker_brief_save": ("post", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    "evaluations:speaker_brief_redraft": (
        "post",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NF},
    ),
    "evaluations:speaker_brief_send": ("get", {"anonymous": LOGIN, "facilitator": OK, "*": NF}),
    # the session is not held: the facilitator is told why and sent back to the brief
    "evaluations:speaker_feedback_send": (
        "get",
        {"anonymous": LOGIN, "facilitator": DONE, "*": NF},
    ),
}

# Which object the URL's ``pk`` names (default: the network).
PK_OF = {
    name: "session"
    for name in EXPECTED
    if name.startswith("sessions:")
    and name
    not in {
        "sessions:timeline",
        "sessions:create",
        "sessions:attendance_overview",
        "sessions:absence_followup",
        "sessions:questions",
        "sessions:question_schedule",
        "sessions:question_discussed",
        "sessions:workform_create",
        "sessions:speaker_confirm",
        "sessions:announcements",
        "sessions:announcement_create",
    }
}
PK_OF["sessions:workform_detail"] = "workform"
PK_OF["sessions:workform_add_to_agenda"] = "workform"
PK_OF.update(
    dict.fromkeys(
        (
            "reports:minutes",
            "reports:minutes_edit",
            "reports:deliveries",
            "reports:catch_up_input",
            "reports:read_link",
        ),
        "session",
    )
)
PK_OF.update(
    dict.fromkeys(
        (
            "reports:minutes_save",
            "reports:minutes_preview",
            "reports:minutes_review",
            "reports:minutes_publish",
            "reports:minutes_comment",
            "reports:delivery_resend",
        ),
        "session",
    )
)
PK_OF["reports:minutes_pdf"] = "session"
PK_OF.update(
    dict.fromkeys(
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
        "organisation",
    )
)
PK_OF.update(
    dict.fromkeys(
        (
            "evaluations:speaker_brief",
            "evaluations:speaker_brief_save",
            "evaluations:speaker_brief_redraft",
            "evaluations:speaker_brief_send",
            "evaluations:speaker_feedback_send",
        ),
        "session",
    )
)
PK_OF.update(
    {
        f"evaluations:{name}": "questionnaire"
        for name in (
            "answer",
            "results",
            "results_csv",
            "questions",
            "share",
            "hide",
            "question_add",
            "question_edit",
            "question_delete",
        )
    }
)


def _url_patterns(resolver=None, namespace=""):
    """Yield (qualified name, URL parameter names) for every named pattern of the URLconf."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", set(pattern.pattern.converters)


def _own(name: str) -> bool:
    return name in {"home", "privacy", "healthz", "readyz"} or name.split(":")[0] in OWN_NAMESPACES


def test_every_url_has_an_expectation():
    own = {name for name, _params in _url_patterns() if _own(name)}
    assert own == set(EXPECTED)


@pytest.fixture
def world(network, facilitator, member, outsider, other_facilitator):
    invitation = InvitationFactory(network=network)
    join_request = JoinRequestFactory(network=network)
    victim = MembershipFactory(network=network)
    session = SessionFactory(network=network)
    item = AgendaItem.objects.create(session=session, title="Welkom", duration_minutes=15)
    speaker = Speaker.objects.create(
        session=session,
        name="Gast",
        topic="Val",
        email="g@x.org",
        brief="Over de groep",
        brief_version=1,
        brief_sent_version=1,
    )
    question = PracticeQuestion.objects.create(network=network, author=member, title="Hoe?")
    minutes = Minutes.objects.create(session=session, summary="Verslag")
    action = ActionItem.objects.create(minutes=minutes, what="Checklist", owner=member)
    version = MinutesVersion.objects.create(
        minutes=minutes, number=1, content={}, pdf=b"%PDF-1.7 test", pdf_state=PdfState.READY
    )
    MinutesDelivery.objects.create(version=version, recipient=member, state=OutboxState.SENT)
    questionnaire = Questionnaire.objects.create(
        network=network,
        kind="final",
        title="Eindevaluatie",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    evaluation_question = Question.objects.create(
        questionnaire=questionnaire, type="short", text="Wat nam je mee?"
    )
    goal = LearningGoal.objects.create(network=network, title="Valrisico inschatten")
    vote = Vote.objects.create(
        network=network,
        kind="topics",
        title="Onderwerpen",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )
    kwargs = {
        "pk": network.pk,
        "pk:session": session.pk,
        "pk:questionnaire": questionnaire.pk,
        "vote_id": vote.pk,
        "goal_id": goal.pk,
        "question_id:evaluation": evaluation_question.pk,
        "pk:workform": WorkForm.objects.filter(network__isnull=True).first().pk,
        "item_id": item.pk,
        "speaker_id": speaker.pk,
        "question_id": question.pk,
        "number": 1,
        "invitation_id": invitation.pk,
        "request_id": join_request.pk,
        "membership_id": victim.pk,
        "proposal_id": OrganisationProposal.objects.create(name="Nieuwe organisatie").pk,
        "user_id": member.pk,
        "action_id": action.pk,
        "card_id": InsightCard.objects.create(
            network=network, session=session, version=version, kind="insight", text="Inzicht"
        ).pk,
        "token": invitation_token(invitation),
        "kind": NetworkEmail._meta.label_lower,
        "email_id": NetworkEmail.objects.create(
            network=network,
            kind=NetworkEmailKind.INVITATION,
            invitation=invitation,
            to_email=invitation.email,
            state=OutboxState.SENT,
        ).pk,
        "token:feed": CalendarFeed.objects.create(user=member).token,
        "token:rsvp": rsvp_link_token(session_id=session.pk, user_id=member.pk, answer="maybe"),
        "token:speaker": speaker_confirm_token(speaker_id=speaker.pk, version=1),
        "token:read": read_link_token(version_id=version.pk, user_id=member.pk),
        "token:share": network.share_token,
    }
    kwargs["hook_id"] = webhook_endpoint_create(
        network=network,
        url="http://127.0.0.1:9/hook",
        kind="json",
        events=["minutes.published"],
        acting_user=facilitator,
    )[0].pk
    organisation = Organisation.objects.create(name="Zorgbedrijf Rivierenland")
    other_organisation = Organisation.objects.create(name="Stad Mechelen")
    network.organisation = organisation
    network.save(update_fields=["organisation"])
    member.organisation = organisation
    member.save(update_fields=["organisation"])
    coordinator = UserFactory(full_name="Cora Coordinator")
    other_coordinator = UserFactory(full_name="Oscar Other-Coordinator")
    OrganisationCoordinator.objects.create(organisation=organisation, user=coordinator)
    OrganisationCoordinator.objects.create(organisation=other_organisation, user=other_coordinator)
    kwargs["pk:organisation"] = organisation.pk
    kwargs["session_id"] = session.pk
    statement = ParticipationStatement.objects.create(
        token="t" * 43,
        network=network,
        user=member,
        member_name=member.full_name,
        network_name=network.name,
        start_date=network.start_date,
        end_date=network.end_date,
        sessions_attended=0,
        sessions_held=0,
        minutes_attended=0,
        issued_at=timezone.now(),
    )
    kwargs["statement_id"] = statement.pk
    kwargs["token:statement"] = statement.token
    kwargs["blueprint_id"] = blueprint_save(
        network=network,
        name="Mijn traject",
        description="",
        visibility="mine",
        acting_user=facilitator,
    ).pk
    kwargs["network_pk"] = network.pk
    kwargs["hook_id:organisation"] = webhook_endpoint_create(
        organisation=organisation,
        url="http://127.0.0.1:9/hook",
        kind="json",
        events=["report.ready"],
        acting_user=coordinator,
    )[0].pk
    kwargs["delivery_id"] = WebhookDelivery.objects.create(
        endpoint_id=kwargs["hook_id:organisation"],
        event_id="msg_matrix",
        event_type="report.ready",
        state=OutboxState.FAILED,
        last_error="HTTP 500",
    ).pk
    kwargs["integration_pk"] = api_client_create(
        organisation=organisation, name="HR", scopes=["participation:read"], acting_user=None
    )[0].pk
    kwargs["interest_pk"] = ThemeInterest.objects.create(
        organisation=organisation, user=member, theme="Valpreventie"
    ).pk
    users = {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "other_facilitator": other_facilitator,
        "facilitator": facilitator,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
    }
    return kwargs, users


def _reverse(name, all_kwargs):
    params = dict(_url_patterns())[name]
    kwargs = {key: all_kwargs[key] for key in params}
    if "pk" in kwargs and name in PK_OF:
        kwargs["pk"] = all_kwargs[f"pk:{PK_OF[name]}"]
    if name.startswith("reports:organisation_webhook_") and "hook_id" in kwargs:
        kwargs["hook_id"] = all_kwargs["hook_id:organisation"]
    if name in ("evaluations:question_edit", "evaluations:question_delete"):
        kwargs["question_id"] = all_kwargs["question_id:evaluation"]
    if name == "sessions:calendar_feed":
        kwargs["token"] = all_kwargs["token:feed"]
    if name == "sessions:rsvp_link":
        kwargs["token"] = all_kwargs["token:rsvp"]
    if name == "sessions:speaker_confirm":
        kwargs["token"] = all_kwargs["token:speaker"]
    if name == "reports:read_link":
        kwargs["token"] = all_kwargs["token:read"]
    if name == "reports:statement_verify":
        kwargs["token"] = all_kwargs["token:statement"]
    if name == "networks:share_link":
        kwargs["token"] = all_kwargs["token:share"]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_url_answers_each_role_as_expected(client, world, name, role):
    all_kwargs, users = world
    method, expectations = EXPECTED[name]
    expected = expectations.get(role)
    if expected is None and role in ("coordinator", "other_coordinator"):
        # Outside the organisation's own pages a coordinator is an outsider to the network.
        expected = expectations.get("outsider")
    if expected is None:
        expected = expectations.get("*")
    url = _reverse(name, all_kwargs)
    if users[role] is not None:
        client.force_login(users[role])

    data = {
        "status": "running",
        "emails": "new@example.org",
        "role": Role.MEMBER,
        "answer": "attending",
        "to": "up",
        "session": all_kwargs["pk:session"],
    }
    response = client.post(url, data) if method == "post" else client.get(url)

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, f"{name} as {role}"
