import datetime
import logging
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.audit import AuditAction
from accounts.enums import ProposalOutcome, SessionEndReason
from accounts.models import (
    ACCOUNT_DELETED_TEMPLATE,
    AccountEmail,
    DigestEmail,
    Organisation,
    OrganisationCoordinator,
    OrganisationProposal,
    ThemeInterest,
    User,
)
from accounts.organisations import clean_name, name_key
from accounts.rules import belongs_to, may_decide_proposals, session_passed_second_factor
from core import outbox
from core.audit import audit_forget_user, audit_record
from core.erasure import ERASED_NAME, erase_user, erased_email
from core.errors import ApplicationError
from core.mail import build_templated_mail

logger = logging.getLogger(__name__)


@transaction.atomic
def user_update_profile(*, acting_user: User, data: dict) -> User:
    """Save the editable profile fields of ``acting_user``'s own profile, their organisation
    included (``user_set_organisation``)."""
    fields = [
        "full_name",
        "job_function",
        "language",
        "weekly_digest",
        "participation_visible_to_organisation",
    ]
    for field in fields:
        setattr(acting_user, field, data[field])
    acting_user.full_clean()
    acting_user.save(update_fields=fields)
    user_set_organisation(
        acting_user=acting_user,
        organisation=data.get("organisation"),
        proposed_name=data.get("organisation_not_listed", ""),
    )
    return acting_user


# Organisations ----------------------------------------------------------------------------------


def _leave_pending_proposals(user: User, *, keep: OrganisationProposal | None = None) -> None:
    """Take ``user`` off the names they proposed that nobody decided on (except ``keep``); a
    proposal nobody is left on goes."""
    for proposal in OrganisationProposal.objects.filter(decided_at__isnull=True, users=user):
        if keep is not None and proposal.pk == keep.pk:
            continue
        proposal.users.remove(user)
        if not proposal.users.exists():
            proposal.delete()


@transaction.atomic
def user_set_organisation(
    *, acting_user: User, organisation: Organisation | None, proposed_name: str = ""
) -> OrganisationProposal | None:
    """``acting_user`` says which organisation they belong to: one from the list (or none), or
    the name of one that is not listed.

    A name equal to a listed organisation (case and spaces aside) links them to it. Another name
    becomes a proposal for the coordinators (the same pending proposal for everyone who gives
    that name); until it is decided their organisation is none. Returns the proposal, if any.
    Their memberships keep the organisation they joined for (networks count seats by that).
    """
    proposed_name = clean_name(proposed_name)
    proposal = None
    if proposed_name:
        organisation = Organisation.objects.filter(name_key=name_key(proposed_name)).first()
        if organisation is None:
            try:
                with transaction.atomic():
                    proposal, _created = OrganisationProposal.objects.get_or_create(
                        name_key=name_key(proposed_name),
                        decided_at__isnull=True,
                        defaults={"name": proposed_name},
                    )
            except IntegrityError:  # the same name proposed by someone else at this moment
                proposal = OrganisationProposal.objects.get(
                    name_key=name_key(proposed_name), decided_at__isnull=True
                )
            proposal.users.add(acting_user)
    _leave_pending_proposals(acting_user, keep=proposal)
    # Saved even when unchanged in memory: a profile form already set it on this instance.
    acting_user.organisation = organisation
    acting_user.save(update_fields=["organisation"])
    return proposal


@transaction.atomic
def organisation_create(*, name: str, kind: str, sector: str = "") -> Organisation:
    """Add an organisation to the list; a name already listed (case and spaces aside) is refused
    with a message. (Who may call this is the caller's rule: proposals, staff, the demo.)"""
    organisation = Organisation(name=name, kind=kind, sector=sector)
    try:
        organisation.full_clean()
        with transaction.atomic():
            organisation.save()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    except IntegrityError as error:  # the same name added at this very moment
        raise ApplicationError(
            _("An organisation with this name already exists: link the people to it instead.")
        ) from error
    return organisation


@transaction.atomic
def organisation_coordinator_add(
    *, organisation: Organisation, user: User, acting_user: User | None
) -> OrganisationCoordinator:
    """Make ``user`` a coordinator of ``organisation`` (recorded with who appointed them and
    when); appointing someone twice changes nothing."""
    appointment, _created = OrganisationCoordinator.objects.get_or_create(
        organisation=organisation, user=user, defaults={"appointed_by": acting_user}
    )
    return appointment


def _require_proposal_decider(acting_user: User) -> None:
    if not may_decide_proposals(acting_user):
        raise ApplicationError(_("Only coordinators can add organisations to the list."))


