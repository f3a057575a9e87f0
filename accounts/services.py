import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.models import (
    ACCOUNT_DELETED_TEMPLATE,
    AccountEmail,
    DigestEmail,
    Organisation,
    ThemeInterest,
    User,
)
from accounts.organisations import clean_name, name_key
from accounts.rules import belongs_to
from core import outbox
from core.audit import AuditAction, audit_forget_user, audit_record
from core.erasure import ERASED_NAME, erase_user, erased_email
from core.errors import ApplicationError
from core.mail import build_templated_mail


def user_update_profile(*, acting_user: User, data: dict) -> User:
    """Save the editable profile fields of ``acting_user``'s own profile."""
    fields = [
        "full_name",
        "organisation",
        "job_function",
        "language",
        "weekly_digest",
        "participation_visible_to_organisation",
    ]
    for field in fields:
        setattr(acting_user, field, data[field])
    acting_user.full_clean()
    acting_user.save(update_fields=fields)
    return acting_user


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
    Other signed-in sessions end: their session hash no longer matches the password.
    """
    if not password or not acting_user.check_password(password):
        raise ApplicationError(_("That is not your password. Nothing was deleted."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=acting_user.pk)
        old_email, old_name, language = user.email, user.full_name, user.language
        erase_user(user=user, old_email=old_email, old_name=old_name)

        EmailAddress.objects.filter(Q(user=user) | Q(email__iexact=old_email)).delete()
        Authenticator.objects.filter(user=user).delete()  # app secrets, recovery codes, passkeys
        UserSession.objects.filter(user=user).delete()  # where they were signed in
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
