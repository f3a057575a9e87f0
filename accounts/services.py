import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction

from accounts.models import AccountEmail, DigestEmail, User
from core import outbox


def user_update_profile(*, acting_user: User, data: dict) -> User:
    """Save the editable profile fields of ``acting_user``'s own profile."""
    fields = ["full_name", "organisation", "job_function", "language", "weekly_digest"]
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