def _decide(proposal: OrganisationProposal, *, outcome: str, organisation, acting_user) -> None:
    """Mark ``proposal`` decided and link its people to ``organisation`` (none: declined)."""
    if organisation is not None:
        User.objects.filter(pk__in=proposal.users.values("pk")).update(organisation=organisation)
    proposal.outcome = outcome
    proposal.organisation = organisation
    proposal.decided_at = timezone.now()
    proposal.decided_by = acting_user
    proposal.save(update_fields=["outcome", "organisation", "decided_at", "decided_by"])


def _lock_pending(proposal: OrganisationProposal) -> OrganisationProposal:
    locked = OrganisationProposal.objects.select_for_update().get(pk=proposal.pk)
    if not locked.is_pending:
        raise ApplicationError(_("This proposal has already been decided."))
    return locked


@transaction.atomic
def organisation_proposal_accept(
    *, proposal: OrganisationProposal, name: str, kind: str, sector: str, acting_user: User
) -> Organisation:
    """Add a proposed organisation to the list (coordinators and staff) and link the people who
    proposed it. A name that is already listed (case and spaces aside) is refused: merge."""
    _require_proposal_decider(acting_user)
    locked = _lock_pending(proposal)
    organisation = organisation_create(name=name, kind=kind, sector=sector)
    _decide(
        locked, outcome=ProposalOutcome.ACCEPTED, organisation=organisation, acting_user=acting_user
    )
    return organisation


@transaction.atomic
def organisation_proposal_merge(
    *, proposal: OrganisationProposal, organisation: Organisation, acting_user: User
) -> OrganisationProposal:
    """Link the people of a proposed name to an organisation already listed (coordinators and
    staff): e.g. "Stad Gent" proposed while "Stad Gent (Sociale dienst)" is listed."""
    _require_proposal_decider(acting_user)
    locked = _lock_pending(proposal)
    _decide(
        locked, outcome=ProposalOutcome.MERGED, organisation=organisation, acting_user=acting_user
    )
    return locked


@transaction.atomic
def organisation_proposal_decline(
    *, proposal: OrganisationProposal, acting_user: User
) -> OrganisationProposal:
    """Do not add a proposed name (coordinators and staff); its people keep no organisation."""
    _require_proposal_decider(acting_user)
    locked = _lock_pending(proposal)
    _decide(locked, outcome=ProposalOutcome.DECLINED, organisation=None, acting_user=acting_user)
    return locked


def user_set_language(*, acting_user: User, language: str) -> None:
    """Remember the language ``acting_user`` chose for themselves."""
    if acting_user.language != language:
        acting_user.language = language
        acting_user.save(update_fields=["language"])


def account_email_queue(
    *, template_prefix: str, message: EmailMultiAlternatives, user: User | None
) -> AccountEmail:
    """Store one rendered allauth email (``message`` has one recipient) as an outbox row and send
    it after commit (core/outbox.py)."""
    with transaction.atomic():
        row = AccountEmail.objects.create(
            template_prefix=template_prefix[:100], user=user, **_rendered(message)
        )
        outbox.enqueue(row)
    return row


def digest_email_queue(
    *, user: User, week_start: datetime.date, message: EmailMultiAlternatives
) -> DigestEmail | None:
    """Store ``user``'s rendered weekly digest for the week starting ``week_start`` and send it
    after commit. None when that week's digest already exists (the unique key: once a week)."""
    try:
        with transaction.atomic():
            row = DigestEmail.objects.create(user=user, week_start=week_start, **_rendered(message))
    except IntegrityError as error:
        # Only the once-a-week key means "already queued"; any other constraint is a bug.
        if "accounts_digest_once_a_week" not in str(error):
            raise
        return None
    outbox.enqueue(row)
    return row


def _rendered(message: EmailMultiAlternatives) -> dict:
    """The fields of a ``RenderedEmail`` row for ``message`` (one recipient)."""
    html = next(
        (content for content, mimetype in message.alternatives if mimetype == "text/html"), ""
    )
    return {
        "to_email": message.to[0],
        "subject": str(message.subject)[:300],
        "text_body": message.body,
        "html_body": html,
    }


def user_sessions_end(
    *,
    user: User,
    reason: SessionEndReason,
    keep_session_key: str | None = None,
    spare_second_factor: bool = False,
) -> int:
    """End ``user``'s signed-in sessions: each is deleted from the session store (Redis when
    REDIS_URL is set, so its record, which holds the sign-in address, goes at once) and then its
    tracking row (allauth.usersessions, the one index of a user's sessions in a cache store).
    Keeps the session ``keep_session_key`` (the browser that made the change) and, with
    ``spare_second_factor``, the sessions that gave the second factor. Returns how many ended.

    The one way sessions end for an account's sake: a password change or reset, a new
    authenticator (accounts/receivers.py), the account's deletion; a future "sign in through
    your organisation only" switch calls it too. A session the store no longer has just loses
    its row. Logged with the reason, the user's id and the count, never an address."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for tracked in UserSession.objects.filter(user_id=user.pk):
        if keep_session_key is not None and tracked.session_key == keep_session_key:
            continue
        stored = engine.SessionStore(session_key=tracked.session_key)
        if spare_second_factor and session_passed_second_factor(stored, user):
            continue
        tracked.end()  # allauth: deletes the store's record of the session, then the row
        ended += 1
    logger.info("Ended %d session(s) of user %s: %s", ended, user.pk, reason)
    return ended


def user_delete_account(*, acting_user: User, password: str) -> None:
    """Delete ``acting_user``'s own account: anonymise it in place, after ``password`` proved it
    is them (docs/architecture.md "Deleting an account").

    In one transaction: every app's eraser (core/erasure.py) removes or blanks what they wrote
    and ends their memberships (seats go to the waitlist); an app may refuse (the last
    facilitator of a network that runs), and then nothing changes. Then the user row keeps its
    id (attendance, ballots and counts still add up) but holds ``ERASED_NAME``, an address that
    cannot receive mail, no password, organisation or job function, and cannot sign in; their
    allauth addresses and account emails go, and their name leaves other people's digests and
    the admin's history. A goodbye email to the old address goes through the outbox, in their
    language; that row forgets the address once sent (``AccountEmail.values_when_done``).
    Once committed, every session of theirs ends in the session store (``user_sessions_end``),
    this browser's too: no record keeps their address until it expires.
    """
    if not acting_user.has_usable_password():
        # Signed in through their organisation only: the typed address is the confirmation.
        if (password or "").strip().lower() != acting_user.email.lower():
            raise ApplicationError(_("That is not your email address. Nothing was deleted."))
    elif not password or not acting_user.check_password(password):
        raise ApplicationError(_("That is not your password. Nothing was deleted."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=acting_user.pk)
        old_email, old_name, language = user.email, user.full_name, user.language
        erase_user(user=user, old_email=old_email, old_name=old_name)

        EmailAddress.objects.filter(Q(user=user) | Q(email__iexact=old_email)).delete()
        Authenticator.objects.filter(user=user).delete()  # app secrets, recovery codes, passkeys
        # Links to organisations' sign-in (their id there and what the provider said).
        SocialAccount.objects.filter(user=user).delete()
        AccountEmail.objects.filter(Q(user=user) | Q(to_email__iexact=old_email)).delete()
        DigestEmail.objects.filter(user=user).delete()
        if old_name.strip():
            for model in (AccountEmail, DigestEmail):
                model.objects.filter(text_body__contains=old_name).update(
                    text_body=Replace("text_body", Value(old_name), Value(ERASED_NAME))
                )
                model.objects.filter(html_body__contains=escape(old_name)).update(
                    html_body=Replace("html_body", Value(escape(old_name)), Value(ERASED_NAME))
                )
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=ERASED_NAME, change_message="")

        user.full_name = ERASED_NAME
        user.email = erased_email(user.pk)
        user.organisation = None
        _leave_pending_proposals(user)
        user.organisation_proposals.clear()
        user.coordinator_appointments.all().delete()
        user.job_function = ""
        user.is_active = False
        user.is_staff = False
        user.weekly_digest = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        # The log keeps what happened, not who: their name leaves it, the deletion is recorded.
        audit_forget_user(user=user, label=ERASED_NAME)
        audit_record(actor=user, action=AuditAction.ACCOUNT_DELETED, subject=user)

        message = build_templated_mail(
            template=ACCOUNT_DELETED_TEMPLATE, context={}, to=old_email, language=language
        )
        account_email_queue(template_prefix=ACCOUNT_DELETED_TEMPLATE, message=message, user=user)
        transaction.on_commit(
            lambda: user_sessions_end(user=user, reason=SessionEndReason.ACCOUNT_DELETED)
        )


def theme_interest_register(
    *, organisation: Organisation, theme: str, acting_user: User
) -> ThemeInterest:
    """``acting_user`` (a person of ``organisation``) would like a network on ``theme``. Asking
    for the same theme twice (case and spaces aside) keeps the one interest."""
    if not belongs_to(acting_user, organisation):
        raise ApplicationError(_("You can only do this for your own organisation."))
    theme = clean_name(theme)
    if not theme:
        raise ApplicationError(_("Name the theme you are interested in."))
    existing = ThemeInterest.objects.filter(
        organisation=organisation, user=acting_user, theme_key=name_key(theme)
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return ThemeInterest.objects.create(
                organisation=organisation, user=acting_user, theme=theme
            )
    except IntegrityError:  # the same theme sent twice at once
        return ThemeInterest.objects.get(
            organisation=organisation, user=acting_user, theme_key=name_key(theme)
        )


def theme_interest_withdraw(*, interest: ThemeInterest, acting_user: User) -> None:
    if interest.user_id != acting_user.pk:
        raise ApplicationError(_("You can only withdraw your own interest."))
    interest.delete()
